# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.tests.test_tryton import ModuleTestCase

from clinic_base.tests.company import ClinicCompanyTestMixin


class ClinicAgendaTestCase(ClinicCompanyTestMixin, ModuleTestCase):
    "Test the agenda module"
    module = 'clinic_agenda'

    @property
    def _not_the_records_company(self):
        return super()._not_the_records_company | {
            # Find a Free Slot's clinic to search in, empty for all the
            # user's clinics: the patient and the service are chosen
            # before, and across them
            ('clinic.availability.find.start', 'clinic'),
            }


del ModuleTestCase

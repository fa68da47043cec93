# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.modules.company.tests import CompanyTestMixin
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase

from clinic_base.tests.tools import with_transaction


class ClinicAgendaTestCase(CompanyTestMixin, ModuleTestCase):
    "Test the agenda module"
    module = 'clinic_agenda'

    @with_transaction()
    def test_company_multivalue_context(self):
        """An appointment reads its patient and its service in its clinic's
        context"""
        # The mixin's test also walks clinic_base's history entry, which
        # this module extends (with its appointment) and whose patient
        # clinic_base names without that context.
        Appointment = Pool().get('clinic.appointment')
        for name in ['party', 'service']:
            self.assertIn('company', Appointment._fields[name].context)


del ModuleTestCase

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.modules.company.tests import CompanyTestMixin
from trytond.tests.test_tryton import ModuleTestCase


class ClinicCentralTestCase(CompanyTestMixin, ModuleTestCase):
    "Test entering clinics from the central"
    module = 'clinic_central'


del ModuleTestCase

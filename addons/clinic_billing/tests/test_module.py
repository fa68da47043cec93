# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.modules.company.tests import CompanyTestMixin
from trytond.tests.test_tryton import ModuleTestCase


class ClinicBillingTestCase(CompanyTestMixin, ModuleTestCase):
    "Test the billing module"
    module = 'clinic_billing'
    extras = ['clinic_dental']


del ModuleTestCase

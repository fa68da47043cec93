# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.tests.test_tryton import ModuleTestCase

from clinic_base.tests.company import ClinicCompanyTestMixin


class ClinicBillingTestCase(ClinicCompanyTestMixin, ModuleTestCase):
    "Test the billing module"
    module = 'clinic_billing'
    # both optional links registered ([register clinic_dental] and
    # [register clinic_l10n_es]): the module set of the other billing tests
    extras = ['clinic_dental', 'clinic_l10n_es']


del ModuleTestCase

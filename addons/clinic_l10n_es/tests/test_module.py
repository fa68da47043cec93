# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.modules.company.tests import CompanyTestMixin
from trytond.tests.test_tryton import ModuleTestCase


class ClinicL10nEsTestCase(CompanyTestMixin, ModuleTestCase):
    "Test the Spanish accounting module"
    module = 'clinic_l10n_es'


del ModuleTestCase

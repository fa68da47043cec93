# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.tests.test_tryton import ModuleTestCase

from clinic_base.tests.company import ClinicCompanyTestMixin


class ClinicL10nEsTestCase(ClinicCompanyTestMixin, ModuleTestCase):
    "Test the Spanish accounting module"
    module = 'clinic_l10n_es'


del ModuleTestCase

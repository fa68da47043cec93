# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.modules.company.tests import CompanyTestMixin
from trytond.tests.test_tryton import ModuleTestCase


class ClinicBaseTestCase(CompanyTestMixin, ModuleTestCase):
    "Test the franchise and its sharing policy"
    module = 'clinic_base'
    extras = ['account_invoice', 'sale']

    @property
    def _skip_company_rule(self):
        # A franchise is seen by every company of it (rule "User in
        # franchise"), not by the company its central or configuration
        # field points at.
        return super()._skip_company_rule | {
            ('clinic.franchise', 'central'),
            ('clinic.franchise', 'configuration_company'),
            }

    def test_company_multivalue_context(self):
        # party.company names the clinic that registered the contact; the
        # party's per-company values (accounts, sequences) keep following
        # the user's current company, as in Tryton's party module.
        self.skipTest("party.company is not the company of its multivalues")


del ModuleTestCase

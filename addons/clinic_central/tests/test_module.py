# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase
from trytond.transaction import Transaction

from clinic_base.tests.company import ClinicCompanyTestMixin
from clinic_base.tests.tools import (
    ActivatedAsScenarios, create_franchise, create_user, with_transaction)

from ..exceptions import EnterClinicError


class ClinicCentralTestCase(
        ActivatedAsScenarios, ClinicCompanyTestMixin, ModuleTestCase):
    "Test entering clinics from the central"
    module = 'clinic_central'
    # the central's billing lists and export come with clinic_billing
    extras = ['clinic_billing', 'clinic_l10n_es']

    def central_user(self, central, clinics):
        return create_user('central', [central, *clinics], central)

    @with_transaction()
    def test_enter_clinic_and_back(self):
        "A central user enters a clinic and comes back, no new login"
        pool = Pool()
        User = pool.get('res.user')
        Company = pool.get('company.company')
        BackToCentral = pool.get('clinic.back_to_central', type='wizard')
        _, central, (madrid, _) = create_franchise()
        user = self.central_user(central, [madrid])
        with Transaction().set_user(user.id):
            self.assertEqual(Company.enter([madrid]), 'reload menu')
            self.assertEqual(User(user.id).company, madrid)
            self.assertEqual(User(user.id).company_filter, 'one')
            session_id, _, _ = BackToCentral.create()
            BackToCentral(session_id).transition_switch()
            self.assertEqual(User(user.id).company, central)

    @with_transaction()
    def test_enter_clinic_not_held(self):
        "Entering a clinic the user does not administer is refused"
        pool = Pool()
        User = pool.get('res.user')
        Company = pool.get('company.company')
        _, central, (madrid, barcelona) = create_franchise()
        user = self.central_user(central, [madrid])
        with Transaction().set_user(user.id):
            with self.assertRaisesRegex(EnterClinicError, 'Barcelona'):
                Company.enter([barcelona])
        self.assertEqual(User(user.id).company, central)

    @with_transaction()
    def test_new_clinic_joins_central_users(self):
        "Central users hold every new clinic of their franchise"
        pool = Pool()
        Company = pool.get('company.company')
        Party = pool.get('party.party')
        _, central, clinics = create_franchise()
        user = self.central_user(central, clinics)
        party, = Party.create([{'name': "Valencia"}])
        valencia, = Company.create([{
                    'party': party.id, 'currency': central.currency.id,
                    'franchise': central.franchise.id,
                    'clinic_role': 'clinic'}])
        self.assertIn(valencia, user.companies)


del ModuleTestCase

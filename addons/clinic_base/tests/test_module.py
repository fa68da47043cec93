# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase
from trytond.transaction import Transaction, check_access

from ..exceptions import (
    ClinicRemovalError, FranchiseValidationError, SharingPolicyError)
from ..export_rules import export_paths
from ..sharing import CATEGORIES
from .company import ClinicCompanyTestMixin
from .tools import (
    ActivatedAsScenarios, create_franchise, create_user, share,
    with_transaction)


class ClinicBaseTestCase(
        ActivatedAsScenarios, ClinicCompanyTestMixin, ModuleTestCase):
    "Test the franchise and its sharing policy"
    module = 'clinic_base'
    extras = ['account_invoice', 'sale']

    def test_export_paths(self):
        "Export names become the names read through the database"
        self.assertEqual(
            export_paths(['rec_name', 'party/name', 'state.string',
                    'party/contact_mechanisms/value', 'name:lang=es']),
            ['name', 'party.contact_mechanisms.value', 'party.name',
                'rec_name', 'state'])

    @with_transaction()
    def test_new_clinic_gets_an_unshared_policy(self):
        "A new clinic has one policy line per kind of data, nothing shared"
        _, central, (madrid, _) = create_franchise()
        self.assertEqual(
            sorted(p.category for p in madrid.sharing_policies),
            sorted(c for c, _ in CATEGORIES))
        self.assertFalse(any(
                p.share_central or p.share_clinics
                for p in madrid.sharing_policies))
        self.assertEqual(central.sharing_policies, ())

    @with_transaction()
    def test_policy_on_central_refused(self):
        "A policy on a company that is not a clinic names the company"
        pool = Pool()
        Policy = pool.get('clinic.sharing.policy')
        _, central, _ = create_franchise()
        with self.assertRaisesRegex(SharingPolicyError, 'Central Franchise'):
            Policy.create([{'company': central.id, 'category': 'invoices'}])

    @with_transaction()
    def test_company_in_two_franchises_refused(self):
        "A company belongs to one franchise only"
        _, _, (madrid, _) = create_franchise("One")
        other, _, _ = create_franchise("Two", clinics=())
        with self.assertRaisesRegex(
                FranchiseValidationError, 'One Madrid.*"One"'):
            madrid.franchise = other
            madrid.save()

    @with_transaction()
    def test_clinic_holding_data_stays(self):
        "A clinic that holds contacts cannot leave; nothing is written"
        pool = Pool()
        Party = pool.get('party.party')
        Company = pool.get('company.company')
        franchise, _, (madrid, _) = create_franchise()
        Party.create([{'name': "Patient", 'company': madrid.id}])
        with self.assertRaisesRegex(ClinicRemovalError, 'Franchise Madrid'):
            Company.write([madrid], {'franchise': None, 'clinic_role': None})
        self.assertEqual(Company(madrid.id).franchise, franchise)

    @with_transaction()
    def test_one_central_per_franchise(self):
        "A franchise has one central"
        pool = Pool()
        Company = pool.get('company.company')
        _, _, (madrid, _) = create_franchise()
        with self.assertRaisesRegex(
                FranchiseValidationError, 'Central Franchise'):
            Company.write([madrid], {'clinic_role': 'central'})

    @with_transaction()
    def test_franchise_central_must_be_central(self):
        "The central field of a franchise points at a central"
        franchise, _, (madrid, _) = create_franchise()
        with self.assertRaisesRegex(
                FranchiseValidationError, 'Franchise Madrid'):
            franchise.central = madrid
            franchise.save()

    @with_transaction()
    def test_policy_change_takes_effect_at_once(self):
        "Sharing or unsharing is seen by the next request"
        pool = Pool()
        Party = pool.get('party.party')
        _, central, (madrid, barcelona) = create_franchise()
        patient, = Party.create([{'name': "Patient", 'company': madrid.id}])
        manager = create_user('bcn', [barcelona], barcelona)
        admin = create_user('central', [central, madrid, barcelona], central)

        def sees(user):
            with Transaction().set_user(user.id), \
                    Transaction().set_context(
                        company=user.company.id, _check_access=True), \
                    check_access():
                return bool(Party.search([('id', '=', patient.id)]))

        self.assertFalse(sees(manager))
        self.assertFalse(sees(admin))
        share(madrid, 'contacts', clinics=True)
        self.assertTrue(sees(manager))
        self.assertFalse(sees(admin))
        share(madrid, 'contacts', central=True)
        self.assertFalse(sees(manager))
        self.assertTrue(sees(admin))

    @with_transaction()
    def test_shared_contact_read_only_elsewhere(self):
        "A shared contact is changed only by the clinic that registered it"
        pool = Pool()
        Party = pool.get('party.party')
        _, _, (madrid, barcelona) = create_franchise()
        patient, = Party.create([{'name': "Patient", 'company': madrid.id}])
        share(madrid, 'contacts', clinics=True)
        manager = create_user('bcn', [barcelona], barcelona)
        with Transaction().set_user(manager.id), \
                Transaction().set_context(company=barcelona.id), \
                check_access():
            self.assertEqual(Party.read([patient.id], ['name'])[0]['name'],
                "Patient")
            with self.assertRaises(AccessError):
                Party.write([Party(patient.id)], {'name': "Changed"})

    @with_transaction()
    def test_franchises_never_see_each_other(self):
        "Companies and franchises of another franchise are invisible"
        pool = Pool()
        Company = pool.get('company.company')
        Franchise = pool.get('clinic.franchise')
        one, _, (madrid, _) = create_franchise("One")
        two, _, (other, _) = create_franchise("Two")
        manager = create_user('one', [madrid], madrid)
        with Transaction().set_user(manager.id), \
                Transaction().set_context(company=madrid.id), \
                check_access():
            self.assertEqual(Franchise.search([]), [one])
            companies = Company.search([])
            self.assertIn(madrid, companies)
            self.assertNotIn(other, companies)

    @with_transaction(context={'language': 'es'})
    def test_errors_speak_spanish(self):
        "Validation errors come in the user's language"
        pool = Pool()
        Lang = pool.get('ir.lang')
        Policy = pool.get('clinic.sharing.policy')
        Lang.load_translations(Lang.search([('code', '=', 'es')]))
        _, central, _ = create_franchise()
        with self.assertRaisesRegex(SharingPolicyError, 'no es una clínica'):
            Policy.create([{'company': central.id, 'category': 'invoices'}])


del ModuleTestCase

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Patients: history numbers per clinic, duplicates, what each clinic sees"
import datetime as dt
import unittest

from trytond.model.exceptions import AccessError, DomainValidationError
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, drop_db
from trytond.transaction import Transaction

from ..exceptions import PatientError
from ..patient_registration import compact_contact
from .tools import (
    MODULES, acting_as, create_franchise, create_user, share,
    with_transaction)

RECEPTIONIST = ['group_receptionist']


class PatientTestCase(unittest.TestCase):
    "Patients of the clinics of a franchise"

    @classmethod
    def setUpClass(cls):
        drop_db()
        activate_module(MODULES)
        # (on PostgreSQL the scenarios that follow restore a kept database,
        # which needs this one's connections closed)
        cls.addClassCleanup(drop_db)

    def franchise(self):
        _, self.central, (self.madrid, self.barcelona) = create_franchise()
        self.mad = create_user('mad', [self.madrid], self.madrid, RECEPTIONIST)
        self.bcn = create_user(
            'bcn', [self.barcelona], self.barcelona, RECEPTIONIST)
        self.admin = create_user('central',
            [self.central, self.madrid, self.barcelona], self.central,
            ['group_franchise_admin', 'group_clinic_manager'])

    def patient(self, clinic, name, phone=None):
        "Register a patient in clinic with its next history number"
        Party = Pool().get('party.party')
        mechanisms = [('create', [{'type': 'mobile', 'value': phone}])] \
            if phone else []
        with Transaction().set_context(company=clinic.id):
            party, = Party.create([{
                        'name': name, 'company': clinic.id,
                        'contact_mechanisms': mechanisms,
                        'history_numbers': [
                            ('create', [{'company': clinic.id}])],
                        }])
        return party

    def codes(self, party):
        HistoryNumber = Pool().get('clinic.patient.number')
        return sorted(n.code for n in HistoryNumber.search(
                [('party', '=', party.id)]))

    @with_transaction()
    def test_each_clinic_numbers_its_patients(self):
        "Each clinic counts from its own sequence, shown with its prefix"
        self.franchise()
        first = self.patient(self.madrid, "Lucía")
        second = self.patient(self.madrid, "Pedro")
        other = self.patient(self.barcelona, "Jordi")
        self.assertEqual(self.codes(first), ['MAD-000001'])
        self.assertEqual(self.codes(second), ['MAD-000002'])
        self.assertEqual(self.codes(other), ['BAR-000001'])

    @with_transaction()
    def test_clinic_numbers_from_its_first_day(self):
        """A new clinic has its history sequence before its first patient
        (its front desks do not race to create it); the central has none"""
        self.franchise()
        self.assertEqual(
            self.madrid.history_sequence.company, self.madrid)
        self.assertNotEqual(
            self.madrid.history_sequence, self.barcelona.history_sequence)
        self.assertIsNone(self.central.history_sequence)

    @with_transaction()
    def test_prefix_change_shows_on_every_number(self):
        "A clinic that changes its prefix sees its numbers with the new one"
        self.franchise()
        lucia = self.patient(self.madrid, "Lucía")
        self.madrid.history_prefix = 'MD'
        self.madrid.save()
        self.assertEqual(self.codes(lucia), ['MD-000001'])

    @with_transaction()
    def test_central_gives_no_numbers(self):
        "The central is not a clinic: it numbers no histories"
        HistoryNumber = Pool().get('clinic.patient.number')
        self.franchise()
        lucia = self.patient(self.madrid, "Lucía")
        with self.assertRaises(DomainValidationError):
            HistoryNumber.create([{
                        'party': lucia.id, 'company': self.central.id}])

    @with_transaction()
    def test_clinic_numbers_only_its_own(self):
        "A receptionist gives no numbers in the name of another clinic"
        HistoryNumber = Pool().get('clinic.patient.number')
        Party = Pool().get('party.party')
        self.franchise()
        share(self.madrid, 'contacts', clinics=True)
        lucia, = Party.create([{'name': "Lucía", 'company': self.madrid.id}])
        with acting_as(self.bcn), self.assertRaises(AccessError):
            HistoryNumber.create([{
                        'party': lucia.id, 'company': self.madrid.id}])

    @with_transaction()
    def test_history_number_search_stays_in_policy(self):
        """The central finds patients by the numbers of the clinics that
        share their patients with it, never by the others'"""
        Party = Pool().get('party.party')
        self.franchise()
        lucia = self.patient(self.madrid, "Lucía")
        jordi = self.patient(self.barcelona, "Jordi")
        share(self.madrid, 'contacts', central=True)
        with acting_as(self.admin):
            found = Party.search([('history_number', 'like', '%000001')])
        self.assertEqual(found, [lucia])
        self.assertNotIn(jordi, found)

    @with_transaction()
    def test_contact_list_search_stays_in_policy(self):
        """The contact list finds a patient by number, name, DNI or phone
        only in the clinics whose patients the user may see, and shows the
        patient's phone and DNI"""
        pool = Pool()
        HistoryNumber = pool.get('clinic.patient.number')
        Identifier = pool.get('party.identifier')
        self.franchise()
        lucia = self.patient(self.madrid, "Lucía García", '+34612345678')
        Identifier.create([{
                    'party': lucia.id, 'type': 'es_dni',
                    'code': '12345678Z'}])
        self.patient(self.barcelona, "Jordi Puig", '+34699000111')
        typed = ['%MAD-000001%', '%García%', '%12345678Z%', '%612345678%']

        def contact_list(user):
            with acting_as(user):
                return [[(n.code, n.phone, n.identifier)
                        for n in HistoryNumber.search(
                            [('rec_name', 'ilike', text)])]
                    for text in typed]

        nothing = [[]] * len(typed)
        lucia_line = [[('MAD-000001', '+34 612 34 56 78', '12345678Z')]]
        self.assertEqual(contact_list(self.bcn), nothing)
        self.assertEqual(contact_list(self.admin), nothing)
        share(self.madrid, 'contacts', clinics=True)
        self.assertEqual(contact_list(self.bcn), lucia_line * len(typed))
        self.assertEqual(contact_list(self.admin), nothing)
        share(self.madrid, 'contacts', central=True)
        self.assertEqual(contact_list(self.admin), lucia_line * len(typed))

    @with_transaction()
    def test_clinic_that_treats_a_patient_keeps_seeing_them(self):
        """Once Barcelona gave its number to Madrid's patient, it reads and
        updates the patient whatever Madrid's policy"""
        pool = Pool()
        Party = pool.get('party.party')
        HistoryNumber = pool.get('clinic.patient.number')
        self.franchise()
        share(self.madrid, 'contacts', clinics=True)
        lucia = self.patient(self.madrid, "Lucía", '+34612345678')
        pedro = self.patient(self.madrid, "Pedro")
        with acting_as(self.bcn):
            HistoryNumber.create([{
                        'party': lucia.id, 'company': self.barcelona.id}])
        share(self.madrid, 'contacts')
        with acting_as(self.bcn):
            self.assertEqual(
                Party.search([('history_numbers', '!=', None)]), [lucia])
            Party.write([Party(lucia.id)], {'birth_date': dt.date(1985, 3, 14)})
            self.assertEqual(
                [m.value for m in Party(lucia.id).contact_mechanisms],
                ['+34 612 34 56 78'])
            self.assertEqual(
                Party.search([('id', '=', pedro.id)]), [])

    @with_transaction()
    def test_duplicate_notice_on_the_form_stays_in_policy(self):
        """Typing a known DNI or phone on a new patient's form warns of the
        patient who has it, only when the user may see that patient"""
        pool = Pool()
        Identifier = pool.get('party.identifier')
        ContactMechanism = pool.get('party.contact_mechanism')
        self.franchise()
        lucia = self.patient(self.madrid, "Lucía", '+34612345678')
        Identifier.create([{
                    'party': lucia.id, 'type': 'es_dni',
                    'code': '12345678Z'}])

        def notices():
            typed = [
                Identifier(type='es_dni', code='12345678-z'),
                ContactMechanism(type='mobile', value='612 34 56 78')]
            return [message for record in typed
                for _, message in record.on_change_notify()]

        with acting_as(self.bcn):
            self.assertEqual(notices(), [])
        share(self.madrid, 'contacts', clinics=True)
        with acting_as(self.bcn):
            found = notices()
        self.assertEqual(len(found), 2)
        self.assertTrue(all("Lucía" in message for message in found), found)

    @with_transaction()
    def test_birth_date_in_the_future(self):
        Party = Pool().get('party.party')
        with self.assertRaises(PatientError):
            Party.create([{
                        'name': "Not Born",
                        'birth_date': dt.date.today() + dt.timedelta(days=1),
                        }])

    @with_transaction()
    def test_phones_typed_without_prefix_are_of_the_clinics_country(self):
        "A national number is one of the clinic's country, Spain here"
        self.franchise()
        with Transaction().set_context(company=self.madrid.id):
            self.assertEqual(
                compact_contact('mobile', "612 34 56 78"), '+34612345678')
            self.assertEqual(
                compact_contact('mobile', "+33 6 12 34 56 78"),
                '+33612345678')
            self.assertEqual(compact_contact('mobile', "12"), "12")

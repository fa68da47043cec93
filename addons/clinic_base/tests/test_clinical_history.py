# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Clinical history entries: signed entries are final, amended by their author"
import unittest

from lxml import etree

from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, drop_db
from trytond.transaction import Transaction

from ..exceptions import ClinicalHistoryError
from .tools import (
    MODULES, acting_as, create_franchise, create_user, share,
    with_transaction)


class ClinicalHistoryTestCase(unittest.TestCase):
    "Clinical history entries of a clinic"

    @classmethod
    def setUpClass(cls):
        drop_db()
        activate_module(MODULES)
        # (on PostgreSQL the scenarios that follow restore a kept database,
        # which needs this one's connections closed)
        cls.addClassCleanup(drop_db)

    def signed_entry(self):
        "Madrid's dentist signs an entry of a patient of Madrid"
        pool = Pool()
        Employee = pool.get('company.employee')
        Party = pool.get('party.party')
        Entry = pool.get('clinic.history.entry')
        _, self.central, (self.madrid, _) = create_franchise()
        dentist, patient = Party.create([
                {'name': "Dra. Torres"}, {'name': "Lucía"}])
        self.dentist, = Employee.create([{
                    'party': dentist.id, 'company': self.madrid.id}])
        self.manager = create_user('mad', [self.madrid], self.madrid,
            ['group_clinic_manager'])
        entry, = Entry.create([{
                    'party': patient.id, 'company': self.madrid.id,
                    'practitioner': self.dentist.id,
                    'treatment': "Filling on 46",
                    }])
        with Transaction().set_context(employee=self.dentist.id):
            Entry.sign([entry])
        return entry

    @with_transaction()
    def test_signed_entry_is_final(self):
        "Not even the clinic manager changes or deletes a signed entry"
        Entry = Pool().get('clinic.history.entry')
        entry = self.signed_entry()
        self.assertEqual(entry.state, 'signed')
        with acting_as(self.manager):
            with self.assertRaises(ClinicalHistoryError):
                Entry.write([Entry(entry.id)], {'treatment': "Other"})
            with self.assertRaises(ClinicalHistoryError):
                Entry.delete([Entry(entry.id)])

    @with_transaction()
    def test_signing_asks_for_confirmation(self):
        """Sign, which cannot be undone, asks the practitioner to confirm
        it first (sao shows the button's confirm)"""
        Entry = Pool().get('clinic.history.entry')
        arch = etree.fromstring(
            Entry.fields_view_get(view_type='form')['arch'])
        sign, = arch.xpath('//button[@name="sign"]')
        self.assertIn('cannot be changed', sign.get('confirm', ''))

    @with_transaction()
    def test_amendment_points_to_the_signed_entry(self):
        "The practitioner's amendment starts from the entry, left as it was"
        Entry = Pool().get('clinic.history.entry')
        entry = self.signed_entry()
        with acting_as(self.manager), \
                Transaction().set_context(employee=self.dentist.id):
            amendment, = Entry.create_amendments([Entry(entry.id)])
        self.assertEqual(
            (amendment.state, amendment.amends, amendment.treatment),
            ('draft', entry, "Filling on 46"))
        self.assertEqual(Entry(entry.id).amendments, (amendment,))

    @with_transaction()
    def test_only_the_practitioner_amends(self):
        Entry = Pool().get('clinic.history.entry')
        entry = self.signed_entry()
        with acting_as(self.manager), self.assertRaises(ClinicalHistoryError):
            Entry.create_amendments([Entry(entry.id)])

    @with_transaction()
    def test_opening_another_clinics_entry_is_logged(self):
        """Each read of Madrid's entry by the central, whatever its fields
        (a list's date and reason too), leaves a line for Madrid naming the
        central as the server has it, whatever company the client says;
        Madrid's own reads and a read of the ids alone leave none"""
        pool = Pool()
        Entry = pool.get('clinic.history.entry')
        Log = pool.get('clinic.access.log')
        entry = self.signed_entry()
        share(self.madrid, 'histories', central=True)
        admin = create_user('admin.central', [self.central, self.madrid],
            self.central, ['group_franchise_admin'])
        with acting_as(self.manager):
            Entry.read([entry.id], ['findings', 'treatment'])
        with acting_as(admin):
            Entry.read([entry.id], ['id'])
            Entry.read([entry.id], ['date', 'reason'])
            with Transaction().set_context(company=self.madrid.id):
                Entry.read([entry.id], ['treatment'])
        logs = Log.search([])
        self.assertEqual(
            [(l.company, l.user, l.user_company, l.resource, l.patient)
                for l in logs],
            [(self.madrid, admin, self.central, entry, entry.party)] * 2)

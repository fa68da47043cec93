"""The roles' policy on what they read (issue 20, decided):

- the front desk and the accountants see the odontogram's planned and done
  treatments, which they budget and bill, but no clinical text: not the
  findings the practitioner charted, not a finding's notes, no periodontal
  measurement;
- only accountants and managers see the practitioners' commissions;
- the users of another franchise are not readable.

The demo's policies: Madrid shares everything with the central and the other
clinics (so its findings are read at Barcelona and at the central).
"""
import unittest

from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME, drop_db
from trytond.transaction import Transaction

from .fixture import OTHER_PREFIX, as_user, company_id, setup_franchises

TREATMENTS = {'planned', 'done'}


def findings_of(clinic):
    "The statuses of the clinic's dental findings, by id"
    with Transaction().start(DB_NAME, 0):
        Finding = Pool().get('clinic.dental.finding')
        return {f.id: f.status for f in Finding.search(
                [('company', '=', clinic)])}


class RolePolicyTestCase(unittest.TestCase):
    "What each role reads"

    @classmethod
    def setUpClass(cls):
        drop_db()
        setup_franchises()
        cls.madrid = company_id("Clínica Madrid")

    @classmethod
    def tearDownClass(cls):
        drop_db()

    def test_front_desk_and_accountants_read_treatments_only(self):
        """The receptionists (of Madrid and of Barcelona, which Madrid shares
        its histories with) and the central's accountant read Madrid's
        planned and done treatments, not its existing findings, and no
        finding's notes"""
        every = findings_of(self.madrid)
        self.assertTrue(set(every.values()) - TREATMENTS,
            "the demo charts existing findings too")
        treatments = {i for i, s in every.items() if s in TREATMENTS}
        self.assertTrue(treatments)
        for login in ['mad.reception', 'bcn.reception', 'central.accountant']:
            with self.subTest(login=login), as_user(login):
                Finding = Pool().get('clinic.dental.finding')
                found = Finding.search([('id', 'in', list(every))])
                self.assertEqual({f.id for f in found}, treatments)
                with self.assertRaises(AccessError):
                    Finding.read([found[0].id], ['notes'])
                form = Finding.fields_view_get(view_type='form')
                self.assertNotIn('name="notes"', form['arch'])

    def test_practitioners_read_every_finding_and_its_notes(self):
        "Madrid's practitioner reads the whole chart, notes included"
        every = findings_of(self.madrid)
        with as_user('mad.doctor'):
            Finding = Pool().get('clinic.dental.finding')
            found = Finding.search([('id', 'in', list(every))])
            self.assertEqual({f.id for f in found}, set(every))
            Finding.read([found[0].id], ['notes'])

    def test_no_periodontal_measurement_at_the_front_desk(self):
        "A receptionist reads no periodontal chart; the practitioner does"
        for login, reads in [('mad.reception', False), ('mad.doctor', True)]:
            with self.subTest(login=login), as_user(login):
                ModelAccess = Pool().get('ir.model.access')
                for model in ['clinic.dental.perio.chart',
                        'clinic.dental.perio.tooth']:
                    self.assertEqual(ModelAccess.check(
                            model, 'read', raise_exception=False), reads)

    def test_commissions_only_for_accountants_and_managers(self):
        """Only the accountants and the managers read the commissions, by
        search or by id"""
        with Transaction().start(DB_NAME, 0):
            every = [c.id for c in Pool().get('commission').search([])]
        self.assertTrue(every, "the demo's invoices make commissions")
        for login, reads in [
                ('central.accountant', True), ('mad.manager', True),
                ('mad.reception', False), ('mad.doctor', False),
                ('callcenter', False), ('crm.manager', False)]:
            with self.subTest(login=login), as_user(login):
                Commission = Pool().get('commission')
                found = Commission.search([('id', 'in', every)])
                self.assertEqual(bool(found), reads)
                if not reads:
                    with self.assertRaises(AccessError):
                        Commission.read(every[:1], ['amount'])

    def test_users_of_another_franchise_not_readable(self):
        """The other franchise's users do not find this franchise's users,
        by search nor by id, and this franchise's users read each other"""
        with Transaction().start(DB_NAME, 0):
            User = Pool().get('res.user')
            ours = User.search([('login', 'in',
                        ['central.admin', 'mad.reception'])])
            self.assertEqual(len(ours), 2)
        for login, sees in [
                (OTHER_PREFIX + 'central.admin', False),
                (OTHER_PREFIX + 'crm.manager', False),
                ('bcn.reception', True)]:
            with self.subTest(login=login), as_user(login):
                User = Pool().get('res.user')
                found = User.search([('id', 'in', [u.id for u in ours])])
                self.assertEqual(len(found), 2 if sees else 0)
                if not sees:
                    with self.assertRaises(AccessError):
                        User.read([ours[0].id], ['name'])

    def test_every_role_opens_a_partys_form(self):
        """Every role opens the form of a party it reads and reads all that
        the form shows it; a role that reads no finding gets no odontogram
        nor dental index (a CRM manager opened any party into "You are not
        allowed to access Dental Finding")"""
        logins = ['central.admin', 'central.accountant', 'callcenter',
            'crm.manager'] + ['mad.' + suffix for suffix in [
                'manager', 'reception', 'doctor']]
        for login in logins:
            with self.subTest(login=login), as_user(login):
                pool = Pool()
                Party = pool.get('party.party')
                reads_findings = pool.get('ir.model.access').check(
                    'clinic.dental.finding', 'read', raise_exception=False)
                form = Party.fields_view_get(view_type='form')
                shown = list(form['fields'])
                self.assertEqual('odontogram' in shown, reads_findings)
                self.assertEqual('dmft_total' in shown, reads_findings)
                parties = Party.search([], limit=1, order=[('id', 'DESC')])
                self.assertTrue(parties, "%s reads a party" % login)
                Party.read([p.id for p in parties], shown)

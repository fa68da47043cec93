"""Closed by default: the paths of the JSON-RPC probe that reached what the
policy hides (issue 20), one test per class of path, on models the sharing
engine never listed.

The demo's policies: Madrid shares everything with the central and the other
clinics, Barcelona everything with the central only, Valencia its invoices
and budgets with the central only. Each test asks its question twice, once
with the hidden truth and once with a falsehood: a hidden record behaves as
if it did not exist when the two answers are the same.
"""
import datetime as dt
import unittest

from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME, drop_db
from trytond.transaction import Transaction, without_check_access

from clinic_agenda.exceptions import AvailabilityError

from .fixture import (
    OTHER_PREFIX, JsonRpc, RpcError, as_user, company_id, setup_franchises)

FALSE_DIAGNOSIS = "Zz no such diagnosis"


def patients_of(clinic):
    """The patients of the clinic with a clinical history, and the diagnosis
    of their first entry"""
    with Transaction().start(DB_NAME, 0):
        pool = Pool()
        Number = pool.get('clinic.patient.number')
        Entry = pool.get('clinic.history.entry')
        patients = []
        for number in Number.search([('company', '=', clinic)]):
            entries = Entry.search([('party', '=', number.party.id)])
            if entries and entries[0].diagnosis:
                patients.append((number.party.id, number.party.name,
                        entries[0].diagnosis))
        return patients


def identifier_of(party):
    "The type and code of the party's first id number"
    with Transaction().start(DB_NAME, 0):
        identifier = Pool().get('party.party')(party).identifiers[0]
        return identifier.type, identifier.code


def invoice_of(clinic):
    "The id of one of the clinic's invoices"
    with Transaction().start(DB_NAME, 0):
        Invoice = Pool().get('account.invoice')
        invoice, = Invoice.search([('company', '=', clinic)], limit=1)
        return invoice.id


def start_wizard(name):
    "Start the wizard as the user of the transaction; return its session"
    Wizard = Pool().get(name, type='wizard')
    session_id, _, _ = Wizard.create()
    return Wizard, session_id


def execute(Wizard, session_id, data, state):
    "Execute the wizard's state as the RPC does: without the access checks"
    with without_check_access():
        return Wizard.execute(session_id, data, state)


class ClosedByDefaultTestCase(unittest.TestCase):
    "The record rules on every path of every model"

    @classmethod
    def setUpClass(cls):
        drop_db()
        setup_franchises()
        cls.madrid = company_id("Clínica Madrid")
        cls.barcelona = company_id("Clínica Barcelona")
        cls.valencia = company_id("Clínica Valencia")
        cls.central = company_id("Central Clínicas Sonríe")

    @classmethod
    def tearDownClass(cls):
        drop_db()

    def count_both(self, login, model, domain, truth, falsehood):
        """Count the records of model matching domain(truth) and
        domain(falsehood) as login"""
        with as_user(login):
            Model = Pool().get(model)
            return (Model.search_count(domain(truth)),
                Model.search_count(domain(falsehood)))

    def test_search_through_a_relation_the_role_cannot_read(self):
        """A receptionist, who reads no history entry, cannot tell a
        patient's diagnosis by searching the patients through it"""
        party, _, diagnosis = patients_of(self.madrid)[0]
        truth, falsehood = self.count_both('mad.reception', 'party.party',
            lambda text: [('id', '=', party),
                ('history_entries.diagnosis', 'ilike', text[:5] + '%')],
            diagnosis, FALSE_DIAGNOSIS)
        self.assertEqual(truth, falsehood)

    def test_search_oracle_through_a_model_outside_the_policy(self):
        """The central reads Valencia's moves (shared invoices) but not its
        histories: a move line does not spell out the patient's diagnosis"""
        party, _, diagnosis = patients_of(self.valencia)[-1]
        with as_user('central.admin'):
            Line = Pool().get('account.move.line')
            lines = Line.search([('party', '=', party)])
        self.assertTrue(lines, "the debtor's posted invoice has lines")
        truth, falsehood = self.count_both(
            'central.admin', 'account.move.line',
            lambda text: [('id', 'in', [l.id for l in lines]),
                ('party.history_entries.diagnosis', 'ilike', text[:5] + '%')],
            diagnosis, FALSE_DIAGNOSIS)
        self.assertEqual(truth, falsehood)

    def test_link_to_a_hidden_patient_refused(self):
        """Valencia cannot give its history number to Barcelona's patient
        (shared with the central only), and the refusal names nobody"""
        party, name, _ = patients_of(self.barcelona)[0]
        with as_user('vlc.reception'):
            Number = Pool().get('clinic.patient.number')
            with self.assertRaises(AccessError) as refused:
                Number.create([{'party': party, 'company': self.valencia}])
        self.assertNotIn(name, refused.exception.message)
        self.assertIn("Patient", refused.exception.message)

    def test_export_attachment_by_id_refused(self):
        """Barcelona cannot export by id the file attached to a Valencia
        patient (read is refused, and so is export)"""
        party, _, _ = patients_of(self.valencia)[0]
        with Transaction().start(DB_NAME, 0) as transaction:
            Attachment = Pool().get('ir.attachment')
            attachment, = Attachment.create([{
                        'name': 'radiografia.txt',
                        'resource': 'party.party,%d' % party,
                        'data': b'secreto de Valencia',
                        }])
            transaction.commit()
        try:
            with as_user('bcn.reception'):
                Attachment = Pool().get('ir.attachment')
                with self.assertRaises(AccessError):
                    Attachment.export_data(
                        Attachment.browse([attachment.id]),
                        ['name', 'data', 'resource'])
        finally:
            with Transaction().start(DB_NAME, 0) as transaction:
                Attachment = Pool().get('ir.attachment')
                Attachment.delete([Attachment(attachment.id)])
                transaction.commit()

    def test_export_of_hidden_related_records_refused(self):
        """The central exports Valencia's move line (shared invoices) but
        not its patient's history through it, whatever related_read_limit
        the client sends: the hidden entries are not written out"""
        party, _, diagnosis = patients_of(self.valencia)[-1]
        with as_user('central.admin', related_read_limit=0):
            Line = Pool().get('account.move.line')
            lines = Line.search([('party', '=', party)])
            exported = Line.export_data(
                lines, ['id', 'party/history_entries/diagnosis'])
        self.assertEqual(sorted(r[0] for r in exported),
            sorted(l.id for l in lines))
        self.assertNotIn(diagnosis, repr(exported))

    def test_preferences_refuse_a_company_not_held(self):
        """A Barcelona receptionist cannot make Valencia their company, nor
        Valencia's practitioner their employee (over JSON-RPC, as sao sets
        them)"""
        with Transaction().start(DB_NAME, 0):
            pool = Pool()
            employee, = pool.get('company.employee').search([
                    ('company', '=', self.valencia),
                    ('practitioner', '=', True)], limit=1)
            user, = pool.get('res.user').search(
                [('login', '=', 'bcn.reception')])
            held = (user.company.id, user.employee)
        rpc = JsonRpc('bcn.reception')
        for preference, value in [
                ('company', self.valencia), ('employee', employee.id)]:
            with self.subTest(preference=preference):
                with self.assertRaises(RpcError):
                    rpc.call('model.res.user.set_preferences',
                        {preference: value}, rpc.context)
        with Transaction().start(DB_NAME, 0):
            user = Pool().get('res.user')(user.id)
            self.assertEqual((user.company.id, user.employee), held)

    def test_no_company_filter_preference(self):
        """What the central sees does not hang on a hidden "Company
        Filter" preference: the preferences do not show it, and a client
        that sends it leaves the user on the current company"""
        rpc = JsonRpc('central.admin')
        form = rpc.call('model.res.user.get_preferences_fields_view',
            rpc.context)
        self.assertNotRegex(form['arch'],
            r'<(field|label)[^>]*name="company_filter"(?![^>]*invisible)')
        seen = rpc.model('clinic.patient.number', 'search_count', [])
        rpc.call('model.res.user.set_preferences', {'company_filter': 'all'},
            rpc.context)
        rpc.context = rpc.call('model.res.user.get_preferences', True, {})
        self.assertEqual(rpc.context['company_filter'], 'one')
        self.assertEqual(
            rpc.model('clinic.patient.number', 'search_count', []), seen)

    def test_party_shown_by_a_document_shows_no_contacts(self):
        """The central reads Valencia's insured patient through their shared
        invoices: the name, not the mobile, insurer or policy (Valencia
        shares no contacts), on read and on export"""
        contact_fields = ['mobile', 'insurer', 'insurance_policy']
        with Transaction().start(DB_NAME, 0):
            Party = Pool().get('party.party')
            insured, = Party.search([
                    ('company', '=', self.valencia),
                    ('insurer', '!=', None)])
            party, name = insured.id, insured.name
            truth, = Party.read([party], contact_fields)
        self.assertTrue(truth['mobile'] and truth['insurance_policy'])
        with as_user('central.admin'):
            Party = Pool().get('party.party')
            row, = Party.read([party], ['name', *contact_fields])
            exported = Party.export_data(Party.browse([party]),
                ['contact_mechanisms/value', 'mobile', 'insurance_policy'])
        self.assertEqual(row['name'], name)
        self.assertEqual([row[f] for f in contact_fields], [None] * 3)
        self.assertNotIn(truth['mobile'], repr(exported))
        self.assertNotIn(truth['insurance_policy'], repr(exported))

    def test_document_opens_its_party_only_to_roles_reading_it(self):
        """Valencia's invoices, shared with the central, show their patients
        to the central's accountant, not to its CRM manager, who reads no
        invoice"""
        parties = [p for p, _, _ in patients_of(self.valencia)]
        for login, expected in [
                ('central.accountant', parties), ('crm.manager', [])]:
            with self.subTest(login=login), as_user(login):
                Party = Pool().get('party.party')
                self.assertEqual(
                    sorted(p.id for p in Party.search(
                            [('id', 'in', parties)])),
                    sorted(expected))

    def test_register_patient_offers_only_patients_the_user_reads(self):
        """Barcelona registering a patient with the DNI of Valencia's (who
        shares nothing with Barcelona) is not offered her: a new patient is
        registered, and Valencia's is left as she was"""
        party, name, _ = patients_of(self.valencia)[0]
        type_, code = identifier_of(party)
        with as_user('bcn.reception'):
            Register, session = start_wizard('clinic.patient.register')
            result = execute(Register, session, {'start': {
                        'name': "Paciente Nueva", 'identifier_type': type_,
                        'identifier_code': code}}, 'find')
            opened, = result['actions'][0][0]['res_id']
        self.assertNotIn('view', result)
        self.assertNotEqual(opened, party)

    def test_register_selected_refuses_a_hidden_patient(self):
        "Register Selected with a hidden patient's id is refused"
        party, name, _ = patients_of(self.valencia)[0]
        with as_user('bcn.reception'):
            Register, session = start_wizard('clinic.patient.register')
            with self.assertRaises(AccessError) as refused:
                execute(Register, session, {
                        'start': {'name': "Paciente Nueva"},
                        'matches': {'matches': [party], 'patient': party},
                        }, 'existing')
        self.assertNotIn(name, refused.exception.message)

    def test_find_a_free_slot_books_only_in_own_clinics(self):
        """From Barcelona, Find a Free Slot refuses Valencia's agenda, and a
        hidden patient"""
        party, _, _ = patients_of(self.valencia)[0]
        with Transaction().start(DB_NAME, 0):
            specialty = Pool().get('clinic.specialty').search([])[0].id
        today = dt.date.today()
        search = {'specialty': specialty, 'from_date': today,
            'to_date': today + dt.timedelta(days=7)}
        for label, start, error in [
                ("Valencia's agenda", {'clinic': self.valencia},
                    AvailabilityError),
                ("a hidden patient", {'party': party}, AccessError)]:
            with self.subTest(label), as_user('bcn.reception'):
                FindSlot, session = start_wizard('clinic.availability.find')
                with self.assertRaises(error):
                    execute(FindSlot,
                        session, {'start': {**search, **start}}, 'search')

    def test_negated_search_through_a_relation_keeps_empty_ones(self):
        """Where nothing is hidden, a negated leaf through a relation
        matches for the clinic what it matches for root: also the budget
        lines without a charted treatment"""
        domain = [('sale.company', '=', self.madrid),
            ('treatment.tooth', '!=', 99)]
        with Transaction().start(DB_NAME, 0):
            SaleLine = Pool().get('sale.line')
            expected = sorted(l.id for l in SaleLine.search(domain))
            without_treatment = SaleLine.search(
                [*domain[:1], ('treatment', '=', None)])
        self.assertTrue(without_treatment)
        with as_user('mad.manager'):
            SaleLine = Pool().get('sale.line')
            self.assertEqual(
                sorted(l.id for l in SaleLine.search(domain)), expected)

    def test_form_changes_refuse_a_hidden_link(self):
        """Barcelona's budget form asking for the changes of a Valencia
        patient (hidden from Barcelona) is refused: they would show her
        addresses and terms; its own patient's are given"""
        party, name, _ = patients_of(self.valencia)[0]
        own, _, _ = patients_of(self.barcelona)[0]
        with as_user('bcn.reception'):
            Sale = Pool().get('sale.sale')
            with self.assertRaises(AccessError) as refused:
                Sale(party=party, company=self.barcelona).on_change(
                    ['party'])
            budget = Sale(party=own, company=self.barcelona)
            budget.on_change(['party'])
            address_of = budget.invoice_address.party.id
        self.assertNotIn(name, refused.exception.message)
        self.assertEqual(address_of, own)

    def test_chat_of_a_hidden_record_refused(self):
        """Barcelona cannot read nor write the chat of Valencia's invoice
        (shared with the central only) by its id; its own invoice's chat
        works"""
        hidden = invoice_of(self.valencia)
        own = invoice_of(self.barcelona)
        reception = JsonRpc('bcn.reception')
        for method, params in [('get', []), ('post', ["¿Pagada?"]),
                ('get_followers', []), ('subscribe', [])]:
            with self.subTest(method=method):
                with self.assertRaises(RpcError) as refused:
                    reception.model('ir.chat.channel', method,
                        'account.invoice,%d' % hidden, *params)
                self.assertEqual(refused.exception.args[0][1][0],
                    "This chat is about a record you cannot see.")
        reception.model('ir.chat.channel', 'post',
            'account.invoice,%d' % own, "Pagada en efectivo")
        messages = reception.model('ir.chat.channel', 'get',
            'account.invoice,%d' % own)
        self.assertEqual([m['content'] for m in messages],
            ["Pagada en efectivo"])
        with Transaction().start(DB_NAME, 0):
            Message = Pool().get('ir.chat.message')
            self.assertFalse(Message.search([
                        ('channel.resource', '=',
                            'account.invoice,%d' % hidden)]))

    def test_chat_followers_are_users_the_user_sees(self):
        """A Madrid receptionist adding a follower to an invoice's chat is
        offered the users of the franchise, not another franchise's, and
        cannot add one of them by login"""
        reception = JsonRpc('mad.reception')
        chat = 'account.invoice,%d' % invoice_of(self.madrid)
        offered = reception.model(
            'ir.chat.channel', 'search_followers', chat, '.')
        logins = {f['key'] for f in offered}
        self.assertIn('mad.doctor', logins)
        self.assertFalse([l for l in logins if l.startswith(OTHER_PREFIX)])
        for login in [OTHER_PREFIX + 'crm.manager', 'nobody']:
            with self.subTest(login=login):
                with self.assertRaises(RpcError) as refused:
                    reception.model(
                        'ir.chat.channel', 'subscribe', chat, login)
                self.assertEqual(refused.exception.args[0][1][0],
                    "There is no user with this login that you can add "
                    "to the chat.")
        reception.model('ir.chat.channel', 'subscribe', chat, 'mad.doctor')
        self.assertEqual([f['key'] for f in reception.model(
                    'ir.chat.channel', 'get_followers', chat)],
            ['mad.doctor'])

    def test_campaign_recipients_only_for_the_campaigns_company(self):
        """The central's CRM manager reads its campaign's recipients; the
        other franchise's does not find them by search, by the campaign's
        segment, by id, by export or through the e-mails sent, over
        JSON-RPC; Madrid's manager works no campaign"""
        with Transaction().start(DB_NAME, 0):
            Campaign = Pool().get('marketing.automation.scenario')
            campaign, = Campaign.search([('company', '=', self.central)])
            recipients = [r.id for r in campaign.recipients]
            segment = campaign.segment.id
        self.assertTrue(recipients, "the demo's campaign has recipients")
        own = JsonRpc('crm.manager')
        self.assertEqual(sorted(own.model('marketing.automation.record',
                    'search', [('scenario', '=', campaign.id)],
                    0, None, None)), sorted(recipients))
        other = JsonRpc(OTHER_PREFIX + 'crm.manager')
        for model, domain in [
                ('marketing.automation.record', [('id', 'in', recipients)]),
                ('marketing.automation.scenario', [
                        ('recipients', 'in', recipients)]),
                ('party.party', [('campaign_segment', '=', segment)]),
                ('ir.email', [('marketing_automation_record', 'in',
                            recipients)]),
                ]:
            with self.subTest(model=model):
                self.assertEqual(
                    other.model(model, 'search', domain, 0, None, None), [])
        for method, params in [
                ('read', [recipients, ['record']]),
                ('export_data', [recipients, ['record']]),
                ]:
            with self.subTest(method=method):
                with self.assertRaises(RpcError):
                    other.model('marketing.automation.record', method,
                        *params)
        with self.assertRaises(RpcError):
            JsonRpc('mad.manager').model('marketing.automation.scenario',
                'search', [], 0, None, None)

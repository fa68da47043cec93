"""The leak matrix: every model holding company data, every access path,
every sharing policy of a clinic, every role.

Clínica Madrid owns the records under test. For each combination of its
policy (shared with the central, shared with the other clinics) the users of
each role look at them through every path and must see exactly what the
policy opens, and change only their own.
"""
import csv
import datetime as dt
import io
import itertools
import unittest
from contextlib import contextmanager

from trytond.model.exceptions import AccessButtonError, AccessError
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME, drop_db
from trytond.transaction import Transaction

from clinic_base.closed import changes_active_records
from clinic_l10n_es.exceptions import VATBookCompanyError
from clinic_l10n_es.vat_book import ISSUED_COLUMNS, split_number

from .fixture import (
    JsonRpc, RpcError, as_user, company_id, setup_franchises)

OWNER = "Clínica Madrid"
# Where each viewer sits relative to the owner clinic
VIEWERS = {
    'mad.manager': 'own',
    'mad.reception': 'own',
    'mad.doctor': 'own',
    'central.admin': 'central',
    'central.accountant': 'central',
    'bcn.manager': 'clinic',
    'bcn.reception': 'clinic',
    'bcn.doctor': 'clinic',
    'f2.central.admin': 'other franchise',
    'f2.mad.manager': 'other franchise',
    }
POLICIES = list(itertools.product([False, True], repeat=2))
# model: (policy category or scope (SCOPES), field naming the party or None,
# owner path)
MODELS = {
    'party.party': ('contacts', None, 'company'),
    'party.address': ('contacts', 'party', 'party.company'),
    'party.contact_mechanism': ('contacts', 'party', 'party.company'),
    'party.identifier': ('contacts', 'party', 'party.company'),
    'clinic.patient.number': ('contacts', 'party', 'company'),
    'clinic.appointment': ('contacts', 'party', 'company'),
    'clinic.history.entry': ('histories', 'party', 'company'),
    'clinic.patient.document': ('documents', 'party', 'company'),
    'account.invoice': ('invoices', 'party', 'company'),
    'account.invoice.line': ('invoices', 'invoice.party', 'company'),
    'sale.sale': ('budgets', 'party', 'company'),
    'sale.line': ('budgets', 'sale.party', 'sale.company'),
    'clinic.debtor': ('invoices', 'party', 'company'),
    'clinic.debtor.contact': ('invoices', 'party', 'company'),
    # a practitioner's commissions, and their agent (whose party is staff)
    'commission': ('invoices', 'patient', 'agent.company'),
    'commission.agent': ('invoices', None, 'company'),
    # the moves (a payment's among them) and their lines
    'account.move': ('invoices', None, 'company'),
    'account.move.line': ('invoices', 'party', 'move.company'),
    # the cash boxes and their lines (money put in or taken out: the
    # demo's float names no party)
    'account.statement': ('invoices', None, 'company'),
    'account.statement.line': ('invoices', None, 'statement.company'),
    'clinic.room': ('franchise', None, 'company'),
    'company.employee': ('franchise', None, 'company'),
    'company.employee-clinic.specialty': (
        'franchise', None, 'employee.company'),
    'clinic.schedule': ('clinic', None, 'company'),
    'clinic.schedule.exception': ('clinic', None, 'company'),
    'clinic.recall': ('contacts', 'party', 'company'),
    'clinic.dental.finding': ('histories', 'patient', 'company'),
    'clinic.dental.perio.chart': ('histories', 'patient', 'company'),
    'clinic.dental.perio.tooth': (
        'histories', 'chart.patient', 'chart.company'),
    }
# Where the records of the agenda's setup are read, whatever the policy.
# Rooms and practitioners with their specialties are read across the
# franchise: the appointments that the policy opens to the central and the
# other clinics name them. Working hours, closures and leave are read in the
# clinic (at the central, once the user enters it).
SCOPES = {
    'franchise': {'own', 'central', 'clinic'},
    'clinic': {'own'},
    }
# Buttons that only open other records (a list, a new form): they work
# wherever their record is seen
READING_BUTTONS = {
    'clinic.recall': {'open_patient', 'book'},
    }
# The budgets' own buttons and wizards (clinic_billing)
BUDGET_BUTTONS = {'reject', 'invoice', 'add_package', 'add_treatments'}
BUDGET_WIZARDS = {'clinic.budget.add_package', 'clinic.budget.add_treatments'}
REPORTS = {
    'account.statement': 'account.statement',
    'account.invoice': 'account.invoice',
    'sale.sale': 'sale.sale',
    }


# What a role reads of a model whatever the policy (the roles' policy, see
# tests/test_role_policy.py): model: (the groups whose users read all of it,
# the domain of what the other users with access read)
ROLE_LIMITS = {
    # the front desk and the accountants: the treatments, not the findings
    'clinic.dental.finding': (
        {'group_practitioner', 'group_clinic_manager',
            'group_franchise_admin'},
        [('status', 'in', ['planned', 'done'])]),
    # commissions: the accountants and the managers only
    'commission': (
        {'group_accountant', 'group_clinic_manager',
            'group_franchise_admin'},
        [('id', '<', 0)]),
    }


def role_limit(model):
    "The domain of what the user's role reads of model, or None for all"
    if model not in ROLE_LIMITS:
        return None
    pool = Pool()
    User = pool.get('res.user')
    ModelData = pool.get('ir.model.data')
    readers, domain = ROLE_LIMITS[model]
    groups = set(User.get_groups())
    if groups & {ModelData.get_id('clinic_base', g) for g in readers}:
        return None
    return domain


def changing_wizards(model):
    """The wizards of model's records that the matrix expects refused on
    another company's records: all but those that declare they leave them
    alone (changes_active_records)"""
    pool = Pool()
    ActionWizard = pool.get('ir.action.wizard')
    with Transaction().set_user(0):
        names = {a.wiz_name for a in ActionWizard.search([
                    ('model', '=', model),
                    ])}
    return sorted(n for n in names
        if changes_active_records(pool.get(n, type='wizard')))


def opens(where, share_central, share_clinics):
    "Whether the owner's policy opens its records to a viewer there"
    return {
        'own': True,
        'central': share_central,
        'clinic': share_clinics,
        'other franchise': False,
        }[where]


def document_opens(model, where, policy):
    """A party (its address and its id) is also seen where a document
    naming it is seen: an invoice or a budget shows whom it is for."""
    category = MODELS[model][0]
    if category in SCOPES:
        return where in SCOPES[category]
    if model in {'party.party', 'party.address', 'party.identifier'}:
        return opens(where, *policy['contacts']) or any(
            opens(where, *policy[c])
            for c in ('histories', 'documents', 'invoices', 'budgets'))
    return opens(where, *policy[category])


class MatrixTestCase(unittest.TestCase):
    """The franchises in a database of their own, and the counting of the
    cases a matrix checks (a base for the matrices, without tests)"""
    cases = 0
    matrix_name = "leak matrix"

    @classmethod
    def setUpClass(cls):
        drop_db()
        setup_franchises()
        cls.owner = company_id(OWNER)

    @classmethod
    def tearDownClass(cls):
        drop_db()
        print("\n%s: %d cases" % (cls.matrix_name, cls.cases))

    def check(self, label, expected, actual):
        type(self).cases += 1
        with self.subTest(label):
            self.assertEqual(actual, expected, label)

    @staticmethod
    def succeeds(method, *args):
        "Whether the call passes the access checks"
        try:
            method(*args)
        except (AccessError, AccessButtonError):
            return False
        return True


class LeakMatrixTestCase(MatrixTestCase):
    "No record crosses a line the sharing policy does not open"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.records = cls.owner_records()
        cls.numbered = cls.owner_patients()
        cls.attachments = cls.attach_notes()

    @classmethod
    def owner_records(cls):
        "The ids of the owner clinic's records, per model"
        with Transaction().start(DB_NAME, 0):
            pool = Pool()
            # Only patients: the clinic's own party (with its address) is
            # franchise-wide
            Company = pool.get('company.company')
            own_party = Company(cls.owner).party.id
            records = {}
            for model, (category, party_field, owner_path) in (
                    MODELS.items()):
                Model = pool.get(model)
                domain = [(owner_path, '=', cls.owner)]
                if category not in SCOPES:
                    domain.append((party_field or 'id', '!=', own_party))
                records[model] = [r.id for r in Model.search(domain)]
                assert records[model], model
            return records

    @classmethod
    def owner_patients(cls):
        "The owner's parties that have a history number (not its staff)"
        with Transaction().start(DB_NAME, 0):
            Number = Pool().get('clinic.patient.number')
            return {n.party.id for n in Number.search([
                        ('id', 'in', cls.records['clinic.patient.number']),
                        ])}

    @classmethod
    def attach_notes(cls):
        "A note attached to one record of each model"
        with Transaction().start(DB_NAME, 0) as transaction:
            Attachment = Pool().get('ir.attachment')
            attachments = Attachment.create([{
                        'name': 'note.txt', 'type': 'data',
                        'data': b'confidential',
                        'resource': '%s,%s' % (model, ids[0]),
                        } for model, ids in cls.records.items()])
            transaction.commit()
            return {a.resource.__name__: a.id for a in attachments}

    def set_policy(self, share_central, share_clinics, categories=None):
        "Share the owner's data (of categories, or all) as told"
        domain = [('company', '=', self.owner)]
        if categories is not None:
            domain.append(('category', 'in', categories))
        with Transaction().start(DB_NAME, 0) as transaction:
            Policy = Pool().get('clinic.sharing.policy')
            Policy.write(Policy.search(domain), {
                    'share_central': share_central,
                    'share_clinics': share_clinics,
                    })
            transaction.commit()

    def test_matrix(self):
        "Each viewer sees exactly the opened records, by every path"
        for policy in POLICIES:
            self.set_policy(*policy)
            shares = {c: policy for c in (
                    'contacts', 'histories', 'documents', 'invoices',
                    'budgets')}
            for login, where in VIEWERS.items():
                self.contacts_open = opens(where, *policy)
                with as_user(login):
                    for model in MODELS:
                        label = 'policy=%s %s %s' % (policy, login, model)
                        if not self.role_may(model, 'read'):
                            self.check_role_refused(model, label)
                            continue
                        with self.role_records(model, document_opens(
                                    model, where, shares), label) as shown:
                            if shown:
                                self.check_shown(model, where, shares, label)
                    self.check_vat_book(where, 'policy=%s %s' % (
                            policy, login))
                self.check_rpc(login, where, shares)

    def check_shown(self, model, where, shares, label):
        "Check every path to the records of model the role reads"
        self.check_model(
            model, document_opens(model, where, shares),
            where == 'own' and self.role_may(model, 'write'), label)
        if where != 'own':
            self.check_buttons(
                model, document_opens(model, where, shares), label)
            self.check_wizards(model, label)

    @contextmanager
    def role_records(self, model, visible, label):
        """Narrow the owner's records of model to those the user's role
        reads (ROLE_LIMITS), checking that the others stay hidden; yield
        whether any is left to check"""
        domain = role_limit(model)
        if domain is None:
            yield True
            return
        Model = Pool().get(model)
        every = self.records[model]
        with Transaction().set_user(0):
            shown = [r.id for r in Model.search(
                        [('id', 'in', every), domain])]
        self.check(label + ' role limit', sorted(shown) if visible else [],
            sorted(r.id for r in Model.search([('id', 'in', every)])))
        self.records[model] = shown
        try:
            yield bool(shown)
        finally:
            self.records[model] = every

    @staticmethod
    def role_may(model, mode):
        "Whether the user's groups may read or write model at all"
        ModelAccess = Pool().get('ir.model.access')
        return ModelAccess.check(model, mode, raise_exception=False)

    def check_role_refused(self, model, label):
        "A role without access to model reaches none of its records"
        Model = Pool().get(model)
        ids = self.records[model]
        self.check(label + ' search (role)', False,
            self.succeeds(Model.search, [('id', 'in', ids)]))
        self.check(label + ' read (role)', False,
            self.succeeds(Model.read, ids, ['rec_name']))
        Attachment = Pool().get('ir.attachment')
        self.check(label + ' attachment read (role)', False,
            self.succeeds(Attachment.read, [self.attachments[model]], ['data']))

    def check_model(self, model, visible, own, label):
        pool = Pool()
        Model = pool.get(model)
        ids = self.records[model]
        expected = sorted(ids) if visible else []
        self.check(label + ' search', expected,
            sorted(r.id for r in Model.search([('id', 'in', ids)])))
        self.check(label + ' search_count', len(expected),
            Model.search_count([('id', 'in', ids)]))
        self.check(label + ' read', visible,
            self.succeeds(Model.read, ids, ['rec_name']))
        self.check(label + ' export', visible,
            self.succeeds(Model.export_data, Model.browse(ids), ['rec_name']))
        party_field = MODELS[model][1]
        if party_field:
            # The name of the party a visible record names (Many2One
            # rec_name, as a list view reads it)
            self.check(label + ' read related', visible,
                self.succeeds(Model.read, ids, [party_field + '.rec_name']))
            self.check(label + ' search by relation', expected, sorted(
                    r.id for r in Model.search([
                            ('id', 'in', ids),
                            (party_field + '.name', 'ilike', '%'),
                            ])))
        if model == 'clinic.patient.document':
            # The download path: the file itself
            self.check(label + ' download', visible,
                self.succeeds(Model.read, ids, ['data']))
        if model == 'party.party':
            # History numbers follow the contacts policy, even where a
            # shared document shows the party
            numbered = [i for i in expected if i in self.numbered]
            self.check(label + ' search by history number',
                numbered if self.contacts_open else [], sorted(
                    r.id for r in Model.search([
                            ('id', 'in', ids),
                            ('history_number', 'ilike', '%'),
                            ])))
        if model in REPORTS and 'party' in Model._fields:
            # Exporting a document with its party's phones: the phones
            # follow the contacts policy, whatever the document's.
            self.check(label + ' export related phones',
                visible and self.contacts_open,
                self.succeeds(Model.export_data, Model.browse(ids),
                    ['rec_name', 'party/contact_mechanisms/value']))
        if model == 'clinic.dental.finding':
            self.check_odontogram(visible, label)
        self.check_attachment(model, visible, label)
        if model in REPORTS:
            self.check_report(model, visible, label)
        if not Model._is_table_query():
            # (a list computed by a query, as the recalls, has no write)
            self.check(label + ' write', own,
                self.succeeds(Model.write, Model.browse(ids), {}))

    def check_odontogram(self, visible, label):
        """The patients' odontograms (now and at a date) and DMFT show the
        owner's findings only where the policy opens them"""
        pool = Pool()
        Party = pool.get('party.party')
        Date = pool.get('ir.date')
        Finding = pool.get('clinic.dental.finding')
        with Transaction().set_user(0):
            patient_ids = sorted({f.patient.id for f in Finding.browse(
                        self.records['clinic.dental.finding'])})
        patients = Party.search([('id', 'in', patient_ids)])
        if not patients:
            # the patients themselves are out of reach: nothing to draw
            self.check(label + ' odontogram (no patient)', False, visible)
            return
        drawn = [Party(p.id).odontogram for p in patients] + list(
            Party.draw_odontograms(patients, Date.today()).values())
        self.check(label + ' odontogram', visible,
            any(b'class="finding' in bytes(svg) for svg in drawn))
        if role_limit('clinic.dental.finding') is None:
            self.check(label + ' DMFT', visible,
                any(Party(p.id).dmft_total for p in patients))
        else:
            # (the treatments only: no caries, which are findings)
            self.check(label + ' DMFT without findings', True,
                not any(Party(p.id).dmft_decayed for p in patients))

    def check_buttons(self, model, visible, label):
        """No button changes the owner's records for another company's
        user, even where the policy opens them for reading"""
        Model = Pool().get(model)
        records = Model.browse(self.records[model])
        reading = READING_BUTTONS.get(model, set())
        for button in sorted(getattr(Model, '_buttons', {})):
            self.check(label + ' button ' + button,
                visible and button in reading,
                self.succeeds(getattr(Model, button), records))

    def check_wizards(self, model, label):
        """No wizard that changes the records it runs on runs on the
        owner's records for another company's user"""
        pool = Pool()
        ids = self.records[model]
        for name in changing_wizards(model):
            Wizard = pool.get(name, type='wizard')
            with Transaction().set_context(
                    active_model=model, active_ids=ids, active_id=ids[0]):
                self.check(label + ' wizard ' + name, False,
                    self.succeeds(Wizard.check_access))

    def test_budget_actions_covered(self):
        """The budgets' own buttons and wizards are among those the matrix
        tries on another clinic's budget (and finds refused)"""
        with Transaction().start(DB_NAME, 0):
            Sale = Pool().get('sale.sale')
            self.assertLessEqual(BUDGET_BUTTONS, set(Sale._buttons))
            self.assertFalse(BUDGET_BUTTONS & READING_BUTTONS.get(
                    'sale.sale', set()))
            self.assertLessEqual(
                BUDGET_WIZARDS, set(changing_wizards('sale.sale')))

    def test_budget_treatments(self):
        """A budget line read elsewhere shows its teeth, as the budget
        does, but its treatment only where the histories are shared"""
        lines = self.owner_treatment_lines()
        self.assertTrue(lines, "the demo's owner clinic has a budget of "
            "charted treatments (demo/billing.py:create_treatment_budget)")
        for budgets, histories in itertools.product(
                [(False, False), (True, True)], repeat=2):
            self.set_policy(*budgets, categories=['budgets'])
            self.set_policy(*histories, categories=['histories'])
            for login, where in VIEWERS.items():
                with as_user(login):
                    if not self.role_may('sale.line', 'read'):
                        continue
                    self.check_treatment_paths(lines,
                        opens(where, *budgets), opens(where, *histories),
                        'budgets=%s histories=%s %s' % (
                            budgets, histories, login))

    def owner_treatment_lines(self):
        """The owner's budget lines of a charted treatment: {id: (treatment
        id, teeth)}"""
        with Transaction().start(DB_NAME, 0):
            SaleLine = Pool().get('sale.line')
            return {l.id: (l.treatment.id, l.teeth) for l in SaleLine.search([
                        ('id', 'in', self.records['sale.line']),
                        ('treatment', '!=', None),
                        ])}

    def check_treatment_paths(self, lines, line_open, finding_open, label):
        """The line, its teeth and the id of its treatment are the
        budget's; the treatment itself (its name, its tooth, the search
        through it) is the clinical history's"""
        pool = Pool()
        SaleLine = pool.get('sale.line')
        Finding = pool.get('clinic.dental.finding')
        ids = sorted(lines)
        both = line_open and finding_open
        # (a role without the clinical histories reads no treatment, and
        # finds no line by its treatment: a search through a model the
        # user may not read matches nothing)
        readable = both and self.role_may('clinic.dental.finding', 'read')
        rows = None
        if self.succeeds(SaleLine.read, ids, ['treatment', 'teeth']):
            rows = SaleLine.read(ids, ['treatment', 'teeth'])
        self.check(label + ' line teeth', {
                i: lines[i] for i in ids} if line_open else None,
            {r['id']: (r['treatment'], r['teeth']) for r in rows}
            if rows is not None else None)
        self.check(label + ' read treatment', readable,
            self.succeeds(SaleLine.read, ids, ['treatment.rec_name']))
        self.check(label + ' export treatment', readable,
            self.succeeds(SaleLine.export_data, SaleLine.browse(ids),
                ['treatment/rec_name']))
        self.check(label + ' search by treatment', ids if readable else [],
            sorted(l.id for l in SaleLine.search([
                        ('id', 'in', ids),
                        ('treatment.tooth', '!=', None),
                        ])))
        if finding_open and self.role_may('clinic.dental.finding', 'read'):
            # The way back: the treatment's budget lines, as its form
            # lists them
            findings = sorted({t for t, _ in lines.values()})
            self.check(label + ' treatment budget lines',
                ids if line_open else [],
                sorted(i for r in Finding.read(findings, ['budget_lines'])
                    for i in r['budget_lines'] if i in lines))

    def check_vat_book(self, where, label):
        """The owner's VAT book is exported only in the owner clinic, by its
        accounting staff, and lists only the owner's invoices"""
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        User = pool.get('res.user')
        accounting = ModelData.get_id('account', 'group_account')
        try:
            numbers = self.vat_book_numbers()
        except (AccessError, VATBookCompanyError):
            numbers = None
        self.check(label + ' VAT book',
            where == 'own' and accounting in User.get_groups(),
            numbers is not None)
        if numbers is not None:
            with Transaction().set_user(0):
                self.check(label + ' VAT book holds the owner\'s invoices',
                    self.owner_invoice_numbers(), numbers)

    def vat_book_numbers(self):
        """The invoices (series and number) of the owner's issued VAT book of
        this year"""
        pool = Pool()
        Company = pool.get('company.company')
        Date = pool.get('ir.date')
        VATBook = pool.get('clinic.vat_book', type='wizard')
        VATBook.check_access()
        session_id, _, _ = VATBook.create()
        wizard = VATBook(session_id)
        wizard.start.company = Company(self.owner)
        wizard.start.book = 'issued'
        wizard.start.period_kind = 'year'
        wizard.start.year = Date.today().year
        wizard.start.period = None
        wizard.transition_export()
        text = bytes(wizard.result.csv_file).decode('utf-8')
        keys = [key for _, _, key in ISSUED_COLUMNS]
        return sorted({
                (row[keys.index('series')], row[keys.index('number')])
                for row in list(csv.reader(
                        io.StringIO(text), delimiter=';'))[2:]})

    def owner_invoice_numbers(self):
        """The series and numbers of the owner's booked customer invoices of
        this year"""
        pool = Pool()
        Date = pool.get('ir.date')
        Invoice = pool.get('account.invoice')
        year = Date.today().year
        return sorted({split_number(i.number) for i in Invoice.search([
                        ('company', '=', self.owner),
                        ('type', '=', 'out'),
                        ('move', '!=', None),
                        ('invoice_date', '>=', dt.date(year, 1, 1)),
                        ('invoice_date', '<=', dt.date(year, 12, 31)),
                        ])})

    def check_attachment(self, model, visible, label):
        Attachment = Pool().get('ir.attachment')
        attachment = self.attachments[model]
        with Transaction().set_user(0):
            resource = Attachment(attachment).resource.id
        # (on a record the role does not read: hidden whatever the policy)
        visible = visible and resource in self.records[model]
        self.check(label + ' attachment search', visible,
            bool(Attachment.search([('id', '=', attachment)])))
        self.check(label + ' attachment read', visible,
            self.succeeds(Attachment.read, [attachment], ['data']))

    def check_report(self, model, visible, label):
        pool = Pool()
        Report = pool.get(REPORTS[model], type='report')
        Model = pool.get(model)
        record_id = self.records[model][0]
        try:
            _, content, _, _ = Report.execute([record_id], {
                    'model': model, 'id': record_id, 'ids': [record_id]})
        except AccessError:
            content = None
        self.check(label + ' report', visible, content is not None)
        if content is not None and 'party' in Model._fields:
            # What the report prints of related records is what a user
            # allowed to read the document sees: its party's name.
            with Transaction().set_user(0):
                party_name = Model(record_id).party.name
            self.check(label + ' report prints party', True,
                party_name.encode('utf-8') in bytes(content)
                or self.in_odt(party_name, content))

    @staticmethod
    def in_odt(text, content):
        import io
        import zipfile
        with zipfile.ZipFile(io.BytesIO(bytes(content))) as odt:
            return text in odt.read('content.xml').decode('utf-8')

    def check_rpc(self, login, where, shares):
        "Read by id over JSON-RPC, as a client that knows the ids"
        rpc = JsonRpc(login)
        for model in ('party.party', 'account.invoice', 'sale.sale'):
            visible = document_opens(model, where, shares)
            label = 'policy=%s %s %s rpc read' % (
                shares['contacts'], login, model)
            try:
                rows = rpc.model(model, 'read', self.records[model],
                    ['rec_name'])
            except RpcError:
                rows = None
            self.check(label, visible, rows is not None)

"""The generated leak matrix: its cases are found in the Pool, not listed.

A record the policy hides behaves as if it did not exist. The cases here are
generated from the models and fields of the pool, so that a new model or
field is covered without anyone adding it:

- **links**: for every model and every relational field (Many2One,
  Reference, One2Many, Many2Many, and Function fields of those kinds) whose
  target holds a record the viewer cannot read, a create that points to that
  record is refused, with a message that names the field and not the record
  (its name is not in it);
- **search through relations**: for every model the viewer reads and every
  relational path of one or two steps that ends on such a target, a search
  for the hidden record's id through the path finds nothing;
- **relational values read**: for every model the viewer reads, the
  One2Many and Many2Many fields (stored or Function) of its records (up to
  a sample) name only records the viewer reads;
- **exports**: the same fields and the Many2One, exported by id, write out
  only records the viewer reads (or the export is refused);
- **forms**: every group of users (FORM_VIEWERS) opens the form of a
  record of each model it reads (the form's view, then its fields read, as
  sao does) without an access error;
- **reports**: every report of the pool, run on a record the viewer cannot
  read, is refused;
- **chats**: the chat of every model with one (``ChatMixin``) is refused,
  to read and to write, on a record the viewer cannot read;
- **wizards on records shared for reading**: every wizard of the pool bound
  to a model (its action's model, or a keyword of its action) refuses to run
  on a record the viewer reads but may not change, unless it declares that
  it leaves the records it runs on alone, and then it runs there.

The viewers are every role of the central and of each clinic, and users of
a second franchise (EVERY_ROLE); the searches and the exports, a few of them
(SEARCH_VIEWERS).
"""
import unittest
from collections import defaultdict

from trytond.exceptions import UserError
from trytond.model import ChatMixin, ModelSQL, fields
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME, drop_db
from trytond.transaction import Transaction, without_check_access

from clinic_base.closed import ClosedWizard, changes_active_records

from .fixture import OTHER_PREFIX, as_user, setup_franchises

# Every role of the central and of each clinic (Madrid shares everything,
# Barcelona with the central only, Valencia nothing), and users of a second
# franchise: the viewers of the links, the values read and the reports
EVERY_ROLE = [
    'central.admin', 'central.accountant', 'callcenter', 'crm.manager',
    *(f'{clinic}.{role}' for clinic in ['mad', 'bcn', 'vlc']
        for role in ['manager', 'reception', 'doctor']),
    OTHER_PREFIX + 'central.admin', OTHER_PREFIX + 'mad.reception',
    ]
# The searches walk some six thousand paths per viewer, the exports every
# field of every model: as a clinic's role that reads no history, the
# central's role that reads no document, and a user of the other franchise
SEARCH_VIEWERS = ['vlc.reception', 'crm.manager', OTHER_PREFIX + 'mad.doctor']
# How many paths of a model one search tries at once
SEARCH_BATCH = 100
# Each group of users once (a clinic's roles differ by group, not by clinic),
# and a clinic that shares nothing: who opens the forms
FORM_VIEWERS = [
    'central.admin', 'central.accountant', 'callcenter', 'crm.manager',
    'mad.manager', 'mad.reception', 'mad.doctor', 'vlc.reception']
# Who created and last wrote a record: Tryton sets them itself, whatever a
# client sends (no link), and every model has them (see relational_paths)
STAMPS = {'create_uid', 'write_uid'}
# Who reads records they may not change: Madrid shares everything with
# Barcelona and the central, Barcelona everything with the central
WIZARD_VIEWERS = ['bcn.reception', 'bcn.manager', 'central.accountant']
READ_ONLY = "shares it with you for reading only"
RELATIONAL = (fields.Many2One, fields.Reference, fields.One2Many,
    fields.Many2Many)
LINK_REFUSED = "is not a record you can see"


def relational_fields(Model, hidden):
    """Yield (name, field, Target) of Model's relational fields (of a
    Reference, for each of its targets in hidden)"""
    pool = Pool()
    for name, field in Model._fields.items():
        inner = field._field if isinstance(field, fields.Function) else field
        if isinstance(inner, fields.Reference):
            selection = inner.selection
            if isinstance(selection, str):
                continue  # computed per record
            for target, _ in selection:
                if target in hidden:
                    yield name, inner, pool.get(target)
        elif isinstance(inner, RELATIONAL):
            yield name, field, inner.get_target()


def sql_models():
    "Yield (name, Model) of the pool's models stored in the database"
    for name, Model in Pool().iterobject():
        if issubclass(Model, ModelSQL):
            yield name, Model


def stored_records():
    "Return {model: ids} of up to 200 records of each stored model"
    every = {}
    with Transaction().start(DB_NAME, 0):
        for name, Model in sql_models():
            # (a model of a table query is a report of the records of
            # others: no link points to it)
            if not callable(Model.table_query):
                every[name] = [r.id for r in Model.search([], limit=200)]
    return every


def hidden_records(login, every):
    """Return {model: id} of a record of each model of every (stored_records)
    that the viewer login cannot read (or of any record, where the viewer
    reads no such model)"""
    hidden = {}
    with as_user(login):
        pool = Pool()
        ModelAccess = pool.get('ir.model.access')
        for name, ids in every.items():
            if not ids:
                continue
            Model = pool.get(name)
            if not ModelAccess.check(name, 'read', raise_exception=False):
                hidden[name] = ids[0]
                continue
            try:
                with Transaction().set_context(active_test=False):
                    seen = {r.id for r in Model.search([('id', 'in', ids)])}
            except AccessError:
                # (attachments and notes of records of a model the viewer
                # may not read)
                seen = set()
            unseen = sorted(set(ids) - seen)
            if unseen:
                hidden[name] = unseen[0]
    return hidden


class GeneratedMatrixTestCase(unittest.TestCase):
    "The leak matrix's cases generated from the Pool"

    @classmethod
    def setUpClass(cls):
        drop_db()
        setup_franchises()
        cls.counts = defaultdict(int)
        cls.hidden = {}
        cls.every = None

    def hidden_of(self, login):
        "hidden_records of the viewer login, found once"
        if login not in self.hidden:
            if self.every is None:
                type(self).every = stored_records()
            self.hidden[login] = hidden_records(login, self.every)
        return self.hidden[login]

    @classmethod
    def tearDownClass(cls):
        drop_db()
        print("\ngenerated matrix: %s" % ', '.join(
                '%s %d cases' % item for item in sorted(cls.counts.items())))

    def test_links_to_hidden_records_refused(self):
        "No create links a record the viewer cannot read"
        for login in EVERY_ROLE:
            hidden = self.hidden_of(login)
            self.assertIn('party.party', hidden)
            names = record_names(hidden)
            with as_user(login):
                for name, Model in sql_models():
                    if callable(Model.table_query):
                        continue  # a report: nothing is created in it
                    for fname, field, Target in relational_fields(
                            Model, hidden):
                        target = Target.__name__
                        if target not in hidden or fname in STAMPS:
                            continue
                        self.counts['links'] += 1
                        with self.subTest(
                                login=login, field=f'{name}.{fname}'):
                            self.check_link_refused(
                                Model, fname, link_value(
                                    field, target, hidden[target]),
                                names[target])

    def check_link_refused(self, Model, fname, value, hidden_name):
        "The link is refused with a message that does not name the record"
        with self.assertRaises(AccessError) as refused:
            Model.create([{fname: value}])
        message = refused.exception.message
        self.assertIn(LINK_REFUSED, message)
        if len(hidden_name) > 3:
            self.assertNotIn(hidden_name, message)

    def test_search_through_relations_finds_no_hidden_record(self):
        """No search through a relation of one or two steps finds a record
        the viewer cannot read.

        The paths of a model are searched SEARCH_BATCH at a time, joined by
        OR (none finds a record if their union finds none), then one by one
        where the union is refused or finds a record, to name the path."""
        for login in SEARCH_VIEWERS:
            hidden = self.hidden_of(login)
            with as_user(login):
                pool = Pool()
                ModelAccess = pool.get('ir.model.access')
                for name, Model in sql_models():
                    if not ModelAccess.check(
                            name, 'read', raise_exception=False):
                        continue
                    if callable(Model.table_query):
                        continue  # a report: see the matrix's report cases
                    leaves = [(path, leaf(path, target, hidden[target]))
                        for path, target in relational_paths(Model, hidden)]
                    self.counts['searches'] += len(leaves)
                    for start in range(0, len(leaves), SEARCH_BATCH):
                        batch = leaves[start:start + SEARCH_BATCH]
                        if self.union_count(Model, batch) != 0:
                            self.search_one_by_one(login, Model, batch)

    def union_count(self, Model, leaves):
        """Count the records of Model matching any of leaves, None where
        the search is refused"""
        try:
            return Model.search_count([['OR', *(l for _, l in leaves)]])
        except AccessError:
            return None

    def search_one_by_one(self, login, Model, leaves):
        for path, leaf_ in leaves:
            with self.subTest(login=login, path=f'{Model.__name__}.{path}'):
                self.assertEqual(self.search_count(Model, leaf_), 0)

    def search_count(self, Model, leaf):
        """Count the records of Model matching leaf, 0 where the search is
        refused (a step through a model the viewer may not read)"""
        try:
            return Model.search_count([leaf])
        except AccessError:
            return 0

    def readable_fields(self, logins, fields_of, size):
        """Yield (login, Model, names, ids) as each viewer of logins: the
        fields_of each model the viewer reads that may name a record hidden
        from the viewer, and the ids of up to size records it reads"""
        for login in logins:
            hidden = self.hidden_of(login)
            with as_user(login):
                ModelAccess = Pool().get('ir.model.access')
                for name, Model in sql_models():
                    if not ModelAccess.check(
                            name, 'read', raise_exception=False):
                        continue
                    names = [n for n in fields_of(Model)
                        if ModelAccess.check_relation(name, n, 'read')
                        and may_hide(Model._fields[n], hidden)]
                    records = readable_sample(Model, size=size)
                    if names and records:
                        yield login, Model, names, records

    def assert_readable(self, Target, ids, msg):
        "The viewer reads every record of Target whose id is in ids"
        with Transaction().set_context(active_test=False):
            seen = {r.id for r in Target.search(
                        [('id', 'in', list(ids))], order=[])}
        self.assertEqual(ids - seen, set(), msg=msg)

    def test_relational_values_name_only_readable_records(self):
        """No x2many or relational Function field of a readable record
        gives the id of a record the viewer cannot read"""
        for login, Model, names, records in self.readable_fields(
                EVERY_ROLE, read_relational_fields, 20):
            self.counts['relational values'] += len(names)
            with self.subTest(login=login, model=Model.__name__):
                self.check_values_readable(Model, records, names)

    def check_values_readable(self, Model, records, names):
        rows = Model.read(records, names)
        for fname in names:
            field = Model._fields[fname]
            for Target, ids in read_links(field, rows, fname):
                if issubclass(Target, ModelSQL) and ids:
                    self.assert_readable(Target, ids,
                        f'{Model.__name__}.{fname} names hidden '
                        f'{Target.__name__}')

    def test_exports_name_only_readable_records(self):
        """No export of a readable record's relational field (its ids) gives
        a record the viewer cannot read: the export writes out readable
        records only, or is refused"""
        for login, Model, names, records in self.readable_fields(
                SEARCH_VIEWERS, exported_relational_fields, 5):
            self.counts['exports'] += len(names)
            with self.subTest(login=login, model=Model.__name__):
                self.check_export_readable(
                    Model, Model.browse(records), names)

    def check_export_readable(self, Model, records, names):
        """Export the fields together, or one by one where together is
        refused (a refused export writes nothing out)"""
        try:
            rows = Model.export_data(records, [f'{n}/id' for n in names])
        except AccessError:
            if len(names) > 1:
                for fname in names:
                    self.check_export_readable(Model, records, [fname])
            return
        for column, fname in enumerate(names):
            ids = {row[column] for row in rows
                if isinstance(row[column], int) and row[column] >= 0}
            if ids:
                self.assert_readable(Model._fields[fname].get_target(), ids,
                    f'export of {Model.__name__}.{fname}')

    def test_forms_open_for_every_role(self):
        """Every role opens the form of a record it reads as sao does (the
        form's view, then its fields read) without an access error: what
        the role may not read is not on its form"""
        with Transaction().start(DB_NAME, 0):
            View = Pool().get('ir.ui.view')
            with_form = {v.model for v in View.search([
                        ('type', '=', 'form'), ('model', '!=', None)])}
        for login in FORM_VIEWERS:
            with as_user(login):
                pool = Pool()
                ModelAccess = pool.get('ir.model.access')
                for name, Model in sql_models():
                    if (name not in with_form
                            or not ModelAccess.check(
                                name, 'read', raise_exception=False)):
                        continue
                    try:
                        records = Model.search([], limit=1, order=[])
                    except AccessError:
                        # (attachments and notes, listed only on a record
                        # of a model the role reads)
                        continue
                    if not records:
                        continue
                    self.counts['forms'] += 1
                    with self.subTest(login=login, model=name):
                        view = Model.fields_view_get(view_type='form')
                        try:
                            Model.read([records[0].id], list(view['fields']))
                        except AccessError as error:
                            self.fail(error.message)

    def test_reports_refuse_hidden_records(self):
        "No report runs on a record the viewer cannot read"
        with Transaction().start(DB_NAME, 0):
            reports = [(a.report_name, a.model, a.id) for a in Pool().get(
                    'ir.action.report').search([('model', '!=', None)])]
        self.assertTrue(reports)
        for login in EVERY_ROLE:
            hidden = self.hidden_of(login)
            with as_user(login):
                pool = Pool()
                for report_name, model, action_id in reports:
                    if model not in hidden:
                        continue
                    Report = pool.get(report_name, type='report')
                    self.counts['reports'] += 1
                    with self.subTest(login=login, report=report_name):
                        with self.assertRaises(AccessError):
                            Report.execute([hidden[model]], {
                                    'model': model, 'id': hidden[model],
                                    'ids': [hidden[model]],
                                    'action_id': action_id})

    def test_chats_refuse_hidden_records(self):
        "No chat is read or written on a record the viewer cannot read"
        with Transaction().start(DB_NAME, 0):
            chats = [name for name, Model in sql_models()
                if issubclass(Model, ChatMixin)]
        self.assertTrue(chats)
        for login in EVERY_ROLE:
            hidden = self.hidden_of(login)
            with as_user(login):
                Channel = Pool().get('ir.chat.channel')
                for model in chats:
                    if model not in hidden:
                        continue
                    resource = '%s,%d' % (model, hidden[model])
                    for call in [Channel.get, Channel.get_followers,
                            lambda r: Channel.post(r, "?")]:
                        self.counts['chats'] += 1
                        # (as the RPC calls them: without the access
                        # checks, which they make themselves)
                        with self.subTest(login=login, chat=resource), \
                                without_check_access():
                            with self.assertRaises(UserError):
                                call(resource)

    def test_wizards_run_only_where_the_user_may_write(self):
        """No wizard changes a record that is shared with the viewer for
        reading only, but those that declare they leave it alone run"""
        bindings = wizard_bindings()
        self.assertIn(('account.invoice.credit', 'account.invoice'), bindings)
        for login in WIZARD_VIEWERS:
            with as_user(login):
                pool = Pool()
                for wiz_name, model in bindings:
                    Model = pool.get(model)
                    if not hasattr(Model, 'check_write_rules'):
                        continue  # read and write rules alike
                    Wizard = pool.get(wiz_name, type='wizard')
                    record = read_only_record(Model)
                    if record is None or not may_run(Wizard, model, record):
                        continue
                    self.counts['wizards'] += 1
                    with self.subTest(login=login, wizard=wiz_name,
                            model=model), Transaction().set_context(
                                active_model=model, active_id=record,
                                active_ids=[record]):
                        if changes_active_records(Wizard):
                            with self.assertRaises(AccessError) as refused:
                                Wizard.check_access()
                            self.assertIn(
                                READ_ONLY, refused.exception.message)
                        else:
                            Wizard.check_access()
        self.assertGreater(self.counts['wizards'], 10)


def record_names(hidden):
    "The names (rec_name) of the hidden records, by model"
    with Transaction().start(DB_NAME, 0):
        pool = Pool()
        names = {}
        for model, id_ in hidden.items():
            try:
                names[model] = pool.get(model)(id_).rec_name or ''
            except Exception:
                names[model] = ''  # (a name computed from other records)
        return names


def read_relational_fields(Model):
    """The names of Model's One2Many and Many2Many fields, Function or
    stored: the lists of other records a read gives (a Many2One keeps the
    id it points to, as in Tryton; what it names is refused to a user who
    may not read it)"""
    for name, field in Model._fields.items():
        inner = field._field if isinstance(field, fields.Function) else field
        if isinstance(inner, (fields.One2Many, fields.Many2Many)):
            yield name


def may_hide(field, hidden):
    """Whether the target of field may hold a record the viewer cannot read:
    it has one (hidden), or read rules (a field whose target has neither
    names only what the viewer reads)"""
    Rule = Pool().get('ir.rule')
    inner = field._field if isinstance(field, fields.Function) else field
    target = inner.get_target().__name__
    return target in hidden or bool(Rule.domain_get(target, mode='read'))


def exported_relational_fields(Model):
    "The names of Model's stored Many2One, One2Many and Many2Many fields"
    for name, field in Model._fields.items():
        if isinstance(field, (fields.Many2One, fields.One2Many,
                    fields.Many2Many)):
            yield name


def readable_sample(Model, size):
    "The ids of up to size records of Model the user reads"
    try:
        with Transaction().set_context(active_test=False):
            return [r.id for r in Model.search([], limit=size, order=[])]
    except AccessError:
        return []


def read_links(field, rows, fname):
    "Yield (Target, ids) of the records that the rows' values of field name"
    pool = Pool()
    inner = field._field if isinstance(field, fields.Function) else field
    if isinstance(inner, fields.Reference):
        targets = defaultdict(set)
        for row in rows:
            if row[fname]:
                model, _, id_ = str(row[fname]).partition(',')
                if id_.lstrip('-').isdigit() and int(id_) >= 0:
                    targets[model].add(int(id_))
        for model, ids in targets.items():
            yield pool.get(model), ids
        return
    ids = set()
    for row in rows:
        value = row[fname]
        if isinstance(value, int):
            ids.add(value)
        elif isinstance(value, (list, tuple)):
            ids.update(v for v in value if isinstance(v, int))
    yield inner.get_target(), {i for i in ids if i >= 0}


def wizard_bindings():
    """The (wizard, model) pairs of the pool's wizard actions: the model of
    the action, and those its keywords bind it to"""
    with Transaction().start(DB_NAME, 0):
        pool = Pool()
        ActionWizard = pool.get('ir.action.wizard')
        Keyword = pool.get('ir.action.keyword')
        pairs = set()
        for action in ActionWizard.search([]):
            if action.model:
                pairs.add((action.wiz_name, action.model))
            for keyword in Keyword.search(
                    [('action', '=', action.action.id)]):
                model = str(keyword.model or '').split(',')[0]
                if model and model != 'ir.ui.menu':
                    pairs.add((action.wiz_name, model))
        return sorted(pairs)


def read_only_record(Model):
    "The id of a record of Model the user reads but may not write, or None"
    Rule = Pool().get('ir.rule')
    try:
        readable = [r.id for r in Model.search([], limit=500, order=[])]
    except AccessError:
        return None
    write_domain = Rule.domain_get(Model.__name__, mode='write')
    if not readable or not write_domain:
        return None
    with without_check_access():
        writable = {r.id for r in Model.search(
                    [('id', 'in', readable), write_domain], order=[])}
    unwritable = [i for i in readable if i not in writable]
    return unwritable[0] if unwritable else None


def may_run(Wizard, model, record):
    """Whether the user may run Wizard on the record, but for the rules
    the write guard adds (the role's access to the action and the model)"""
    with Transaction().set_context(active_model=model, active_id=record,
            active_ids=[record]):
        try:
            super(ClosedWizard, Wizard).check_access()
        except AccessError:
            return False
    return True


def relational_paths(Model, hidden, depth=2, first=True):
    """Yield (path, target) of the relational paths of Model, of depth
    steps at most, that end on a model with a hidden record (the user who
    created or last wrote a record, a step of every model, is searched
    from the record itself: as the second step, it would search the same
    rules of the users again from every model)"""
    for fname, field, Target in relational_fields(Model, hidden):
        if isinstance(field, fields.Function) and not field.searcher:
            continue
        if not first and fname in STAMPS:
            continue
        if isinstance(field, fields.Reference):
            continue  # a Reference is searched with its target model named
        if Target.__name__ in hidden:
            yield fname, Target.__name__
        if depth > 1 and not isinstance(field, fields.Function):
            for path, target in relational_paths(
                    Target, hidden, depth - 1, first=False):
                yield f'{fname}.{path}', target


def leaf(path, target, id_):
    "The leaf that searches the record id_ of target at the end of path"
    return (f'{path}.id', '=', id_)


def link_value(field, target, id_):
    "The value of field that links to the record id_ of target"
    if isinstance(field, fields.Function):
        field = field._field
    if isinstance(field, fields.Reference):
        return f'{target},{id_}'
    if isinstance(field, fields.Many2One):
        return id_
    return [('add', [id_])]

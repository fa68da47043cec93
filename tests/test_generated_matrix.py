"""The generated leak matrix: its cases are found in the Pool, not listed.

A record the policy hides behaves as if it did not exist. The cases here are
generated from the models and fields of the pool, so that a new model or
field is covered without anyone adding it:

- **links**: for every model and every relational field (Many2One,
  Reference, One2Many, Many2Many, and Function fields of those kinds) whose
  target holds a record the viewer cannot read, a create that points to that
  record is refused, with a message that names the field and not the record;
- **search through relations**: for every model the viewer reads and every
  relational path of one or two steps that ends on such a target, a search
  for the hidden record's id through the path finds nothing.

The viewers are a Valencia receptionist (Valencia shares nothing, and nobody
shares contacts with Valencia) and the central's CRM manager (who reads no
invoice, budget or history).
"""
import unittest
from collections import defaultdict

from trytond.model import ModelSQL, fields
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME, drop_db
from trytond.transaction import Transaction

from .fixture import as_user, setup_franchises

VIEWERS = ['vlc.reception', 'crm.manager']
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


def hidden_records(login):
    """Return {model: id} of a record of each model that the viewer login
    cannot read (or of any record, where the viewer reads no such model)"""
    every = {}
    with Transaction().start(DB_NAME, 0):
        for name, Model in sql_models():
            # (a model of a table query is a report of the records of
            # others: no link points to it)
            if not callable(Model.table_query):
                every[name] = [r.id for r in Model.search([], limit=200)]
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

    @classmethod
    def tearDownClass(cls):
        drop_db()
        print("\ngenerated matrix: %s" % ', '.join(
                '%s %d cases' % item for item in sorted(cls.counts.items())))

    def test_links_to_hidden_records_refused(self):
        "No create links a record the viewer cannot read"
        for login in VIEWERS:
            hidden = hidden_records(login)
            self.assertIn('party.party', hidden)
            with as_user(login):
                for name, Model in sql_models():
                    if callable(Model.table_query):
                        continue  # a report: nothing is created in it
                    for fname, field, Target in relational_fields(
                            Model, hidden):
                        target = Target.__name__
                        if target not in hidden:
                            continue
                        self.counts['links'] += 1
                        with self.subTest(
                                login=login, field=f'{name}.{fname}'):
                            self.check_link_refused(
                                Model, fname, link_value(
                                    field, target, hidden[target]))

    def check_link_refused(self, Model, fname, value):
        with self.assertRaises(AccessError) as refused:
            Model.create([{fname: value}])
        self.assertIn(LINK_REFUSED, refused.exception.message)

    def test_search_through_relations_finds_no_hidden_record(self):
        """No search through a relation of one or two steps finds a record
        the viewer cannot read"""
        for login in VIEWERS:
            hidden = hidden_records(login)
            with as_user(login):
                pool = Pool()
                ModelAccess = pool.get('ir.model.access')
                for name, Model in sql_models():
                    if not ModelAccess.check(
                            name, 'read', raise_exception=False):
                        continue
                    if callable(Model.table_query):
                        continue  # a report: see the matrix's report cases
                    for path, target in relational_paths(Model, hidden):
                        self.counts['searches'] += 1
                        with self.subTest(login=login, path=f'{name}.{path}'):
                            self.assertEqual(self.search_count(Model,
                                    leaf(path, target, hidden[target])), 0)

    def search_count(self, Model, leaf):
        """Count the records of Model matching leaf, 0 where the search is
        refused (a step through a model the viewer may not read)"""
        try:
            return Model.search_count([leaf])
        except AccessError:
            return 0


def relational_paths(Model, hidden, depth=2):
    """Yield (path, target) of the relational paths of Model, of depth
    steps at most, that end on a model with a hidden record"""
    for fname, field, Target in relational_fields(Model, hidden):
        if isinstance(field, fields.Function) and not field.searcher:
            continue
        if isinstance(field, fields.Reference):
            continue  # a Reference is searched with its target model named
        if Target.__name__ in hidden:
            yield fname, Target.__name__
        if depth > 1 and not isinstance(field, fields.Function):
            for path, target in relational_paths(Target, hidden, depth - 1):
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

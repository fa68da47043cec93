# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Closed by default: the record rules on every path of every model.

Tryton 8.0 applies a model's record rules to its own search and read, but
not to what a call reaches through relations: the leaves of a search domain
through a relation, the related records an export writes out, the records a
create or a write links to by id. ``ClosedByDefault`` is registered as a
mixin on every ``ModelSQL`` of the pool (in ``__init__.py``),
so that a model added later, ours or Tryton's, is covered without anyone
listing it:

- **search**: each step through a relation carries the target's read rules,
  and matches nothing where the user may not read the target model at all
  (``search_rules``);
- **read**: a Many2Many names only the records the user reads (Tryton reads
  it through its relation table, without the target's rules);
- **export**: the records and every related record exported are read through
  SQL first, under their rules, whatever the client's context says
  (``export_rules``);
- **links**: create and write refuse a relational value that points to a
  record the user cannot read, naming the field, never the record
  (``link_rules``), before anything is written; so do the changes a form
  asks for (``on_change``, ``on_change_with``), which would show what the
  value links to.

``ClosedWizard``, registered on every ``Wizard``, checks the same way the
relational values that a client sends into a wizard's states: a wizard runs
without the access checks, so a record id sent there would otherwise be
taken whatever the user may read. It also runs a wizard only on records the
user may write (``button_rules``), unless the wizard declares that it leaves
them alone: a wizard is guarded without anyone listing it. And it keeps in
the session the views the wizard showed, the only ones whose values the
call boundary lets a client send (``step_rules``).

The call boundary (``call_rules.CheckedCalls``, registered on every Model,
Wizard and Report) is the other half of the same layer: before a call
reaches these checks, it has refused the arguments that are not what they
may be (a domain that does not parse, a value of the wrong kind or out of
range); here a value that may be is checked for what it may point to.
"""
import types

from trytond.model import ModelSingleton, ModelSQL, ModelStorage, fields
from trytond.pool import Pool
from trytond.transaction import Transaction, check_access
from trytond.wizard import StateView

from .button_rules import check_active_records_writable
from .export_rules import read_exported
from .link_rules import check_links, hide_unreadable_links
from .search_rules import within_rules
from .step_rules import record_shown_view


def checked():
    "Whether the current call runs as a user with the access checks on"
    transaction = Transaction()
    return bool(transaction.user and transaction.check_access)


def exporting():
    """Whether the current call reads the records of an export as its user,
    the access checks off"""
    transaction = Transaction()
    return bool(transaction.user and not transaction.check_access
        and transaction.context.get('_export_user') == transaction.user)


def check_sent_links(record):
    """Refuse the links among the values a client sent to compute a form's
    changes (on_change, on_change_with): the changes would show what they
    link to"""
    if not checked() or not record._values:
        return
    values = {}
    for name, value in record._values._items():
        field = record._fields.get(name)
        if isinstance(field, fields.Function):
            field = field._field
        if isinstance(field, fields.Reference) and isinstance(
                value, ModelStorage):
            values[name] = str(value)
        elif isinstance(field, fields.Many2One) and value is not None:
            values[name] = value.id
        elif isinstance(field, (fields.One2Many, fields.Many2Many)):
            values[name] = [('add', [v.id for v in value or ()
                        if v.id is not None and v.id >= 0])]
    check_links(record.__class__, values)


def changes_active_records(Wizard):
    """Whether Wizard changes the records it runs on: a wizard that only
    reads them, or makes records of the user's own clinic from them,
    declares ``changes_active_records = False``; any other runs only where
    the user may write them. (Not a default on ClosedWizard: the pool puts a
    mixin before the class, whose declaration it would hide.)"""
    return getattr(Wizard, 'changes_active_records', True)


class not_on_table_queries:
    """A classmethod of ClosedByDefault that the model of a table query
    (a report) does not get: Tryton opens such a model to create and write,
    and a wizard on it to the users who may not write it, where the model
    has create and write methods of its own"""

    def __init__(self, func):
        self.func = func

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner):
        if callable(getattr(owner, 'table_query', None)):
            return getattr(super(ClosedByDefault, owner), self.name)
        return types.MethodType(self.func, owner)


class ClosedByDefault:
    "Mixin of every ModelSQL: the record rules on every path"
    __slots__ = ()

    @classmethod
    def search(cls, domain, *args, **kwargs):
        if exporting():
            # the One2Many and Many2Many of an export's records, which
            # Tryton reads without the access checks
            with check_access():
                return cls.search(domain, *args, **kwargs)
        if checked():
            domain = within_rules(cls, domain)
        if kwargs.get('query') and issubclass(cls, ModelSingleton):
            # a search through a relation to a singleton: Tryton's
            # singleton search takes no query (a server error), and its
            # record made up when none is stored has no place in one
            return ModelSQL.search.__func__(cls, domain, *args, **kwargs)
        return super().search(domain, *args, **kwargs)

    @classmethod
    def read(cls, ids, fields_names):
        rows = super().read(ids, fields_names)
        if checked():
            hide_unreadable_links(cls, rows, fields_names)
        return rows

    @classmethod
    def export_data(cls, records, fields_names, header=False):
        if not checked():
            return super().export_data(records, fields_names, header=header)
        read_exported(cls, records, fields_names)
        # Tryton writes the rows out through the records' attributes, which
        # it reads without the access checks; their searches (the records
        # of a One2Many or a Many2Many) keep to the user's rules
        with Transaction().set_context(_export_user=Transaction().user):
            return super().export_data(
                cls.browse([r.id for r in records]), fields_names,
                header=header)

    def on_change(self, fieldnames):
        check_sent_links(self)
        return super().on_change(fieldnames)

    def on_change_with(self, fieldnames):
        check_sent_links(self)
        return super().on_change_with(fieldnames)

    @not_on_table_queries
    def create(cls, vlist):
        if checked():
            check_links(cls, *vlist)
        return super(ClosedByDefault, cls).create(vlist)

    @not_on_table_queries
    def write(cls, *args):
        if checked():
            check_links(cls, *args[1::2])
        return super(ClosedByDefault, cls).write(*args)


class ClosedWizard:
    """Mixin of every Wizard: run only on active records the user may
    write, the links sent into its states checked"""
    __slots__ = ()

    @classmethod
    def check_access(cls):
        super().check_access()
        if changes_active_records(cls):
            check_active_records_writable(cls)

    @classmethod
    def execute(cls, session_id, data, state_name):
        if Transaction().user:
            with check_access():
                cls.check_state_links(data)
        return super().execute(session_id, data, state_name)

    def _execute(self, state_name):
        result = super()._execute(state_name)
        if 'view' in result:
            self._shown_view = result['view']['state']
        return result

    def _save(self):
        "Keep the view shown in the session: its values may come back"
        super()._save()
        shown = getattr(self, '_shown_view', None)
        if shown:
            record_shown_view(self._session_id, shown)

    @classmethod
    def check_state_links(cls, data):
        "Refuse state values that link to a record the user cannot read"
        pool = Pool()
        for name, values in data.items():
            state = cls.states.get(name)
            if isinstance(state, StateView) and isinstance(values, dict):
                View = pool.get(state.model_name)
                check_links(View, {
                        f: v for f, v in values.items() if f != 'id'})

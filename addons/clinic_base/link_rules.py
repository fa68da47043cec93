# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Links only to records the user reads.

Tryton 8.0 lets a create or a write set a Many2One, a Reference or add to a
Many2Many or One2Many any id, read or not: a clinic could give its own
patient number, budget or appointment to another clinic's patient, then read
that patient through it. ``check_links`` refuses a relational value that
points to a record the user cannot read (its model's access or its record
rules), with a message that names the field, never the record; the values of
the records created or written through a One2Many are checked the same way.
"""
from collections import defaultdict

from trytond.i18n import gettext
from trytond.model import ModelSQL, fields
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.transaction import Transaction


def check_links(Model, *vlist):
    """Refuse the values of Model (one dict per record) that link to a
    record the user cannot read: one search per target model"""
    pending = defaultdict(dict)  # Target: {id: (Model, field name)}
    for values in vlist:
        collect_links(Model, values, pending)
    for Target, owners in pending.items():
        hidden = unreadable(Target, owners)
        if hidden:
            Owner, name = owners[min(hidden)]
            raise AccessError(gettext('clinic_base.msg_link_hidden',
                    field=field_string(Owner, name),
                    model=Owner.__names__()['model']))


def collect_links(Model, values, pending):
    "Add to pending the ids that values of Model link to, per target"
    for name, value in values.items():
        field = Model._fields.get(name)
        if field is None or value is None:
            continue
        try:
            links = list(linked(field, value, pending))
        except (TypeError, ValueError):
            continue  # not a value of the field: Tryton's checks refuse it
        for Target, ids in links:
            for id_ in map(as_id, ids):
                if id_ is not None and id_ >= 0:
                    pending[Target].setdefault(id_, (Model, name))


def linked(field, value, pending):
    """Yield (Target, ids) of the records that value of field links to; the
    values of the records it creates or writes go to pending"""
    if isinstance(field, fields.Function):
        field = field._field
    if isinstance(field, fields.Reference):
        if isinstance(value, str):
            model, _, id_ = value.partition(',')
        else:
            model, id_ = value
        try:
            Target = Pool().get(model)
        except KeyError:
            return  # no such model: Tryton's checks refuse it
        yield Target, [id_]
    elif isinstance(field, fields.Many2One):
        yield field.get_target(), [value]
    elif isinstance(field, (fields.One2Many, fields.Many2Many)):
        Target = field.get_target()
        # a wizard's state holds the ids, or the values, of its records
        yield Target, [v for v in value if isinstance(v, int)]
        for values in value:
            if isinstance(values, dict):
                collect_links(Target, values, pending)
                yield Target, [values.get('id', -1)]
        actions = [v for v in value if isinstance(v, (list, tuple))]
        for action, *args in actions:
            if action in {'add', 'set', 'copy'}:
                yield Target, list(args[0])
            elif action == 'create':
                for values in args[0]:
                    collect_links(Target, values, pending)
            elif action == 'write':
                for values in args[1::2]:
                    collect_links(Target, values, pending)


def unreadable(Target, ids):
    """The ids of Target's records that the user cannot read (its model's
    access or its record rules)"""
    ModelAccess = Pool().get('ir.model.access')
    ids = set(ids)
    if not ids or not issubclass(Target, ModelSQL):
        return set()
    if not ModelAccess.check(Target.__name__, 'read', raise_exception=False):
        return ids
    # (searched even without rules: some models filter their own search,
    # as the avatars and attachments do by the records they belong to)
    try:
        with Transaction().set_context(active_test=False):
            found = Target.search([('id', 'in', list(ids))], order=[])
    except AccessError:
        return ids  # (records of a model the user may not read)
    return ids - {r.id for r in found}


def hide_unreadable_links(Model, rows, fields_names):
    """Drop from the Many2Many values of the rows read the records the user
    cannot read: Tryton reads them through the relation table, without the
    target's rules (a group would list another franchise's users)"""
    for name in fields_names:
        field = Model._fields.get(name)
        if not isinstance(field, fields.Many2Many):
            continue
        ids = {i for row in rows for i in (row.get(name) or ())}
        hidden = unreadable(field.get_target(), ids)
        if not hidden:
            continue
        for row in rows:
            if row.get(name):
                row[name] = type(row[name])(
                    i for i in row[name] if i not in hidden)
            if row.get(name + '.'):
                row[name + '.'] = [
                    v for v in row[name + '.'] if v['id'] not in hidden]


def as_id(value):
    "The id that value is, or None"
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def field_string(Model, name):
    "The field's label as the user reads it"
    return Model.fields_get([name])[name]['string']

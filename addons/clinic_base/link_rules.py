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
from trytond.i18n import gettext
from trytond.model import ModelSQL, fields
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.transaction import Transaction


def check_links(Model, values):
    "Refuse values of Model that link to a record the user cannot read"
    for name, value in values.items():
        field = Model._fields.get(name)
        if field is None or value is None:
            continue
        try:
            links = list(linked(field, value))
        except (TypeError, ValueError):
            continue  # not a value of the field: Tryton's checks refuse it
        for Target, ids in links:
            if not readable(Target, ids):
                raise AccessError(gettext('clinic_base.msg_link_hidden',
                        field=field_string(Model, name),
                        model=Model.__names__()['model']))


def linked(field, value):
    "Yield (Target, ids) of the records that value of field links to"
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
                check_links(Target, values)
                yield Target, [values.get('id', -1)]
        actions = [v for v in value if isinstance(v, (list, tuple))]
        for action, *args in actions:
            if action in {'add', 'set', 'copy'}:
                yield Target, list(args[0])
            elif action == 'create':
                for values in args[0]:
                    check_links(Target, values)
            elif action == 'write':
                for values in args[1::2]:
                    check_links(Target, values)


def readable(Target, ids):
    """Whether the user reads every record of Target whose id is in ids
    (what is no id is left to Tryton's own checks)"""
    pool = Pool()
    ModelAccess = pool.get('ir.model.access')
    Rule = pool.get('ir.rule')
    ids = {i for i in map(as_id, ids) if i is not None and i >= 0}
    if not ids or not issubclass(Target, ModelSQL):
        return True
    if not ModelAccess.check(Target.__name__, 'read', raise_exception=False):
        return False
    if not Rule.domain_get(Target.__name__, mode='read'):
        return True
    with Transaction().set_context(active_test=False):
        found = Target.search([('id', 'in', list(ids))], order=[])
    return {r.id for r in found} == ids


def as_id(value):
    "The id that value is, or None"
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def field_string(Model, name):
    "The field's label as the user reads it"
    return Model.fields_get([name])[name]['string']

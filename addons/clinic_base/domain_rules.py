# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""What the names a call sends may be: search domains, orders, the fields
read and the columns exported.

Tryton 8.0 parses a domain as it converts it to SQL: a domain of
``['NOT']`` recursed until the stack ran out, ``('id', '=like', 'x')`` did
the same, a name no field has raised KeyError, and a value of the wrong
kind reached the database. ``check_domain`` walks a domain first, from the
fields' definitions: its shape and depth, each leaf's field (through
relations, on the target's fields), operator and value. ``check_order``,
``check_read_names`` and ``check_export_names`` do the same for the other
names a call may send. Each refusal is an ``ArgumentError`` that names the
model and the field.
"""
from trytond.const import OPERATORS
from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool

from .exceptions import ArgumentError
from .value_rules import (
    MAX_DEPTH, TYPE_CHECKS, Invalid, check_integer, check_scalars, check_text,
    field_error, known_field, shown)

# How many leaves a domain may have
MAX_LEAVES = 1000
LIKE = {'like', 'not like', 'ilike', 'not ilike'}
IN = {'in', 'not in'}
TREE = {'child_of', 'not child_of', 'parent_of', 'not parent_of'}
WHERE = {'where', 'not where'}
# The field types that a like operator searches (relations by their names)
TEXTUAL = {
    'char', 'text', 'full_text', 'selection', 'multiselection', 'reference',
    'many2one', 'one2one', 'one2many', 'many2many', 'dict'}
RELATIONAL = {'many2one', 'one2one', 'one2many', 'many2many'}
ORDER_TYPES = {'ASC', 'DESC'}
NULL_ORDERINGS = {None, 'NULLS FIRST', 'NULLS LAST'}
READ_KEYS = {'_timestamp', '_write', '_delete', '__name__'}


def domain_error(Model):
    return ArgumentError(gettext('clinic_base.msg_domain_invalid',
            model=Model.__names__()['model']))


def check_domain(Model, domain):
    "Check a search domain of Model"
    leaves = []
    check_subdomain(Model, domain, 0, leaves)


def check_subdomain(Model, domain, depth, leaves):
    if not isinstance(domain, (list, tuple)) or depth > MAX_DEPTH:
        raise domain_error(Model)
    if is_leaf(domain):
        leaves.append(domain)
        if len(leaves) > MAX_LEAVES:
            raise domain_error(Model)
        check_leaf(Model, domain, depth, leaves)
        return
    for i, item in enumerate(domain):
        if isinstance(item, str):
            if i or item not in {'AND', 'OR'}:
                raise domain_error(Model)
        else:
            check_subdomain(Model, item, depth + 1, leaves)


def is_leaf(domain):
    return (isinstance(domain, (list, tuple)) and len(domain) in {3, 4}
        and isinstance(domain[0], str) and domain[0] not in {'AND', 'OR'}
        and isinstance(domain[1], str))


def check_leaf(Model, leaf, depth, leaves):
    name, operator, value = leaf[:3]
    fname, _, rest = name.partition('.')
    field = known_field(Model, fname)
    if operator not in OPERATORS:
        raise operator_error(Model, fname, operator)
    if not field.searchable(Model):
        # a computed field without a search of its own (xml_id)
        raise field_error(Model, fname, Invalid('msg_field_not_searchable'))
    ftype = field_type(field)
    if len(leaf) == 4 and not (
            (ftype == 'reference' and isinstance(leaf[3], str)
                and leaf[3] in Pool()._pool['model'])
            or (operator in TREE and isinstance(leaf[3], str))):
        raise field_error(Model, fname, Invalid())
    if operator in TREE and not rest:
        check_tree_leaf(Model, fname, field, leaf)
    if rest:
        Target = leaf_target(Model, fname, field, leaf)
        check_leaf(
            Target, (rest, operator, value, *leaf[4:]), depth + 1, leaves)
        return
    try:
        check_leaf_value(Model, fname, field, operator, value, depth, leaves)
    except Invalid as invalid:
        raise field_error(Model, fname, invalid)


def check_tree_leaf(Model, fname, field, leaf):
    """A tree's operator goes on a relation; on one to another model, it
    names the target's parent field (Tryton reads it as the fourth item)"""
    if field_type(field) not in RELATIONAL:
        raise operator_error(Model, fname, leaf[1])
    Target = leaf_target(Model, fname, field, leaf)
    if Target is not Model and (
            len(leaf) < 4 or leaf[3] not in Target._fields):
        raise field_error(Model, fname, Invalid())


def field_type(field):
    if isinstance(field, fields.Function):
        field = field._field
    return field._type


def leaf_target(Model, fname, field, leaf):
    "Return the model that a dotted leaf through fname searches"
    if field_type(field) == 'reference':
        if len(leaf) < 4:
            raise field_error(Model, fname, Invalid())
        return Pool().get(leaf[3])
    if field_type(field) == 'dict':
        raise field_error(Model, fname, Invalid())
    if not hasattr(field, 'get_target') and not hasattr(
            getattr(field, '_field', None), 'get_target'):
        raise field_error(Model, fname, Invalid())
    if isinstance(field, fields.Function):
        field = field._field
    return field.get_target()


def operator_error(Model, fname, operator):
    names = Model.__names__(fname)
    return ArgumentError(gettext('clinic_base.msg_domain_operator',
            operator=shown(operator), **names))


def check_leaf_value(Model, fname, field, operator, value, depth, leaves):
    ftype = field_type(field)
    if operator in WHERE:
        if ftype not in RELATIONAL:
            raise operator_error(Model, fname, operator)
        Target = leaf_target(Model, fname, field, (fname, operator, value))
        check_subdomain(Target, value, depth + 1, leaves)
    elif operator in TREE:
        # (on a relation: check_tree_leaf)
        for item in value if isinstance(value, (list, tuple)) else [value]:
            check_name_or_id(item)
    elif operator in LIKE:
        if ftype not in TEXTUAL:
            raise operator_error(Model, fname, operator)
        check_text(value)
    elif operator in IN:
        if not isinstance(value, (list, tuple)):
            raise Invalid()
        for item in value:
            check_compared(Model, fname, field, item)
    else:
        check_compared(Model, fname, field, value)


def check_compared(Model, fname, field, value):
    "Check a value that a field is compared to"
    if value is None:
        return
    ftype = field_type(field)
    if ftype in RELATIONAL:
        # an id, or the records' names
        check_name_or_id(value)
    elif ftype == 'dict':
        check_scalars(value)
    elif ftype == 'multiselection':
        TYPE_CHECKS['selection'](Model, fname, field, value, False)
    else:
        TYPE_CHECKS.get(ftype, lambda *a: check_scalars(value))(
            Model, fname, field._field if isinstance(
                field, fields.Function) else field, value, False)


def check_name_or_id(value):
    if isinstance(value, str):
        check_text(value)
    else:
        check_integer(value)


def check_order(Model, order):
    "Check a search order of Model: pairs of a field's path and a direction"
    if order is None:
        return
    if not isinstance(order, (list, tuple)):
        raise order_error(Model)
    for item in order:
        if (not isinstance(item, (list, tuple)) or len(item) != 2
                or not isinstance(item[0], str)):
            raise order_error(Model)
        path, direction = item
        if direction is not None:
            if not isinstance(direction, str):
                raise order_error(Model)
            kind, _, nulls = direction.upper().partition(' ')
            if kind not in ORDER_TYPES or (nulls or None) not in (
                    NULL_ORDERINGS):
                raise order_error(Model)
        check_path(Model, path.split('.'))


def order_error(Model):
    return ArgumentError(gettext('clinic_base.msg_order_invalid',
            model=Model.__names__()['model']))


def check_path(Model, names, strip=':', keys=()):
    """Check a path of field names through relations (a reference's or a
    dict's rest is not known before the value is); its last name may be one
    of keys"""
    name, *rest = names
    if not rest and name in keys:
        return
    field = known_field(Model, name.split(strip)[0] if strip else name)
    if not rest:
        return
    ftype = field_type(field)
    if ftype in {'reference', 'dict'}:
        return
    if ftype not in RELATIONAL:
        raise field_error(Model, name, Invalid())
    Target = leaf_target(Model, name, field, (name,))
    check_path(Target, rest, strip, keys)


def check_read_names(Model, names):
    "Check the names a read asks for: fields, related paths, :string"
    if names is None:
        return
    if not isinstance(names, (list, tuple)):
        raise Invalid()
    for name in names:
        if not isinstance(name, str):
            raise Invalid()
        # (a client reads its lists' records' stamps: lines._timestamp)
        check_path(Model, name.split('.'), keys=READ_KEYS)


def check_field_names(Model, names):
    "Check a list of Model's own field names"
    if names is None:
        return
    if not isinstance(names, (list, tuple)):
        raise Invalid()
    for name in names:
        known_field(Model, name)


def check_export_names(Model, names):
    """Check the columns of an export: paths of parts separated by '/',
    each a field, maybe with a descriptor (.id) or a language (:lang=)"""
    if not isinstance(names, (list, tuple)):
        raise Invalid()
    for name in names:
        if not isinstance(name, str) or not name:
            raise Invalid()
        parts = [p.split('.')[0].split(':lang=')[0] for p in name.split('/')]
        check_path(Model, parts, strip=None)

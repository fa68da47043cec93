# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Searches through relations that stay within the rules of their targets.

Tryton 8.0 converts a search domain without the access checks, so the record
rules of a relation's target do not apply to the leaves that go through it:
a clinic could find the central's package by the name of another clinic's
hidden line. ``within_rules`` rewrites each step through a relation into a
``where`` clause that carries the target's rules, before the conversion, and
does so too with what the searchers of Function fields turn their leaves
into.
"""
from trytond.model import fields
from trytond.pool import Pool
from trytond.transaction import without_check_access
from trytond.tools.domain_inversion import is_leaf

RELATIONS = (fields.Many2One, fields.One2Many, fields.Many2Many)
TO_MANY = (fields.One2Many, fields.Many2Many)


def within_rules(Model, domain):
    "Return domain with each step through a relation within its rules"
    if is_leaf(domain):
        return leaf_within_rules(Model, domain)
    elif isinstance(domain, str):
        return domain
    return [within_rules(Model, d) for d in domain]


def leaf_within_rules(Model, leaf):
    pool = Pool()
    Rule = pool.get('ir.rule')
    name, operator, value = leaf[:3]
    fname, _, rest = name.partition('.')
    field = Model._fields.get(fname)
    if isinstance(field, fields.Function):
        return searched_within_rules(Model, field, leaf)
    if not isinstance(field, RELATIONS) or len(leaf) > 3:
        return leaf
    Target = field.get_target()
    rule = Rule.domain_get(Target.__name__, mode='read')
    if operator in {'where', 'not where'}:
        target_domain = value
    elif rest:
        target_domain = [(rest, operator, value)]
    elif is_name(value):
        target_domain = [('rec_name', operator, value)]
    elif (isinstance(field, TO_MANY) and value is None
            and operator in {'=', '!='} and rule):
        # Whether it has any: of the records the user reads
        return (fname, 'not where' if operator == '=' else 'where', rule)
    else:
        return leaf
    target_domain = within_rules(Target, target_domain)
    if rule:
        target_domain = [target_domain, rule]
    return (fname, 'not where' if operator == 'not where' else 'where',
        target_domain)


def searched_within_rules(Model, field, leaf):
    """Return the domain a Function field's searcher turns leaf into,
    within rules (the searcher may step through relations)"""
    if not field.searcher:
        return leaf
    fname = leaf[0].split('.', 1)[0]
    with without_check_access():
        domain = getattr(Model, field.searcher)(fname, leaf)
    return within_rules(Model, domain)


def is_name(value):
    "Whether value searches records by their names"
    if isinstance(value, str):
        return True
    return (isinstance(value, (list, tuple)) and bool(value)
        and all(isinstance(v, str) for v in value))

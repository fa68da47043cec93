# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Searches through relations that stay within the rules of their targets.

Tryton 8.0 converts a search domain without the access checks, so neither
the record rules nor the model access of a relation's target apply to the
leaves that go through it: a user could count another clinic's patients by
the diagnosis of their hidden history entries, one letter at a time.
``within_rules`` rewrites each step through a relation (Many2One, One2Many,
Many2Many, Reference, and what the searchers of Function fields turn their
leaves into) into a ``where`` clause that carries the target's read rules,
before the conversion. A target model the user may not read at all matches
nothing, as if it had no records: a hidden record behaves as if it did not
exist, also for negated operators, which match where the relation is empty.
``ClosedByDefault`` (closed.py) applies it to the search of every model.
"""
from trytond.model import fields
from trytond.pool import Pool
from trytond.transaction import without_check_access
from trytond.tools.domain_inversion import is_leaf

RELATIONS = (fields.Many2One, fields.One2Many, fields.Many2Many)
TO_MANY = (fields.One2Many, fields.Many2Many)
# A domain that no record matches
NOTHING = [('id', '=', None)]
# The positive form of each negated operator
POSITIVE = {
    'not like': 'like',
    'not ilike': 'ilike',
    'not in': 'in',
    '!=': '=',
    }


def within_rules(Model, domain):
    "Return domain with each step through a relation within its rules"
    if is_leaf(domain):
        return leaf_within_rules(Model, domain)
    elif isinstance(domain, str):
        return domain
    return [within_rules(Model, d) for d in domain]


def target_rule(Target):
    """Return the domain of the records of Target the user reads (NOTHING
    if the user may not read the model)"""
    pool = Pool()
    ModelAccess = pool.get('ir.model.access')
    Rule = pool.get('ir.rule')
    if not ModelAccess.check(Target.__name__, 'read', raise_exception=False):
        return NOTHING
    return Rule.domain_get(Target.__name__, mode='read')


def leaf_within_rules(Model, leaf):
    name, operator, value = leaf[:3]
    fname, _, rest = name.partition('.')
    field = Model._fields.get(fname)
    if isinstance(field, fields.Function):
        return searched_within_rules(Model, field, leaf)
    if isinstance(field, fields.Reference):
        return reference_within_rules(field, leaf)
    if not isinstance(field, RELATIONS):
        return leaf
    Target = field.get_target()
    if operator.endswith(('child_of', 'parent_of')):
        return tree_within_rules(Target, leaf)
    if len(leaf) > 3:
        return leaf
    rule = target_rule(Target)
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
    if (not isinstance(field, TO_MANY) and target_domain != value
            and matches_empty(operator, value)):
        return negated_within_rules(fname, Target, target_domain, rule)
    target_domain = within_rules(Target, target_domain)
    if rule:
        target_domain = [target_domain, rule]
    return (fname, 'not where' if operator == 'not where' else 'where',
        target_domain)


def matches_empty(operator, value):
    """Whether Tryton's leaf (name.rest, operator, value) of a Many2One
    matches where the relation is empty: a negated one, but for '!=' None
    and 'not in' with None, which ask for a value"""
    return operator in POSITIVE and not (
        (operator == 'not in' and None in value)
        or (operator == '!=' and value is None))


def negated_within_rules(fname, Target, target_domain, rule):
    """Return the negated leaf (fname.rest, operator, value) of a Many2One:
    where the relation is empty or points to a record that the user reads
    and that does not match the positive leaf (a hidden record counts as
    none, as Tryton counts an empty relation)"""
    (rest, operator, value), = target_domain
    positive = [(rest, POSITIVE[operator], value)]
    return ['OR', (fname, '=', None),
        (fname, 'not where', [within_rules(Target, positive), rule or []])]


def tree_within_rules(Target, leaf):
    """Return a child_of/parent_of leaf whose names are those of records
    the user reads"""
    name, operator, value = leaf[:3]
    if not is_name(value):
        return leaf
    names = [value] if isinstance(value, str) else value
    ids = [r.id for n in names for r in Target.search(
            [('rec_name', 'ilike', n)], order=[])]
    return (name, operator, ids, *leaf[3:])


def reference_within_rules(field, leaf):
    """Return a leaf through a Reference (name.rest, operator, value,
    model) that matches only the records of model the user reads"""
    name, operator, value = leaf[:3]
    if '.' not in name or len(leaf) < 4:
        return leaf
    fname, _, rest = name.partition('.')
    Target = Pool().get(leaf[3])
    target_domain = [
        within_rules(Target, [(rest, operator, value, *leaf[4:])]),
        target_rule(Target)]
    with without_check_access():
        query = Target.search(target_domain, order=[], query=True)
    within = (fname + '.id', 'in', query, leaf[3])
    if matches_empty(operator, value):
        return ['OR', (fname, '=', None), within]
    return within


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

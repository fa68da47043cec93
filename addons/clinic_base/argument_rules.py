# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The arguments of a model's methods, checked before Tryton takes them
(``call_rules``): against the method's signature, which a mixin that passes
``*args, **kwargs`` on does not hide; each by its parameter's name in the
methods of Tryton's model API (``PARAMETER_CHECKS``), or of the others
(``parameter_rules``); the records made of ids or of a form's values; and
what a method needs that the model may not have (a table query's changes,
a history, a view).
"""
import inspect

from trytond.i18n import gettext
from trytond.model import (
    ModelSingleton, ModelSQL, ModelStorage, ModelView, fields)
from trytond.model.descriptors import dualmethod
from trytond.pool import Pool
from trytond.transaction import without_check_access

from .domain_rules import (
    check_domain, check_export_names, check_field_names, check_order,
    check_read_names)
from .exceptions import ArgumentError
from .parameter_rules import (
    NAMED_PARAMETERS, check_flag, check_id, check_offset, check_stored_id)
from .value_rules import (
    Invalid, check_field_value, check_form, check_ids, check_integer,
    check_list, check_scalars, check_text, check_values, known_field)

TO_MANY = {'one2many', 'many2many'}
# The deepest relations a fields_get may describe
MAX_LEVEL = 3


def argument_error(method, argument=None):
    if argument is None:
        return ArgumentError(gettext('clinic_base.msg_call_arguments',
                method=method))
    return ArgumentError(gettext('clinic_base.msg_call_argument',
            method=method, argument=argument))


def check_arguments(Model, rpc, args, kwargs):
    "Check the arguments of Model's method by its signature"
    method = rpc.method
    check_available(Model, method)
    try:
        bound = signature(Model, method).bind(*args, **kwargs)
    except TypeError:
        raise argument_error(method)
    instantiated = instantiated_positions(rpc, len(args))
    names = list(bound.signature.parameters)
    meanings = api_names(Model, method, names)
    for name, value in bound.arguments.items():
        position = names.index(name)
        kind = bound.signature.parameters[name].kind
        try:
            if kind == inspect.Parameter.VAR_POSITIONAL:
                check_rest(Model, method, position, value, instantiated)
            elif position in instantiated:
                check_instance(Model, method, value)
                if (method, name) in NAMED_PARAMETERS:
                    # (one record where the method takes one: a currency)
                    NAMED_PARAMETERS[method, name](Model, value)
            else:
                check_parameter(Model, method, meanings[position], value)
        except Invalid:
            raise argument_error(method, name)
    check_defaults(Model, method, bound)
    if method.startswith('on_change') and instantiated:
        values, *rest = bound.arguments.values()
        check_change_depends(Model, method, values, rest[0] if rest else [])


def check_defaults(Model, method, bound):
    """Check the default of a parameter not given whose check goes by the
    method: its method needs it given (ir.email's send of no record)"""
    for name, parameter in bound.signature.parameters.items():
        if name not in bound.arguments and (method, name) in NAMED_PARAMETERS:
            try:
                NAMED_PARAMETERS[method, name](Model, parameter.default)
            except Invalid:
                raise argument_error(method, name)


def check_change_depends(Model, method, values, fieldnames):
    """Refuse a form's change whose values lack a list (One2Many,
    Many2Many) that the change depends on: Tryton fills the other fields
    missing with their defaults, but fails on a list that it changes and
    was not sent (a client sends them)"""
    if not isinstance(values, dict):
        return
    if method in {'on_change', 'on_change_with'}:
        changes = [method + '_' + name for name in fieldnames]
    else:
        changes = [method]
    for change in changes:
        names = set(getattr(getattr(Model, change, None), 'depends', ()))
        if change.startswith('on_change_with_'):
            # the list it computes too
            names.add(change[len('on_change_with_'):])
        for name in names:
            field = Model._fields.get(name)
            if field is not None and field._type in TO_MANY and (
                    name not in values):
                raise ArgumentError(gettext('clinic_base.msg_change_depends',
                        **Model.__names__(name)))


def check_available(Model, method):
    """Refuse the methods that Model opens without having what they need:
    the changes of a table query's rows (a report's), which Tryton refuses
    with a server error, the history of a model that keeps none, and the
    view of a model that Tryton cannot make up"""
    changed = {'copy': 'create'}.get(method, method)
    if changed in {'create', 'write', 'delete'} and (
            callable(getattr(Model, 'table_query', None))
            and getattr(Model, changed).__func__ is getattr(
                ModelSQL, changed).__func__):
        raise ArgumentError(gettext('clinic_base.msg_model_read_only',
                model=Model.__names__()['model']))
    if method == 'history_revisions' and not getattr(Model, '_history', 0):
        raise ArgumentError(gettext('clinic_base.msg_model_no_history',
                model=Model.__names__()['model']))
    if method == 'fields_view_get' and not has_default_view(Model):
        raise ArgumentError(gettext('clinic_base.msg_model_no_view',
                model=Model.__names__()['model']))


def has_default_view(Model):
    """Tell whether Tryton can show Model without a view of its own: the
    view it makes up shows every field, and fails on a list of records
    that have no view (ir.avatar's cache)"""
    if all(issubclass(field.get_target(), ModelView)
            for field in Model._fields.values()
            if field._type in TO_MANY):
        return True
    View = Pool().get('ir.ui.view')
    with without_check_access():
        return bool(View.search(
                [('model', '=', Model.__name__)], limit=1, order=[]))


_signatures = {}


def signature(Model, method):
    """Return the signature of Model's method: of its first definition in
    the class's hierarchy that names its parameters (mixins pass theirs on
    as ``*args, **kwargs``)"""
    key = (Model, method)
    if key not in _signatures:
        found = [definition_signature(definition, Model)
            for klass in Model.__mro__
            for definition in [klass.__dict__.get(method)]
            if hasattr(definition, '__get__')]
        named = [s for s in found if not any(
                p.kind == inspect.Parameter.VAR_KEYWORD
                for p in s.parameters.values())]
        _signatures[key] = (named or found or [
                inspect.signature(getattr(Model, method))])[0]
    return _signatures[key]


def api_names(Model, method, names):
    """The names of the parameters of Model's method as Tryton's model API
    names them (a model may rename them: the account period's search takes
    its domain as ``args``), else as the method does"""
    if method not in MODEL_API:
        return names
    key = (Model, method)
    if key not in _api_signatures:
        _api_signatures[key] = next((definition_signature(definition, Model)
                for klass in reversed(Model.__mro__)
                for definition in [klass.__dict__.get(method)]
                if hasattr(definition, '__get__')), None)
    base = _api_signatures[key]
    if base is None:
        return names
    return [*list(base.parameters)[:len(names)], *names[len(base.parameters):]]


_api_signatures = {}


def definition_signature(definition, Model):
    "Return the signature of a method's definition called on Model"
    if isinstance(definition, dualmethod):
        # called on the class, it is given the class first (its wrapper
        # shows the function's signature, the class included)
        parameters = inspect.signature(definition.func).parameters
        return inspect.Signature(list(parameters.values())[1:])
    return inspect.signature(definition.__get__(None, Model))


def instantiated_positions(rpc, count):
    "The positions of the arguments that Tryton makes records of"
    if rpc.instantiate is None:
        return set()
    if isinstance(rpc.instantiate, slice):
        return set(range(count)[rpc.instantiate])
    return {rpc.instantiate}


def check_rest(Model, method, start, values, instantiated):
    "Check the arguments of *args (write's further records and values)"
    for offset, value in enumerate(values):
        if start + offset in instantiated:
            check_instance(Model, method, value)
        elif method == 'write':
            check_values(Model, value)
        else:
            check_scalars(value)


def check_instance(Model, method, value):
    """Check what Tryton makes records of: an id, ids or a form's values
    (only a form's values for a model that stores nothing; of a stored one,
    for the methods a form calls only: its other methods take records). Stored
    records have ids from 0 (a form's unsaved ones are negative), and a
    singleton is its one record"""
    if isinstance(value, dict):
        if issubclass(Model, ModelStorage) and not is_form_method(
                Model, method):
            raise Invalid()
        check_form(Model, value)
    elif not issubclass(Model, ModelStorage):
        raise Invalid()
    elif isinstance(value, list):
        check_list(value, check_stored_id)
        if issubclass(Model, ModelSingleton) and not value:
            raise Invalid()
    else:
        check_stored_id(value)


def is_form_method(Model, method):
    """Tell whether a form calls Model's method with its values: a change,
    a validation, a field's completion or the choices of a selection that
    depend on other fields (a tooth's surfaces)"""
    if method.startswith(('on_change', 'autocomplete_')) or (
            method == 'pre_validate'):
        return True
    return any(getattr(field, 'selection', None) == method
        and getattr(field, 'selection_change_with', None)
        for field in Model._fields.values())




def check_parameter(Model, method, name, value):
    """Check an argument by its parameter's name in the methods of Tryton's
    model API, else for its text, numbers and dates (another method may
    give a name another meaning: a view's state takes a domain as text)"""
    check = None
    if method in MODEL_API or method.startswith('on_change_with_'):
        check = (PARAMETER_CHECKS.get((method, name))
            or PARAMETER_CHECKS.get(name))
    elif (method, name) in NAMED_PARAMETERS or name in NAMED_PARAMETERS:
        check = (NAMED_PARAMETERS.get((method, name))
            or NAMED_PARAMETERS[name])
    elif name.endswith('_id'):
        # a record's id (ir.ui.menu.favorite's set, a button's get_click)
        check = check_id
    if check:
        check(Model, value)
    else:
        check_scalars(value)


def check_vlist(Model, vlist):
    check_list(vlist, lambda values: check_values(Model, values))
    if issubclass(Model, ModelSingleton) and len(vlist) != 1:
        raise Invalid()


def check_copy_default(Model, default):
    """Check the values a copy takes instead of the records' own (a dotted
    name gives the values of a relation's copies)"""
    if default is None:
        return
    if not isinstance(default, dict):
        raise Invalid()
    for name, value in default.items():
        if isinstance(name, str) and '.' in name:
            check_copied(Model, name.split('.', 1)[0])
            check_scalars(value)
        else:
            check_copied(Model, name)
            check_field_value(Model, name, value)


def check_copied(Model, name):
    """Refuse a field that a copy of Model's records does not copy: Tryton
    copies the stored fields (and the multi-values), not a tree's left and
    right"""
    field = known_field(Model, name)
    if isinstance(field, fields.Function) and not isinstance(
            field, fields.MultiValue):
        raise Invalid()
    for tree in Model._fields.values():
        if (isinstance(tree, fields.Many2One)
                and tree.model_name == Model.__name__
                and name in {tree.left, tree.right} - {None}):
            raise Invalid()


def check_asked_fields(Model, names):
    "Check the fields whose defaults a form asks for (a list, maybe empty)"
    if names is None:
        raise Invalid()
    check_field_names(Model, names)


def check_changed_with(Model, names):
    "Check the fields whose values a form asks to compute (on_change_with)"
    check_field_names(Model, names)
    for name in names:
        if not callable(getattr(Model, 'on_change_with_' + name, None)):
            raise Invalid()






def check_level(Model, value):
    """The depth of relations a fields_get describes: a number, not null,
    and shallow (a client asks for one or two levels; each more describes
    every related model again: 65,482 levels held a core for 21 s)"""
    check_integer(value)
    if not 0 <= value <= MAX_LEVEL:
        raise Invalid('msg_value_range', low=0, high=MAX_LEVEL)


def check_view_id(Model, value):
    """A view of the model (a client asks for the default view with
    false): another model's view met fields the model has not"""
    if value is False or value is None:
        return
    check_offset(Model, value)
    View = Pool().get('ir.ui.view')
    with without_check_access():
        if not View.search([
                    ('id', '=', value), ('model', '=', Model.__name__)],
                limit=1, order=[]):
            raise Invalid()






def check_ids_argument(Model, value):
    if isinstance(value, int):
        check_integer(value)
    else:
        check_ids(value)


def check_read_ids(Model, value):
    """Check the ids a read takes: a list (a singleton reads its one record
    as the first id given, so it needs one)"""
    check_ids(value)
    if issubclass(Model, ModelSingleton) and not value:
        raise Invalid()


def check_names_read(Model, names):
    "Check the names a read asks for: it asks for some (a search_read may not)"
    if names is None:
        raise Invalid()
    check_read_names(Model, names)


def check_rows(Model, rows):
    check_list(rows, lambda row: check_list(row, check_scalars))










# The methods of Tryton's model API, whose parameters' names say what they
# take
MODEL_API = {
    'search', 'search_count', 'search_read', 'read', 'write', 'create',
    'delete', 'copy', 'export_data', 'export_data_domain', 'import_data',
    'default_get', 'fields_get', 'fields_view_get', 'view_toolbar_get',
    'on_change', 'on_change_with', 'on_change_notify', 'pre_validate',
    'autocomplete', 'resources', 'history_revisions',
    # a dictionary's schema (DictSchemaMixin)
    'search_get_keys', 'get_keys'}
PARAMETER_CHECKS = {
    'domain': check_domain,
    'order': check_order,
    'offset': check_offset,
    'limit': check_offset,
    'vlist': check_vlist,
    'default': check_copy_default,
    'ids': check_ids_argument,
    'fields_names': check_field_names,
    'fieldnames': check_field_names,
    'header': check_flag,
    'count': check_flag,
    'with_rec_name': check_flag,
    'level': check_level,
    'view_id': check_view_id,
    'view_type': lambda Model, value: check_text(value, 20),
    'text': lambda Model, value: check_text(value),
    ('on_change_with', 'fieldnames'): check_changed_with,
    ('default_get', 'fields_names'): check_asked_fields,
    ('read', 'fields_names'): check_names_read,
    ('read', 'ids'): check_read_ids,
    ('search_read', 'fields_names'): check_read_names,
    ('export_data', 'fields_names'): check_export_names,
    ('export_data_domain', 'fields_names'): check_export_names,
    ('import_data', 'fields_names'): check_export_names,
    ('import_data', 'data'): check_rows,
    }

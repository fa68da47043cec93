# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The boundary of every call a client makes: its arguments checked before
Tryton takes them.

Tryton 8.0 hands a JSON-RPC call's arguments to the method as they come: a
create of ``"-"``, a search of ``null``, a wizard's step with no values
reached Python code that expected other things and answered with a server
error. ``CheckedCalls`` is registered as a mixin on every Model, Wizard and
Report of the pool (``[register_mixin]``): it puts ``CheckedRPC`` in front of
each method its class opens to clients (``__rpc__``), ours and Tryton's, the
buttons and the on_change methods included, so that a method added later is
covered without anyone listing it. Before the call is converted, it checks:

- the context: a dictionary whose known keys (company, active_ids...) have
  the right kind (``check_context``);
- the arguments against the method's signature, and each by its parameter's
  name (``PARAMETER_CHECKS``): domains, orders and field names
  (``domain_rules``), the values of create, write and copy and of a form
  (``value_rules``), ids, offsets and limits; any other argument for its
  text, numbers and dates;
- a wizard's step: a state the wizard has, values of its view's fields, and
  the required ones given where the button taken validates its form, as the
  client does (``check_wizard_step``).

A refusal is an ``ArgumentError`` in the user's language that names the
argument or the field. It sits beside ``ClosedByDefault`` (closed.py): the
boundary says what a value may be, the record rules what it may point to.
"""
import inspect
import json

from trytond.i18n import gettext
from trytond.model import ModelSingleton, ModelSQL, ModelStorage
from trytond.pool import Pool
from trytond.protocols.jsonrpc import JSONDecoder
from trytond.rpc import RPC
from trytond.transaction import Transaction
from trytond.wizard import StateView, Wizard

from .domain_rules import (
    check_domain, check_export_names, check_field_names, check_order,
    check_read_names)
from .exceptions import ArgumentError
from .value_rules import (
    Invalid, MAX_INTEGER, check_field_value, check_form, check_ids,
    check_integer, check_list, check_scalars, check_text, check_values,
    known_field, shown)

TO_MANY = {'one2many', 'many2many'}
# The context keys that name records, and what they hold
ID_KEYS = {'company', 'employee', 'active_id', 'action_id'}
IDS_KEYS = {'companies', 'employees', 'active_ids'}


class CheckedCalls:
    """Mixin of every Model, Wizard and Report: the arguments of each call
    that a client makes are checked first"""
    __slots__ = ()

    def __init_subclass__(cls, **kwargs):
        # the pool makes the class with the mixin once the class is set up
        super().__init_subclass__(**kwargs)
        cls.__rpc__ = {
            name: CheckedRPC.of(rpc, name)
            for name, rpc in cls.__rpc__.items()}


class CheckedRPC(RPC):
    "An RPC whose arguments are checked before they are converted"
    __slots__ = ('method',)

    @classmethod
    def of(cls, rpc, method):
        checked = cls.__new__(cls)
        for slot in RPC.__slots__:
            setattr(checked, slot, getattr(rpc, slot))
        checked.method = method
        return checked

    def convert(self, obj, *args, **kwargs):
        check_call(obj, self, list(args), dict(kwargs))
        return super().convert(obj, *args, **kwargs)


def check_call(obj, rpc, args, kwargs):
    if 'context' in kwargs:
        context = kwargs.pop('context')
    else:
        context = args.pop() if args else None
    if not isinstance(context, dict):
        # Tryton's convert refuses it
        return
    language = context.get('language')
    with Transaction().set_context(language=language
            if isinstance(language, str) and len(language) < 16 else None):
        check_context(context)
        with Transaction().set_context(public(context)):
            if issubclass(obj, Wizard):
                check_wizard_call(obj, rpc.method, args, kwargs)
            else:
                check_arguments(obj, rpc, args, kwargs)


def public(context):
    "The context as Tryton's convert passes it on"
    return {k: v for k, v in context.items()
        if not k.startswith('_') or k == '_datetime'}


def check_context(context):
    for key, value in context.items():
        try:
            check_text(key)
            if key in ID_KEYS and value is not None:
                check_integer(value)
            elif key in IDS_KEYS and value is not None:
                check_ids(value)
            elif key == 'active_model' and value is not None:
                if not isinstance(value, str) or (
                        value not in Pool()._pool['model']):
                    raise Invalid()
            else:
                check_scalars(value)
        except Invalid:
            raise ArgumentError(gettext('clinic_base.msg_context_invalid',
                    key=shown(key)))


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
    for name, value in bound.arguments.items():
        position = names.index(name)
        kind = bound.signature.parameters[name].kind
        try:
            if kind == inspect.Parameter.VAR_POSITIONAL:
                check_rest(Model, method, position, value, instantiated)
            elif position in instantiated:
                check_instance(Model, value)
            else:
                check_parameter(Model, method, name, value)
        except Invalid:
            raise argument_error(method, name)
    if method.startswith('on_change') and instantiated:
        values, *rest = bound.arguments.values()
        check_change_depends(Model, method, values, rest[0] if rest else [])


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
        for name in getattr(getattr(Model, change, None), 'depends', ()):
            field = Model._fields.get(name)
            if field is not None and field._type in TO_MANY and (
                    name not in values):
                raise ArgumentError(gettext('clinic_base.msg_change_depends',
                        **Model.__names__(name)))


def check_available(Model, method):
    """Refuse the methods that Model opens without having what they need:
    the changes of a table query's rows (a report's), which Tryton refuses
    with a server error, and the history of a model that keeps none"""
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


_signatures = {}


def signature(Model, method):
    """Return the signature of Model's method: of its first definition in
    the class's hierarchy that names its parameters (mixins pass theirs on
    as ``*args, **kwargs``)"""
    key = (Model, method)
    if key not in _signatures:
        found = [inspect.signature(definition.__get__(None, Model))
            for klass in Model.__mro__
            for definition in [klass.__dict__.get(method)]
            if hasattr(definition, '__get__')]
        named = [s for s in found if not any(
                p.kind == inspect.Parameter.VAR_KEYWORD
                for p in s.parameters.values())]
        _signatures[key] = (named or found or [
                inspect.signature(getattr(Model, method))])[0]
    return _signatures[key]


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
            check_instance(Model, value)
        elif method == 'write':
            check_values(Model, value)
        else:
            check_scalars(value)


def check_instance(Model, value):
    """Check what Tryton makes records of: an id, ids or a form's values
    (only a form's values for a model that stores nothing)"""
    if isinstance(value, dict):
        check_form(Model, value)
    elif not issubclass(Model, ModelStorage):
        raise Invalid()
    elif isinstance(value, list):
        check_ids(value)
    else:
        check_integer(value)


def check_parameter(Model, method, name, value):
    """Check an argument by its parameter's name in the methods of Tryton's
    model API, else for its text, numbers and dates (another method may
    give a name another meaning: a view's state takes a domain as text)"""
    check = None
    if method in MODEL_API or method.startswith('on_change_with_'):
        check = (PARAMETER_CHECKS.get((method, name))
            or PARAMETER_CHECKS.get(name))
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
            known_field(Model, name.split('.', 1)[0])
            check_scalars(value)
        else:
            check_field_value(Model, name, value)


def check_changed_with(Model, names):
    "Check the fields whose values a form asks to compute (on_change_with)"
    check_field_names(Model, names)
    for name in names:
        if not callable(getattr(Model, 'on_change_with_' + name, None)):
            raise Invalid()


def check_count(Model, value):
    if value is not None and not 0 <= value <= MAX_INTEGER:
        raise Invalid()


def check_offset(Model, value):
    if value is not None:
        check_integer(value)
        check_count(Model, value)


def check_view_id(Model, value):
    # a client asks for the default view with false
    if value is not False:
        check_offset(Model, value)


def check_flag(Model, value):
    if value is not None and not isinstance(value, (bool, int)):
        raise Invalid()


def check_ids_argument(Model, value):
    if isinstance(value, int):
        check_integer(value)
    else:
        check_ids(value)


def check_rows(Model, rows):
    check_list(rows, lambda row: check_list(row, check_scalars))


# The methods of Tryton's model API, whose parameters' names say what they
# take
MODEL_API = {
    'search', 'search_count', 'search_read', 'read', 'write', 'create',
    'delete', 'copy', 'export_data', 'export_data_domain', 'import_data',
    'default_get', 'fields_get', 'fields_view_get', 'view_toolbar_get',
    'on_change', 'on_change_with', 'on_change_notify', 'pre_validate',
    'autocomplete', 'resources', 'history_revisions'}
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
    'level': check_offset,
    'view_id': check_view_id,
    'view_type': lambda Model, value: check_text(value, 20),
    'text': lambda Model, value: check_text(value),
    ('on_change_with', 'fieldnames'): check_changed_with,
    ('read', 'fields_names'): check_read_names,
    ('search_read', 'fields_names'): check_read_names,
    ('export_data', 'fields_names'): check_export_names,
    ('export_data_domain', 'fields_names'): check_export_names,
    ('import_data', 'fields_names'): check_export_names,
    ('import_data', 'data'): check_rows,
    }


def check_wizard_call(Wizard, method, args, kwargs):
    "Check the arguments of a wizard's create, delete or execute"
    try:
        bound = signature(Wizard, method).bind(*args, **kwargs)
    except TypeError:
        raise argument_error(method)
    arguments = bound.arguments
    try:
        if 'session_id' in arguments:
            check_integer(arguments['session_id'])
    except Invalid:
        raise argument_error(method, 'session_id')
    if method == 'execute':
        check_wizard_records(Wizard)
        check_wizard_step(Wizard, arguments['session_id'],
            arguments['data'], arguments['state_name'])
    else:
        for name, value in arguments.items():
            try:
                check_scalars(value)
            except Invalid:
                raise argument_error(method, name)


def check_wizard_records(Wizard):
    """Refuse to run a wizard bound to models without records of those
    models (it would meet no record to work on)"""
    pool = Pool()
    IrModel = pool.get('ir.model')
    context = Transaction().context
    models = bound_models(Wizard, context.get('action_id'))
    if models and (context.get('active_model') not in models
            or (context.get('active_id') is None
                and not context.get('active_ids'))):
        raise ArgumentError(gettext('clinic_base.msg_wizard_records',
                model=IrModel.get_name(sorted(models)[0])))


def bound_models(Wizard, action_id=None):
    """Return the models whose records the wizard runs on: its actions'
    models and those of their keywords (none where a menu opens it)"""
    pool = Pool()
    ActionWizard = pool.get('ir.action.wizard')
    Keyword = pool.get('ir.action.keyword')
    domain = [('wiz_name', '=', Wizard.__name__)]
    if action_id is not None:
        domain.append(('id', '=', action_id))
    actions = ActionWizard.search(domain)
    keywords = Keyword.search(
        [('action', 'in', [a.action.id for a in actions])])
    bound = {str(k.model).split(',')[0] for k in keywords if k.model}
    if 'ir.ui.menu' in bound:
        return set()
    return bound | {a.model for a in actions if a.model}


def check_wizard_step(Wizard, session_id, data, state_name):
    """Check the values sent from the wizard's views and the state to go
    to: a view that the client validates before it goes there has its
    required fields (sent, else as the session keeps them)"""
    if not isinstance(state_name, str) or (
            state_name not in Wizard.states
            and state_name != Wizard.end_state):
        raise ArgumentError(gettext('clinic_base.msg_wizard_state',
                state=shown(state_name)))
    if not isinstance(data, dict):
        raise argument_error('execute', 'data')
    if not reachable(Wizard, data, state_name):
        raise ArgumentError(gettext('clinic_base.msg_wizard_step',
                state=shown(state_name)))
    pool = Pool()
    for name, values in data.items():
        state = Wizard.states.get(name)
        if not isinstance(state, StateView):
            raise ArgumentError(gettext('clinic_base.msg_wizard_state',
                    state=shown(name)))
        try:
            check_form(pool.get(state.model_name), values)
        except Invalid:
            raise argument_error('execute', name)
    kept = None
    for name, state in Wizard.states.items():
        if not isinstance(state, StateView) or not validates(
                Wizard, state, state_name) or (data and name not in data):
            continue
        if kept is None:
            kept = session_values(session_id)
        View = pool.get(state.model_name)
        values = View.default_get(list(View._fields), with_rec_name=False)
        values.update(kept.get(name, {}))
        values.update(data.get(name, {}))
        check_required(View, state.get_view(None, name)['fields'], values)


def reachable(Wizard, data, state_name):
    """Whether a client may go to state_name: the wizard's start or end, or
    where a button of the view it shows (the view whose values it sends)
    leads"""
    if state_name in {Wizard.start_state, Wizard.end_state}:
        return True
    return any(button.state == state_name
        for name in data if isinstance(Wizard.states.get(name), StateView)
        for button in Wizard.states[name].buttons)


def session_values(session_id):
    "Return the values of the views that the wizard's session keeps"
    Session = Pool().get('ir.session.wizard')
    sessions = Session.search([('id', '=', session_id)])
    if not sessions:
        return {}
    return json.loads(sessions[0].data or '{}', object_hook=JSONDecoder())


def validates(Wizard, state, state_name):
    """Whether the client validates the view of state before it goes to
    state_name: where a button of the view leads there (its validate, by
    default unless it ends the wizard)"""
    for button in state.buttons:
        if button.state == state_name:
            if button.validate is not None:
                return button.validate
            return state_name != Wizard.end_state
    return False


def check_required(View, shown_fields, values):
    "Refuse a view's values that leave a required field of the view empty"
    for name in shown_fields:
        field = View._fields.get(name)
        if field is None or field.required is not True:
            continue
        value = values.get(name)
        if value is None or value == '' or value == []:
            raise ArgumentError(gettext('ir.msg_required_validation',
                    **View.__names__(name)))

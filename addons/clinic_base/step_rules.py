# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""A wizard's calls, checked before Tryton takes them (``call_rules``): a
wizard bound to models runs on their records; a step goes to a state the
wizard has, from the view the client shows (a button of it leads there);
the values sent are those of views the wizard showed (``ClosedWizard``
keeps them in the session) and of their fields, and the required ones are
given where the button validates the form, as the client does.
"""
import json

from trytond.cache import Cache
from trytond.i18n import gettext
from trytond.model import ModelSQL
from trytond.pool import Pool
from trytond.protocols.jsonrpc import JSONDecoder
from trytond.transaction import Transaction
from trytond.wizard import StateView

from .argument_rules import argument_error, signature
from .exceptions import ArgumentError
from .value_rules import (
    Invalid, check_form, check_integer, check_scalars, shown)

# The models each wizard runs on, by its actions (they change with the
# modules activated, which clears the caches)
_bound_models = Cache('clinic_base.wizard_bound_models', context=False)


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
    if Wizard.__name__ in FORM_ACTION_WIZARDS:
        models = materialized_models()
    else:
        models = bound_models(Wizard, context.get('action_id'))
        if not models:
            return
    if not models:
        raise ArgumentError(gettext('clinic_base.msg_wizard_no_records'))
    if (context.get('active_model') not in models
            or (context.get('active_id') is None
                and not context.get('active_ids'))):
        raise ArgumentError(gettext('clinic_base.msg_wizard_records',
                model=IrModel.get_name(sorted(models)[0])))


# Tryton's wizards that no keyword binds, which the client offers as the
# form action of every model whose table query is materialized
# (ir.action.keyword's get_keyword): they run on the records of those
FORM_ACTION_WIZARDS = {'ir.model.refresh_materialized'}


def materialized_models():
    "Return the models whose table query is materialized"
    return {name for name, Model in Pool().iterobject()
        if issubclass(Model, ModelSQL) and Model._table_query_materialized()}


def bound_models(Wizard, action_id=None):
    """Return the models whose records the wizard runs on: its actions'
    models, those of their keywords (none where a menu opens it) and those
    whose buttons open it"""
    pool = Pool()
    ActionWizard = pool.get('ir.action.wizard')
    Keyword = pool.get('ir.action.keyword')
    key = (Wizard.__name__, action_id)
    models = _bound_models.get(key)
    if models is not None:
        return set(models)
    domain = [('wiz_name', '=', Wizard.__name__)]
    if action_id is not None:
        domain.append(('id', '=', action_id))
    actions = ActionWizard.search(domain)
    keywords = Keyword.search(
        [('action', 'in', [a.action.id for a in actions])])
    bound = {str(k.model).split(',')[0] for k in keywords if k.model}
    models = set() if 'ir.ui.menu' in bound else (
        bound | {a.model for a in actions if a.model}
        | button_models(actions))
    _bound_models.set(key, sorted(models))
    return models


def button_models(actions):
    """Return the models with a button that opens one of the wizard's
    actions (as ir.ui.view's Show opens ir.ui.view.show)"""
    pool = Pool()
    ModelData = pool.get('ir.model.data')
    xml_ids = {'%s.%s' % (d.module, d.fs_id) for d in ModelData.search([
                ('model', '=', 'ir.action.wizard'),
                ('db_id', 'in', [a.id for a in actions]),
                ])}
    return {name for name, Model in pool.iterobject()
        if any(xml_ids & set(button_actions(Model, button))
            for button in getattr(Model, '_buttons', {}))}


def button_actions(Model, button):
    """Yield the ids in XML of the actions the button of Model opens:
    ModelView.button_action keeps its action in the closure of the method
    it decorates, and nowhere else (an override in a subclass calls the
    decorated method of its parent)"""
    for klass in Model.__mro__:
        method = klass.__dict__.get(button)
        function = getattr(method, '__func__', method)
        while function is not None:
            code = getattr(function, '__code__', None)
            if code is not None and 'action' in code.co_freevars:
                action = function.__closure__[
                    code.co_freevars.index('action')].cell_contents
                if isinstance(action, str):
                    yield action
            function = getattr(function, '__wrapped__', None)


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
    check_views_shown(Wizard, session_id, data)
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
    for name, values in data.items():
        state = Wizard.states[name]
        if validates(Wizard, state, state_name):
            check_required(pool.get(state.model_name), session_id, name,
                state.get_view(None, name)['fields'], values)


def reachable(Wizard, data, state_name):
    """Whether a client may go to state_name: the wizard's start or end, or
    where a button of the view it shows (the view whose values it sends)
    leads"""
    if state_name in {Wizard.start_state, Wizard.end_state}:
        return True
    return any(button.state == state_name
        for name in data if isinstance(Wizard.states.get(name), StateView)
        for button in Wizard.states[name].buttons)


def check_views_shown(Wizard, session_id, data):
    """Refuse the values of a view the wizard has not shown (but its
    first): the wizard's code would meet a view it never filled"""
    views = [name for name in data if name != Wizard.start_state]
    if views:
        kept = shown_views(session_id)
        for name in views:
            if name not in kept:
                raise ArgumentError(gettext('clinic_base.msg_wizard_not_shown',
                        state=shown(name)))


def shown_views(session_id):
    "Return the states whose views the wizard's session showed"
    Session = Pool().get('ir.session.wizard')
    sessions = Session.search([('id', '=', session_id)])
    return set((sessions[0].shown_views or '').split()) if sessions else set()


def record_shown_view(session_id, state_name):
    "Keep in the wizard's session that it showed the view of state_name"
    Session = Pool().get('ir.session.wizard')
    session = Session(session_id)
    views = set((session.shown_views or '').split())
    if state_name not in views:
        Session.write([session], {
                'shown_views': ' '.join(sorted(views | {state_name}))})


def session_values(session_id):
    "Return the values of the views that the wizard's session keeps"
    Session = Pool().get('ir.session.wizard')
    sessions = Session.search([('id', '=', session_id)])
    if not sessions:
        return {}
    return json.loads(sessions[0].data or '{}', object_hook=JSONDecoder())


def validates(Wizard, state, state_name):
    """Whether the client validates the view of state before it goes to
    state_name, where a button of the view leads there: the button's
    validate, by default unless it ends the wizard"""
    for button in state.buttons:
        if button.state == state_name:
            if button.validate is not None:
                return button.validate
            return state_name != Wizard.end_state
    return False


def check_required(View, session_id, name, shown_fields, values):
    """Refuse a view's values that leave a required field of the view
    empty; one not sent is as the session keeps it, else its default"""
    missing = [f for f in shown_fields
        if f in View._fields and View._fields[f].required is True
        and is_empty(values.get(f))]
    unsent = [f for f in missing if f not in values]
    if unsent:
        kept = View.default_get(unsent, with_rec_name=False)
        kept.update(session_values(session_id).get(name, {}))
        missing = [f for f in missing if f in values or is_empty(kept.get(f))]
    if missing:
        raise ArgumentError(gettext('ir.msg_required_validation',
                **View.__names__(missing[0])))


def is_empty(value):
    return value is None or value == '' or value == []

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The boundary of every call a client makes: its arguments checked before
Tryton takes them.

Tryton 8.0 hands a JSON-RPC call's arguments to the method as they come: a
create of ``"-"``, a search of ``null``, a wizard's step with no values
reached Python code that expected other things and answered with a server
error. ``CheckedCalls`` is registered as a mixin on every Model, Wizard and
Report of the pool (in ``__init__.py``): it puts ``CheckedRPC`` in front of
each method its class opens to clients (``__rpc__``), ours and Tryton's, the
buttons and the on_change methods included, so that a method added later is
covered without anyone listing it. Before the call is converted, it checks:

- the context: a dictionary whose known keys (company, active_ids...) have
  the right kind (``check_context``);
- the arguments against the method's signature, and each by its parameter's
  name (``argument_rules``): domains, orders and field names
  (``domain_rules``), the values of create, write and copy and of a form
  (``value_rules``), ids, offsets and limits; any other argument for its
  text, numbers and dates;
- a wizard's step: a state the wizard has, values of its view's fields, and
  the required ones given where the button taken validates its form, as the
  client does (``step_rules``).

A refusal is an ``ArgumentError`` in the user's language that names the
argument or the field. It sits beside ``ClosedByDefault`` (closed.py): the
boundary says what a value may be, the record rules what it may point to.
"""
import datetime as dt

from trytond.i18n import gettext
from trytond.rpc import RPC
from trytond.transaction import Transaction
from trytond.wizard import Wizard

from .argument_rules import check_arguments
from .exceptions import ArgumentError
from .step_rules import check_wizard_call
from .value_rules import (
    Invalid, check_ids, check_integer, check_model_name, check_scalars,
    check_text, shown)

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
    with Transaction().set_context(language=message_language(context)):
        check_context(context)
        with Transaction().set_context(public(context)):
            if issubclass(obj, Wizard):
                check_wizard_call(obj, rpc.method, args, kwargs)
            else:
                check_arguments(obj, rpc, args, kwargs)


def message_language(context):
    """The language a refusal is written in: the context's, where it is
    one a message may be looked up in (text without NUL, short)"""
    language = context.get('language')
    try:
        check_text(language, 16)
    except Invalid:
        return None
    return language


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
            elif key == 'language' and value is not None:
                check_text(value, 16)
            elif key == '_datetime' and value is not None:
                # the moment a history read goes back to
                if not isinstance(value, dt.datetime):
                    raise Invalid()
            elif key == 'active_model' and value is not None:
                check_model_name(value)
            else:
                check_scalars(value)
        except Invalid:
            raise ArgumentError(gettext('clinic_base.msg_context_invalid',
                    key=shown(key)))

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""What a value sent to the server may be, from its field's definition.

Tryton 8.0 takes the values of a call as the client sends them and converts
them late: a selection key that is not one of the choices was stored, a
Decimal of 1e999999 held a core while it became an integer, a lone surrogate
broke the database's encoding. ``check_values`` (what create, write and
copy store), ``check_form`` (a form's values: on_change, a wizard's step,
the record of an instance button) and ``check_field_value`` check each value
against its field's type before anything converts it: the kind of value,
the selection's choices, integer and numeric bounds the database holds,
dates within ``MIN_DATE`` and ``MAX_DATE``, text without NUL or lone
surrogates and within its size, relation actions of the right shape.

A value that fails raises ``ArgumentError`` naming the model and the field,
never a record: a call boundary (``call_rules``) checks the values before
the record rules are applied.
"""
import datetime as dt
import math
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelStorage, fields
from trytond.pool import Pool

from .exceptions import ArgumentError

MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2199, 12, 31)
MAX_DAYS = 100 * 366
# What an INTEGER column holds (ids are INTEGER too)
MIN_INTEGER, MAX_INTEGER = -2 ** 31, 2 ** 31 - 1
# The largest absolute amount, quantity or float taken, and the smallest
# decimal place: far beyond what a clinic bills, and cheap to convert
MAX_NUMBER = 10 ** 15
MIN_EXPONENT = -20
MAX_CHAR = 10_000
MAX_TEXT = 1_000_000
# How deep a value may nest lists and dicts
MAX_DEPTH = 16
RELATION_ACTIONS = {'create', 'write', 'delete', 'add', 'remove', 'copy'}
# The keys a form's values may carry besides its fields
FORM_KEYS = {'id', '_timestamp', '_write', '_delete', '_datetime'}


class Invalid(Exception):
    "A value is not what its field or argument may be"

    def __init__(self, message='msg_value_kind', **params):
        super().__init__(message)
        self.message = message
        self.params = params


def field_error(Model, name, invalid):
    "Return the ArgumentError of invalid, naming Model's field name"
    names = Model.__names__(name if name in Model._fields else None)
    names.setdefault('field', shown(name))
    return ArgumentError(gettext(
            'clinic_base.' + invalid.message, **names, **invalid.params))


def shown(value, size=40):
    "Return value as it may be shown in a message"
    text = value if isinstance(value, str) else repr(value)
    text = text.encode('utf-8', 'replace').decode('utf-8')
    text = text.replace('\x00', '')
    return text if len(text) <= size else text[:size] + '…'


def check_values(Model, values):
    """Check the values that create or write store in Model's fields (a
    computed field only where it has a setter)"""
    if not isinstance(values, dict):
        raise Invalid()
    for name, value in values.items():
        field = known_field(Model, name)
        if isinstance(field, fields.Function) and not field.setter:
            raise field_error(Model, name, Invalid('msg_value_computed'))
        check_field_value(Model, name, value)


def check_form(Model, values):
    """Check a form's values (on_change, a wizard's step): its fields, its
    id, and its parents' fields (_parent_<field>.<name>)"""
    if not isinstance(values, dict):
        raise Invalid()
    for key, value in values.items():
        if not isinstance(key, str):
            raise Invalid()
        if key in FORM_KEYS:
            check_scalars(value)
            if key == 'id' and value is not None:
                check_integer(value)
        elif key.startswith('_parent_'):
            name, _, rest = key[len('_parent_'):].partition('.')
            Target = target_of(Model, name)
            if not rest or Target is None:
                raise field_error(Model, name, Invalid())
            check_form(Target, {rest: value})
        elif '.' in key:
            # a related name the client shows (party.rec_name)
            name, _ = key.split('.', 1)
            known_field(Model, name)
            check_scalars(value)
        else:
            check_field_value(Model, key, value, form=True)


def target_of(Model, name):
    "Return the model that Model's field name points to, or None"
    field = Model._fields.get(name)
    if isinstance(field, fields.Function):
        field = field._field
    if field is not None and hasattr(field, 'get_target'):
        return field.get_target()


def known_field(Model, name):
    "Return Model's field name, refusing a name it has not"
    field = Model._fields.get(name) if isinstance(name, str) else None
    if field is None:
        raise ArgumentError(gettext('clinic_base.msg_unknown_field',
                model=Model.__names__()['model'], field=shown(name)))
    return field


def check_field_value(Model, name, value, form=False):
    """Check value against Model's field name; form for the values of a
    form, which name their relations' records as a form shows them"""
    field = known_field(Model, name)
    if isinstance(field, fields.Function):
        field = field._field
    if value is None:
        return
    check = TYPE_CHECKS.get(field._type, check_any)
    try:
        check(Model, name, field, value, form)
    except Invalid as invalid:
        raise field_error(Model, name, invalid)


def check_any(Model, name, field, value, form):
    check_scalars(value)


def check_boolean(Model, name, field, value, form):
    if not isinstance(value, bool):
        raise Invalid()


def check_integer_field(Model, name, field, value, form):
    check_integer(value)


def check_integer(value):
    if not isinstance(value, int) or isinstance(value, bool):
        raise Invalid()
    if not MIN_INTEGER <= value <= MAX_INTEGER:
        raise Invalid('msg_value_range', low=MIN_INTEGER, high=MAX_INTEGER)


def check_number(Model, name, field, value, form):
    check_number_value(value)


def check_number_value(value):
    """Refuse a number that is not finite, larger than MAX_NUMBER or finer
    than MIN_EXPONENT, before anything converts it"""
    if isinstance(value, bool) or not isinstance(
            value, (int, float, Decimal)):
        raise Invalid()
    if isinstance(value, Decimal):
        if not value.is_finite() or value.as_tuple().exponent < MIN_EXPONENT:
            raise Invalid()
        if value.adjusted() >= len(str(MAX_NUMBER)):
            raise Invalid('msg_value_range', low=-MAX_NUMBER, high=MAX_NUMBER)
    elif isinstance(value, float) and not math.isfinite(value):
        raise Invalid()
    if abs(value) > MAX_NUMBER:
        raise Invalid('msg_value_range', low=-MAX_NUMBER, high=MAX_NUMBER)


def check_char(Model, name, field, value, form):
    size = field.size if isinstance(getattr(field, 'size', None), int) else 0
    check_text(value, size or MAX_CHAR)


def check_long_text(Model, name, field, value, form):
    check_text(value, MAX_TEXT)


def check_text(value, size=MAX_TEXT):
    if not isinstance(value, str):
        raise Invalid()
    if '\x00' in value:
        raise Invalid('msg_value_text')
    try:
        value.encode('utf-8')
    except UnicodeEncodeError:
        raise Invalid('msg_value_text')
    if len(value) > size:
        raise Invalid('msg_value_size', size=size)


def check_model_name(value):
    "Check the name of a model of the pool"
    if not isinstance(value, str) or value not in Pool()._pool['model']:
        raise Invalid()


def check_selection(Model, name, field, value, form):
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise Invalid()
    choices = static_choices(Model, field)
    if choices is not None and value not in choices:
        raise Invalid('msg_value_choice', value=shown(value))


def check_multiselection(Model, name, field, value, form):
    if not isinstance(value, (list, tuple)):
        raise Invalid()
    for item in value:
        check_selection(Model, name, field, item, form)


def static_choices(Model, field):
    """Return the keys of field's selection where it lists them, else None
    (a method's choices are checked by Tryton's validation when stored);
    '' and None are the same choice"""
    selection = field.selection
    if not isinstance(selection, (list, tuple)):
        return None
    choices = {key for key, _ in selection}
    if choices & {None, ''}:
        choices |= {None, ''}
    return choices


def check_date(Model, name, field, value, form):
    if type(value) is not dt.date:
        raise Invalid()
    check_date_range(value)


def check_datetime(Model, name, field, value, form):
    if not isinstance(value, dt.datetime):
        raise Invalid()
    check_date_range(value.date())


def check_date_range(value):
    # Tryton dates what holds since ever (a currency's first rate) on
    # date.min
    if not MIN_DATE <= value <= MAX_DATE and value != dt.date.min:
        Lang = Pool().get('ir.lang')
        lang = Lang.get()
        raise Invalid('msg_value_date',
            low=lang.strftime(MIN_DATE), high=lang.strftime(MAX_DATE))


def check_time(Model, name, field, value, form):
    if not isinstance(value, dt.time):
        raise Invalid()


def check_timedelta(Model, name, field, value, form):
    if not isinstance(value, dt.timedelta):
        raise Invalid()
    if abs(value.days) > MAX_DAYS:
        raise Invalid('msg_value_range',
            low=-MAX_DAYS, high=MAX_DAYS)


def check_binary(Model, name, field, value, form):
    # a form names a binary it did not load by its size
    if form and isinstance(value, int) and not isinstance(value, bool):
        check_integer(value)
        if value < 0:
            raise Invalid()
        return
    if not isinstance(value, (bytes, bytearray)):
        raise Invalid()


def check_many2one(Model, name, field, value, form):
    """A form sends a record's id; for a line, its parent's values (the
    line of an invoice not saved yet). A stored model's record given
    otherwise, as values or an unsaved record's id, has none of the fields
    a form's change reads from it"""
    Target = field.get_target()
    stored = issubclass(Target, ModelStorage)
    if form and isinstance(value, dict):
        if stored and not is_lines_parent(Model, name, Target):
            raise Invalid('msg_value_record')
        check_form(Target, value)
    else:
        check_integer(value)
        if form and stored and value < 0:
            raise Invalid('msg_value_record')


def is_lines_parent(Model, name, Target):
    "Tell whether Model's name is the parent of Target's lines (One2Many)"
    for field in Target._fields.values():
        if isinstance(field, fields.Function):
            field = field._field
        if (field._type == 'one2many' and field.field == name
                and field.model_name == Model.__name__):
            return True
    return False


def check_reference(Model, name, field, value, form):
    if isinstance(value, str):
        model, sep, id_ = value.partition(',')
        if not sep:
            raise Invalid()
        if id_:
            try:
                id_ = int(id_)
            except ValueError:
                raise Invalid()
            check_integer(id_)
    elif isinstance(value, (list, tuple)) and len(value) == 2:
        model, id_ = value
    else:
        raise Invalid()
    choices = static_choices(Model, field)
    if not isinstance(model, str) or (
            model not in Pool()._pool['model'] and model) or (
            choices is not None and model not in choices):
        raise Invalid('msg_value_choice', value=shown(model))
    if isinstance(id_, dict) and form and model:
        # (a line's parent not saved yet, as a form sends its values)
        Target = Pool().get(model)
        if not is_lines_parent(Model, name, Target):
            raise Invalid('msg_value_record')
        check_form(Target, id_)
    elif id_ is not None and id_ != '':
        check_integer(id_)


def check_to_many(Model, name, field, value, form):
    if not isinstance(value, (list, tuple)):
        raise Invalid()
    Target = field.get_target()
    if form:
        # the records a form shows: ids, or their values (the lines of a
        # One2Many; a client sends a Many2Many's ids)
        for item in value:
            if isinstance(item, dict) and field._type == 'one2many':
                check_form(Target, item)
            else:
                check_integer(item)
        return
    for action in value:
        check_action(Target, action)


def check_action(Target, action):
    "Check one action of a One2Many's or a Many2Many's value"
    if (not isinstance(action, (list, tuple)) or not action
            or action[0] not in RELATION_ACTIONS):
        raise Invalid()
    kind, *args = action
    if kind == 'create':
        if len(args) != 1:
            raise Invalid()
        check_list(args[0], lambda values: check_values(Target, values))
    elif kind == 'write':
        if not args or len(args) % 2:
            raise Invalid()
        for ids, values in zip(args[::2], args[1::2]):
            check_ids(ids)
            check_values(Target, values)
    elif kind == 'copy':
        if len(args) not in {1, 2}:
            raise Invalid()
        check_ids(args[0])
        if len(args) == 2 and args[1] is not None:
            check_values(Target, args[1])
    else:
        if len(args) != 1:
            raise Invalid()
        check_ids(args[0])


def check_list(value, check):
    if not isinstance(value, (list, tuple)):
        raise Invalid()
    for item in value:
        check(item)


def check_ids(value):
    "Check a list of record ids"
    check_list(value, check_integer)


def check_dict(Model, name, field, value, form):
    if not isinstance(value, dict):
        raise Invalid()
    check_scalars(value)


def check_scalars(value, depth=0):
    """Check any value whose kind no field says: its text, numbers and
    dates, and how deep it nests"""
    if depth > MAX_DEPTH:
        raise Invalid()
    if isinstance(value, str):
        check_text(value)
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int):
        if abs(value) > 2 ** 63:
            raise Invalid()
    elif isinstance(value, (float, Decimal)):
        check_number_value(value)
    elif isinstance(value, (list, tuple)):
        for item in value:
            check_scalars(item, depth + 1)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_scalars(key, depth + 1)
            check_scalars(item, depth + 1)
    elif isinstance(value, dt.date):
        check_date_range(
            value.date() if isinstance(value, dt.datetime) else value)
    elif not isinstance(value, (dt.time, dt.timedelta, bytes, bytearray)):
        raise Invalid()


TYPE_CHECKS = {
    'boolean': check_boolean,
    'integer': check_integer_field,
    'float': check_number,
    'numeric': check_number,
    'char': check_char,
    'text': check_long_text,
    'full_text': check_long_text,
    'selection': check_selection,
    'multiselection': check_multiselection,
    'date': check_date,
    'datetime': check_datetime,
    'timestamp': check_datetime,
    'time': check_time,
    'timedelta': check_timedelta,
    'binary': check_binary,
    'many2one': check_many2one,
    'one2one': check_many2one,
    'reference': check_reference,
    'one2many': check_to_many,
    'many2many': check_to_many,
    'dict': check_dict,
    }

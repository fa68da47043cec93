# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""What the parameters of the methods outside Tryton's model API take, by
their names (``NAMED_PARAMETERS``), checked by ``argument_rules`` before
Tryton takes them.

Tryton's client calls methods of its own beside the model API: a list's
kept state and column widths, exports, the chat, the preferences, the
notifications, currency conversions. They take their parameters untyped
and failed with server errors on a dict where a text goes. A name says
what it takes in any method (``id``, ``module``, ``text``, ``limit``...);
where a name means one thing in one method, the method and the name say
it. A parameter no entry names is checked for its text, numbers and dates
only. The small checks the model API's parameters share are here too.
"""
import json

from .value_rules import (
    MAX_INTEGER, Invalid, check_integer, check_list, check_model_name,
    check_number_value, check_scalars, check_text, check_values)


def check_stored_id(value):
    "The id of a stored record: 0 or more (a form's unsaved ones are below)"
    check_integer(value)
    if value < 0:
        raise Invalid()


def check_count(Model, value):
    if value is not None and not 0 <= value <= MAX_INTEGER:
        raise Invalid()


def check_offset(Model, value):
    if value is not None:
        check_integer(value)
        check_count(Model, value)


def check_positive(Model, value):
    "A count of one or more (a search's limit)"
    check_integer(value)
    if value < 1:
        raise Invalid()


def check_flag(Model, value):
    if value is not None and not isinstance(value, (bool, int)):
        raise Invalid()


def check_id(Model, value):
    check_integer(value)


def check_record_id(Model, value):
    check_stored_id(value)


def check_number(Model, value):
    check_number_value(value)


def check_text_parameter(Model, value):
    check_text(value)


def check_optional_text(Model, value):
    if value is not None:
        check_text(value)


def check_texts(Model, value):
    "A list of texts (field names)"
    check_list(value, check_text)


def check_by_field(value, check_item):
    "A dict of something per field name, each checked by check_item"
    if not isinstance(value, dict):
        raise Invalid()
    for field, item in value.items():
        check_text(field)
        check_item(item)


def check_preferences(Model, value):
    "The user's preferences by field name (the user checks them as it saves)"
    check_by_field(value, check_scalars)


def check_stored_values(Model, value):
    "The values of the model's record to store (an export's)"
    check_values(Model, value)


def check_widths(Model, value):
    "The widths of a list's columns: a list of pixels (or none) per field"
    check_by_field(value, lambda widths: check_list(
            widths, lambda width: width is None or check_integer(width)))


def check_shown(Model, value):
    "The optional columns of a list: shown or not, per field"
    check_by_field(value, check_boolean)


def check_boolean(value):
    if not isinstance(value, bool):
        raise Invalid()


def check_optional_ids(Model, value):
    if value is not None:
        check_list(value, check_stored_id)


def check_file(value):
    "A file as a name and its content"
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        raise Invalid()
    name, data = value
    check_text(name)
    if not isinstance(data, (bytes, bytearray, str)):
        raise Invalid()


def check_json_text(Model, value):
    "A text of JSON (a list's domain, as ir.ui.view_tree_state keeps it)"
    check_text(value)
    try:
        json.loads(value)
    except ValueError:
        raise Invalid()


def check_none(Model, value):
    "A parameter no client can give (ir.date's today of a timezone object)"
    if value is not None:
        raise Invalid()


def model_and_id(check_id):
    """Return the check of a record given as a model's name and an id, the
    id checked by check_id"""
    def check(Model, value):
        if not isinstance(value, (list, tuple)) or len(value) != 2:
            raise Invalid()
        check_model_name(value[0])
        check_id(value[1])
    return check


# What a parameter's name says it takes in any method: a record's id
# (ir.export's update and unset), a module and an XML id (ir.model.data's
# get_id), models' names (ir.model.access's get_access), a text and a limit
# (ir.email's complete, ir.model's global_search), a count (of the user's
# notifications), a domain as JSON text (a list's kept state), a model's
# name, a resource ('party.party,1' of the chat, a model of the exports),
# field names; and where the name means one thing in one method, by the
# method and the name
NAMED_PARAMETERS = {
    # (ir.email's send names a stored record, an action keyword's a new
    # one too, below 0)
    ('send', 'record'): model_and_id(check_stored_id),
    ('get', 'record'): check_id,
    ('get_default', 'record'): check_id,
    ('get_default', 'model'): lambda Model, value: check_model_name(value),
    ('get_keyword', 'value'): model_and_id(check_integer),
    ('today', 'timezone'): check_none,
    # the warning a user skips
    ('skip', 'name'): check_text_parameter,
    ('skip', 'always'): check_flag,
    # a statement journal by its bank account
    ('get_by_bank_account', 'company'): check_id,
    ('get_by_bank_account', 'number'): check_text_parameter,
    ('get_by_bank_account', 'currency'): check_optional_text,
    # an amount in another currency, its symbol (currencies, units)
    ('compute', 'from_currency'): check_record_id,
    ('compute', 'to_currency'): check_record_id,
    ('compute', 'amount'): check_number,
    ('compute', 'round'): check_flag,
    ('get_symbol', 'sign'): check_number,
    ('get_symbol', 'symbol'): check_optional_text,
    # a fiscal year's periods
    ('create_period', 'interval'): check_positive,
    ('create_period', 'end_day'): check_positive,
    # the client's lists: kept state, widths, optional columns, searches
    ('set', 'nodes'): check_json_text,
    ('set', 'selected_nodes'): check_json_text,
    ('set', 'values'): check_stored_values,
    ('set_width', 'fields'): check_widths,
    ('set_width', 'width'): lambda Model, value: value is None or (
        check_integer(value)),
    ('reset_width', 'width'): check_id,
    ('set_optional', 'view_id'): check_record_id,
    ('set_optional', 'fields'): check_shown,
    # an export's values and fields, the user's preferences
    ('update', 'values'): check_stored_values,
    ('update', 'fields'): check_texts,
    ('set_preferences', 'values'): check_preferences,
    ('get_preferences', 'context_only'): check_flag,
    # an e-mail sent from a record: its addresses, subject and body, its
    # files (name and content), the reports and attachments joined
    ('send', 'to'): check_optional_text,
    ('send', 'cc'): check_optional_text,
    ('send', 'bcc'): check_optional_text,
    ('send', 'subject'): check_optional_text,
    ('send', 'body'): check_optional_text,
    ('send', 'files'): lambda Model, value: value is None or check_list(
        value, check_file),
    ('send', 'reports'): check_optional_ids,
    ('send', 'attachments'): check_optional_ids,
    # the chat's messages before or after one
    ('get', 'before'): lambda Model, value: value is None or (
        check_stored_id(value)),
    ('get', 'after'): lambda Model, value: value is None or (
        check_stored_id(value)),
    # a user's new password, e-mailed; stock's flags, and the moves a
    # shipment waits for (records: none from a client)
    ('reset_password', 'length'): check_positive,
    ('reset_password', 'from_'): check_optional_text,
    ('assign_try', 'with_childs'): check_flag,
    ('complete_lines', 'fill'): check_flag,
    ('wait', 'moves'): check_none,
    # the models' names (ir.model's, of no classes from a client)
    ('get_names', 'classes'): check_none,
    ('global_search', 'limit'): check_positive,
    ('global_search', 'menu'): lambda Model, value: check_model_name(value),
    'id': check_id,
    'module': check_text_parameter,
    'fs_id': check_optional_text,
    'models': lambda Model, value: check_list(value, check_model_name),
    'text': check_text_parameter,
    'limit': check_offset,
    'count': check_offset,
    'domain': check_json_text,
    'model': check_optional_text,
    'resource': check_text_parameter,
    'fields_names': check_texts,
    'name': check_text_parameter,
    'child_name': check_optional_text,
    'button': check_text_parameter,
    'keyword': check_text_parameter,
    'code': check_text_parameter,
    'content': check_text_parameter,
    'audience': check_text_parameter,
    'username': check_optional_text,
    'email': check_text_parameter,
    'current_cookie': check_optional_text,
    }

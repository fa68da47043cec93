# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The chat of a record (an invoice, a budget): only on a record the user
reads, with the users the user sees.

Tryton 8.0's ``ir.chat.channel`` checks the access to the model of the
record a chat is about, not its record rules (Tryton's own code leaves them
for later), and looks its followers up among all the users of the database: a clinic's
user read and wrote the chat of another clinic's invoice by its id, and
listed the users of another franchise as followers to add.

- ``check_access``, which every method of the channel calls first, takes
  the record as ``"model,id"`` of a model with a chat and refuses one the
  user cannot read, as a link to it is refused (``link_rules``);
- the followers to add are searched, and a follower added by login is
  found, among the users the user may read;
- the arguments that Tryton takes as numbers (``before``, ``after``,
  ``limit``) must be numbers.
"""
from trytond.exceptions import UserError
from trytond.i18n import gettext
from trytond.ir.chat import FOLLOWER_SEARCH_LIMIT
from trytond.model import ChatMixin
from trytond.pool import Pool, PoolMeta
from trytond.transaction import check_access

from .argument_rules import argument_error
from .link_rules import unreadable
from .value_rules import MAX_INTEGER, Invalid, check_integer


class Channel(metaclass=PoolMeta):
    __name__ = 'ir.chat.channel'

    @classmethod
    @check_access
    def check_access(cls, resource):
        Model, id_ = chat_record(resource)
        super().check_access(resource)
        if unreadable(Model, [id_]):
            raise UserError(gettext('clinic_base.msg_chat_hidden'))

    @classmethod
    def subscribe(cls, resource, username=None):
        if username is not None:
            check_follower_login(username)
        return super().subscribe(resource, username=username)

    @classmethod
    def _search_followers(cls, resource, text):
        with check_access():
            return super()._search_followers(resource, text)

    @classmethod
    def search_followers(cls, resource, text, limit=FOLLOWER_SEARCH_LIMIT):
        check_number_argument('search_followers', 'limit', limit)
        return super().search_followers(resource, text, limit=limit)

    @classmethod
    def get(cls, resource, before=None, after=None):
        check_number_argument('get', 'before', before)
        check_number_argument('get', 'after', after)
        return super().get(resource, before=before, after=after)


def chat_record(resource):
    """Return the model with a chat and the id that resource names ("model,id"
    or the record itself), or refuse it"""
    model, _, id_ = str(resource).partition(',')
    Model = Pool()._pool['model'].get(model)
    if (Model is None or not issubclass(Model, ChatMixin)
            or not (id_.isascii() and id_.isdigit())
            or int(id_) > MAX_INTEGER):
        raise argument_error('ir.chat.channel', 'resource')
    return Model, int(id_)


def check_follower_login(login):
    "Refuse a login that is not of a user whom the user may add to a chat"
    User = Pool().get('res.user')
    with check_access():
        found = isinstance(login, str) and User.search_count(
            [('login', '=', login)])
    if not found:
        raise UserError(gettext('clinic_base.msg_chat_no_user'))


def check_number_argument(method, name, value):
    "Refuse an argument that is neither an integer nor None"
    try:
        if value is not None:
            check_integer(value)
    except Invalid:
        raise argument_error('ir.chat.channel.' + method, name)

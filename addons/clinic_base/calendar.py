# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The calendar of dated events: what the days hold, in one sao calendar.

Each module adds its events to ``clinic.calendar.event`` (a table query):
the patients' birthdays here, the appointments in clinic_agenda, the CRM's
activities in clinic_crm, the invoices due and the budgets expiring in
clinic_billing. A module gives, in ``event_queries``, a query of rows of its
own model, each keyed by ``source_ids``: the user's search of that model,
under its record rules. The calendar so shows only what the user reads,
whatever the source, and nothing of a model the user may not read at all:
no rule of its own could say what each source's policy says.

An event is of a day (sao draws it across the day): a moment's day is its
UTC day, the clinics working in daylight hours. "Mine" are the events of
the user (an activity they are responsible for, an appointment with them).
"""
from sql import Cast, Literal, Null, Union
from sql.functions import Extract, Function
from sql.operators import Concat

from trytond import backend
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction, check_access

from .table_query import stamp_columns

# The colour of each kind of event in the calendar
COLORS = {
    'birthday': '#8e24aa',
    }
# The text of every event, on its kind's colour
TEXT_COLOR = '#ffffff'
# Each source's place in an event's id: id * SLOTS + slot
SLOTS = 16


class _SQLiteDate(Function):
    __slots__ = ()
    _function = 'DATE'


class _SQLiteStrftime(Function):
    __slots__ = ()
    _function = 'STRFTIME'


class _MakeInterval(Function):
    __slots__ = ()
    _function = 'MAKE_INTERVAL'


def day_of(moment):
    "Return the SQL day of the SQL moment"
    if backend.name == 'sqlite':
        return _SQLiteDate(moment)
    return Cast(moment, 'DATE')


def anniversary(day, year):
    "Return the SQL day of year on which the SQL day falls again"
    if backend.name == 'sqlite':
        years = Literal(year) - Cast(_SQLiteStrftime('%Y', day), 'INTEGER')
        return _SQLiteDate(day, Concat(Concat('+', years), ' years'))
    years = Literal(year) - Cast(Extract('YEAR', day), 'INTEGER')
    return Cast(day + _MakeInterval(years), 'DATE')


def days_after(day, interval):
    """Return the SQL day an SQL interval (a TimeDelta column: seconds on
    SQLite) after the SQL day"""
    if backend.name == 'sqlite':
        return _SQLiteDate(day, Concat(Concat('+', Cast(
                        interval / 86400, 'INTEGER')), ' days'))
    return Cast(day + interval, 'DATE')


def source_ids(Model, domain=None):
    """Return the query of the ids of Model the user reads in domain, or
    None if the user may not read Model"""
    ModelAccess = Pool().get('ir.model.access')
    with check_access():
        if not ModelAccess.check(
                Model.__name__, 'read', raise_exception=False):
            return None
        return Model.search(domain or [], order=[], query=True)


def reference(Model, table):
    "Return the SQL reference to the record of Model of the row of table"
    return Concat(Model.__name__ + ',', Cast(table.id, 'VARCHAR'))


class CalendarEvent(ModelSQL, ModelView):
    "A dated event of a clinic's calendar"
    __name__ = 'clinic.calendar.event'
    __string__ = "Calendar Event"

    date = fields.Date("Date")
    kind = fields.Selection([
            ('birthday', "Birthday"),
            ], "Kind")
    name = fields.Function(
        fields.Char("Event"), 'get_name', searcher='search_name')
    company = fields.Many2One('company.company', "Clinic")
    party = fields.Many2One(
        'party.party', "Patient or Lead",
        context={'company': Eval('company', -1)}, depends={'company'})
    user = fields.Many2One(
        'res.user', "User", help="Whose event it is, if anyone's.")
    employee = fields.Many2One(
        'company.employee', "Practitioner",
        help="The practitioner whose event it is, if anyone's.")
    origin = fields.Reference("Origin", selection='get_origins')
    background_color = fields.Function(
        fields.Char("Background Colour"), 'get_colors')
    text_color = fields.Function(fields.Char("Text Colour"), 'get_colors')
    mine = fields.Function(
        fields.Boolean("Mine", help="The user's event."),
        'get_mine', searcher='search_mine')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'ASC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        queries = [q for q in cls.event_queries() if q is not None]
        if not queries:
            return cls.no_event()
        union = Union(*queries, all_=True)
        return union.select(*(getattr(union, n) for n in cls.event_columns()),
            *stamp_columns(cls))

    @classmethod
    def event_columns(cls):
        return ['id', 'date', 'kind', 'company', 'party', 'user', 'employee',
            'origin']

    @classmethod
    def event_row(cls, table, slot, **columns):
        """Return the columns of an event of the row of table, in slot of
        the sources; the columns missing are empty"""
        typed = {
            'id': table.id * SLOTS + slot,
            **{n: Null for n in ['company', 'party', 'user', 'employee']},
            **columns,
            }
        row = []
        for name in cls.event_columns():
            value = typed[name]
            if isinstance(value, str):
                value = Literal(value)
            if name not in {'id', 'kind', 'origin'}:
                value = cls._fields[name].sql_cast(value)
            row.append(value.as_(name))
        return row

    @classmethod
    def no_event(cls):
        "A query of no event"
        Party = Pool().get('party.party')
        party = Party.__table__()
        return party.select(*cls.event_row(
                party, 0, date=party.birth_date, kind='birthday',
                origin=Literal(None)), where=Literal(False))

    @classmethod
    def event_queries(cls):
        "Return the queries of the events, each of a source (None: no read)"
        return cls.birthday_queries()

    @classmethod
    def birthday_queries(cls):
        """The birthdays of the patients the user reads, this year and the
        next (December's calendar shows January's)"""
        pool = Pool()
        Date = pool.get('ir.date')
        Party = pool.get('party.party')
        patients = source_ids(Party, [
                ('birth_date', '!=', None), ('history_numbers', '!=', None)])
        if patients is None:
            return [None]
        year = Date.today().year
        party = Party.__table__()
        return [party.select(*cls.event_row(
                    party, slot, date=anniversary(party.birth_date, year),
                    kind='birthday', company=party.company, party=party.id,
                    origin=reference(Party, party)),
                where=party.id.in_(patients))
            for slot, year in enumerate([year, year + 1])]

    @classmethod
    def get_origins(cls):
        pool = Pool()
        IrModel = pool.get('ir.model')
        models = {'party.party'} | set(cls.origin_models())
        return [(None, '')] + [(m, IrModel.get_name(m)) for m in sorted(
                models)]

    @classmethod
    def origin_models(cls):
        "The models of the events' origins, besides the parties"
        return []

    def get_name(self, name):
        if self.kind == 'birthday':
            return gettext('clinic_base.msg_event_birthday',
                party=self.party.rec_name)
        return self.origin.rec_name if self.origin else ''

    @classmethod
    def search_name(cls, name, clause):
        "An event is found by its patient's or lead's name"
        return [('party.rec_name', *clause[1:])]

    def get_colors(self, name):
        if name == 'text_color':
            return TEXT_COLOR
        return self.colors().get(self.kind)

    @classmethod
    def colors(cls):
        "The colour of each kind of event"
        return dict(COLORS)

    @classmethod
    def get_mine(cls, events, name):
        mine = set(cls.search([
                    ('id', 'in', [e.id for e in events]),
                    ('mine', '=', True),
                    ], order=[]))
        return {e.id: e in mine for e in events}

    @classmethod
    def search_mine(cls, name, clause):
        pool = Pool()
        User = pool.get('res.user')
        _, operator, value = clause[:3]
        user = Transaction().user
        employees = list(User.get_employees())
        domain = ['OR',
            ('user', '=', user),
            ('employee', 'in', employees),
            ]
        if (operator == '=') == bool(value):
            return domain
        return ['AND',
            ['OR', ('user', '=', None), ('user', '!=', user)],
            ['OR', ('employee', '=', None), ('employee', 'not in', employees)],
            ]

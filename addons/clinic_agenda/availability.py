# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The availability search: the free slots of the agenda for a service or a
specialty, the engine of the front desk, the call center and the portal.

``clinic.availability.find_slots`` returns ``Slot`` tuples (start, end,
company, practitioner, room) in time order. A slot is free when:

- the practitioner practises the specialty (of the service) and works then
  in that clinic by their weekly hours, on the clinic's wall clock (so a
  clinic's 09:00 is 08:00 UTC in winter and 07:00 UTC in summer);
- neither the clinic is closed nor the practitioner on leave then;
- the practitioner, as a person, is in no live appointment then, in any
  clinic: a person who works in two clinics is one party with an employee
  in each, and is booked as one;
- a room of the clinic is free then, when the clinic has rooms;
- it starts after now, and ends by the end of the search.

The slots are a grid: they start every ``STEP`` (15 minutes) from the start
of each stretch of working hours (touching lines of hours are one stretch),
so that a 30-minute filling may start at 09:00, 09:15, 09:30... whatever the
services booked before. Without a service, or with one without duration, a
slot lasts ``DEFAULT_DURATION``.

The search is fast because it asks the database a few questions whatever
the number of slots: the practitioners, their hours, the rooms and the
exceptions once, then the live appointments of the practitioners and rooms
window by window of time (a day, then two, four...), and stops as soon as
it has ``limit`` slots. On PostgreSQL, the appointments of a window are
read through the GiST indexes of the appointment's exclusion constraints
(a practitioner or a room with a period), which skip the past.
"""
import datetime as dt
import heapq
from bisect import bisect_right
from collections import defaultdict, namedtuple
from itertools import islice

from sql import Cast, Literal, Null
from sql.operators import Any

from trytond import backend
from trytond.i18n import gettext
from trytond.model import Model
from trytond.model.fields import SQL_OPERATORS
from trytond.pool import Pool
from trytond.sql.functions import TSRange
from trytond.sql.operators import RangeOverlap
from trytond.tools import grouped_slice
from trytond.transaction import Transaction, without_check_access

from .appointment import one_value
from .booking import LIVE_STATES
from .exceptions import AvailabilityError
from .schedule import (
    ONE_DAY, clinic_timezone, merged_spans, to_utc, to_wall_clock)

Slot = namedtuple('Slot', ['start', 'end', 'company', 'practitioner', 'room'])
Slot.__doc__ = """A free slot: naive UTC start and end, the clinic
(company.company), the practitioner (company.employee) and the room
(clinic.room, None when the clinic has no rooms)"""

# The grid of the slots' starts, from the start of each stretch of hours
STEP = dt.timedelta(minutes=15)
# How long a slot lasts without a service that says it
DEFAULT_DURATION = dt.timedelta(minutes=30)
# How far a search looks without an end, and at most
DEFAULT_RANGE = dt.timedelta(days=14)
MAX_RANGE = dt.timedelta(days=62)
# The first window of time whose appointments are read; the next ones double
FIRST_WINDOW = dt.timedelta(days=1)
# The practitioners or rooms whose appointments one query reads (each a
# parameter of the query, where the database has no ranges)
IDS_PER_QUERY = backend.MAX_QUERY_PARAMS // 2


def utc_now():
    "Return the current moment as Tryton stores it: naive UTC"
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def next_on_grid(origin, moment):
    "Return the first origin + n * STEP (n >= 0) at or after moment"
    if moment <= origin:
        return origin
    return origin - ((origin - moment) // STEP) * STEP


class Availability(Model):
    "The free slots of the agenda"
    __name__ = 'clinic.availability'

    @classmethod
    def find_slots(cls, service=None, specialty=None, practitioner=None,
            companies=None, start=None, end=None, limit=10, duration=None):
        """Return the first limit free Slots (all of them if limit is None)
        in time order, from start to end (naive UTC; default: now and 14
        days later; never before now)

        service (product.product) sets the specialty, the duration and,
        for a clinic's own service, the clinic; specialty
        (clinic.specialty) is for a search without service, or with one
        of no specialty. practitioner (company.employee) limits the search
        to that person, in whichever of the clinics they work. companies
        are the clinics to search, among those the user may book in (by
        default all of them: the clinics among the user's current
        companies, as their company filter says); code that runs without
        access checks may name any. duration (a timedelta) overrides the
        service's.
        """
        start, end = cls.check_search(service, specialty, start, end)
        search = Search(
            specialty=cls.specialty_of(service, specialty),
            person=practitioner.party.id if practitioner else None,
            companies=cls.companies_of(service, companies),
            start=start, end=end,
            duration=duration or cls.duration_of(service))
        return search.slots(limit)

    @classmethod
    def check_search(cls, service, specialty, start, end, timezone=None):
        """Refuse a search without service or specialty, or whose range is
        upside down, over or too long; return its range from now on

        timezone is that of the days the errors name (default: that of
        the user's current company)."""
        now = utc_now()
        start = start or now
        end = end or max(start, now) + DEFAULT_RANGE

        def refuse(problem, **values):
            raise AvailabilityError(gettext(
                    'clinic_agenda.msg_availability_%s' % problem,
                    **search_days(start, end, timezone), **values))
        if not service and not specialty:
            refuse('what')
        if end <= start:
            refuse('end_before_start')
        if end <= now:
            refuse('past')
        if end - max(start, now) > MAX_RANGE:
            refuse('too_long', maximum=MAX_RANGE.days)
        return max(start, now), end

    @classmethod
    def specialty_of(cls, service, specialty):
        "Return the id of the specialty the practitioners must practise"
        if service and service.template.specialty:
            return service.template.specialty.id
        return specialty.id if specialty else None

    @classmethod
    def duration_of(cls, service):
        if service and service.template.duration:
            return service.template.duration
        return DEFAULT_DURATION

    @classmethod
    def companies_of(cls, service, companies):
        """Return the ids of the clinics to search: those asked for (by
        default all) among those the user may book in, and only the clinic
        of a clinic's own service"""
        pool = Pool()
        Company = pool.get('company.company')
        Sharing = pool.get('clinic.sharing.policy')
        own = Sharing.own_companies()
        if companies is None:
            ids = own
        else:
            ids = [int(c) for c in companies]
            if Transaction().check_access:
                ids = [i for i in ids if i in own]
        if service and service.template.company:
            if service.template.company.clinic_role == 'clinic':
                ids = [i for i in ids if i == service.template.company.id]
        with without_check_access():
            return [c.id for c in Company.search([
                        ('id', 'in', ids),
                        ('clinic_role', '=', 'clinic'),
                        ], order=[('id', 'ASC')])]


def search_days(start, end, timezone=None):
    """Return the first and the last day of the UTC range [start, end) on
    timezone's calendar, as the user reads them, for the errors"""
    pool = Pool()
    Company = pool.get('company.company')
    Lang = pool.get('ir.lang')
    if timezone is None:
        company = Transaction().context.get('company')
        timezone = clinic_timezone(Company(company) if company else None)
    lang = Lang.get()
    last = end - dt.timedelta(microseconds=1)

    def day(moment):
        return lang.strftime(to_wall_clock(moment, timezone).date())
    return {'start': day(start), 'end': day(last)}


class Practitioner:
    "A practitioner as the search sees them: a clinic's employee, with hours"
    __slots__ = ('id', 'party', 'company', 'timezone', 'hours', 'first_day',
        'last_day')

    def __init__(self, id, party, company, timezone, first_day, last_day):
        self.id, self.party, self.company = id, party, company
        self.timezone = timezone
        self.first_day, self.last_day = first_day, last_day
        # weekday (0 is Monday): merged (start, end) times of the day
        self.hours = {}

    def working_spans(self, start, end):
        """Yield the stretches of hours (naive UTC start and end, in order)
        of the days of the clinic's calendar that [start, end) touches"""
        day = to_wall_clock(start, self.timezone).date()
        last_day = to_wall_clock(end, self.timezone).date()
        while day <= last_day:
            if self.employed_on(day):
                for span_start, span_end in self.hours.get(day.weekday(), []):
                    yield (
                        to_utc(dt.datetime.combine(day, span_start),
                            self.timezone),
                        to_utc(dt.datetime.combine(day, span_end),
                            self.timezone))
            day += ONE_DAY

    def employed_on(self, day):
        return ((not self.first_day or self.first_day <= day)
            and (not self.last_day or day <= self.last_day))


class Busy:
    "The UTC spans during which a practitioner or a room is taken"
    __slots__ = ('starts', 'ends')

    def __init__(self, spans):
        merged = merged_spans(spans)
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def taken_until(self, start, end):
        """Return the end of the span that [start, end) overlaps (the
        earliest a slot may start again), or None when it is free"""
        index = bisect_right(self.ends, start)
        if index < len(self.ends) and self.starts[index] < end:
            return self.ends[index]


FREE = Busy([])


class Search:
    """One availability search: the agenda data it needs, loaded in a few
    queries, and the free slots it finds window by window of time"""

    def __init__(self, specialty, person, companies, start, end, duration):
        self.specialty, self.person = specialty, person
        self.companies = companies
        self.start, self.end, self.duration = start, end, duration
        self.cursor = Transaction().connection.cursor()
        with without_check_access():
            self.practitioners = self.load_practitioners()
            self.parties = self.load_employees_of_parties()
            self.load_hours()
            self.rooms = self.load_rooms()
            self.closures, self.leave = self.load_exceptions()

    def slots(self, limit):
        "Return the first limit slots (all if None) in time order"
        found = []
        window_start, size = self.start, FIRST_WINDOW
        while (window_start < self.end and self.practitioners
                and (limit is None or len(found) < limit)):
            window_end = min(window_start + size, self.end)
            wanted = None if limit is None else limit - len(found)
            found.extend(
                islice(self.window_slots(window_start, window_end), wanted))
            window_start, size = window_end, size * 2
        return [self.slot(*values) for values in found]

    def slot(self, start, end, company, practitioner, room):
        pool = Pool()
        Company = pool.get('company.company')
        Employee = pool.get('company.employee')
        Room = pool.get('clinic.room')
        return Slot(start, end, Company(company), Employee(practitioner),
            Room(room) if room else None)

    def window_slots(self, start, end):
        """Yield (start, end, company, practitioner, room) of the free slots
        that start in [start, end), in time order"""
        # A slot that starts in the window may end after it
        appointments = self.load_appointments(start, end + self.duration)
        rooms = {
            room: Busy(appointments['room'].get(room, []))
            for rooms in self.rooms.values() for room in rooms}
        return heapq.merge(*(
                self.practitioner_slots(
                    practitioner, self.busy(practitioner, appointments),
                    rooms, start, end)
                for practitioner in self.practitioners))

    def busy(self, practitioner, appointments):
        """Return when the practitioner is taken: the appointments of the
        person in any clinic, the clinic's closures, their leave"""
        return Busy(appointments['party'].get(practitioner.party, [])
            + self.closures.get(practitioner.company, [])
            + self.leave.get(practitioner.id, []))

    def practitioner_slots(self, practitioner, busy, rooms, start, end):
        "Yield the free slots of the practitioner that start in [start, end)"
        duration = self.duration
        clinic_rooms = self.rooms.get(practitioner.company, [])
        for span_start, span_end in practitioner.working_spans(start, end):
            latest = min(span_end, self.end) - duration
            moment = next_on_grid(span_start, max(start, self.start))
            while moment <= latest and moment < end:
                slot_end = moment + duration
                wait = busy.taken_until(moment, slot_end)
                if wait is None:
                    room, wait = self.free_room(
                        clinic_rooms, rooms, moment, slot_end)
                    if wait is None:
                        yield (moment, slot_end, practitioner.company,
                            practitioner.id, room)
                        wait = moment + STEP
                moment = next_on_grid(span_start, wait)

    @staticmethod
    def free_room(clinic_rooms, rooms, start, end):
        """Return (the first room of the clinic free in [start, end), None)
        or, when none is, (None, the earliest a room is free again); with
        no rooms in the clinic, (None, None)"""
        waits = []
        for room in clinic_rooms:
            wait = rooms.get(room, FREE).taken_until(start, end)
            if wait is None:
                return room, None
            waits.append(wait)
        return None, min(waits, default=None)

    # Loading: a few queries, without the access checks (another clinic's
    # appointment of the same person takes them too)

    def load_practitioners(self):
        """Return the practitioners of the clinics who practise the
        specialty (and are the person asked for)"""
        pool = Pool()
        Employee = pool.get('company.employee')
        EmployeeSpecialty = pool.get('company.employee-clinic.specialty')
        Company = pool.get('company.company')
        employee = Employee.__table__()
        link = EmployeeSpecialty.__table__()
        if not self.companies:
            return []
        where = ((employee.practitioner == Literal(True))
            & employee.company.in_(self.companies))
        if self.specialty:
            where &= employee.id.in_(link.select(
                    link.employee, where=link.specialty == self.specialty))
        if self.person:
            where &= employee.party == self.person
        if self.start:
            first = self.start.date() - ONE_DAY
            where &= ((employee.end_date == Null)
                | (employee.end_date >= first))
        self.cursor.execute(*employee.select(
                employee.id, employee.party, employee.company,
                employee.start_date, employee.end_date,
                where=where, order_by=[employee.id]))
        rows = self.cursor.fetchall()
        timezones = {
            c.id: clinic_timezone(c)
            for c in Company.browse(sorted({r[2] for r in rows}))}
        return [Practitioner(id_, party, company, timezones[company],
                first_day, last_day)
            for id_, party, company, first_day, last_day in rows]

    def load_employees_of_parties(self):
        """Return the party of each employee of the practitioners' persons,
        in any clinic: their appointments take the person"""
        pool = Pool()
        Employee = pool.get('company.employee')
        employee = Employee.__table__()
        parties = {}
        persons = sorted({p.party for p in self.practitioners})
        for sub_parties in grouped_slice(persons, backend.MAX_QUERY_PARAMS):
            self.cursor.execute(*employee.select(employee.id, employee.party,
                    where=SQL_OPERATORS['in'](employee.party, sub_parties)))
            parties.update(self.cursor)
        return parties

    def load_hours(self):
        "Give each practitioner their weekly hours, touching lines merged"
        pool = Pool()
        Schedule = pool.get('clinic.schedule')
        schedule = Schedule.__table__()
        by_id = {p.id: p for p in self.practitioners}
        lines = defaultdict(list)
        for sub_ids in grouped_slice(list(by_id), backend.MAX_QUERY_PARAMS):
            self.cursor.execute(*schedule.select(
                    schedule.employee, schedule.weekday,
                    schedule.start_time, schedule.end_time,
                    where=SQL_OPERATORS['in'](schedule.employee, sub_ids)))
            for employee, weekday, start, end in self.cursor:
                lines[employee, int(weekday)].append((start, end))
        for (employee, weekday), spans in lines.items():
            by_id[employee].hours[weekday] = merged_spans(spans)

    def load_rooms(self):
        "Return the active rooms of each clinic, in their order"
        pool = Pool()
        Room = pool.get('clinic.room')
        room = Room.__table__()
        rooms = defaultdict(list)
        if self.companies:
            self.cursor.execute(*room.select(room.id, room.company,
                    where=room.company.in_(self.companies)
                    & (room.active == Literal(True)),
                    order_by=[room.company, room.name, room.id]))
            for id_, company in self.cursor:
                rooms[company].append(id_)
        return rooms

    def load_exceptions(self):
        """Return the UTC spans of the clinics' closures by clinic and of
        the practitioners' leave by practitioner, during the search"""
        pool = Pool()
        Exception_ = pool.get('clinic.schedule.exception')
        closures, leave = defaultdict(list), defaultdict(list)
        if not self.practitioners:
            return closures, leave
        # A day on any clinic's clock is within a day of the UTC dates
        exceptions = Exception_.search([
                ('company', 'in', self.companies),
                ('start_date', '<=', (self.end + ONE_DAY).date()),
                ('end_date', '>=', (self.start - ONE_DAY).date()),
                ['OR',
                    ('employee', '=', None),
                    ('employee', 'in', [p.id for p in self.practitioners]),
                    ],
                ], order=[])
        for exception in exceptions:
            if exception.employee:
                leave[exception.employee.id].append(exception.interval())
            else:
                closures[exception.company.id].append(exception.interval())
        return closures, leave

    def load_appointments(self, start, end):
        """Return the UTC spans of the live appointments that overlap
        [start, end): {'party': {person: spans}, 'room': {room: spans}}"""
        pool = Pool()
        Appointment = pool.get('clinic.appointment')
        appointment = Appointment.__table__()
        found = {'party': defaultdict(list), 'room': defaultdict(list)}
        live = appointment.state.in_(LIVE_STATES)
        for resource, ids, key in [
                ('practitioner', list(self.parties), self.parties.get),
                ('room', [r for rs in self.rooms.values() for r in rs],
                    None)]:
            column = getattr(appointment, resource)
            where = live if resource == 'practitioner' else (
                live & (column != Null))
            for sub_ids in grouped_slice(ids, IDS_PER_QUERY):
                self.cursor.execute(*appointment.select(
                        column, appointment.start, appointment.end,
                        where=where & overlapping(
                            appointment, column, sub_ids, start, end)))
                spans = found['party' if key else 'room']
                for id_, span_start, span_end in self.cursor:
                    spans[key(id_) if key else id_].append(
                        (span_start, span_end))
        return found


def overlapping(appointment, column, ids, start, end):
    """Return the condition: the practitioner or room column is one of ids
    and the appointment overlaps [start, end)

    Where the database has ranges (PostgreSQL), it is written in the terms
    of the exclusion constraints, the range of the column overlapping any
    of the ids' and the period the window, so that their GiST indexes find
    the appointments of the window without reading those of the past (an
    index on the start reads all the appointments that start before the
    end of the window: twice as slow on 500,000 appointments)."""
    if Transaction().database.has_range():
        return (RangeOverlap(one_value(column), AnyOf(Cast(
                        ['[%d,%d]' % (i, i) for i in ids], 'NUMRANGE[]')))
            & RangeOverlap(
                TSRange(appointment.start, appointment.end, '[)'),
                TSRange(start, end, '[)')))
    return (SQL_OPERATORS['in'](column, ids)
        & (appointment.start < end) & (appointment.end > start))


class AnyOf(Any):
    "ANY (array): python-sql writes an ANY of a cast without parentheses"
    __slots__ = ()

    def _format(self, operand, param=None):
        if isinstance(operand, Cast):
            return '(%s)' % operand
        return super()._format(operand, param=param)

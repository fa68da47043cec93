# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Working hours: each practitioner's weekly hours in a clinic, and the
exceptions to them (public holidays, leave, clinic closures).

Hours and exceptions are written in the clinic's wall-clock time (the
timezone of its company), as the clinic's staff read them; appointments are
stored in UTC like every Tryton date-time. ``within_hours`` and
``ScheduleException.interval`` translate between the two, so that an
availability search can ask the same questions of many days: the weekly
lines are indexed by practitioner and weekday, the exceptions by clinic and
dates.
"""
import datetime as dt

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.tools import timezone as tz
from trytond.transaction import Transaction, without_check_access

from .exceptions import ScheduleError

WEEKDAYS = [
    ('0', "Monday"),
    ('1', "Tuesday"),
    ('2', "Wednesday"),
    ('3', "Thursday"),
    ('4', "Friday"),
    ('5', "Saturday"),
    ('6', "Sunday"),
    ]
ONE_DAY = dt.timedelta(days=1)


def clinic_timezone(company):
    "Return the timezone of the clinic's wall clock"
    if company and company.timezone:
        return tz.get_tzinfo(company.timezone)
    return tz.SERVER


def to_wall_clock(moment, timezone):
    "Return the naive UTC moment as the naive time of timezone's clocks"
    return (moment.replace(tzinfo=tz.UTC).astimezone(timezone)
        .replace(tzinfo=None))


def to_utc(wall_clock, timezone):
    "Return the naive time of timezone's clocks as a naive UTC moment"
    return (wall_clock.replace(tzinfo=timezone).astimezone(tz.UTC)
        .replace(tzinfo=None))


def merged_spans(spans):
    "Return the (start, end) spans sorted, those that touch made one"
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def within_hours(start, end, hours, timezone):
    """Tell whether the UTC interval [start, end) falls inside the weekly
    hours: (weekday, start time, end time) of timezone's wall clock"""
    start, end = to_wall_clock(start, timezone), to_wall_clock(end, timezone)
    if end.date() != start.date():
        return False
    weekday = str(start.weekday())
    return any(
        span_start <= start.time() and end.time() <= span_end
        for span_start, span_end in merged_spans(
            (s, e) for d, s, e in hours if d == weekday))


class ClinicOfPractitioner:
    "The clinic of the record is that of its practitioner, if it has one"
    __slots__ = ()

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @fields.depends('employee', '_parent_employee.company')
    def on_change_employee(self):
        if self.employee:
            self.company = self.employee.company

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        return employee_company(values)


class Schedule(ClinicOfPractitioner, ModelSQL, ModelView):
    "A practitioner's working hours on a day of the week in a clinic"
    __name__ = 'clinic.schedule'

    employee = fields.Many2One(
        'company.employee', "Practitioner", required=True,
        ondelete='CASCADE',
        domain=[('practitioner', '=', True)])
    company = fields.Many2One(
        'company.company', "Clinic", required=True, ondelete='CASCADE',
        readonly=True,
        help="The clinic of the practitioner: "
        "a practitioner of two clinics has hours in each.")
    weekday = fields.Selection(WEEKDAYS, "Day", required=True, sort=False)
    weekday_string = weekday.translated('weekday')
    start_time = fields.Time("From", required=True, format='%H:%M')
    end_time = fields.Time("To", required=True, format='%H:%M')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t,
                    (t.employee, Index.Equality()),
                    (t.weekday, Index.Equality())),
                Index(t,
                    (t.company, Index.Equality()),
                    (t.weekday, Index.Equality())),
                })
        cls._order = [
            ('employee', 'ASC'), ('weekday', 'ASC'), ('start_time', 'ASC'),
            ('id', 'ASC')]

    def get_rec_name(self, name):
        return '%s %s %s-%s' % (
            self.employee.rec_name, self.weekday_string,
            self.start_time.strftime('%H:%M'),
            self.end_time.strftime('%H:%M'))

    @classmethod
    def validate_fields(cls, schedules, field_names):
        super().validate_fields(schedules, field_names)
        cls.check_times(schedules)
        cls.check_overlap(schedules)

    @classmethod
    def check_times(cls, schedules):
        "The hours of a line end after they start"
        for schedule in schedules:
            if schedule.end_time <= schedule.start_time:
                raise ScheduleError(gettext(
                        'clinic_agenda.msg_schedule_end_before_start',
                        schedule=schedule.rec_name))

    @classmethod
    def check_overlap(cls, schedules):
        """A person works in one place at a time: their lines of a day do
        not overlap, in one clinic or across clinics"""
        for schedule in schedules:
            with without_check_access():
                others = cls.search([
                        ('employee.party', '=', schedule.employee.party.id),
                        ('weekday', '=', schedule.weekday),
                        ('start_time', '<', schedule.end_time),
                        ('end_time', '>', schedule.start_time),
                        ('id', '!=', schedule.id),
                        ], limit=1)
                if others:
                    other, = others
                    raise ScheduleError(gettext(
                            'clinic_agenda.msg_schedule_overlap',
                            schedule=schedule.rec_name,
                            other=other.rec_name,
                            clinic=other.company.rec_name))

    @classmethod
    def hours_of(cls, employee):
        "Return the weekly hours of employee: (weekday, start, end) triples"
        with without_check_access():
            return [(s.weekday, s.start_time, s.end_time)
                for s in cls.search([('employee', '=', employee.id)])]


class ScheduleException(ClinicOfPractitioner, ModelSQL, ModelView):
    """Days or hours off the weekly hours: a public holiday or a closure of
    the whole clinic, or a practitioner's leave"""
    __name__ = 'clinic.schedule.exception'

    company = fields.Many2One(
        'company.company', "Clinic", required=True, ondelete='CASCADE',
        domain=[('clinic_role', '=', 'clinic')])
    employee = fields.Many2One(
        'company.employee', "Practitioner", ondelete='CASCADE',
        domain=[
            ('company', '=', Eval('company', -1)),
            ('practitioner', '=', True),
            ],
        help="Leave empty when the whole clinic closes.")
    kind = fields.Selection([
            ('holiday', "Public Holiday"),
            ('closure', "Clinic Closure"),
            ('leave', "Leave"),
            ('other', "Other"),
            ], "Kind", required=True, sort=False)
    kind_string = kind.translated('kind')
    start_date = fields.Date(
        "From Day", required=True,
        domain=[If(Eval('end_date'),
                ('start_date', '<=', Eval('end_date')),
                ())])
    start_time = fields.Time(
        "From Time", format='%H:%M',
        help="Leave empty to start at the beginning of the first day.")
    end_date = fields.Date(
        "To Day", required=True,
        domain=[If(Eval('start_date'),
                ('end_date', '>=', Eval('start_date')),
                ())])
    end_time = fields.Time(
        "To Time", format='%H:%M',
        help="Leave empty to end at the end of the last day.")
    reason = fields.Char("Reason")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t,
                    (t.company, Index.Equality()),
                    (t.start_date, Index.Range()),
                    (t.end_date, Index.Range())),
                Index(t,
                    (t.employee, Index.Equality()),
                    (t.start_date, Index.Range()),
                    (t.end_date, Index.Range())),
                })
        cls._order = [('start_date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def default_kind(cls):
        return 'leave'

    def get_rec_name(self, name):
        who = (self.employee or self.company).rec_name
        reason = self.reason or self.kind_string
        if self.start_date == self.end_date:
            return '%s: %s (%s)' % (who, reason, self.start_date)
        return '%s: %s (%s - %s)' % (
            who, reason, self.start_date, self.end_date)

    @classmethod
    def validate_fields(cls, exceptions, field_names):
        super().validate_fields(exceptions, field_names)
        for exception in exceptions:
            start, end = exception.interval()
            if end <= start:
                raise ScheduleError(gettext(
                        'clinic_agenda.msg_schedule_exception_end',
                        exception=exception.rec_name))

    def interval(self):
        "Return the naive UTC moments [start, end) that the exception spans"
        timezone = clinic_timezone(self.company)
        start = dt.datetime.combine(
            self.start_date, self.start_time or dt.time())
        if self.end_time:
            end = dt.datetime.combine(self.end_date, self.end_time)
        else:
            end = dt.datetime.combine(self.end_date + ONE_DAY, dt.time())
        return to_utc(start, timezone), to_utc(end, timezone)

    @classmethod
    def during(cls, company, employee, start, end):
        """Return the exceptions of the clinic and of the practitioner that
        overlap the UTC interval [start, end)"""
        timezone = clinic_timezone(company)
        first_day = to_wall_clock(start, timezone).date()
        last_day = to_wall_clock(end, timezone).date()
        with without_check_access():
            candidates = cls.search([
                    ('company', '=', company.id),
                    ['OR',
                        ('employee', '=', None),
                        ('employee', '=', employee.id if employee else None),
                        ],
                    ('start_date', '<=', last_day),
                    ('end_date', '>=', first_day),
                    ])

        def overlaps(exception):
            exception_start, exception_end = exception.interval()
            return exception_start < end and start < exception_end
        return list(filter(overlaps, candidates))


def employee_company(values):
    "Set the clinic of the values to that of their practitioner"
    pool = Pool()
    Employee = pool.get('company.employee')
    if values.get('employee') is not None:
        values['company'] = Employee(values['employee']).company.id
    return values

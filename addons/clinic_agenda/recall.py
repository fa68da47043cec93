# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Check-up recalls: the patients due for a check-up.

A service may ask for a check-up some months after it is done
(``recall_interval`` of its template). The recall list (``clinic.recall``)
shows, per clinic, patient and such service, the last visit done for it and
the day the check-up is due (that visit's day on the clinic's clock plus the
months; the 31st of a shorter month falls on its last day). A patient who
already has an appointment to come in that clinic is not to be called: the
list shows it, and its "To Call" tab leaves them out.

The list is a view of the appointments (``table_query``), so it always
follows them and the services' intervals. The due date is computed from the
visit in Python; searching on it turns each day asked into the last visit
moment per interval and time zone, so that the database does the filtering
on both backends without date arithmetic of its own. The rules of
appointments apply to the list: a clinic's lines are read where its
patients are shared (``_sharing_category``).
"""
import datetime as dt
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from sql import Null, Window
from sql.aggregate import Min
from sql.functions import Extract, RowNumber

from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval, PYSONEncoder
from trytond.transaction import Transaction

from clinic_base.patient import PatientPhone
from clinic_base.sharing import SharedByPolicy
from clinic_base.table_query import stamp_columns

from .schedule import ONE_DAY, clinic_timezone, to_utc, to_wall_clock

# The states of an appointment to come: its patient need not be called
UPCOMING_STATES = ['booked', 'confirmed', 'arrived', 'in_progress']
DUE_WITHIN = dt.timedelta(days=30)


def add_months(day, months):
    "Return the day months later (the 31st of a shorter month: its last day)"
    return day + relativedelta(months=months)


def last_visit_due_by(day, months):
    """Return the latest visit day whose check-up, months later, is due on
    day or before"""
    latest = day - relativedelta(months=months)
    while add_months(latest + ONE_DAY, months) <= day:
        latest += ONE_DAY
    return latest


class Template(metaclass=PoolMeta):
    __name__ = 'product.template'

    recall_interval = fields.Integer(
        "Check-up After (Months)",
        domain=['OR',
            ('recall_interval', '=', None),
            ('recall_interval', '>', 0),
            ],
        states={
            'invisible': Eval('type') != 'service',
            },
        help="How many months after this service the patient is due for a "
        "check-up: they then appear in the recall list. "
        "Leave empty for no check-up.")


class Recall(PatientPhone, SharedByPolicy, ModelSQL, ModelView):
    "A patient due, or soon due, for a check-up after a service"
    __name__ = 'clinic.recall'
    _sharing_category = 'contacts'

    company = fields.Many2One('company.company', "Clinic", readonly=True)
    party = fields.Many2One(
        'party.party', "Patient", readonly=True,
        context={
            'company': Eval('company', -1),
            },
        depends={'company'})
    service = fields.Many2One(
        'product.product', "Service", readonly=True,
        context={
            'company': Eval('company', -1),
            },
        depends={'company'})
    recall_interval = fields.Integer("Check-up After (Months)", readonly=True)
    last_visit = fields.DateTime(
        "Last Visit", format='%H:%M', readonly=True,
        help="When the patient last had the service in the clinic.")
    due_date = fields.Function(
        fields.Date("Due Date",
            help="The day the patient is due for the check-up."),
        'get_due_date', searcher='search_due_date')
    next_appointment = fields.DateTime(
        "Next Appointment", format='%H:%M', readonly=True,
        help="The patient's next appointment in the clinic, if any: "
        "then there is no need to call them.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('due_date', 'ASC'), ('id', 'ASC')]
        cls._buttons.update({
                'open_patient': {
                    'icon': 'tryton-party',
                    },
                'book': {
                    'icon': 'tryton-calendar',
                    },
                })

    @classmethod
    def table_query(cls):
        "The last done visit per clinic, patient and service with a check-up"
        pool = Pool()
        Appointment = pool.get('clinic.appointment')
        last = cls.last_visits()
        upcoming = Appointment.__table__()
        next_ = upcoming.select(
            upcoming.company, upcoming.party,
            Min(upcoming.start).as_('start'),
            where=upcoming.state.in_(UPCOMING_STATES)
            & (upcoming.end > dt.datetime.now()),
            group_by=[upcoming.company, upcoming.party])
        return last.join(next_, 'LEFT',
            condition=(next_.company == last.company)
            & (next_.party == last.party)
            ).select(
                last.id.as_('id'),
                last.company.as_('company'),
                last.party.as_('party'),
                last.service.as_('service'),
                last.recall_interval.as_('recall_interval'),
                last.start.as_('last_visit'),
                next_.start.as_('next_appointment'),
                *stamp_columns(cls),
                where=last.rank == 1)

    @classmethod
    def last_visits(cls):
        """Return the done appointments of services with a check-up, ranked
        from the last one per clinic, patient and service"""
        pool = Pool()
        Appointment = pool.get('clinic.appointment')
        Product = pool.get('product.product')
        Template = pool.get('product.template')
        visit = Appointment.__table__()
        product = Product.__table__()
        template = Template.__table__()
        latest_first = Window(
            [visit.company, visit.party, visit.service],
            order_by=[visit.start.desc, visit.id.desc])
        return (visit
            .join(product, condition=product.id == visit.service)
            .join(template, condition=template.id == product.template)
            .select(
                visit.id, visit.company, visit.party, visit.service,
                visit.start, template.recall_interval,
                RowNumber(window=latest_first).as_('rank'),
                where=(visit.state == 'done')
                & (template.recall_interval != Null)))

    def get_due_date(self, name):
        timezone = clinic_timezone(self.company)
        visit_day = to_wall_clock(self.last_visit, timezone).date()
        return add_months(visit_day, self.recall_interval)

    @classmethod
    def search_due_date(cls, name, clause):
        """Turn a due day into the last visit moments that make it, per
        interval and time zone of the clinics"""
        _, operator, day = clause[:3]
        if day is None:
            return [('id', '=' if operator == '=' else '!=', None)]
        before = day - ONE_DAY
        return {
            '<=': cls.visited(day, '<'),
            '<': cls.visited(before, '<'),
            '>': cls.visited(day, '>='),
            '>=': cls.visited(before, '>='),
            '=': [cls.visited(day, '<'), cls.visited(before, '>=')],
            '!=': ['OR', cls.visited(day, '>='), cls.visited(before, '<')],
            }[operator]

    @classmethod
    def visited(cls, day, operator):
        """Return the domain of the lines whose check-up is due on day or
        before (operator '<': their last visit was before a moment) or
        after day (operator '>=')"""
        domain = ['OR']
        for months in cls.intervals():
            latest = last_visit_due_by(day, months)
            for timezone, companies in cls.companies_by_timezone().items():
                next_midnight = to_utc(
                    dt.datetime.combine(latest + ONE_DAY, dt.time()),
                    timezone)
                domain.append([
                        ('recall_interval', '=', months),
                        ('company', 'in', companies),
                        ('last_visit', operator, next_midnight),
                        ])
        return domain if len(domain) > 1 else [('id', '=', None)]

    @classmethod
    def intervals(cls):
        "Return the check-up intervals that the services ask for"
        pool = Pool()
        Template = pool.get('product.template')
        template = Template.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*template.select(template.recall_interval,
                where=template.recall_interval != Null,
                group_by=[template.recall_interval]))
        return [m for m, in cursor]

    @classmethod
    def companies_by_timezone(cls):
        "Return the ids of the companies per time zone of their clock"
        pool = Pool()
        Company = pool.get('company.company')
        company = Company.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*company.select(company.id, company.timezone))
        by_name = defaultdict(list)
        for id_, timezone in cursor:
            by_name[timezone].append(id_)
        companies = defaultdict(list)
        for ids in by_name.values():
            companies[clinic_timezone(Company(ids[0]))].extend(ids)
        return companies

    @classmethod
    def order_due_date(cls, tables):
        """Order by the month the check-up is due, then by the day of the
        month of the visit (in UTC: a visit at midnight may sort a day
        early)"""
        table, _ = tables[None]
        return [
            Extract('YEAR', table.last_visit) * 12
            + Extract('MONTH', table.last_visit) + table.recall_interval,
            Extract('DAY', table.last_visit),
            ]

    def get_rec_name(self, name):
        return '%s - %s' % (self.party.rec_name, self.service.rec_name)

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('party.rec_name', *clause[1:])]

    @classmethod
    @ModelView.button_action('clinic_agenda.act_recall_patient')
    def open_patient(cls, recalls):
        "Open the patients to call"
        parties = sorted({r.party.id for r in recalls})
        return {
            'res_id': parties,
            'pyson_domain': PYSONEncoder().encode([('id', 'in', parties)]),
            }

    @classmethod
    @ModelView.button_action('clinic_agenda.act_recall_book')
    def book(cls, recalls):
        """Open a new appointment of the patient for the check-up (of the
        first line selected)"""
        if not recalls:
            return
        recall = recalls[0]
        return {
            'pyson_context': PYSONEncoder().encode({
                    'default_party': recall.party.id,
                    'default_company': recall.company.id,
                    'default_service': recall.service.id,
                    }),
            }


class RecallContext(ModelView):
    "The clinic and the day up to which the recall list shows check-ups"
    __name__ = 'clinic.recall.context'

    company = fields.Many2One(
        'company.company', "Clinic", required=True,
        domain=[('clinic_role', '=', 'clinic')])
    due_by = fields.Date(
        "Due By", required=True,
        help="Show the check-ups due on this day or before.")

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_due_by(cls):
        pool = Pool()
        Date = pool.get('ir.date')
        return Date.today() + DUE_WITHIN

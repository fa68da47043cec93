# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Appointments: a patient, a practitioner and maybe a room of a clinic, for
a while.

A practitioner or a room is never in two overlapping live appointments
(cancelled and no-show ones free their slot). Two exclusion constraints
guarantee it: in PostgreSQL under concurrency, in SQLite by Tryton's own
check after each write, under SQLite's database lock. Before a write reaches
them, ``check_booking`` finds the clashing appointment and names it, so that
the receptionist reads which booking is in the way, not a constraint's name.
Appointments name patients: they are shared as the clinic's policy for
patients and contacts says. A done appointment opens a clinical history
entry of the visit; the entry points to the appointment, so that the
appointment lists only the entries the user reads (they are shared as the
clinic's clinical histories are).
"""
import datetime as dt

from sql import Null

from trytond.i18n import gettext
from trytond.model import (
    Exclude, Index, ModelSQL, ModelView, Workflow, fields)
from trytond.pool import Pool
from trytond.pyson import Bool, Eval, If, PYSONEncoder
from trytond.sql.functions import NumRange, TSRange
from trytond.sql.operators import RangeOverlap
from trytond.transaction import Transaction, without_check_access

from clinic_base.patient import PatientPhone
from clinic_base.sharing import SharedByPolicy

from .agenda import user_practitioner
from .arrival_bell import ring_practitioners, silence_arrivals
from .booking import LIVE_STATES, Booking
from .exceptions import AppointmentError
from .schedule import ONE_DAY, clinic_timezone, to_utc, to_wall_clock

CLOSED_STATES = ['done', 'cancelled', 'no_show']
STATES = {
    'readonly': Eval('state').in_(CLOSED_STATES),
    }
# Calendar colours per state: (background, text)
COLORS = {
    'booked': ('#90caf9', '#0d47a1'),
    'confirmed': ('#1e88e5', '#ffffff'),
    'arrived': ('#fb8c00', '#ffffff'),
    'in_progress': ('#43a047', '#ffffff'),
    'done': ('#9e9e9e', '#ffffff'),
    'no_show': ('#e53935', '#ffffff'),
    'cancelled': ('#eeeeee', '#757575'),
    }


def one_value(column):
    """Return column as a range of one value: a GiST index compares such
    ranges without the btree_gist extension, which a database may lack"""
    return NumRange(column, column, '[]')


class Appointment(
        Booking, PatientPhone, SharedByPolicy, Workflow, ModelSQL, ModelView):
    "An appointment of a patient with a practitioner of a clinic"
    __name__ = 'clinic.appointment'
    _sharing_category = 'contacts'

    party = fields.Many2One(
        'party.party', "Patient", required=True, ondelete='RESTRICT',
        context={
            'company': Eval('company', -1),
            },
        depends={'company'}, states=STATES)
    company = fields.Many2One(
        'company.company', "Clinic", required=True, ondelete='RESTRICT',
        domain=[('clinic_role', '=', 'clinic')], states=STATES)
    practitioner = fields.Many2One(
        'company.employee', "Practitioner", required=True,
        ondelete='RESTRICT',
        domain=[
            ('company', '=', Eval('company', -1)),
            ('practitioner', '=', True),
            ],
        states=STATES)
    room = fields.Many2One(
        'clinic.room', "Room", ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))], states=STATES,
        help="The room or chair that the appointment takes.")
    service = fields.Many2One(
        'product.product', "Service", ondelete='RESTRICT',
        domain=[('type', '=', 'service')],
        context={
            'company': Eval('company', -1),
            },
        depends={'company'}, states=STATES,
        help="Its duration sets the length of the appointment.")
    specialty = fields.Function(
        fields.Many2One('clinic.specialty', "Specialty"),
        'on_change_with_specialty')
    start = fields.DateTime(
        "Start", format='%H:%M', required=True, states=STATES)
    end = fields.DateTime(
        "End", format='%H:%M', required=True, states=STATES,
        domain=[If(Bool(Eval('start')),
                ('end', '>', Eval('start')),
                ())])
    day = fields.Function(
        fields.Date("Day", help="The day of the appointment at the clinic."),
        'get_day', searcher='search_day')
    notes = fields.Text("Notes")
    origin = fields.Selection([
            ('desk', "Clinic Desk"),
            ('call_center', "Call Center"),
            ('portal', "Patient Portal"),
            ], "Booked Through", required=True, sort=False, states=STATES)
    booked_by = fields.Many2One(
        'res.user', "Booked By", readonly=True, ondelete='RESTRICT')
    history_entries = fields.One2Many(
        'clinic.history.entry', 'appointment', "Clinical History",
        readonly=True,
        help="The entries written for the visit (those you may read).")
    state = fields.Selection([
            ('booked', "Booked"),
            ('confirmed', "Confirmed"),
            ('arrived', "Arrived"),
            ('in_progress', "In Progress"),
            ('done', "Done"),
            ('no_show', "No-Show"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)
    state_string = state.translated('state')
    background_color = fields.Function(
        fields.Char("Background Color"), 'get_color')
    text_color = fields.Function(fields.Char("Text Color"), 'get_color')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        live = t.state.in_(LIVE_STATES)
        period = TSRange(t.start, t.end, '[)')
        cls._sql_constraints += [
            ('practitioner_overlap',
                Exclude(t,
                    (one_value(t.practitioner), RangeOverlap),
                    (period, RangeOverlap),
                    where=live),
                'clinic_agenda.msg_appointment_practitioner_overlap'),
            ('room_overlap',
                Exclude(t,
                    (one_value(t.room), RangeOverlap),
                    (period, RangeOverlap),
                    where=live & (t.room != Null)),
                'clinic_agenda.msg_appointment_room_overlap'),
            ]
        cls._sql_indexes.update({
                Index(t,
                    (t.practitioner, Index.Equality()),
                    (t.start, Index.Range())),
                Index(t,
                    (t.room, Index.Equality()),
                    (t.start, Index.Range()),
                    where=t.room != Null),
                Index(t,
                    (t.company, Index.Equality()),
                    (t.start, Index.Range())),
                Index(t, (t.party, Index.Range())),
                })
        cls._order = [('start', 'ASC'), ('id', 'ASC')]
        cls._transitions |= {
            ('booked', 'confirmed'),
            ('booked', 'arrived'),
            ('confirmed', 'arrived'),
            ('arrived', 'in_progress'),
            ('in_progress', 'done'),
            ('booked', 'no_show'),
            ('confirmed', 'no_show'),
            ('booked', 'cancelled'),
            ('confirmed', 'cancelled'),
            ('arrived', 'cancelled'),
            ('cancelled', 'booked'),
            ('no_show', 'booked'),
            }
        cls._buttons.update({
                'confirm': {
                    'invisible': Eval('state') != 'booked',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'arrive': {
                    'invisible': ~Eval('state').in_(['booked', 'confirmed']),
                    'icon': 'tryton-forward',
                    'depends': ['state'],
                    },
                'start_visit': {
                    'invisible': Eval('state') != 'arrived',
                    'icon': 'tryton-launch',
                    'depends': ['state'],
                    },
                'finish_visit': {
                    'invisible': Eval('state') != 'in_progress',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'no_show': {
                    'invisible': ~Eval('state').in_(['booked', 'confirmed']),
                    'icon': 'tryton-warning',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(
                        ['booked', 'confirmed', 'arrived']),
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                'rebook': {
                    'invisible': ~Eval('state').in_(['cancelled', 'no_show']),
                    'icon': 'tryton-undo',
                    'depends': ['state'],
                    },
                'open_history_entry': {
                    'invisible': Eval('state') != 'done',
                    'icon': 'tryton-note',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_practitioner(cls):
        "The practitioner of the agenda shown, or the user if a practitioner"
        context = Transaction().context
        if context.get('practitioner') is not None:
            return context['practitioner']
        return user_practitioner()

    @classmethod
    def default_room(cls):
        "The room of the agenda shown"
        return Transaction().context.get('room')

    @classmethod
    def default_origin(cls):
        return 'desk'

    @classmethod
    def default_booked_by(cls):
        return Transaction().user

    @classmethod
    def default_state(cls):
        return 'booked'

    @fields.depends('service')
    def on_change_with_specialty(self, name=None):
        if self.service:
            return self.service.template.specialty

    @fields.depends('start', 'end', 'service')
    def on_change_service(self):
        self.end = self.end_of_service() or self.end

    on_change_start = on_change_service

    @fields.depends('start', 'service')
    def end_of_service(self):
        "Return when the service ends if it starts at the start"
        duration = self.service.template.duration if self.service else None
        if self.start and duration:
            return self.start + duration

    @property
    def timezone(self):
        "The timezone of the clinic's wall clock"
        return clinic_timezone(self.company)

    def get_day(self, name):
        return to_wall_clock(self.start, self.timezone).date()

    @classmethod
    def search_day(cls, name, clause):
        """Turn days of the current clinic's calendar into the UTC moments
        they span"""
        pool = Pool()
        Company = pool.get('company.company')
        _, operator, value = clause[:3]
        company = Transaction().context.get('company')
        timezone = clinic_timezone(Company(company) if company else None)

        def midnight(day):
            return to_utc(dt.datetime.combine(day, dt.time()), timezone)

        def on(day):
            return [('start', '>=', midnight(day)),
                ('start', '<', midnight(day + ONE_DAY))]

        def not_on(day):
            return ['OR', ('start', '<', midnight(day)),
                ('start', '>=', midnight(day + ONE_DAY))]
        if value is None:
            return [('start', operator, None)]
        if operator == 'in':
            return ['OR', *(on(d) for d in value)] if value else [
                ('id', '=', None)]
        if operator == 'not in':
            return [not_on(d) for d in value]
        return {
            '=': on(value),
            '!=': not_on(value),
            '<': [('start', '<', midnight(value))],
            '<=': [('start', '<', midnight(value + ONE_DAY))],
            '>': [('start', '>=', midnight(value + ONE_DAY))],
            '>=': [('start', '>=', midnight(value))],
            }[operator]

    @classmethod
    def get_color(cls, appointments, names):
        colors = {name: {} for name in names}
        for appointment in appointments:
            background, text = COLORS[appointment.state]
            for name, color in [
                    ('background_color', background), ('text_color', text)]:
                if name in colors:
                    colors[name][appointment.id] = color
        return colors

    def get_rec_name(self, name):
        return '%s %s' % (
            self.format_period(self.start, self.end), self.party.rec_name)

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('party.rec_name', *clause[1:])]

    def format_period(self, start, end):
        """Return the UTC interval [start, end) as the clinic's clock reads
        it, in the user's language: '01/07/2030 09:30-10:00'"""
        end_time = to_wall_clock(end, self.timezone)
        if to_wall_clock(start, self.timezone).date() == end_time.date():
            return '%s-%s' % (
                self.format_moment(start), end_time.strftime('%H:%M'))
        return '%s - %s' % (self.format_moment(start), self.format_moment(end))

    def format_moment(self, moment):
        "Return the UTC moment as the clinic's clock reads it"
        pool = Pool()
        Lang = pool.get('ir.lang')
        lang = Lang.get()
        return lang.strftime(
            to_wall_clock(moment, self.timezone), lang.date + ' %H:%M')

    @property
    def is_live(self):
        "The appointment holds its practitioner and room"
        return (self.state in LIVE_STATES
            and self.start and self.end and self.start < self.end)

    @classmethod
    def on_modification(cls, mode, appointments, field_names=None):
        super().on_modification(mode, appointments, field_names=field_names)
        if mode == 'create' or (
                mode == 'write' and field_names & {'party', 'company'}):
            cls.number_patients(appointments)
        if mode == 'write' and 'state' in field_names:
            ring_practitioners(
                [a for a in appointments if a.state == 'arrived'])
            silence_arrivals(
                [a for a in appointments if a.state != 'arrived'])

    @classmethod
    def number_patients(cls, appointments):
        """Give the patients the clinical history number of the clinic that
        books them, if they have none there: the clinic reads them as its
        patients from then on"""
        pool = Pool()
        HistoryNumber = pool.get('clinic.patient.number')
        pairs = {(a.party.id, a.company.id) for a in appointments}
        with without_check_access():
            numbered = {(n.party.id, n.company.id)
                for n in HistoryNumber.search([
                        ('party', 'in', [p for p, _ in pairs]),
                        ('company', 'in', [c for _, c in pairs]),
                        ])}
            HistoryNumber.create([
                    {'party': party, 'company': company}
                    for party, company in sorted(pairs - numbered)])

    @classmethod
    def copy(cls, appointments, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('state', cls.default_state())
        default.setdefault('booked_by', cls.default_booked_by())
        default.setdefault('history_entries', None)
        return super().copy(appointments, default=default)

    # The receptionist's buttons: each returns 'reload', so that a list
    # (Today's Appointments) shows the appointment under its new tab and
    # the tabs' counts follow (sao reloads only the row otherwise)

    @classmethod
    @ModelView.button
    @Workflow.transition('confirmed')
    def confirm(cls, appointments):
        "The patient confirmed they will come"
        return 'reload'

    @classmethod
    @ModelView.button
    @Workflow.transition('arrived')
    def arrive(cls, appointments):
        """The patient is in the waiting room: never for an appointment of
        a day to come (a past one may be recorded late)"""
        cls.check_not_to_come(appointments)
        return 'reload'

    @classmethod
    def check_not_to_come(cls, appointments):
        "Refuse appointments of a day after today on their clinic's clock"
        pool = Pool()
        Date = pool.get('ir.date')
        Lang = pool.get('ir.lang')
        for appointment in appointments:
            today = Date.today(appointment.timezone)
            if appointment.day > today:
                lang = Lang.get()
                raise AppointmentError(gettext(
                        'clinic_agenda.msg_appointment_arrive_to_come',
                        appointment=appointment.rec_name,
                        day=lang.strftime(appointment.day),
                        today=lang.strftime(today)))

    @classmethod
    @ModelView.button
    @Workflow.transition('in_progress')
    def start_visit(cls, appointments):
        "The practitioner sees the patient"
        return 'reload'

    @classmethod
    @ModelView.button
    @Workflow.transition('done')
    def finish_visit(cls, appointments):
        "The visit is over"
        return 'reload'

    @classmethod
    @ModelView.button
    @Workflow.transition('no_show')
    def no_show(cls, appointments):
        "The patient did not come: the slot is free again"
        return 'reload'

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, appointments):
        "The appointment will not take place: the slot is free again"
        return 'reload'

    @classmethod
    @ModelView.button
    @Workflow.transition('booked')
    def rebook(cls, appointments):
        "Book the cancelled or missed appointment again, if its slot is free"

    @classmethod
    @ModelView.button_action('clinic_agenda.act_appointment_history_entry')
    def open_history_entry(cls, appointments):
        "Open the clinical history entry of the visit, a draft at first"
        entries = cls.visit_entries(appointments)
        return {
            'res_id': [e.id for e in entries],
            'pyson_domain': PYSONEncoder().encode(
                [('id', 'in', [e.id for e in entries])]),
            }

    @classmethod
    def visit_entries(cls, appointments):
        """Return the clinical history entries of the done appointments,
        written as drafts of their services where there is none"""
        pool = Pool()
        Entry = pool.get('clinic.history.entry')
        done = [a for a in appointments if a.state == 'done']
        entries = Entry.search([
                ('appointment', 'in', [a.id for a in done]),
                ('amends', '=', None),
                ])
        recorded = {e.appointment for e in entries}
        return entries + Entry.create([
                a.history_entry_values() for a in done
                if a not in recorded])

    def history_entry_values(self):
        "Return the values of the draft entry of the visit"
        return {
            'appointment': self.id,
            'party': self.party.id,
            'company': self.company.id,
            'date': self.day,
            'practitioner': self.practitioner.id,
            'specialty': self.specialty.id if self.specialty else None,
            'services': [('add', [self.service.id])] if self.service else [],
            }

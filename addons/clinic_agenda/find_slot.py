# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Find a Free Slot: the front desk's wizard on the availability search.

The receptionist says what (a service or a specialty), with whom and where
(optional) and the days; the wizard lists the first free slots on each
clinic's clock and books the one ticked for the patient.
"""
import datetime as dt

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Bool, Eval, If, PYSONEncoder
from trytond.transaction import Transaction
from trytond.wizard import (
    Button, StateAction, StateTransition, StateView, Wizard)

from .availability import DEFAULT_RANGE
from .exceptions import AvailabilityError
from .schedule import ONE_DAY, clinic_timezone, to_utc, to_wall_clock

# The fields the user reads and does not change, but the client sends back
SHOWN_ONLY = {'readonly': True}


class FindSlotStart(ModelView):
    "Find a free slot: for what, with whom, where and when"
    __name__ = 'clinic.availability.find.start'

    service = fields.Many2One(
        'product.product', "Service", domain=[('type', '=', 'service')],
        help="Sets the specialty and how long the slot lasts.")
    specialty = fields.Many2One(
        'clinic.specialty', "Specialty",
        states={
            'required': ~Eval('service'),
            },
        help="The practitioners who practise it, when no service says it.")
    practitioner = fields.Many2One(
        'company.employee', "Practitioner",
        domain=[
            ('practitioner', '=', True),
            If(Bool(Eval('clinic')),
                ('company', '=', Eval('clinic', -1)),
                ()),
            If(Bool(Eval('specialty')),
                ('specialties', '=', Eval('specialty', -1)),
                ()),
            ],
        help="Leave empty for any practitioner of the specialty.")
    clinic = fields.Many2One(
        'company.company', "Clinic", domain=[('clinic_role', '=', 'clinic')],
        help="Leave empty to search all the clinics you book in.")
    from_date = fields.Date("From", required=True)
    to_date = fields.Date("To", required=True)
    party = fields.Many2One('party.party', "Patient")

    @fields.depends('service', 'specialty')
    def on_change_service(self):
        if self.service and self.service.template.specialty:
            self.specialty = self.service.template.specialty

    @property
    def timezone(self):
        """The timezone of the days searched: the clinic's, or that of the
        user's current company for all the clinics"""
        Company = Pool().get('company.company')
        company = self.clinic or Transaction().context.get('company')
        return clinic_timezone(Company(company) if company else None)

    def search_range(self):
        "Return the naive UTC range of the days searched"
        def midnight(day):
            return to_utc(dt.datetime.combine(day, dt.time()), self.timezone)
        return midnight(self.from_date), midnight(self.to_date + ONE_DAY)

    def check(self):
        """Refuse a search that cannot find anything, saying why, and one in
        a clinic where the user may not book"""
        pool = Pool()
        Availability = pool.get('clinic.availability')
        Sharing = pool.get('clinic.sharing.policy')
        if self.clinic and self.clinic.id not in Sharing.own_companies():
            raise AvailabilityError(gettext(
                    'clinic_agenda.msg_availability_clinic_not_own',
                    clinic=self.clinic.rec_name))
        Availability.check_search(self.service, self.specialty,
            *self.search_range(), timezone=self.timezone)

    def find_slots(self, limit):
        Availability = Pool().get('clinic.availability')
        start, end = self.search_range()
        return Availability.find_slots(
            service=self.service, specialty=self.specialty,
            practitioner=self.practitioner,
            companies=[self.clinic] if self.clinic else None,
            start=start, end=end, limit=limit)


class FindSlotChoice(ModelView):
    "Choose the free slot to book"
    __name__ = 'clinic.availability.find.choice'

    slots = fields.One2Many(
        'clinic.availability.find.slot', None, "Free Slots",
        help="Tick the slot to book.")
    party = fields.Many2One('party.party', "Patient", required=True)
    notes = fields.Text("Notes")

    def chosen_slot(self):
        "Return the slot ticked, refusing none or several"
        ticked = [s for s in self.slots if s.book]
        if len(ticked) != 1:
            raise AvailabilityError(gettext(
                    'clinic_agenda.msg_availability_tick_one',
                    count=len(ticked)))
        return ticked[0]


class FindSlotLine(ModelView):
    """A free slot found, on the clinic's clock

    Only "book" is for the user to change; the other fields are read-only
    by their states, not by their definition, so that the client sends
    them back with the slot ticked."""
    __name__ = 'clinic.availability.find.slot'

    book = fields.Boolean("Book")
    day = fields.Date("Day", states=SHOWN_ONLY)
    time = fields.Char("Time", states=SHOWN_ONLY)
    company = fields.Many2One('company.company', "Clinic", states=SHOWN_ONLY)
    practitioner = fields.Many2One(
        'company.employee', "Practitioner", states=SHOWN_ONLY)
    room = fields.Many2One('clinic.room', "Room", states=SHOWN_ONLY)
    start = fields.DateTime("Start", format='%H:%M', states=SHOWN_ONLY)
    end = fields.DateTime("End", format='%H:%M', states=SHOWN_ONLY)

    @classmethod
    def values_of(cls, slot):
        "Return the values of the line of the Slot"
        timezone = clinic_timezone(slot.company)
        start = to_wall_clock(slot.start, timezone)
        end = to_wall_clock(slot.end, timezone)
        return {
            'book': False,
            'day': start.date(),
            'time': '%s-%s' % (start.strftime('%H:%M'), end.strftime('%H:%M')),
            'company': slot.company.id,
            'practitioner': slot.practitioner.id,
            'room': slot.room.id if slot.room else None,
            'start': slot.start,
            'end': slot.end,
            }


class FindSlot(Wizard):
    """Find a free slot for a service or a specialty, in one clinic or all
    the user's, and book it for a patient

    The appointment is booked through the clinic's desk unless the context
    says otherwise in 'appointment_origin' (the call center's and the
    portal's actions set it)."""
    __name__ = 'clinic.availability.find'
    # (it books a new appointment; the one it runs on stays as it is)
    changes_active_records = False
    start = StateView(
        'clinic.availability.find.start',
        'clinic_agenda.availability_find_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Search", 'search', 'tryton-search', default=True),
            ])
    search = StateTransition()
    choose = StateView(
        'clinic.availability.find.choice',
        'clinic_agenda.availability_find_choice_view_form', [
            Button("Back", 'start', 'tryton-back'),
            Button("Book", 'book', 'tryton-ok', default=True),
            ])
    book = StateAction('clinic_agenda.act_appointment_booked')

    # How many of the first free slots the wizard lists
    slots_shown = 40

    def default_start(self, fields):
        """The next two weeks; from a patient, the patient; from an
        appointment, its patient and service"""
        Date = Pool().get('ir.date')
        today = Date.today()
        values = {
            'from_date': today,
            'to_date': today + DEFAULT_RANGE - ONE_DAY,
            }
        if self.model and self.model.__name__ == 'party.party':
            for party in self.records[:1]:
                values['party'] = party.id
        if self.model and self.model.__name__ == 'clinic.appointment':
            for appointment in self.records[:1]:
                values['party'] = appointment.party.id
                if appointment.service:
                    values['service'] = appointment.service.id
                if appointment.specialty:
                    values['specialty'] = appointment.specialty.id
        return values

    def transition_search(self):
        self.start.check()
        return 'choose'

    def default_choose(self, fields):
        FindSlotLine = Pool().get('clinic.availability.find.slot')
        return {
            'party': self.start.party.id if self.start.party else None,
            'slots': [FindSlotLine.values_of(s)
                for s in self.start.find_slots(self.slots_shown)],
            }

    def do_book(self, action):
        pool = Pool()
        Appointment = pool.get('clinic.appointment')
        slot = self.choose.chosen_slot()
        appointment, = Appointment.create([{
                    'party': self.choose.party.id,
                    'company': slot.company.id,
                    'practitioner': slot.practitioner.id,
                    'room': slot.room.id if slot.room else None,
                    'service': (
                        self.start.service.id if self.start.service
                        else None),
                    'start': slot.start,
                    'end': slot.end,
                    'notes': self.choose.notes,
                    'origin': Transaction().context.get(
                        'appointment_origin',
                        Appointment.default_origin()),
                    }])
        action['pyson_domain'] = PYSONEncoder().encode(
            [('id', '=', appointment.id)])
        return action, {'res_id': [appointment.id]}

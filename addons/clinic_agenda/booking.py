# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Booking: what the database or the rules would refuse, said first.

A practitioner or a room is never in two overlapping live appointments.
The exclusion constraints of the appointment guarantee it (in PostgreSQL
under concurrency, in SQLite by Tryton's check under the database lock);
before a write reaches them, ``check_booking`` finds the appointment in the
way and names it; when another desk's booking, committed meanwhile, makes
the constraints refuse the write, ``name_committed_clash`` names it too. Saved appointments are checked for the practitioner's
specialty and warn when the practitioner does not work then.
"""
from collections import defaultdict

from trytond.i18n import gettext
from trytond.model.exceptions import SQLConstraintError
from trytond.pool import Pool
from trytond.transaction import Transaction, without_check_access

from .exceptions import (
    AppointmentError, DoubleBookingError, OutsideWorkingHoursWarning)
from .schedule import merged_spans, to_wall_clock

# The states in which an appointment holds its practitioner and room
LIVE_STATES = ['booked', 'confirmed', 'arrived', 'in_progress', 'done']
# The fields that decide whether an appointment fits in the agenda
BOOKING_FIELDS = {'company', 'practitioner', 'room', 'start', 'end', 'state'}
RESOURCES = ['practitioner', 'room']


class Booking:
    "The checks of an appointment's place in the agenda"
    __slots__ = ()

    @classmethod
    def create(cls, vlist):
        pool = Pool()
        ModelAccess = pool.get('ir.model.access')
        transaction = Transaction()
        # The exclusion constraints refuse a clash at the INSERT, and the
        # rules refuse another clinic's appointment after it, without
        # saying which booking is in the way or which clinic is not yours:
        # check first, for those who may book (a clash names a patient).
        ModelAccess.check(cls.__name__, 'create')
        cls.check_booking(
            [cls.new_booking(values) for values in vlist],
            external=bool(transaction.user and transaction.check_access))
        try:
            return super().create(vlist)
        except SQLConstraintError:
            cls.name_committed_clash(
                lambda: [cls.new_booking(values) for values in vlist])
            raise

    @classmethod
    def write(cls, *args):
        try:
            super().write(*args)
        except SQLConstraintError:
            cls.name_committed_clash(lambda: [
                    cls(a.id).changed_booking(values)
                    for appointments, values in zip(args[::2], args[1::2])
                    for a in appointments])
            raise

    @classmethod
    def name_committed_clash(cls, bookings):
        """Raise the message that names the appointment in the way when the
        exclusion constraints refused what check_booking let through: a
        booking committed by another desk after this transaction began.
        bookings builds the appointments being saved."""
        with Transaction().new_transaction(readonly=True):
            cls.check_double_booking(bookings())

    @classmethod
    def check_modification(
            cls, mode, appointments, values=None, external=False):
        if mode == 'write' and values.keys() & BOOKING_FIELDS:
            cls.check_booking(
                [a.changed_booking(values) for a in appointments],
                external=external)
        super().check_modification(
            mode, appointments, values=values, external=external)
        if mode == 'delete':
            cls.check_delete(appointments)

    @classmethod
    def new_booking(cls, values):
        "Return the unsaved appointment that values would create"
        values = {
            **cls.default_get(
                list(BOOKING_FIELDS), with_rec_name=False),
            **values,
            }
        return cls(**{
                name: values.get(name)
                for name in BOOKING_FIELDS | {'party'}})

    def changed_booking(self, values):
        "Return the appointment as values would change it, unsaved"
        booking = self.__class__(self.id)
        for name in values.keys() & BOOKING_FIELDS:
            setattr(booking, name, values[name])
        return booking

    @classmethod
    def check_booking(cls, appointments, external=False):
        "Refuse what the database or the rules would refuse, saying why"
        for appointment in appointments:
            if external:
                appointment.check_own_clinic()
            appointment.check_end_after_start()
        cls.check_double_booking(appointments)

    def check_own_clinic(self):
        "Appointments are booked and changed by the clinic's own staff"
        pool = Pool()
        Sharing = pool.get('clinic.sharing.policy')
        if self.company and self.company.id not in Sharing.own_companies():
            with without_check_access():
                clinic = self.company.rec_name
            raise AppointmentError(gettext(
                    'clinic_agenda.msg_appointment_clinic_not_own',
                    clinic=clinic))

    def check_end_after_start(self):
        if self.start and self.end and self.end <= self.start:
            raise AppointmentError(gettext(
                    'clinic_agenda.msg_appointment_end_before_start',
                    start=self.format_moment(self.start),
                    end=self.format_moment(self.end)))

    @classmethod
    def check_double_booking(cls, appointments):
        "A practitioner or a room is in one live appointment at a time"
        live = [a for a in appointments if a.is_live]
        saved = [a.id for a in live if a.id is not None and a.id >= 0]
        for resource in RESOURCES:
            clash = overlap_among(live, resource) or next(
                ((a, other) for a in live
                    for other in a.clashes(resource, saved)),
                None)
            if clash:
                appointment, other = clash
                raise DoubleBookingError(
                    appointment.clash_message(resource, other))

    def clashes(self, resource, excluded):
        """Return the saved live appointment (a list of one or none) that
        holds the practitioner or the room of self during self"""
        value = getattr(self, resource)
        if not value:
            return []
        with without_check_access():
            return self.search([
                    ('company', '=', getattr(self.company, 'id', None)),
                    (resource, '=', value.id),
                    ('state', 'in', LIVE_STATES),
                    ('start', '<', self.end),
                    ('end', '>', self.start),
                    ('id', 'not in', excluded),
                    ], order=[('start', 'ASC'), ('id', 'ASC')], limit=1)

    def clash_message(self, resource, other):
        "Return the error that names the appointment other in the way"
        with without_check_access():
            return gettext(
                'clinic_agenda.msg_appointment_%s_booked' % resource,
                practitioner=other.practitioner.rec_name,
                room=other.room.rec_name if other.room else '',
                period=self.format_period(other.start, other.end),
                patient=other.party.rec_name if other.party else '')

    @classmethod
    def check_delete(cls, appointments):
        "Appointments that happened, or are happening, stay"
        for appointment in appointments:
            if appointment.state not in {'booked', 'cancelled'}:
                raise AppointmentError(gettext(
                        'clinic_agenda.msg_appointment_delete',
                        appointment=appointment.rec_name,
                        state=appointment.state_string))

    # Checks of saved appointments

    @classmethod
    def validate_fields(cls, appointments, field_names):
        super().validate_fields(appointments, field_names)
        if field_names is None or field_names & {'service', 'practitioner'}:
            cls.check_specialty(appointments)
        if field_names is None or field_names & {
                'practitioner', 'start', 'end'}:
            for appointment in appointments:
                if appointment.is_live:
                    appointment.warn_off_hours()

    @classmethod
    def check_specialty(cls, appointments):
        "A service is booked with a practitioner of its specialty"
        for appointment in appointments:
            specialty = appointment.specialty
            if specialty and not appointment.practitioner.has_specialty(
                    specialty):
                raise AppointmentError(gettext(
                        'clinic_agenda.msg_appointment_specialty',
                        practitioner=appointment.practitioner.rec_name,
                        service=appointment.service.rec_name,
                        specialty=specialty.rec_name))

    def warn_off_hours(self):
        """Warn when the practitioner does not work then: outside their
        weekly hours, on leave or with the clinic closed"""
        practitioner = self.practitioner
        period = self.format_period(self.start, self.end)
        if not practitioner.works_during(self.start, self.end):
            self.warn('outside_hours', gettext(
                    'clinic_agenda.msg_appointment_outside_hours',
                    practitioner=practitioner.rec_name,
                    clinic=self.company.rec_name,
                    period=period,
                    hours=self.hours_that_day()))
        for exception in practitioner.absences_during(self.start, self.end):
            message = ('clinic_agenda.msg_appointment_practitioner_absent'
                if exception.employee
                else 'clinic_agenda.msg_appointment_clinic_closed')
            self.warn('exception_%s' % exception.id, gettext(message,
                    practitioner=practitioner.rec_name,
                    clinic=self.company.rec_name,
                    period=period,
                    exception=exception.rec_name))

    def hours_that_day(self):
        "Return the practitioner's hours on the day of the appointment"
        pool = Pool()
        Schedule = pool.get('clinic.schedule')
        Lang = pool.get('ir.lang')
        day = to_wall_clock(self.start, self.timezone).date()
        spans = merged_spans(
            (s, e) for d, s, e in Schedule.hours_of(self.practitioner)
            if d == str(day.weekday()))
        if not spans:
            return gettext('clinic_agenda.msg_no_hours',
                weekday=Lang.get().strftime(day, '%A'))
        return ', '.join(
            '%s-%s' % (s.strftime('%H:%M'), e.strftime('%H:%M'))
            for s, e in spans)

    def warn(self, name, message):
        """Raise a warning that the receptionist may pass for this
        practitioner and time (kept across a new try to save)"""
        pool = Pool()
        Warning = pool.get('res.user.warning')
        key = Warning.format('%s %s %s' % (
                name, self.start.isoformat(), self.end.isoformat()),
            [self.practitioner])
        if Warning.check(key):
            raise OutsideWorkingHoursWarning(key, message)


def overlap_among(appointments, resource):
    """Return two of the appointments that hold the same practitioner or
    room at the same time, or None"""
    by_resource = defaultdict(list)
    for appointment in appointments:
        if getattr(appointment, resource):
            by_resource[getattr(appointment, resource).id].append(appointment)
    for held in by_resource.values():
        latest = None
        for appointment in sorted(held, key=lambda a: a.start):
            if latest and appointment.start < latest.end:
                return appointment, latest
            if not latest or appointment.end > latest.end:
                latest = appointment

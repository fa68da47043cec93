# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"The availability search: the free slots of the agenda"
import datetime as dt
import unittest
from unittest.mock import patch

from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module
from trytond.transaction import Transaction

from clinic_base.tests.tools import (
    acting_as, create_franchise, create_user, with_transaction)

from .. import availability
from ..exceptions import AvailabilityError
from ..schedule import to_wall_clock
from .tools import (
    MADRID, create_practitioner, create_room, create_service,
    create_specialty, utc)

MONDAY, TUESDAY, WEDNESDAY = '2030-01-07', '2030-01-08', '2030-01-09'


def quarters(day, first, last):
    "Return the wall-clock starts 'YYYY-MM-DD HH:MM' every 15 minutes"
    start = dt.datetime.fromisoformat('%sT%s' % (day, first))
    end = dt.datetime.fromisoformat('%sT%s' % (day, last))
    starts = []
    while start <= end:
        starts.append(start.strftime('%Y-%m-%d %H:%M'))
        start += dt.timedelta(minutes=15)
    return starts


def starts(slots):
    "Return the slots' starts as Madrid's clocks read them"
    return [to_wall_clock(s.start, MADRID).strftime('%Y-%m-%d %H:%M')
        for s in slots]


class AvailabilityTestCase(unittest.TestCase):
    "The free slots of the agenda"

    @classmethod
    def setUpClass(cls):
        activate_module(['clinic_agenda'])

    def setup_clinics(self):
        """Madrid and Barcelona on Madrid's clock. In Madrid, Dra. Torres,
        a dentist, works Monday 09:00-14:00 and 16:00-18:00 and Wednesday
        09:00-14:00; Dr. Gil, an orthodontist, Monday 09:00-14:00. A
        filling takes 30 minutes, brackets an hour."""
        pool = Pool()
        Party = pool.get('party.party')
        _, self.central, (self.madrid, self.barcelona) = create_franchise()
        for clinic in [self.madrid, self.barcelona]:
            clinic.timezone = 'Europe/Madrid'
            clinic.save()
        self.dentistry = create_specialty("Dentistry")
        self.orthodontics = create_specialty("Orthodontics")
        self.filling = create_service("Filling", 30, self.dentistry)
        self.brackets = create_service("Brackets", 60, self.orthodontics)
        self.dentist = create_practitioner(
            "Dra. Ana Torres", self.madrid, [self.dentistry], [
                ('0', '09:00', '14:00'), ('0', '16:00', '18:00'),
                ('2', '09:00', '14:00')])
        self.orthodontist = create_practitioner(
            "Dr. Luis Gil", self.madrid, [self.orthodontics],
            [('0', '09:00', '14:00')])
        self.lucia, = Party.create([
                {'name': "Lucía García", 'company': self.madrid.id}])

    def find(self, day=MONDAY, last_day=None, **criteria):
        """Return the free slots from day to last_day (included) on
        Madrid's clock, in Madrid unless the criteria say otherwise"""
        Availability = Pool().get('clinic.availability')
        last_day = dt.date.fromisoformat(last_day or day) + dt.timedelta(1)
        criteria.setdefault('companies', [self.madrid])
        criteria.setdefault('limit', None)
        return Availability.find_slots(
            start=utc(day, '00:00'), end=utc(last_day.isoformat(), '00:00'),
            **criteria)

    def book(self, start, end, practitioner=None, day=MONDAY, **values):
        "Book Lucía from start to end ('HH:MM' of day in Madrid)"
        Appointment = Pool().get('clinic.appointment')
        practitioner = practitioner or self.dentist
        with Transaction().set_context(_skip_warnings=True):
            appointment, = Appointment.create([{
                        'party': self.lucia.id,
                        'company': practitioner.company.id,
                        'practitioner': practitioner.id,
                        'start': utc(day, start), 'end': utc(day, end),
                        **values,
                        }])
        return appointment

    @with_transaction()
    def test_agenda_opens_at_the_first_working_hour(self):
        """The week and day agendas scroll to the first hour a
        practitioner of the user's clinic starts (sao's calendar reads it
        from the context); a clinic without hours leaves sao's default"""
        User = Pool().get('res.user')
        self.setup_clinics()
        create_practitioner("Dr. Pau Vila", self.madrid, [self.dentistry],
            [('4', '08:30', '13:00')])
        for clinic, first in [
                (self.madrid, dt.time(8, 30)), (self.barcelona, None)]:
            user = create_user(
                'desk.%d' % clinic.id, [clinic], clinic,
                ['group_receptionist'])
            with Transaction().set_user(user.id):
                context = User.get_preferences(context_only=True)
            self.assertEqual(context.get('calendar_scroll_time'), first)

    @with_transaction()
    def test_slots_within_hours(self):
        """A filling may start every quarter of an hour of the dentist's
        hours on Madrid's clock, and end within them"""
        self.setup_clinics()
        slots = self.find(service=self.filling)
        self.assertEqual(starts(slots),
            quarters(MONDAY, '09:00', '13:30')
            + quarters(MONDAY, '16:00', '17:30'))
        first = slots[0]
        self.assertEqual(
            (first.start, first.end, first.company, first.practitioner,
                first.room),
            (dt.datetime(2030, 1, 7, 8), dt.datetime(2030, 1, 7, 8, 30),
                self.madrid, self.dentist, None))

    @with_transaction()
    def test_lunch_gap(self):
        "No slot runs into the lunch break: a 45-minute cleaning"
        self.setup_clinics()
        cleaning = create_service("Cleaning", 45, self.dentistry)
        around_lunch = [s for s in starts(self.find(service=cleaning))
            if '13:00' <= s[-5:] <= '16:00']
        self.assertEqual(around_lunch, [
                '2030-01-07 13:00', '2030-01-07 13:15', '2030-01-07 16:00'])

    @with_transaction()
    def test_clinic_closed(self):
        "A holiday of the clinic has no slots"
        Exception_ = Pool().get('clinic.schedule.exception')
        self.setup_clinics()
        Exception_.create([{
                    'company': self.madrid.id, 'kind': 'holiday',
                    'start_date': dt.date(2030, 1, 7),
                    'end_date': dt.date(2030, 1, 7),
                    }])
        slots = self.find(service=self.filling, last_day=WEDNESDAY, limit=1)
        self.assertEqual(starts(slots), ['2030-01-09 09:00'])

    @with_transaction()
    def test_practitioner_leave(self):
        "The dentist's afternoon off on Monday, from noon"
        Exception_ = Pool().get('clinic.schedule.exception')
        self.setup_clinics()
        Exception_.create([{
                    'company': self.madrid.id, 'employee': self.dentist.id,
                    'kind': 'leave', 'start_date': dt.date(2030, 1, 7),
                    'start_time': dt.time(12), 'end_date': dt.date(2030, 1, 7),
                    }])
        self.assertEqual(starts(self.find(service=self.filling)),
            quarters(MONDAY, '09:00', '11:30'))
        self.assertEqual(
            starts(self.find(specialty=self.orthodontics, limit=1)),
            ['2030-01-07 09:00'])

    @with_transaction()
    def test_appointment_takes_its_slot(self):
        """A booking from 10:00 to 10:30 takes the fillings that would
        overlap it; cancelled, it frees them"""
        Appointment = Pool().get('clinic.appointment')
        self.setup_clinics()
        appointment = self.book('10:00', '10:30')
        morning = [s for s in starts(self.find(service=self.filling))
            if '09:30' <= s[-5:] <= '10:30']
        self.assertEqual(morning, ['2030-01-07 09:30', '2030-01-07 10:30'])
        Appointment.cancel([appointment])
        self.assertIn('2030-01-07 10:00',
            starts(self.find(service=self.filling)))

    @with_transaction()
    def test_room_busy(self):
        """In a clinic with rooms a slot needs a free one: the only chair
        is taken by the orthodontist from 10:00 to 11:00, until a second
        chair comes"""
        self.setup_clinics()
        chair = create_room("Chair 1", self.madrid)
        self.book('10:00', '11:00', self.orthodontist, room=chair.id)
        slots = self.find(service=self.filling)
        self.assertNotIn('2030-01-07 10:00', starts(slots))
        self.assertEqual(
            [(s, slot.room) for s, slot in zip(starts(slots), slots)][2:4],
            [('2030-01-07 09:30', chair), ('2030-01-07 11:00', chair)])
        second = create_room("Chair 2", self.madrid)
        slots = self.find(service=self.filling)
        at_ten = starts(slots).index('2030-01-07 10:00')
        self.assertEqual(slots[at_ten].room, second)

    @with_transaction()
    def test_person_in_two_clinics(self):
        """Dra. Torres also works in Barcelona on Tuesdays: one search
        finds her in both clinics, and her appointment in Barcelona takes
        her Monday slot in Madrid"""
        self.setup_clinics()
        in_barcelona = create_practitioner(
            None, self.barcelona, [self.dentistry], [('1', '09:00', '14:00')],
            party=self.dentist.party)
        both = [self.madrid, self.barcelona]
        slots = self.find(specialty=self.dentistry, companies=both,
            last_day=TUESDAY, practitioner=in_barcelona)
        self.assertEqual({(s.start.date(), s.company) for s in slots}, {
                (dt.date(2030, 1, 7), self.madrid),
                (dt.date(2030, 1, 8), self.barcelona)})
        self.book('10:00', '10:30', in_barcelona)
        self.assertNotIn('2030-01-07 10:00',
            starts(self.find(service=self.filling)))

    @with_transaction()
    def test_dst_week(self):
        """The week Madrid moves its clocks forward (Sunday 31 March 2030):
        09:00 is 08:00 UTC on the Monday before and 07:00 UTC after, and on
        the Sunday itself"""
        self.setup_clinics()
        create_practitioner("Dra. Eva Sanz", self.madrid, [self.dentistry],
            [('6', '09:00', '10:00')])
        firsts = {}
        for slot in self.find(service=self.filling, day='2030-03-25',
                last_day='2030-04-01'):
            firsts.setdefault(slot.start.date(), slot.start)
        self.assertEqual(firsts, {
                dt.date(2030, 3, 25): dt.datetime(2030, 3, 25, 8),
                dt.date(2030, 3, 27): dt.datetime(2030, 3, 27, 8),
                dt.date(2030, 3, 31): dt.datetime(2030, 3, 31, 7),
                dt.date(2030, 4, 1): dt.datetime(2030, 4, 1, 7),
                })

    @with_transaction()
    def test_specialty(self):
        """Only the practitioners of the specialty; a service sets it and
        the length of the slots"""
        self.setup_clinics()
        slots = self.find(specialty=self.orthodontics)
        self.assertEqual({s.practitioner for s in slots}, {self.orthodontist})
        self.assertEqual(starts(slots), quarters(MONDAY, '09:00', '13:30'))
        slots = self.find(service=self.brackets)
        self.assertEqual(starts(slots), quarters(MONDAY, '09:00', '13:00'))
        self.assertEqual(slots[0].end - slots[0].start, dt.timedelta(hours=1))

    @with_transaction()
    def test_user_books_in_their_clinics(self):
        """Barcelona's receptionist finds Barcelona's slots only, even when
        asking for Madrid's; a user of both clinics finds both"""
        self.setup_clinics()
        create_practitioner("Dr. Jordi Puig", self.barcelona,
            [self.dentistry], [('0', '09:00', '10:00')])
        both = [self.madrid, self.barcelona]
        receptionist = create_user('bcn.reception', [self.barcelona],
            self.barcelona, ['group_receptionist'])
        with acting_as(receptionist):
            self.assertEqual(
                {s.company for s in self.find(
                        specialty=self.dentistry, companies=None)},
                {self.barcelona})
            self.assertEqual(
                {s.company for s in self.find(
                        specialty=self.dentistry, companies=both)},
                {self.barcelona})
        manager = create_user('manager', both, self.madrid,
            ['group_clinic_manager'])
        manager.company_filter = 'all'
        manager.save()
        with acting_as(manager):
            self.assertEqual(
                {s.company for s in self.find(
                        specialty=self.dentistry, companies=None)},
                set(both))

    @with_transaction()
    def test_limit(self):
        "The first slots in time order, as many as asked"
        self.setup_clinics()
        create_practitioner("Dra. Eva Sanz", self.madrid, [self.dentistry],
            [('0', '09:30', '14:00')])
        slots = self.find(service=self.filling, last_day=WEDNESDAY, limit=4)
        self.assertEqual(
            [(s, slot.practitioner.party.name)
                for s, slot in zip(starts(slots), slots)],
            [('2030-01-07 09:00', "Dra. Ana Torres"),
                ('2030-01-07 09:15', "Dra. Ana Torres"),
                ('2030-01-07 09:30', "Dra. Ana Torres"),
                ('2030-01-07 09:30', "Dra. Eva Sanz")])

    @with_transaction()
    def test_booked_slot_is_gone(self):
        "Booking the first slot found: the next search starts after it"
        Appointment = Pool().get('clinic.appointment')
        self.setup_clinics()
        first, = self.find(service=self.filling, limit=1)
        Appointment.create([{
                    'party': self.lucia.id, 'company': first.company.id,
                    'practitioner': first.practitioner.id,
                    'service': self.filling.id,
                    'start': first.start, 'end': first.end,
                    }])
        self.assertEqual(
            starts(self.find(service=self.filling, limit=1)),
            ['2030-01-07 09:30'])

    @with_transaction()
    def test_no_slot_in_the_past(self):
        "At 11:05 in Madrid, today's first slot is at 11:15"
        self.setup_clinics()
        with patch.object(availability, 'utc_now',
                return_value=utc(MONDAY, '11:05')):
            slots = self.find(service=self.filling, limit=1)
        self.assertEqual(starts(slots), ['2030-01-07 11:15'])

    @with_transaction()
    def test_errors(self):
        "A search that cannot find anything says why"
        Availability = Pool().get('clinic.availability')
        self.setup_clinics()
        with self.assertRaisesRegex(AvailabilityError, 'service or a spec'):
            self.find()
        with Transaction().set_context(company=self.madrid.id):
            with self.assertRaisesRegex(AvailabilityError,
                    'must end after it starts'):
                Availability.find_slots(service=self.filling,
                    start=utc(WEDNESDAY, '00:00'), end=utc(MONDAY, '00:00'))
            with self.assertRaisesRegex(AvailabilityError,
                    'from 01/07/2020 to 01/07/2020 are over'):
                self.find(service=self.filling, day='2020-01-07')
            with self.assertRaisesRegex(AvailabilityError,
                    'at most 62 days.* 01/07/2030 to 03/31/2030'):
                self.find(service=self.filling, last_day='2030-03-31')

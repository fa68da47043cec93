# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Appointments: no double booking, working hours, specialties, time zones"
import datetime as dt
import unittest
from zoneinfo import ZoneInfo

from sql import Table

from trytond import backend
from trytond.model.exceptions import AccessError, SQLConstraintError
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module
from trytond.transaction import Transaction, without_check_access

from clinic_base.tests.tools import (
    acting_as, create_franchise, create_user, share, with_transaction)

from ..exceptions import (
    AppointmentError, DoubleBookingError, OutsideWorkingHoursWarning,
    ScheduleError)
from ..schedule import within_hours
from .tools import (
    MADRID, create_practitioner, create_room, create_service,
    create_specialty, today_is, undone_on_error, utc)

MONDAY = '2030-01-07'  # winter: Madrid is UTC+1
SUMMER_MONDAY = '2030-07-01'  # summer: Madrid is UTC+2


class AppointmentTestCase(unittest.TestCase):
    "The agenda of a clinic"

    @classmethod
    def setUpClass(cls):
        activate_module(['clinic_agenda'])

    def setup_clinic(self):
        """Madrid (Europe/Madrid): Dra. Torres, a dentist working Monday and
        Wednesday 09:00-14:00, Dr. Gil, an orthodontist working Monday, a
        chair, a filling of 30 minutes, two patients and a receptionist"""
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
            "Dra. Ana Torres", self.madrid, [self.dentistry],
            [('0', '09:00', '14:00'), ('2', '09:00', '14:00')])
        self.orthodontist = create_practitioner(
            "Dr. Luis Gil", self.madrid, [self.orthodontics],
            [('0', '09:00', '14:00')])
        self.chair = create_room("Chair 1", self.madrid)
        self.lucia, self.pedro = Party.create([
                {'name': "Lucía García", 'company': self.madrid.id},
                {'name': "Pedro Ruiz", 'company': self.madrid.id},
                ])
        self.receptionist = create_user('mad.reception', [self.madrid],
            self.madrid, ['group_receptionist'])

    def book(self, party, start, end, practitioner=None, **values):
        "Book party from start to end ('HH:MM' of MONDAY or UTC moments)"
        Appointment = Pool().get('clinic.appointment')
        if isinstance(start, str):
            start, end = utc(MONDAY, start), utc(MONDAY, end)
        appointment, = Appointment.create([{
                    'party': party.id, 'company': self.madrid.id,
                    'practitioner': (practitioner or self.dentist).id,
                    'start': start, 'end': end,
                    **values,
                    }])
        return appointment

    @with_transaction()
    def test_practitioner_double_booking(self):
        "A practitioner in two overlapping appointments: the error names it"
        self.setup_clinic()
        self.book(self.lucia, '10:00', '10:30')
        with self.assertRaisesRegex(DoubleBookingError,
                r'Dra\. Ana Torres .*10:00-10:30 with Lucía García'):
            self.book(self.pedro, '10:15', '10:45')
        self.book(self.pedro, '10:30', '11:00')

    @with_transaction()
    def test_next_appointment_on_the_patients_form(self):
        """A patient's next appointment, as the front desk reads it, is
        the first still to come, booked or confirmed, not a cancelled one"""
        Appointment = Pool().get('clinic.appointment')
        Party = Pool().get('party.party')
        self.setup_clinic()

        def next_appointment():
            with acting_as(self.receptionist):
                return Party(self.lucia.id).next_appointment
        self.assertIsNone(next_appointment())
        cancelled = self.book(self.lucia, '09:00', '09:30')
        Appointment.cancel([cancelled])
        later = self.book(self.lucia, '11:00', '11:30')
        first = self.book(self.lucia, '10:00', '10:30')
        self.book(self.pedro, '09:30', '10:00')
        self.assertEqual(next_appointment(), first)
        Appointment.cancel([first])
        self.assertEqual(next_appointment(), later)

    @with_transaction()
    def test_room_double_booking(self):
        "Two practitioners in the same chair at the same time"
        self.setup_clinic()
        self.book(self.lucia, '10:00', '10:30', room=self.chair.id)
        with self.assertRaisesRegex(DoubleBookingError,
                r'Chair 1 .*10:00-10:30 for Lucía García '
                r'with Dra\. Ana Torres'):
            self.book(self.pedro, '10:00', '11:00', self.orthodontist,
                room=self.chair.id)
        self.book(self.pedro, '10:00', '11:00', self.orthodontist)

    @with_transaction()
    def test_double_booking_within_one_save(self):
        "Two clashing appointments saved together are refused too"
        Appointment = Pool().get('clinic.appointment')
        self.setup_clinic()
        values = {
            'company': self.madrid.id, 'practitioner': self.dentist.id,
            'start': utc(MONDAY, '10:00'), 'end': utc(MONDAY, '10:30'),
            }
        with self.assertRaises(DoubleBookingError):
            Appointment.create([
                    {'party': self.lucia.id, **values},
                    {'party': self.pedro.id, **values},
                    ])

    @with_transaction()
    def test_moving_into_a_taken_slot(self):
        "Moving an appointment onto another is refused"
        Appointment = Pool().get('clinic.appointment')
        self.setup_clinic()
        self.book(self.lucia, '10:00', '10:30')
        later = self.book(self.pedro, '11:00', '11:30')
        with self.assertRaises(DoubleBookingError):
            Appointment.write([later], {
                    'start': utc(MONDAY, '10:15'),
                    'end': utc(MONDAY, '10:45'),
                    })

    @with_transaction()
    def test_cancelled_frees_the_slot(self):
        """A cancelled or missed appointment frees its slot; booking it
        again is refused once the slot is taken"""
        Appointment = Pool().get('clinic.appointment')
        self.setup_clinic()
        first = self.book(self.lucia, '10:00', '10:30')
        Appointment.cancel([first])
        second = self.book(self.pedro, '10:00', '10:30')
        with self.assertRaisesRegex(DoubleBookingError, 'Pedro Ruiz'):
            Appointment.rebook([first])
        Appointment.no_show([second])
        Appointment.rebook([first])
        self.assertEqual(first.state, 'booked')

    @with_transaction()
    def test_database_refuses_a_clash(self):
        """Past the friendly check, the exclusion constraint refuses the
        clash: in PostgreSQL at the INSERT, in SQLite when Tryton checks
        the constraint after it"""
        pool = Pool()
        Appointment = pool.get('clinic.appointment')
        self.setup_clinic()
        self.book(self.lucia, '10:00', '10:30')
        table = Table(Appointment._table)
        cursor = Transaction().connection.cursor()
        insert = table.insert(
            [table.party, table.company, table.practitioner, table.start,
                table.end, table.state, table.origin],
            [[self.pedro.id, self.madrid.id, self.dentist.id,
                    utc(MONDAY, '10:15'), utc(MONDAY, '10:45'), 'booked',
                    'desk']])
        if backend.name == 'postgresql':
            with self.assertRaises(backend.DatabaseIntegrityError):
                cursor.execute(*insert)
        else:
            cursor.execute(*insert)
            clash, = Appointment.search([('party', '=', self.pedro.id)])
            with self.assertRaises(SQLConstraintError):
                Appointment.validate([clash])

    @unittest.skipUnless(backend.name == 'postgresql', "PostgreSQL only")
    @with_transaction()
    def test_exclusion_constraints_exist(self):
        "PostgreSQL holds both exclusion constraints (no extension needed)"
        cursor = Transaction().connection.cursor()
        cursor.execute(
            "SELECT conname, contype FROM pg_constraint "
            "WHERE conrelid = 'clinic_appointment'::regclass "
            "AND contype = 'x' ORDER BY conname")
        self.assertEqual(cursor.fetchall(), [
                ('clinic_appointment_practitioner_overlap', 'x'),
                ('clinic_appointment_room_overlap', 'x'),
                ])

    @with_transaction()
    def test_end_before_start(self):
        "An appointment ends after it starts"
        self.setup_clinic()
        with self.assertRaisesRegex(
                AppointmentError, r'end \(.*2030\s10:00\).*'
                r'start \(.*2030\s10:30\)'):
            self.book(self.lucia, '10:30', '10:00')

    @with_transaction()
    def test_practitioner_without_the_specialty(self):
        "A service is booked with a practitioner of its specialty"
        self.setup_clinic()
        with self.assertRaisesRegex(AppointmentError,
                r'Dra\. Ana Torres does not practise Orthodontics.*'
                r'"Brackets"'), undone_on_error():
            self.book(self.lucia, '10:00', '11:00',
                service=self.brackets.id)
        self.book(self.lucia, '10:00', '11:00', self.orthodontist,
            service=self.brackets.id)

    @with_transaction()
    def test_service_sets_the_length(self):
        "Choosing the service or the start sets the end"
        Appointment = Pool().get('clinic.appointment')
        self.setup_clinic()
        appointment = Appointment(start=utc(MONDAY, '10:00'))
        appointment.service = self.brackets
        appointment.on_change_service()
        self.assertEqual(appointment.end, utc(MONDAY, '11:00'))
        appointment.start = utc(MONDAY, '12:00')
        appointment.on_change_start()
        self.assertEqual(appointment.end, utc(MONDAY, '13:00'))

    def assert_warned(self, pattern, book):
        """book warns with pattern; once the receptionist passes the
        warning, as the client does, the same booking is saved"""
        pool = Pool()
        Warning = pool.get('res.user.warning')
        with acting_as(self.receptionist):
            with self.assertRaisesRegex(
                    OutsideWorkingHoursWarning, pattern) as warned, \
                    undone_on_error():
                book()
            with without_check_access():
                Warning.skip(warned.exception.name)
            return book()

    @with_transaction()
    def test_outside_working_hours_is_a_warning(self):
        "Booking outside the practitioner's hours warns, then passes"
        self.setup_clinic()
        appointment = self.assert_warned(
            r'Dra\. Ana Torres does not work in "Franchise Madrid" on '
            r'.*2030\s14:00-14:30: their hours that day are 09:00-14:00',
            lambda: self.book(self.lucia, '14:00', '14:30'))
        self.assertEqual(appointment.state, 'booked')

    @with_transaction()
    def test_inside_working_hours_no_warning(self):
        "A booking within the hours raises nothing, for the receptionist"
        self.setup_clinic()
        with acting_as(self.receptionist):
            self.book(self.lucia, '13:30', '14:00')

    @with_transaction()
    def test_day_off_is_a_warning(self):
        "Booking on a day the practitioner does not work there warns"
        self.setup_clinic()
        self.assert_warned(r'none \(they do not work there on Tuesday\)',
            lambda: self.book(self.lucia, utc('2030-01-08', '10:00'),
                utc('2030-01-08', '10:30')))

    @with_transaction()
    def test_clinic_closure_is_a_warning(self):
        "Booking while the clinic is closed warns, naming the closure"
        Exception_ = Pool().get('clinic.schedule.exception')
        self.setup_clinic()
        Exception_.create([{
                    'company': self.madrid.id, 'kind': 'holiday',
                    'reason': "Epiphany (moved)",
                    'start_date': dt.date(2030, 1, 7),
                    'end_date': dt.date(2030, 1, 7),
                    }])
        self.assert_warned(r'"Franchise Madrid" is closed .*Epiphany',
            lambda: self.book(self.lucia, '10:00', '10:30'))

    @with_transaction()
    def test_leave_is_a_warning(self):
        "Booking during the practitioner's afternoon off warns"
        Exception_ = Pool().get('clinic.schedule.exception')
        self.setup_clinic()
        Exception_.create([{
                    'company': self.madrid.id, 'employee': self.dentist.id,
                    'kind': 'leave', 'reason': "Conference",
                    'start_date': dt.date(2030, 1, 7),
                    'start_time': dt.time(12, 0),
                    'end_date': dt.date(2030, 1, 7),
                    }])
        with acting_as(self.receptionist):
            self.book(self.lucia, '11:00', '12:00')
        self.assert_warned(r'Dra\. Ana Torres is away .*Conference',
            lambda: self.book(self.pedro, '12:00', '12:30'))

    @with_transaction()
    def test_hours_in_the_clinics_time_zone(self):
        """Working hours are the clinic's wall clock: 09:30 in Madrid is
        08:30 UTC in winter and 07:30 UTC in summer"""
        self.setup_clinic()
        dentist = self.dentist
        self.assertTrue(dentist.works_during(
                dt.datetime(2030, 1, 7, 8, 30), dt.datetime(2030, 1, 7, 9)))
        self.assertTrue(dentist.works_during(
                dt.datetime(2030, 7, 1, 7, 30), dt.datetime(2030, 7, 1, 8)))
        self.assertFalse(dentist.works_during(
                dt.datetime(2030, 1, 7, 7, 30), dt.datetime(2030, 1, 7, 8)))
        self.assertFalse(dentist.works_during(
                dt.datetime(2030, 1, 7, 13), dt.datetime(2030, 1, 7, 13, 30)))

    def test_within_hours(self):
        "Touching lines make one span; a line never spans midnight"
        hours = [('0', dt.time(9), dt.time(14)),
            ('0', dt.time(14), dt.time(20))]
        new_york = ZoneInfo('America/New_York')
        monday = dt.datetime(2030, 1, 7)
        self.assertTrue(within_hours(
                monday.replace(hour=18), monday.replace(hour=20), hours,
                new_york))  # 13:00-15:00 in New York
        self.assertFalse(within_hours(
                monday.replace(hour=18), monday.replace(hour=20), hours,
                MADRID))  # 19:00-21:00 in Madrid
        self.assertFalse(within_hours(
                monday.replace(hour=19), monday + dt.timedelta(hours=32),
                [(str(d), dt.time(0), dt.time(23, 59)) for d in range(7)],
                MADRID))

    @with_transaction()
    def test_day_of_the_clinic(self):
        """An appointment at 23:30 UTC on Monday is on Tuesday in Madrid;
        the day's list finds it there"""
        Appointment = Pool().get('clinic.appointment')
        self.setup_clinic()
        with Transaction().set_context(_skip_warnings=True):
            late = self.book(self.lucia, dt.datetime(2030, 1, 7, 23, 30),
                dt.datetime(2030, 1, 7, 23, 45))
        self.assertEqual(late.day, dt.date(2030, 1, 8))
        with Transaction().set_context(company=self.madrid.id):
            self.assertEqual(
                Appointment.search([('day', '=', dt.date(2030, 1, 8))]),
                [late])
            self.assertEqual(
                Appointment.search([('day', '=', dt.date(2030, 1, 7))]), [])
            self.assertEqual(
                Appointment.search([('day', '<', dt.date(2030, 1, 8))]), [])

    @with_transaction()
    def test_booking_in_another_clinic(self):
        "A receptionist books only in their clinic, and is told so"
        Appointment = Pool().get('clinic.appointment')
        self.setup_clinic()
        doctor = create_practitioner("Dr. Jordi Puig", self.barcelona)
        with acting_as(self.receptionist), self.assertRaisesRegex(
                AppointmentError, '"Franchise Barcelona"'):
            Appointment.create([{
                        'party': self.lucia.id,
                        'company': self.barcelona.id,
                        'practitioner': doctor.id,
                        'start': utc(MONDAY, '10:00'),
                        'end': utc(MONDAY, '10:30'),
                        }])

    @with_transaction()
    def test_booking_numbers_the_patient(self):
        """The clinic that books a patient gives them its history number:
        its staff reads them as a patient from then on"""
        HistoryNumber = Pool().get('clinic.patient.number')
        self.setup_clinic()
        self.book(self.lucia, '10:00', '10:30')
        self.book(self.lucia, '11:00', '11:30')
        number, = HistoryNumber.search([('party', '=', self.lucia.id)])
        self.assertEqual(number.company, self.madrid)

    @with_transaction()
    def test_visit_opens_a_history_entry(self):
        """A done appointment opens a draft history entry of its service,
        the same one the next time"""
        Appointment = Pool().get('clinic.appointment')
        self.setup_clinic()
        appointment = self.book(self.lucia, '10:00', '10:30',
            service=self.filling.id)
        with today_is(MONDAY):
            Appointment.arrive([appointment])
        Appointment.start_visit([appointment])
        Appointment.finish_visit([appointment])
        entry, = Appointment.visit_entries([appointment])
        self.assertEqual(
            (entry.party, entry.company, entry.practitioner,
                entry.specialty, list(entry.services), entry.date,
                entry.state),
            (self.lucia, self.madrid, self.dentist, self.dentistry,
                [self.filling], dt.date(2030, 1, 7), 'draft'))
        self.assertEqual(
            Appointment.visit_entries([Appointment(appointment.id)]),
            [entry])

    @with_transaction()
    def test_shared_appointment_read_only_elsewhere(self):
        """Barcelona reads Madrid's appointments once Madrid shares its
        patients with the other clinics, room and all, but not the entry
        of a visit unless Madrid shares its clinical histories; it changes
        none of them"""
        pool = Pool()
        Appointment = pool.get('clinic.appointment')
        self.setup_clinic()
        appointment = self.book(self.lucia, '10:00', '10:30',
            room=self.chair.id, service=self.filling.id)
        with today_is(MONDAY):
            Appointment.arrive([appointment])
        Appointment.start_visit([appointment])
        Appointment.finish_visit([appointment])
        entry, = Appointment.visit_entries([appointment])
        manager = create_user('bcn.manager', [self.barcelona],
            self.barcelona, ['group_clinic_manager'])
        fields = ['party.rec_name', 'practitioner.rec_name', 'room.rec_name',
            'service.rec_name', 'history_entries']

        def read():
            with acting_as(manager):
                return [Appointment.read([a.id], fields)[0]
                    for a in Appointment.search([])]
        self.assertEqual(read(), [])
        share(self.madrid, 'contacts', clinics=True)
        shared, = read()
        self.assertEqual(
            (shared['party.']['rec_name'], shared['room.']['rec_name'],
                list(shared['history_entries'])),
            ("Lucía García", "Chair 1", []))
        share(self.madrid, 'histories', clinics=True)
        self.assertEqual(list(read()[0]['history_entries']), [entry.id])
        with acting_as(manager), self.assertRaises(AccessError):
            Appointment.write([Appointment(appointment.id)], {'notes': "x"})

    @with_transaction()
    def test_shared_appointment_buttons_refused_elsewhere(self):
        """Barcelona, reading Madrid's shared appointment, can neither
        confirm it nor mark the patient arrived: the appointment stays as
        Madrid left it"""
        pool = Pool()
        Appointment = pool.get('clinic.appointment')
        self.setup_clinic()
        appointment = self.book(self.lucia, '10:00', '10:30')
        share(self.madrid, 'contacts', clinics=True)
        manager = create_user('bcn.manager', [self.barcelona],
            self.barcelona, ['group_clinic_manager'])
        with acting_as(manager), today_is(MONDAY):
            shared, = Appointment.search([])
            for button in [Appointment.confirm, Appointment.arrive]:
                with self.assertRaisesRegex(
                        AccessError, 'shares it with you for reading only'):
                    button([shared])
        self.assertEqual(Appointment(appointment.id).state, 'booked')

    @with_transaction()
    def test_arrived_not_before_its_day(self):
        """The front desk cannot mark arrived the patient of an appointment
        of a day to come (the wrong row of the week's list): the message
        gives its day and today; on the day it can, and a past one may be
        recorded late"""
        Appointment = Pool().get('clinic.appointment')
        self.setup_clinic()
        appointment = self.book(self.lucia, '10:00', '10:30')
        with acting_as(self.receptionist):
            with today_is('2030-01-06'), self.assertRaisesRegex(
                    AppointmentError, r'is on 01/07/2030: .* \(today is '
                    r'01/06/2030\)'):
                Appointment.arrive([Appointment(appointment.id)])
            self.assertEqual(Appointment(appointment.id).state, 'booked')
            with today_is(MONDAY):
                Appointment.arrive([Appointment(appointment.id)])
        self.assertEqual(Appointment(appointment.id).state, 'arrived')
        late = self.book(self.pedro, '11:00', '11:30')
        with today_is('2030-01-08'):
            Appointment.arrive([late])
        self.assertEqual(late.state, 'arrived')

    @with_transaction()
    def test_arrival_rings_the_practitioner(self):
        """The desk marks Lucía arrived: Dra. Torres's user (in Spanish)
        has one unread notification that opens the appointment, and Dr.
        Gil none; once the visit starts it is read, and her bell is empty"""
        pool = Pool()
        Appointment = pool.get('clinic.appointment')
        Lang = pool.get('ir.lang')
        Notification = pool.get('res.notification')
        User = pool.get('res.user')
        self.setup_clinic()
        spanish, = Lang.search([('code', '=', 'es')])
        Lang.write([spanish], {'translatable': True})
        Lang.load_translations([spanish])
        torres, gil = User.create([{
                    'login': login, 'name': login, 'language': language,
                    'companies': [('add', [self.madrid.id])],
                    'employees': [('add', [employee.id])],
                    } for login, employee, language in [
                    ('torres', self.dentist, spanish.id),
                    ('gil', self.orthodontist, None)]])
        appointment = self.book(self.lucia, '10:00', '10:30')
        with acting_as(self.receptionist), today_is(MONDAY):
            Appointment.arrive([Appointment(appointment.id)])

        def bell(user):
            with Transaction().set_user(user.id):
                return Notification.get_count(), Notification.get()
        count, (rung,) = bell(torres)
        self.assertEqual(
            (count, rung['label'], rung['description'], rung['model'],
                rung['records']),
            (1, "Ha llegado Lucía García", "Cita del 07/01/2030\xa010:00-10:30",
                'clinic.appointment', [appointment.id]))
        self.assertEqual(bell(gil), (0, []))
        Appointment.start_visit([Appointment(appointment.id)])
        count, (rung,) = bell(torres)
        self.assertEqual((count, rung['unread']), (0, False))

    @with_transaction()
    def test_done_appointment_stays(self):
        "Only booked or cancelled appointments are deleted"
        Appointment = Pool().get('clinic.appointment')
        self.setup_clinic()
        appointment = self.book(self.lucia, '10:00', '10:30')
        with today_is(MONDAY):
            Appointment.arrive([appointment])
        with self.assertRaisesRegex(AppointmentError, 'Arrived'):
            Appointment.delete([appointment])

    @with_transaction()
    def test_practitioner_in_two_clinics(self):
        """One person, an employee in each clinic with their own hours; the
        hours of one day never overlap across clinics"""
        pool = Pool()
        Schedule = pool.get('clinic.schedule')
        self.setup_clinic()
        in_barcelona = create_practitioner(
            None, self.barcelona, [self.dentistry], [('1', '09:00', '14:00')],
            party=self.dentist.party)
        self.assertFalse(in_barcelona.works_during(
                utc(MONDAY, '10:00'), utc(MONDAY, '10:30')))
        self.assertTrue(in_barcelona.works_during(
                utc('2030-01-08', '10:00'), utc('2030-01-08', '10:30')))
        with self.assertRaisesRegex(ScheduleError, 'Franchise Madrid'), \
                undone_on_error():
            Schedule.create([{
                        'employee': in_barcelona.id, 'weekday': '0',
                        'start_time': dt.time(13), 'end_time': dt.time(19),
                        }])
        monday_afternoon, = Schedule.create([{
                    'employee': in_barcelona.id, 'weekday': '0',
                    'start_time': dt.time(16), 'end_time': dt.time(20),
                    }])
        self.assertEqual(monday_afternoon.company, self.barcelona)

    @with_transaction(context={'language': 'es'})
    def test_errors_speak_spanish(self):
        "The double-booking error comes in the user's language"
        pool = Pool()
        Lang = pool.get('ir.lang')
        Lang.load_translations(Lang.search([('code', '=', 'es')]))
        self.setup_clinic()
        self.book(self.lucia, '10:00', '10:30')
        with self.assertRaisesRegex(DoubleBookingError, 'ya tiene una cita'):
            self.book(self.pedro, '10:00', '10:30')

    @with_transaction()
    def test_lists_show_the_patients_phone(self):
        """The day's list shows the phone the front desk calls: the
        patient's phone, else mobile, as the receptionist reads them"""
        pool = Pool()
        Appointment = pool.get('clinic.appointment')
        ContactMechanism = pool.get('party.contact_mechanism')
        self.setup_clinic()
        mobile, landline, _ = ContactMechanism.create([
                {'party': self.lucia.id, 'type': 'mobile',
                    'value': '+34612345678'},
                {'party': self.pedro.id, 'type': 'phone',
                    'value': '+34911234567'},
                {'party': self.pedro.id, 'type': 'mobile',
                    'value': '+34699887766'},
                ])
        lucia = self.book(self.lucia, '10:00', '10:30')
        pedro = self.book(self.pedro, '11:00', '11:30')
        with acting_as(self.receptionist):
            rows = Appointment.read([lucia.id, pedro.id], ['phone'])
        self.assertEqual({r['id']: r['phone'] for r in rows}, {
                lucia.id: mobile.value, pedro.id: landline.value})

    @with_transaction()
    def test_receptionist_sees_and_books_in_her_clinic(self):
        "The receptionist's day: her clinic's appointments, with buttons"
        Appointment = Pool().get('clinic.appointment')
        self.setup_clinic()
        self.book(self.lucia, '10:00', '10:30')
        with acting_as(self.receptionist), today_is(MONDAY):
            appointment, = Appointment.search([
                    ('day', '=', dt.date(2030, 1, 7))])
            Appointment.confirm([appointment])
            Appointment.arrive([appointment])
            self.assertEqual(appointment.state, 'arrived')


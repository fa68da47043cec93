# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Appointment reminders, sent by the cron to a real SMTP server on
127.0.0.1"""
import datetime as dt
import unittest

from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, drop_db
from trytond.transaction import Transaction

from clinic_base.tests.tools import (
    acting_as, create_franchise, create_user, with_transaction)

from .smtp import smtp_down, smtp_server
from .tools import create_practitioner, create_service, utc

WINTER_MONDAY = '2030-01-07'  # Madrid is UTC+1
SUMMER_MONDAY = '2030-07-01'  # Madrid is UTC+2


def plain(text):
    "Return text with Tryton's non-breaking spaces (in dates) as spaces"
    return text.replace('\xa0', ' ')


def body_of(message):
    return plain(message.get_body().get_content())


def the_day_before(day, time='12:00'):
    "Return the UTC moment of the day before day at time on Madrid's clock"
    return utc(dt.date.fromisoformat(day) - dt.timedelta(days=1), time)


class ReminderTestCase(unittest.TestCase):
    "The e-mail that reminds a patient of an appointment"

    @classmethod
    def setUpClass(cls):
        drop_db()
        activate_module(['clinic_agenda'])
        # The scenarios that follow create the database anew
        cls.addClassCleanup(drop_db)

    def setup_clinic(self):
        """Madrid (Europe/Madrid, Calle Mayor 1): Dra. Torres works on
        Mondays; Lucía and Sara agree to be written to, Pedro has no
        e-mail and Marta did not agree"""
        pool = Pool()
        Party = pool.get('party.party')
        _, self.central, (self.madrid, self.barcelona) = create_franchise()
        for clinic in [self.madrid, self.barcelona]:
            clinic.timezone = 'Europe/Madrid'
            clinic.save()
        address, = self.madrid.party.addresses
        address.street = "Calle Mayor 1"
        address.postal_code = "28013"
        address.city = "Madrid"
        address.save()
        self.filling = create_service("Filling", 30)
        self.dentist = create_practitioner(
            "Dra. Ana Torres", self.madrid, hours=[('0', '09:00', '14:00')])

        def patient(name, email=None, consent=True):
            return {
                'name': name, 'company': self.madrid.id,
                'consent_communications': consent,
                'consent_communications_date': (
                    dt.date(2029, 1, 1) if consent else None),
                'contact_mechanisms': [('create', [
                            {'type': 'email', 'value': email}]
                        if email else [])],
                }
        self.lucia, self.sara, self.pedro, self.marta = Party.create([
                patient("Lucía García", 'lucia@example.com'),
                patient("Sara Gil", 'sara@example.com'),
                patient("Pedro Ruiz"),
                patient("Marta Sanz", 'marta@example.com', consent=False),
                ])

    def book(self, party, day=WINTER_MONDAY, time='10:00', **values):
        "Book party with Dra. Torres for a filling at time of day in Madrid"
        Appointment = Pool().get('clinic.appointment')
        start = utc(day, time)
        appointment, = Appointment.create([{
                    'party': party.id, 'company': self.madrid.id,
                    'practitioner': self.dentist.id,
                    'service': self.filling.id,
                    'start': start, 'end': start + dt.timedelta(minutes=30),
                    **values,
                    }])
        return appointment

    def send_reminders(self, now):
        Appointment = Pool().get('clinic.appointment')
        Appointment.send_reminders(now=now)

    def set_reminder_lead(self, clinic, lead):
        Configuration = Pool().get('clinic.agenda.configuration')
        with Transaction().set_context(company=clinic.id):
            configuration = Configuration(1)
            configuration.reminder_lead = lead
            configuration.save()

    @with_transaction()
    def test_reminder_received(self):
        """The day before, Lucía receives the reminder: her clinic, the day
        and time on the clinic's clock, the practitioner and the address"""
        self.setup_clinic()
        appointment = self.book(self.lucia)
        with smtp_server() as mailbox:
            self.send_reminders(the_day_before(WINTER_MONDAY))
        (recipients, message), = mailbox.messages
        self.assertEqual(recipients, ['lucia@example.com'])
        self.assertEqual(message['To'], 'Lucía García <lucia@example.com>')
        self.assertIn('Franchise Madrid', message['From'])
        self.assertEqual(plain(message['Subject']),
            'Appointment Reminder: Franchise Madrid, Monday 01/07/2030 10:00')
        body = body_of(message)
        for text in ['Hello Lucía García', 'Franchise Madrid',
                'Monday 01/07/2030', '10:00', 'Filling', 'Dra. Ana Torres',
                'Calle Mayor 1', '28013 MADRID']:
            self.assertIn(text, body)
        self.assertNotIn('09:00', body)  # the time in UTC
        self.assertTrue(appointment.reminder_sent)

    @with_transaction()
    def test_reminder_archived_with_the_appointment(self):
        "The reminder sent is among the e-mails of the appointment"
        Email = Pool().get('ir.email')
        self.setup_clinic()
        appointment = self.book(self.lucia)
        with smtp_server():
            self.send_reminders(the_day_before(WINTER_MONDAY))
        email, = Email.search([('resource', '=', str(appointment))])
        self.assertEqual(
            email.recipients, 'Lucía García <lucia@example.com>')
        self.assertIn('10:00', email.body)

    @with_transaction()
    def test_summer_time(self):
        "In summer the e-mail gives the time on the clinic's summer clock"
        self.setup_clinic()
        appointment = self.book(self.lucia, day=SUMMER_MONDAY)
        self.assertEqual(appointment.start, dt.datetime(2030, 7, 1, 8, 0))
        with smtp_server() as mailbox:
            self.send_reminders(the_day_before(SUMMER_MONDAY))
        message, = mailbox.to('lucia@example.com')
        body = body_of(message)
        self.assertIn('Monday 07/01/2030', body)
        self.assertIn('10:00', body)
        self.assertNotIn('08:00', body)

    @with_transaction(context={'language': 'es'})
    def test_spanish(self):
        "A patient whose language is Spanish reads the day in Spanish"
        pool = Pool()
        Lang = pool.get('ir.lang')
        spanish, = Lang.search([('code', '=', 'es')])
        Lang.load_translations([spanish])
        self.setup_clinic()
        self.lucia.lang = spanish
        self.lucia.save()
        self.book(self.lucia)
        with Transaction().set_context(language='en'), \
                smtp_server() as mailbox:
            self.send_reminders(the_day_before(WINTER_MONDAY))
        message, = mailbox.to('lucia@example.com')
        self.assertEqual(message['Content-Language'], 'es')
        self.assertIn('Lunes 07/01/2030 10:00', plain(message['Subject']))
        self.assertIn('Lunes 07/01/2030', body_of(message))

    @with_transaction()
    def test_reminded_once(self):
        """A patient is reminded once; moved to another day, they are
        reminded of the new day"""
        self.setup_clinic()
        appointment = self.book(self.lucia)
        with smtp_server() as mailbox:
            self.send_reminders(the_day_before(WINTER_MONDAY, '12:00'))
            self.send_reminders(the_day_before(WINTER_MONDAY, '12:15'))
        self.assertEqual(len(mailbox.messages), 1)

        next_monday = '2030-01-14'
        appointment.start = utc(next_monday, '11:00')
        appointment.end = utc(next_monday, '11:30')
        appointment.save()
        self.assertIsNone(appointment.reminder_sent)
        with smtp_server() as mailbox:
            self.send_reminders(the_day_before(next_monday))
        message, = mailbox.to('lucia@example.com')
        self.assertIn('Monday 01/14/2030 11:00', plain(message['Subject']))

    @with_transaction()
    def test_booked_again_reminded_again(self):
        "A cancelled appointment booked again is reminded again"
        Appointment = Pool().get('clinic.appointment')
        self.setup_clinic()
        appointment = self.book(self.lucia)
        with smtp_server():
            self.send_reminders(the_day_before(WINTER_MONDAY, '12:00'))
        Appointment.cancel([appointment])
        Appointment.rebook([appointment])
        self.assertIsNone(appointment.reminder_sent)
        with smtp_server() as mailbox:
            self.send_reminders(the_day_before(WINTER_MONDAY, '12:15'))
        self.assertEqual(len(mailbox.to('lucia@example.com')), 1)

    @with_transaction()
    def test_only_within_the_lead(self):
        """Two days before, no reminder yet (24 hours by default); Madrid
        may choose 3 days, or none"""
        self.setup_clinic()
        appointment = self.book(self.lucia)
        two_days_before = utc('2030-01-05', '10:00')
        with smtp_server() as mailbox:
            self.send_reminders(two_days_before)
            self.assertEqual(mailbox.messages, [])

            self.set_reminder_lead(self.barcelona, dt.timedelta(days=3))
            self.send_reminders(two_days_before)
            self.assertEqual(mailbox.messages, [])

            self.set_reminder_lead(self.madrid, None)
            self.send_reminders(the_day_before(WINTER_MONDAY))
            self.assertEqual(mailbox.messages, [])

            self.set_reminder_lead(self.madrid, dt.timedelta(days=3))
            self.send_reminders(two_days_before)
            self.assertEqual(len(mailbox.to('lucia@example.com')), 1)
        self.assertTrue(appointment.reminder_sent)

    @with_transaction()
    def test_past_appointment_not_reminded(self):
        "An appointment that started already is not reminded"
        self.setup_clinic()
        self.book(self.lucia)
        with smtp_server() as mailbox:
            self.send_reminders(utc(WINTER_MONDAY, '10:05'))
        self.assertEqual(mailbox.messages, [])

    @with_transaction()
    def test_not_for_cancelled_or_confirmed_kept(self):
        "A cancelled appointment is not reminded; a confirmed one is"
        Appointment = Pool().get('clinic.appointment')
        self.setup_clinic()
        cancelled = self.book(self.lucia, time='10:00')
        confirmed = self.book(self.sara, time='11:00')
        Appointment.cancel([cancelled])
        Appointment.confirm([confirmed])
        with smtp_server() as mailbox:
            self.send_reminders(the_day_before(WINTER_MONDAY))
        self.assertEqual(mailbox.to('lucia@example.com'), [])
        self.assertEqual(len(mailbox.to('sara@example.com')), 1)
        self.assertIsNone(cancelled.reminder_sent)

    @with_transaction()
    def test_not_without_email_or_consent(self):
        """Pedro has no e-mail and Marta did not agree to be written to:
        neither is reminded, nor marked as such"""
        self.setup_clinic()
        without_email = self.book(self.pedro, time='10:00')
        without_consent = self.book(self.marta, time='11:00')
        with smtp_server() as mailbox:
            self.send_reminders(the_day_before(WINTER_MONDAY))
        self.assertEqual(mailbox.messages, [])
        self.assertIsNone(without_email.reminder_sent)
        self.assertIsNone(without_consent.reminder_sent)

    @with_transaction()
    def test_smtp_down(self):
        """With the SMTP server down nothing is marked sent: the next run
        sends the reminders"""
        self.setup_clinic()
        appointment = self.book(self.lucia)
        with smtp_down(), self.assertLogs('trytond.sendmail', 'ERROR'), \
                self.assertLogs('clinic_agenda.reminder', 'ERROR'):
            self.send_reminders(the_day_before(WINTER_MONDAY, '12:00'))
        self.assertIsNone(appointment.reminder_sent)

        with smtp_server() as mailbox:
            self.send_reminders(the_day_before(WINTER_MONDAY, '12:15'))
        self.assertEqual(len(mailbox.to('lucia@example.com')), 1)
        self.assertTrue(appointment.reminder_sent)

    @with_transaction()
    def test_refused_message_does_not_stop_the_others(self):
        """The server refuses Lucía's address: she stays to be reminded,
        Sara is reminded"""
        self.setup_clinic()
        lucia = self.book(self.lucia, time='10:00')
        sara = self.book(self.sara, time='11:00')
        with smtp_server(refused={'lucia@example.com'}) as mailbox, \
                self.assertLogs('clinic_agenda.reminder', 'WARNING'):
            self.send_reminders(the_day_before(WINTER_MONDAY))
        self.assertEqual(len(mailbox.to('sara@example.com')), 1)
        self.assertEqual(mailbox.to('lucia@example.com'), [])
        self.assertIsNone(lucia.reminder_sent)
        self.assertTrue(sara.reminder_sent)

    @with_transaction()
    def test_manager_sets_the_lead_of_her_clinic(self):
        """Madrid's manager sets Madrid's lead; Barcelona keeps the
        default"""
        Configuration = Pool().get('clinic.agenda.configuration')
        self.setup_clinic()
        manager = create_user('mad.manager', [self.madrid], self.madrid,
            ['group_clinic_manager'])
        with acting_as(manager):
            configuration = Configuration(1)
            self.assertEqual(
                configuration.reminder_lead, dt.timedelta(hours=24))
            configuration.reminder_lead = dt.timedelta(hours=48)
            configuration.save()
        configuration = Configuration(1)
        self.assertEqual(
            configuration.get_multivalue(
                'reminder_lead', company=self.madrid.id),
            dt.timedelta(hours=48))
        self.assertEqual(
            configuration.get_multivalue(
                'reminder_lead', company=self.barcelona.id),
            dt.timedelta(hours=24))

    @with_transaction()
    def test_receptionist_cannot_change_the_settings(self):
        "The agenda's settings are the manager's"
        Configuration = Pool().get('clinic.agenda.configuration')
        self.setup_clinic()
        receptionist = create_user('mad.reception', [self.madrid],
            self.madrid, ['group_receptionist'])
        with acting_as(receptionist), self.assertRaises(AccessError):
            Configuration.write([Configuration(1)], {
                    'reminder_lead': dt.timedelta(hours=1)})

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Appointment reminders: an e-mail to the patient some time before the
visit.

A cron task (``clinic.appointment|send_reminders``) looks, clinic by clinic,
for the booked or confirmed appointments that start within the clinic's
reminder lead (``clinic.agenda.configuration``) and have not been reminded.
Each patient who has an e-mail address and gave their communications consent
receives one e-mail in their language, rendered from the report
``clinic.appointment.reminder`` (``appointment_reminder.html``, translated
like any Tryton report) and sent through Tryton's e-mail settings
(``[email] uri`` and ``from``).

Each e-mail is handed to the SMTP server before its appointment is marked
reminded, and only once the server took it: a refused message or a server
that cannot be reached leaves the appointment to the next run and does not
stop the other reminders. (Tryton's transactional sending would mark them all
sent and only log the failures after the commit.) Should the transaction fail
after the server took a message, that reminder goes out again on the next
run: better twice than never. Every reminder sent is archived as an
``ir.email`` of its appointment (Open related records > Email Archives).
Moving the appointment, or booking it again, lets it be reminded again.
"""
import datetime as dt
import logging
import smtplib
from email.utils import parseaddr

import trytond.config as config
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.report import Report, get_email
from trytond.sendmail import get_smtp_server, send_message
from trytond.tools.email_ import format_address
from trytond.transaction import Transaction, without_check_access

from .schedule import to_wall_clock

logger = logging.getLogger(__name__)

# The states of an appointment still to come that its patient is reminded of
REMINDED_STATES = ['booked', 'confirmed']


class Appointment(metaclass=PoolMeta):
    __name__ = 'clinic.appointment'

    reminder_sent = fields.DateTime(
        "Reminder Sent", format='%H:%M', readonly=True,
        help="When the patient was sent the e-mail reminding them of the "
        "appointment. Moving the appointment sends a new one.")

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if mode == 'write' and (
                'start' in values or values.get('state') == 'booked'):
            # A new time, or a booking again: the patient is reminded anew
            values.setdefault('reminder_sent', None)
        return values

    @classmethod
    def copy(cls, appointments, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('reminder_sent', None)
        return super().copy(appointments, default=default)

    @classmethod
    def send_reminders(cls, now=None):
        """Send the reminders due now (naive UTC; default: the current
        time), clinic by clinic, as the cron does: as the system, whoever
        runs it"""
        if now is None:
            now = dt.datetime.now()
        with Transaction().set_user(0), without_check_access():
            server = get_smtp_server()
            if server is None:
                logger.error(
                    "no reminder sent: the SMTP server is unreachable")
                return
            try:
                for clinic_lead in cls.reminding_clinics():
                    server = cls.send_clinic_reminders(
                        clinic_lead, now, server)
            finally:
                disconnect(server)

    @classmethod
    def reminding_clinics(cls):
        "Yield each clinic and the lead time of its reminders, if any"
        pool = Pool()
        Company = pool.get('company.company')
        Configuration = pool.get('clinic.agenda.configuration')
        configuration = Configuration(1)
        for clinic in Company.search([('clinic_role', '=', 'clinic')]):
            lead = configuration.get_multivalue(
                'reminder_lead', company=clinic.id)
            if lead:
                yield clinic, lead

    @classmethod
    def send_clinic_reminders(cls, clinic_lead, now, server):
        """Send the reminders of the clinic's appointments that start within
        its lead; return the SMTP connection to go on with"""
        clinic, lead = clinic_lead
        sent = []
        for appointment in cls.search(
                cls.to_remind_domain(clinic, now, now + lead)):
            try:
                msg = appointment.reminder_message()
                # strict: a refusal raises instead of being only logged
                server = send_message(
                    msg, server=server, strict=True) or server
            except Exception:
                logger.warning(
                    "reminder of appointment %s not sent", appointment.id,
                    exc_info=True)
                continue
            appointment.archive_reminder(msg)
            sent.append(appointment)
        # (to the minute: the agenda's times read HH:MM, and Tryton
        # refuses a value its field's format does not show)
        cls.write(sent, {'reminder_sent': dt.datetime.now().replace(
                    second=0, microsecond=0)})
        return server

    @classmethod
    def to_remind_domain(cls, clinic, start, end):
        """Return the domain of the clinic's appointments starting in
        [start, end) whose patient should be reminded and is not yet"""
        return [
            ('company', '=', clinic.id),
            ('state', 'in', REMINDED_STATES),
            ('start', '>=', start),
            ('start', '<', end),
            ('reminder_sent', '=', None),
            ('party.consent_communications', '=', True),
            ('party.contact_mechanisms', 'where', [
                    ('type', '=', 'email'),
                    ]),
            ]

    def reminder_message(self):
        "Return the e-mail that reminds the patient of the appointment"
        pool = Pool()
        Lang = pool.get('ir.lang')
        language = self.party.lang or Lang.get()
        msg, title = get_email(
            'clinic.appointment.reminder', self, [language])
        with Transaction().set_context(language=language.code):
            clinic = self.company.rec_name
            when = AppointmentReminder.format_day_and_time(self)
        msg['From'] = format_address(
            parseaddr(config.get('email', 'from'))[1], clinic)
        if self.company.party.email:
            msg['Reply-To'] = self.company.party.email
        msg['To'] = format_address(self.party.email, self.party.name)
        msg['Subject'] = '%s: %s, %s' % (title, clinic, when)
        return msg

    def archive_reminder(self, msg):
        "Keep the reminder sent among the e-mails of the appointment"
        pool = Pool()
        Email = pool.get('ir.email')
        body = msg.get_body(['html', 'plain'])
        Email.from_message(
            msg, resource=self,
            body=body.get_content() if body else None).save()


def disconnect(server):
    "Close the SMTP connection, politely if it is still up"
    try:
        server.quit()
    except smtplib.SMTPException:
        server.close()


class AppointmentReminder(Report):
    """The e-mail that reminds a patient of an appointment: its clinic, day
    and time on the clinic's clock, practitioner and address"""
    __name__ = 'clinic.appointment.reminder'

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        context['format_day'] = cls.format_day
        context['format_time'] = cls.format_time
        context['clinic_address'] = cls.clinic_address
        return context

    @classmethod
    def format_day(cls, appointment):
        "Return the day of the appointment on the clinic's clock"
        pool = Pool()
        Lang = pool.get('ir.lang')
        lang = Lang.get()
        return lang.strftime(
            cls.wall_clock(appointment).date(), '%A ' + lang.date)

    @classmethod
    def format_time(cls, appointment):
        "Return the time the appointment starts on the clinic's clock"
        return cls.wall_clock(appointment).strftime('%H:%M')

    @classmethod
    def format_day_and_time(cls, appointment):
        return '%s %s' % (
            cls.format_day(appointment), cls.format_time(appointment))

    @classmethod
    def wall_clock(cls, appointment):
        return to_wall_clock(appointment.start, appointment.timezone)

    @classmethod
    def clinic_address(cls, appointment):
        "Return the lines of the clinic's address"
        address = appointment.company.party.address_get()
        if address:
            return [line for line in address.full_address.splitlines()
                if line.strip()]
        return []


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.append(
            ('clinic.appointment|send_reminders',
                "Send Appointment Reminders"))

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""E-mails to a clinic's incidents mailbox, through trytond's own route of
inbound_email: a patient's complaint becomes an incident of the clinic, a
stranger's an incident flagged "unknown sender"."""
import uuid
from email.message import EmailMessage
from http import HTTPStatus

from trytond.pool import Pool
from trytond.tests.test_tryton import RouteTestCase, with_transaction
from trytond.transaction import Transaction

from clinic_base.tests.tools import create_franchise

from ..inbound_email import RECORD_INCIDENT


def raw_email(sender, subject, text):
    "Return the bytes of the e-mail from sender to the incidents mailbox"
    message = EmailMessage()
    message['From'] = sender
    message['To'] = 'incidencias@clinica-madrid.example'
    message['Subject'] = subject
    message.set_content(text)
    return message.as_bytes()


class IncidentMailboxTestCase(RouteTestCase):
    "E-mails to Madrid's incidents mailbox"
    module = 'clinic_crm'
    identifier = uuid.uuid4().hex

    @classmethod
    def setUpDatabase(cls):
        "Madrid, with the CRM, its patient Lucía and its incidents mailbox"
        pool = Pool()
        Party = pool.get('party.party')
        HistoryNumber = pool.get('clinic.patient.number')
        Inbox = pool.get('inbound.email.inbox')
        _, _, (madrid, _) = create_franchise()
        madrid.crm = True
        madrid.save()
        lucia, = Party.create([{
                    'name': "Lucía García", 'company': madrid.id,
                    'contact_mechanisms': [('create', [{
                                    'type': 'email',
                                    'value': 'Lucia.Garcia@example.com',
                                    }])],
                    }])
        HistoryNumber.create([{'party': lucia.id, 'company': madrid.id}])
        Inbox.create([{
                    'name': "Incidencias de Madrid",
                    'identifier': cls.identifier,
                    'rules': [('create', [{
                                    'action': RECORD_INCIDENT,
                                    'incident_company': madrid.id,
                                    }])],
                    }])

    def post(self, sender, subject, text):
        "Post the e-mail to the mailbox as the mail service does"
        return self.client().post(
            f'/{self.db_name}/inbound_email/inbox/{self.identifier}',
            data=raw_email(sender, subject, text))

    @with_transaction()
    def incidents(self):
        Incident = Pool().get('clinic.crm.incident')
        found = [(i.party.name if i.party else None, i.subject,
                i.description.strip(), i.email, bool(i.unknown_sender),
                i.state, i.company.rec_name)
            for i in Incident.search([], order=[('id', 'ASC')])]
        Incident.delete(Incident.search([]))
        Transaction().commit()
        return found

    def test_patient_complaint_becomes_incident(self):
        """Lucía writes from her address (in other capitals): an incident of
        Madrid, hers, pending"""
        response = self.post('Lucía García <lucia.garcia@example.com>',
            "Dolor tras la limpieza", "Me duele desde ayer.")
        self.assertEqual(response.status_code, HTTPStatus.NO_CONTENT)
        self.assertEqual(self.incidents(), [
                ("Lucía García", "Dolor tras la limpieza",
                    "Me duele desde ayer.", 'lucia.garcia@example.com',
                    False, 'pending', "Franchise Madrid")])

    def test_unknown_sender_flagged(self):
        """A stranger writes: an incident of no patient, flagged "unknown
        sender" for the desk to find who wrote"""
        response = self.post('alguien@example.org', "Queja",
            "Nadie me atendió.")
        self.assertEqual(response.status_code, HTTPStatus.NO_CONTENT)
        self.assertEqual(self.incidents(), [
                (None, "Queja", "Nadie me atendió.", 'alguien@example.org',
                    True, 'pending', "Franchise Madrid")])

    def test_unknown_mailbox_refused(self):
        "An e-mail to no mailbox is refused and records nothing"
        response = self.client().post(
            f'/{self.db_name}/inbound_email/inbox/unknown',
            data=raw_email('alguien@example.org', "Queja", "..."))
        self.assertEqual(response.status_code, HTTPStatus.NOT_FOUND)
        self.assertEqual(self.incidents(), [])

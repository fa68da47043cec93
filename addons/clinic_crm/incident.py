# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Incidents: a patient's complaint after a treatment or a visit, followed
from pending through in progress to resolved, with its responsible user.

The front desk records one by hand, or a patient's e-mail to the clinic's
incidents mailbox records it (Tryton's inbound_email: a rule of the inbox
whose action is "Record an Incident", for its clinic): the patient is the
one whose e-mail address sent it; a sender the clinic does not know makes
an incident flagged "unknown sender", for the desk to find who wrote.
"""
import datetime as dt

from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.transaction import Transaction, without_check_access

from clinic_base.patient_registration import compact_contact
from clinic_base.sharing import SharedByPolicy

from .company import check_crm_on

STATES = [
    ('pending', "Pending"),
    ('in_progress', "In Progress"),
    ('resolved', "Resolved"),
    ]
RESOLVED = {
    'readonly': Eval('state') == 'resolved',
    }


def now():
    "The current minute: the incidents' moments are kept to the minute"
    return dt.datetime.now().replace(second=0, microsecond=0)


class Incident(SharedByPolicy, Workflow, ModelSQL, ModelView):
    "A patient's complaint after a treatment or a visit"
    __name__ = 'clinic.crm.incident'
    __string__ = "Incident"
    _sharing_category = 'leads'
    _transition_state = 'state'
    _rec_name = 'subject'

    company = fields.Many2One(
        'company.company', "Clinic", required=True, ondelete='RESTRICT',
        domain=[('clinic_role', '=', 'clinic')], states=RESOLVED)
    party = fields.Many2One(
        'party.party', "Patient", ondelete='RESTRICT',
        states={
            'readonly': RESOLVED['readonly'],
            'required': ~Eval('unknown_sender', False),
            },
        context={'company': Eval('company', -1)}, depends={'company'})
    subject = fields.Char("Subject", required=True, states=RESOLVED)
    description = fields.Text("Description", states=RESOLVED)
    responsible = fields.Many2One(
        'res.user', "Responsible", ondelete='RESTRICT', states=RESOLVED,
        help="Who deals with the incident.")
    reported = fields.DateTime(
        "Reported", format='%H:%M', required=True, states=RESOLVED,
        help="When the patient complained.")
    resolved = fields.DateTime("Resolved", format='%H:%M', readonly=True)
    resolution = fields.Text(
        "Resolution", states=RESOLVED,
        help="What the clinic did about it.")
    email = fields.Char(
        "E-Mail", readonly=True, help="The address the complaint came from.")
    unknown_sender = fields.Boolean(
        "Unknown Sender", readonly=True,
        help="The e-mail came from an address of no patient: find who "
        "wrote and set the patient.")
    state = fields.Selection(STATES, "State", required=True, readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('reported', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('pending', 'in_progress'),
            ('pending', 'resolved'),
            ('in_progress', 'resolved'),
            ('resolved', 'in_progress'),
            }
        cls._buttons.update({
                'start': {
                    'invisible': Eval('state') != 'pending',
                    'icon': 'tryton-forward',
                    'depends': ['state'],
                    },
                'resolve': {
                    'invisible': Eval('state') == 'resolved',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'reopen': {
                    'invisible': Eval('state') != 'resolved',
                    'icon': 'tryton-undo',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_responsible(cls):
        return Transaction().user or None

    @classmethod
    def default_reported(cls):
        return now()

    @classmethod
    def default_state(cls):
        return 'pending'

    @classmethod
    def default_unknown_sender(cls):
        return False

    @classmethod
    def view_attributes(cls):
        # an unknown sender's in red, a resolved one muted
        return super().view_attributes() + [
            ('/tree', 'visual', If(Eval('unknown_sender', False), 'danger',
                    If(Eval('state') == 'resolved', 'muted', ''))),
            ]

    @classmethod
    def validate_fields(cls, incidents, field_names):
        super().validate_fields(incidents, field_names)
        if field_names is None or 'company' in field_names:
            check_crm_on(i.company for i in incidents)

    @fields.depends('party', 'unknown_sender')
    def on_change_party(self):
        if self.party:
            self.unknown_sender = False

    @classmethod
    @ModelView.button
    @Workflow.transition('in_progress')
    def start(cls, incidents):
        "Someone deals with the incident"

    @classmethod
    @ModelView.button
    @Workflow.transition('resolved')
    def resolve(cls, incidents):
        "The clinic settled the complaint"
        cls.write(incidents, {'resolved': now()})

    @classmethod
    @ModelView.button
    @Workflow.transition('in_progress')
    def reopen(cls, incidents):
        "The complaint is not settled after all"
        cls.write(incidents, {'resolved': None})

    @classmethod
    def from_inbound_email(cls, email_, rule):
        """Record the incident of an e-mail to a clinic's incidents mailbox
        (the action of the inbox's rule), flagged if no patient of the
        clinic has the sender's address"""
        values = email_.as_dict()
        sender = values.get('from') or ''
        clinic = rule.incident_company
        patient = cls.patient_of(sender, clinic)
        incident, = cls.create([{
                    'company': clinic.id,
                    'party': patient.id if patient else None,
                    'subject': (values.get('subject') or '').strip()
                    or sender,
                    'description': values.get('text'),
                    'email': sender,
                    'unknown_sender': patient is None,
                    'responsible': None,
                    }])
        return incident

    @classmethod
    def patient_of(cls, address, clinic):
        "Return the patient of clinic whose e-mail address is address"
        Party = Pool().get('party.party')
        value = compact_contact('email', address)
        if not value:
            return None
        with without_check_access():
            patients = Party.search([
                    ('contact_mechanisms', 'where', [
                            ('type', '=', 'email'),
                            ('value_compact', '=', value),
                            ]),
                    ('history_numbers.company', '=', clinic.id),
                    ], limit=1)
        return patients[0] if patients else None

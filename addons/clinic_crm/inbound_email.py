# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""A rule of an inbox of Tryton's inbound_email may record the e-mails it
matches as incidents of a clinic (incident.py): the clinic's incidents
mailbox."""
from trytond.model import fields
from trytond.pool import PoolMeta
from trytond.pyson import Eval

RECORD_INCIDENT = 'clinic.crm.incident|from_inbound_email'


class Rule(metaclass=PoolMeta):
    __name__ = 'inbound.email.rule'

    incident_company = fields.Many2One(
        'company.company', "Clinic of the Incidents", ondelete='RESTRICT',
        domain=[('clinic_role', '=', 'clinic')],
        states={
            'invisible': Eval('action') != RECORD_INCIDENT,
            'required': Eval('action') == RECORD_INCIDENT,
            },
        help="The clinic whose incidents the e-mails matched are.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.action.selection.append((RECORD_INCIDENT, "Record an Incident"))

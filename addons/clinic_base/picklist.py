# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, sequence_ordered, fields)
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .sharing import SharedConfiguration

PICKLISTS = [
    ('referral', "How They Know Us"),
    ('crm_group', "CRM Group"),
    ('treatment_interest', "Treatment of Interest"),
    ('channel', "Channel / Appointment Type"),
    ('request_status', "Request Status"),
    ('payment_method', "Payment Method"),
    ('document_type', "Document Type"),
    ]


class PicklistValue(
        SharedConfiguration, DeactivableMixin, sequence_ordered(),
        ModelSQL, ModelView):
    "A value of one of the configurable lists"
    __name__ = 'clinic.picklist.value'

    picklist = fields.Selection(
        PICKLISTS, "List", required=True, sort=False,
        states={
            'readonly': Eval('id', -1) >= 0,
            })
    picklist_string = picklist.translated('picklist')
    name = fields.Char("Name", required=True, translate=True)
    color = fields.Char(
        "Colour",
        states={
            'invisible': Eval('picklist') != 'request_status',
            },
        help="The colour the requests in this status are shown with, "
        "as an HTML colour such as #e53935.")

    @classmethod
    def default_picklist(cls):
        return Transaction().context.get('picklist')

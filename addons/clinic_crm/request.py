# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""A lead's request is a Tryton sale opportunity: what the lead asked about
(a treatment, its group), by which channel, its status in the clinic's
list with its colour, whether the clinic managed it and why not. Tryton's
states carry it from lead to opportunity, converted or lost.

"Only the latest" (``is_latest``) keeps each lead's newest request: the
request list shows one line a person."""
from sql.aggregate import Max

from trytond.model import fields
from trytond.pool import PoolMeta
from trytond.pyson import Eval

from clinic_base.sharing import SharedByPolicy

from .company import check_crm_on


def picklist(name, string, help=''):
    "A Many2One to the values of the configurable list name"
    return fields.Many2One(
        'clinic.picklist.value', string, ondelete='RESTRICT',
        domain=[('picklist', '=', name)], help=help)


class Request(SharedByPolicy, metaclass=PoolMeta):
    __name__ = 'sale.opportunity'
    _sharing_category = 'leads'

    treatment = picklist(
        'treatment_interest', "Treatment of Interest",
        help="The treatment the lead asked about.")
    crm_group = picklist(
        'crm_group', "Group",
        help="What the lead is interested in: nutrition, aesthetics, "
        "dentistry...")
    channel = picklist(
        'channel', "Channel",
        help="How the request came (the web, a phone call, a campaign) or "
        "the kind of appointment asked for.")
    status = picklist(
        'request_status', "Status",
        help="Where the clinic is with the request, in its own list.")
    status_color = fields.Function(
        fields.Char("Status Colour"), 'on_change_with_status_color')
    managed = fields.Boolean(
        "Managed", help="The clinic answered the request.")
    reason = fields.Char(
        "Reason",
        states={
            'invisible': Eval('managed', False),
            },
        help="Why the request is not managed yet.")
    is_latest = fields.Function(
        fields.Boolean(
            "Latest",
            help="The lead's newest request: the one the list shows when "
            "it shows only the latest."),
        'get_is_latest', searcher='search_is_latest')

    @classmethod
    def default_managed(cls):
        return False

    @fields.depends('_parent_party.customer_payment_term',
        '_parent_party.customer_currency')
    def on_change_party(self):
        # (a request added on a lead's form not saved yet reads the lead's
        # values the form sends)
        super().on_change_party()

    @fields.depends('status')
    def on_change_with_status_color(self, name=None):
        return self.status.color if self.status else None

    @classmethod
    def latest_ids(cls):
        "Return the query of each lead's newest request"
        table = cls.__table__()
        return table.select(Max(table.id), group_by=[table.party])

    @classmethod
    def get_is_latest(cls, requests, name):
        latest = {r.id for r in cls.search([
                    ('id', 'in', [r.id for r in requests]),
                    ('is_latest', '=', True),
                    ], order=[])}
        return {r.id: r.id in latest for r in requests}

    @classmethod
    def search_is_latest(cls, name, clause):
        _, operator, value = clause[:3]
        # (a request of no lead yet is its own latest)
        if (operator == '=') == bool(value):
            return ['OR',
                ('party', '=', None),
                ('id', 'in', cls.latest_ids()),
                ]
        return [('party', '!=', None), ('id', 'not in', cls.latest_ids())]

    @classmethod
    def validate_fields(cls, requests, field_names):
        super().validate_fields(requests, field_names)
        if field_names is None or 'company' in field_names:
            check_crm_on(r.company for r in requests)


# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The filter of the central's billing lists: one clinic or all of them,
and a span of dates. The lists show only what the clinics share with the
central (the record rules decide); the filter narrows them."""
from trytond.model import ModelView, fields
from trytond.pyson import Eval, If


class BillingFilter(ModelView):
    "The clinic and dates the central's billing lists show"
    __name__ = 'clinic.central.billing.filter'
    __string__ = "Billing Filter"

    clinic = fields.Many2One(
        'company.company', "Clinic",
        domain=[('clinic_role', '=', 'clinic')],
        help="Leave empty to see every clinic that shares with you.")
    from_date = fields.Date(
        "From Date",
        domain=[If(Eval('to_date') & Eval('from_date'),
                ('from_date', '<=', Eval('to_date')), ())],
        help="The first day to show.")
    to_date = fields.Date(
        "To Date",
        domain=[If(Eval('from_date') & Eval('to_date'),
                ('to_date', '>=', Eval('from_date')), ())],
        help="The last day to show.")

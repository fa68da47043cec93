# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""What a clinic bills: a line's quantity up to ``MAX_QUANTITY``, its prices
and amounts up to ``MAX_AMOUNT``.

The call boundary (``value_rules``) takes any number the database holds; a
quantity or an amount far beyond what a clinic bills is a typing slip or an
attack, and would break the totals, the VAT book and the cash box. The lines
that bill (budget and invoice lines, the cash box's lines) mix in
``BilledWithinLimits`` and name their quantities and amounts.
"""
from decimal import Decimal

from trytond.i18n import gettext

from .exceptions import BilledAmountError

MAX_QUANTITY = Decimal(10_000)
MAX_AMOUNT = Decimal(1_000_000)


class BilledWithinLimits:
    "Mixin of the lines a clinic bills: quantities and amounts it bills"
    __slots__ = ()
    _billed_quantities = ()
    _billed_amounts = ()

    @classmethod
    def validate_fields(cls, records, field_names):
        super().validate_fields(records, field_names)
        limits = {n: MAX_QUANTITY for n in cls._billed_quantities}
        limits.update({n: MAX_AMOUNT for n in cls._billed_amounts})
        checked = limits.keys() & (field_names or limits.keys())
        for record in records:
            for name in checked:
                check_billed(record, name, limits[name])


def check_billed(record, name, limit):
    value = getattr(record, name)
    if value is not None and abs(value) > limit:
        raise BilledAmountError(gettext('clinic_base.msg_billed_limit',
                **record.__names__(name), value=value, limit=limit))

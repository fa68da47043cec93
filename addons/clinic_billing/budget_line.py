# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Budget lines: what the patient accepts, line by line, and when it is done.

A line the patient did not accept counts for nothing in the budget's total,
is never invoiced and does not keep the budget open. Under "As Treatments Are Done" an accepted line is invoiced once
it is done: a charted treatment when the dentist marks it done, any other
line when the clinic fills its "Done On" date.
"""
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval

from .exceptions import BudgetLineError

ANSWERED = {'draft', 'quotation'}


class SaleLine(metaclass=PoolMeta):
    __name__ = 'sale.line'

    accepted = fields.Boolean(
        "Accepted",
        states={
            'invisible': Eval('type') != 'line',
            'readonly': ~Eval('sale_state').in_(list(ANSWERED)),
            },
        help="Clear it for the lines the patient does not accept: "
        "they are never invoiced.")
    done_date = fields.Date(
        "Done On",
        states={
            'invisible': Eval('type') != 'line',
            'readonly': (~Eval('sale_state').in_(['confirmed', 'processing'])
                | Bool(Eval('done_by_treatment'))),
            },
        help="When the service was done: budgets invoiced as treatments "
        "are done invoice the line from then on.")
    done_by_treatment = fields.Function(
        fields.Boolean("Done by Treatment"), 'get_done_by_treatment')

    @classmethod
    def default_accepted(cls):
        return True

    @classmethod
    def default_quantity(cls):
        "A service is budgeted once unless said otherwise"
        return 1

    @property
    @fields.depends('type', 'accepted')
    def declined(self):
        "Whether the patient declined the line"
        return (self.type == 'line'
            and self.accepted is not None and not self.accepted)

    @fields.depends(methods=['declined'])
    def on_change_with_amount(self):
        "A line the patient declined is no part of the budget's total"
        if self.declined:
            return Decimal(0)
        return super().on_change_with_amount()

    @property
    @fields.depends(methods=['declined'])
    def taxable_lines(self):
        if self.declined:
            return []
        return super().taxable_lines

    def get_done_by_treatment(self, name):
        "Whether the line's treatment, not the staff, says when it is done"
        return False

    @classmethod
    def for_service(cls, sale, service, quantity=1, description=None):
        """Return a new line of the budget for the service, at the clinic's
        price and taxes less the budget's discount"""
        line = cls(sale=sale, type='line', product=service,
            quantity=quantity, unit=service.sale_uom, accepted=True)
        line.on_change_product()
        if description:
            line.description = description
        line.apply_budget_discount(sale.discount_rate)
        return line

    def apply_budget_discount(self, rate):
        "Give the line the budget's discount rate"
        if self.type == 'line' and rate is not None:
            self.discount_rate = rate
            self.on_change_discount_rate()

    @classmethod
    def copy(cls, lines, default=None):
        default = default.copy() if default else {}
        default.setdefault('done_date')
        default.setdefault('accepted', True)
        return super().copy(lines, default=default)

    @classmethod
    def check_modification(cls, mode, lines, values=None, external=False):
        super().check_modification(
            mode, lines, values=values, external=external)
        if mode == 'write' and 'accepted' in values:
            for line in lines:
                if line.sale.state not in ANSWERED:
                    raise BudgetLineError(gettext(
                            'clinic_billing.msg_budget_line_acceptance_closed',
                            line=line.rec_name,
                            budget=line.sale.rec_name))

    def _get_invoice_line_quantity(self):
        if self.declined or not self.due_for_invoice():
            return 0
        return super()._get_invoice_line_quantity()

    def due_for_invoice(self):
        "Whether the budget's invoice method invoices the line now"
        if self.sale.invoice_method == 'treatment':
            return bool(self.done_date)
        return True

    @property
    def _invoice_remaining_quantity(self):
        if self.declined:
            return None
        return super()._invoice_remaining_quantity

    @classmethod
    def mark_done(cls, lines, date):
        """Record the lines done on date and invoice what their budgets
        now owe"""
        Sale = Pool().get('sale.sale')
        cls.write(lines, {'done_date': date})
        Sale.__queue__.process(list({l.sale for l in lines
                    if l.sale.invoice_method == 'treatment'}))

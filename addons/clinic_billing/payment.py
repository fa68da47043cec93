# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Payments at the front desk: Tryton's payment methods, each of a kind
(cash, card, transfer, financing) to total the day's takings by kind, and
Tryton's Pay wizard, which warns when more is paid than is due and keeps
the excess as a deposit of the patient (deposit.py)."""
from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta

from .exceptions import OverpaymentWarning

KINDS = [
    ('cash', "Cash"),
    ('card', "Card"),
    ('transfer', "Bank Transfer"),
    ('financing', "Financing"),
    ]


class PaymentMethod(metaclass=PoolMeta):
    __name__ = 'account.invoice.payment.method'

    kind = fields.Selection(
        KINDS, "Kind", required=True,
        help="How the patient pays with this method: the takings are "
        "totalled by kind.")

    @classmethod
    def default_kind(cls):
        return 'cash'


class PayInvoice(metaclass=PoolMeta):
    __name__ = 'account.invoice.pay'

    def transition_choice(self):
        invoice = self.record
        excess = self.start.amount - invoice.amount_to_pay
        if invoice.type == 'out' and invoice.amount_to_pay > 0 and excess > 0:
            self.warn_overpayment(invoice, excess)
            self.ask.type = 'overpayment'
            self.ask.lines = [
                l for l in invoice.lines_to_pay if not l.reconciliation]
            return 'pay'
        return super().transition_choice()

    def warn_overpayment(self, invoice, excess):
        "Warn that excess more than due is paid and kept as a deposit"
        pool = Pool()
        Warning = pool.get('res.user.warning')
        Lang = pool.get('ir.lang')
        lang = Lang.get()
        key = Warning.format('overpayment', [invoice])
        if Warning.check(key):
            raise OverpaymentWarning(key, gettext(
                    'clinic_billing.msg_invoice_overpayment',
                    invoice=invoice.rec_name,
                    party=self.start.payee.rec_name,
                    amount=lang.currency(self.start.amount, invoice.currency),
                    amount_to_pay=lang.currency(
                        invoice.amount_to_pay, invoice.currency),
                    excess=lang.currency(excess, invoice.currency)))

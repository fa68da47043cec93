# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Payments at the front desk: Tryton's payment methods, each of a kind
(cash, card, transfer, financing), and the method on each payment's move
to total the takings by kind; Tryton's Pay wizard, which warns when more
is paid than is due and keeps the excess as a deposit of the patient
(deposit.py). The front desk, who may not read the accounts' lines, pays
an invoice in part at once: Tryton's question (a partial payment, or a
write-off reconciling lines they cannot read) is the accountants'."""
from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction, check_access

from clinic_base.button_rules import ButtonsWithinWriteRules
from clinic_base.sharing import SharedByPolicy

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


class Move(SharedByPolicy, metaclass=PoolMeta):
    """Moves, the payments' among them, and their lines follow the
    invoices' sharing: they name the patients"""
    __name__ = 'account.move'
    _sharing_category = 'invoices'

    payment_method = fields.Many2One(
        'account.invoice.payment.method', "Payment Method", readonly=True,
        ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))],
        help="How the patient paid, on the move of a payment.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._check_modify_exclude.add('payment_method')


class MoveLine(ButtonsWithinWriteRules, metaclass=PoolMeta):
    "Changed only where the lines' move may be"
    __name__ = 'account.move.line'


class Invoice(metaclass=PoolMeta):
    __name__ = 'account.invoice'

    def pay_invoice(
            self, amount, payment_method, date, description=None,
            overpayment=0, party=None):
        "Note the payment method on the payment's move"
        Move = Pool().get('account.move')
        lines = super().pay_invoice(
            amount, payment_method, date, description=description,
            overpayment=overpayment, party=party)
        Move.write(
            list({l.move for l in lines}), {
                'payment_method': payment_method.id})
        return lines


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
        state = super().transition_choice()
        if (state == 'ask' and invoice.type == 'out'
                and 0 < self.start.amount < invoice.amount_to_pay
                and not self.reads_move_lines()):
            # The front desk pays in part: Tryton's question (in part, or
            # written off with the lines to reconcile) is the accountants'
            self.ask.type = 'partial'
            return 'pay'
        return state

    @staticmethod
    def reads_move_lines():
        "Whether the user may read move lines, as the client would"
        pool = Pool()
        ModelAccess = pool.get('ir.model.access')
        if not Transaction().user:
            return True
        with check_access():
            return ModelAccess.check(
                'account.move.line', 'read', raise_exception=False)

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

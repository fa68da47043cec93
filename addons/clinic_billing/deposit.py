# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Deposits of patients: payments on account before the treatment is
invoiced, kept on the company's deposit account (Tryton's account_deposit)
and recalled on the patient's later invoices.

The front desk takes a deposit from the patient's or the budget's form:
Tryton's deposit invoice (a line on the deposit account) is posted and
paid at once. The excess of a payment larger than its invoice is kept as
a deposit too. Posting a patient's invoice that recalls nothing while their
deposit waits asks first: the patient would owe it with their money on
account."""
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelView, Workflow, fields
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .exceptions import DepositError, DepositNotRecalledWarning


def deposit_account(company):
    "Return the company's deposit account"
    Account = Pool().get('account.account')
    accounts = Account.search([
            ('company', '=', company.id),
            ('type.deposit', '=', True),
            ('closed', '!=', True),
            ], order=[('code', 'ASC')], limit=1)
    if not accounts:
        raise DepositError(gettext(
                'clinic_billing.msg_deposit_no_account',
                company=company.rec_name))
    return accounts[0]


class Invoice(metaclass=PoolMeta):
    __name__ = 'account.invoice'

    @classmethod
    @ModelView.button
    @Workflow.transition('posted')
    def post(cls, invoices):
        cls.warn_deposit_not_recalled(invoices)
        super().post(invoices)

    @classmethod
    def warn_deposit_not_recalled(cls, invoices):
        """Warn before posting a patient's invoice that recalls nothing
        while their deposit waits"""
        pool = Pool()
        Warning = pool.get('res.user.warning')
        Lang = pool.get('ir.lang')
        for invoice in invoices:
            deposit = invoice.deposit_not_recalled()
            if not deposit:
                continue
            key = Warning.format('deposit_not_recalled', [invoice])
            if Warning.check(key):
                raise DepositNotRecalledWarning(key, gettext(
                        'clinic_billing.msg_deposit_not_recalled',
                        party=invoice.party.rec_name,
                        invoice=invoice.rec_name,
                        deposit=Lang.get().currency(
                            deposit, invoice.currency)))

    def deposit_not_recalled(self):
        """Return the deposit of the customer invoice's party in its
        company when the invoice recalls none (nor is a deposit itself)"""
        MoveLine = Pool().get('account.move.line')
        if self.type != 'out' or self.currency != self.company.currency:
            return Decimal(0)
        try:
            account = deposit_account(self.company)
        except DepositError:
            return Decimal(0)
        if any(l.account == account for l in self.lines):
            return Decimal(0)
        with without_check_access():
            lines = MoveLine.search([
                    ('account', '=', account.id),
                    ('party', '=', self.party.id),
                    ('reconciliation', '=', None),
                    ])
        return max(sum((l.credit - l.debit for l in lines), Decimal(0)),
            Decimal(0))

    def pay_invoice(
            self, amount, payment_method, date, description=None,
            overpayment=0, party=None):
        "Keep the overpayment of a customer as a deposit"
        if (self.type != 'out' or overpayment <= 0
                or self.currency != self.company.currency):
            return super().pay_invoice(
                amount, payment_method, date, description=description,
                overpayment=overpayment, party=party)
        lines = super().pay_invoice(
            amount - overpayment, payment_method, date,
            description=description, party=party)
        self.keep_deposit(
            overpayment, payment_method, date, party or self.party)
        return lines

    @classmethod
    def take_deposit(cls, party, amount, payment_method, description=None):
        """Return the posted and paid deposit invoice of amount received
        from party with payment_method, in the method's company"""
        pool = Pool()
        Line = pool.get('account.invoice.line')
        MoveLine = pool.get('account.move.line')
        Date = pool.get('ir.date')
        if amount <= 0:
            raise DepositError(gettext(
                    'clinic_billing.msg_deposit_amount',
                    party=party.rec_name))
        company = payment_method.company
        with Transaction().set_context(company=company.id):
            today = Date.today()
        invoice = cls(
            company=company, type='out', party=party, invoice_date=today,
            currency=company.currency)
        invoice.on_change_type()
        invoice.on_change_party()
        line = Line(
            invoice=invoice, company=company, currency=invoice.currency,
            type='line', quantity=1, unit_price=amount,
            account=deposit_account(company),
            description=description or gettext(
                'clinic_billing.msg_deposit_description'))
        line.on_change_account()
        invoice.lines = [line]
        invoice.save()
        cls.post([invoice])
        lines = invoice.pay_invoice(amount, payment_method, today)
        MoveLine.reconcile(list(invoice.lines_to_pay) + lines)
        return invoice

    def keep_deposit(self, amount, payment_method, date, party):
        """Post the move that receives amount with payment_method as a
        deposit of party"""
        pool = Pool()
        Move = pool.get('account.move')
        Line = pool.get('account.move.line')
        Period = pool.get('account.period')
        move = Move(
            journal=payment_method.journal, date=date, origin=self,
            payment_method=payment_method,
            period=Period.find(self.company, date=date),
            company=self.company,
            description=gettext(
                'clinic_billing.msg_deposit_overpayment_description',
                invoice=self.rec_name),
            lines=[
                Line(account=payment_method.debit_account.current(
                        date=date),
                    debit=amount, credit=Decimal(0)),
                Line(account=deposit_account(self.company), party=party,
                    debit=Decimal(0), credit=amount),
                ])
        for line in move.lines:
            if line.account.party_required:
                line.party = party
        move.save()
        Move.post([move])
        return move


class DepositRecall(metaclass=PoolMeta):
    __name__ = 'account.invoice.recall_deposit'

    def default_start(self, fields):
        "Propose the company's deposit account"
        default = super().default_start(fields)
        company = self.record.company
        default['account'] = deposit_account(company).id
        default['description'] = gettext(
            'clinic_billing.msg_deposit_recall_description')
        return default


class TakeDepositStart(ModelView):
    "The deposit the patient leaves: how much and how"
    __name__ = 'clinic.deposit.take.start'
    __string__ = "Take Deposit"

    party = fields.Many2One(
        'party.party', "Patient", readonly=True,
        context={'company': Eval('company', -1)}, depends=['company'])
    company = fields.Many2One('company.company', "Clinic", readonly=True)
    currency = fields.Many2One('currency.currency', "Currency", readonly=True)
    amount = Monetary(
        "Amount", currency='currency', digits='currency', required=True,
        domain=[('amount', '>', 0)],
        help="What the patient pays on account now.")
    payment_method = fields.Many2One(
        'account.invoice.payment.method', "Payment Method", required=True,
        domain=[('company', '=', Eval('company', -1))])
    description = fields.Char(
        "Description", help="What the deposit is for, e.g. the budget.")


class TakeDeposit(Wizard):
    """Receive a payment on account from a patient: only where the patient
    or the budget is the user's clinic's own (not merely shared with it)"""
    __name__ = 'clinic.deposit.take'
    start = StateView(
        'clinic.deposit.take.start',
        'clinic_billing.deposit_take_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Take Deposit", 'take', 'tryton-ok', default=True),
            ])
    take = StateTransition()

    def default_start(self, fields):
        "Take it from the patient, or from the budget's patient for it"
        pool = Pool()
        Company = pool.get('company.company')
        record = self.record
        if self.model.__name__ == 'sale.sale':
            party, company = record.party, record.company
            self.check_company(company, 'msg_deposit_budget_company',
                budget=record.rec_name)
            description = gettext(
                'clinic_billing.msg_deposit_budget_description',
                budget=record.rec_name)
        else:
            party = record
            company = Company(Transaction().context['company'])
            description = None
        return {
            'party': party.id,
            'company': company.id,
            'currency': company.currency.id,
            'description': description,
            }

    def check_company(self, company, message, **values):
        "Refuse company when it is not the clinic the user works in"
        if company.id != Transaction().context.get('company'):
            raise DepositError(gettext('clinic_billing.' + message,
                    company=company.rec_name, **values))

    def transition_take(self):
        Invoice = Pool().get('account.invoice')
        method = self.start.payment_method
        self.check_company(method.company, 'msg_deposit_method_company',
            method=method.rec_name)
        Invoice.take_deposit(
            self.start.party, self.start.amount, self.start.payment_method,
            self.start.description)
        return 'end'

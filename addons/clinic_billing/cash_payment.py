# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The cash payments a box counts, one row each: who paid, which invoice,
how, and how much.

The front desk may not read the accounts' lines, yet closing a box it checks
the takings one by one. Each row is a posted line of a cash box's account
(the box's own lines apart): its patient is the party of its move's other
lines, its invoice the one those lines paid (Tryton's payment lines of the
invoice), its method the move's. A box's form lists the rows it counts
(cash_box.py)."""
from sql import Literal, Null
from sql.aggregate import Max
from sql.operators import Like, Not

from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool
from trytond.pyson import Eval

from clinic_base.sharing import SharedByPolicy
from clinic_base.table_query import stamp_columns


class CashPayment(SharedByPolicy, ModelSQL, ModelView):
    "A payment received in cash at a clinic's desk"
    __name__ = 'clinic.cash.payment'
    __string__ = "Cash Payment"
    _sharing_category = 'invoices'

    company = fields.Many2One('company.company', "Clinic")
    date = fields.Date("Date")
    party = fields.Many2One(
        'party.party', "Patient",
        context={'company': Eval('company', -1)}, depends={'company'})
    invoice = fields.Many2One('account.invoice', "Invoice")
    payment_method = fields.Many2One(
        'account.invoice.payment.method', "Payment Method")
    currency = fields.Many2One('currency.currency', "Currency")
    amount = Monetary(
        "Amount", currency='currency', digits='currency',
        help="Received in the box; a refund given back is below zero.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'ASC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        pool = Pool()
        Line = pool.get('account.move.line')
        Move = pool.get('account.move')
        Journal = pool.get('account.statement.journal')
        Company = pool.get('company.company')
        line, move = Line.__table__(), Move.__table__()
        journal, company = Journal.__table__(), Company.__table__()
        payer = cls._payers()
        return (line
            .join(move, condition=line.move == move.id)
            .join(company, condition=move.company == company.id)
            .join(payer, 'LEFT', condition=payer.move == move.id)
            .select(
                line.id.as_('id'),
                move.company.as_('company'),
                move.date.as_('date'),
                payer.party.as_('party'),
                payer.invoice.as_('invoice'),
                move.payment_method.as_('payment_method'),
                company.currency.as_('currency'),
                cls.amount.sql_cast(line.debit - line.credit).as_('amount'),
                *stamp_columns(cls),
                where=(move.state == 'posted')
                & line.account.in_(journal.select(journal.account,
                        where=journal.cash_box == Literal(True)))
                # the box's own lines (a float, the takings to the bank)
                & ((move.origin == Null)
                    | Not(Like(move.origin, 'account.statement,%')))))

    @classmethod
    def _payers(cls):
        """Return the query of the patient and the invoice of each move:
        its lines with a party, and the invoice they paid"""
        pool = Pool()
        Line = pool.get('account.move.line')
        InvoicePayment = pool.get('account.invoice-account.move.line')
        line, paid = Line.__table__(), InvoicePayment.__table__()
        return (line
            .join(paid, 'LEFT', condition=paid.line == line.id)
            .select(
                line.move.as_('move'),
                Max(line.party).as_('party'),
                Max(paid.invoice).as_('invoice'),
                where=line.party != Null,
                group_by=[line.move]))

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Budgets: Tryton sale quotations, as a clinic's front desk speaks of them.

A budget is drafted, sent to the patient (Tryton's quotation), then accepted
(confirmed), rejected or left to expire after its validity. The patient may
accept part of it: only the lines marked accepted are invoiced, all at once
on acceptance ("On Order Processed") or as the treatments are done ("As
Treatments Are Done"), as the clinic sets its sale invoice method.
"""
from trytond.i18n import gettext
from trytond.model import ModelView, Workflow, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import BudgetError

BUDGET_STATES = [
    ('draft', "Draft"),
    ('sent', "Sent"),
    ('accepted', "Accepted"),
    ('rejected', "Rejected"),
    ('expired', "Expired"),
    ('cancelled', "Cancelled"),
    ]
ACCEPTED = {'confirmed', 'processing', 'done'}


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'

    budget_state = fields.Function(fields.Selection(
            BUDGET_STATES, "Budget State",
            help="Sent: waiting for the patient's answer until the "
            "validity date."),
        'get_budget_state', searcher='search_budget_state')
    closing = fields.Selection([
            (None, ""),
            ('rejected', "Rejected by the Patient"),
            ('expired', "Expired"),
            ], "Closed As", readonly=True,
        help="Why a cancelled budget was closed.")
    discount_rate = fields.Numeric(
        "Budget Discount", digits=(None, 4),
        domain=['OR',
            ('discount_rate', '=', None),
            [
                ('discount_rate', '>=', 0),
                ('discount_rate', '<=', 1),
                ]],
        states={
            'readonly': Eval('state') != 'draft',
            },
        help="A discount, as a percentage, on every line of the budget. "
        "Each line's discount may then be changed.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.invoice_method.selection.append(
            ('treatment', "As Treatments Are Done"))
        # (Tryton's "None" reads as a value missing on a budget's form)
        cls.invoice_state.selection = [
            (value, "Not Invoiced" if value == 'none' else label)
            for value, label in cls.invoice_state.selection]
        cls._transitions |= {('quotation', 'cancelled')}
        cls._buttons.update({
                'reject': {
                    'invisible': Eval('state') != 'quotation',
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                'add_package': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-add',
                    'depends': ['state'],
                    },
                'invoice': {
                    # Shown once sent, to say why a budget not accepted
                    # (or no longer) is not invoiced
                    'invisible': Eval('state').in_(['draft', 'done']),
                    'icon': 'tryton-forward',
                    'depends': ['state'],
                    },
                })

    def get_budget_state(self, name):
        if self.state == 'draft':
            return 'draft'
        if self.state in ACCEPTED:
            return 'accepted'
        if self.state == 'quotation':
            return 'expired' if self.is_expired() else 'sent'
        return self.closing or 'cancelled'

    @classmethod
    def search_budget_state(cls, name, clause):
        _, operator, value = clause
        values = {value} if operator in {'=', '!='} else set(value or [])
        if operator in {'!=', 'not in'}:
            values = {s for s, _ in BUDGET_STATES} - values
        return ['OR'] + [cls._budget_state_domain(v) for v in sorted(values)]

    @classmethod
    def _budget_state_domain(cls, value):
        if value == 'sent':
            return [
                ('state', '=', 'quotation'),
                ('id', 'not in', cls.expired_quotations()),
                ]
        if value == 'expired':
            return ['OR',
                ('id', 'in', cls.expired_quotations()),
                ('closing', '=', 'expired'),
                ]
        return {
            'draft': [('state', '=', 'draft')],
            'accepted': [('state', 'in', list(ACCEPTED))],
            'rejected': [('closing', '=', 'rejected')],
            'cancelled': [('state', '=', 'cancelled'), ('closing', '=', None)],
            }.get(value, [('id', '=', None)])

    @classmethod
    def expired_quotations(cls):
        """The ids of the sent budgets past their validity.

        Worked out here rather than by Tryton's search on quotation_expire,
        whose date arithmetic SQLite gets wrong (every quotation with a
        validity compares as expired there)."""
        quotations = cls.search([
                ('state', '=', 'quotation'),
                ('quotation_validity', '!=', None),
                ])
        return [s.id for s in quotations if s.is_expired()]

    @classmethod
    def cancel_expired_quotation(cls):
        "Close the sent budgets of the company past their validity"
        cls.cancel(cls.search([
                    ('id', 'in', cls.expired_quotations()),
                    ('company', '=', Transaction().context.get('company', -1)),
                    ]))

    def is_expired(self):
        "Whether the validity of the sent budget is over"
        Date = Pool().get('ir.date')
        return bool(self.state == 'quotation' and self.quotation_expire
            and self.quotation_expire < Date.today())

    @fields.depends('discount_rate', 'lines')
    def on_change_discount_rate(self):
        for line in self.lines or []:
            line.apply_budget_discount(self.discount_rate)
        self.lines = self.lines

    @classmethod
    def copy(cls, sales, default=None):
        default = default.copy() if default else {}
        default.setdefault('closing')
        return super().copy(sales, default=default)

    @classmethod
    def confirm(cls, sales):
        "Accept the budgets: the patient said yes to their accepted lines"
        for sale in sales:
            if sale.state == 'quotation':
                sale.check_acceptable()
        super().confirm(sales)

    def check_acceptable(self):
        if self.is_expired():
            Lang = Pool().get('ir.lang')
            raise BudgetError(gettext(
                    'clinic_billing.msg_budget_accept_expired',
                    budget=self.rec_name,
                    date=Lang.get().strftime(self.quotation_expire)))
        if not any(l.accepted for l in self.line_lines):
            raise BudgetError(gettext(
                    'clinic_billing.msg_budget_accept_nothing',
                    budget=self.rec_name))

    @classmethod
    @ModelView.button_action('clinic_billing.wizard_add_package')
    def add_package(cls, sales):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def reject(cls, sales):
        "The patient said no to the whole budget"
        cls.write(sales, {'closing': 'rejected'})
        cls.store_cache(sales)

    @classmethod
    def cancel(cls, sales):
        "Cancelling a sent budget past its validity closes it as expired"
        expired = [s for s in sales if s.is_expired() and not s.closing]
        if expired:
            cls.write(expired, {'closing': 'expired'})
        super().cancel(sales)

    @classmethod
    def draft(cls, sales):
        super().draft(sales)
        cls.write([s for s in sales if s.closing], {'closing': None})

    @classmethod
    @ModelView.button
    def invoice(cls, sales):
        """Invoice what the accepted budgets have to invoice now: their
        accepted lines, or those of them that are done"""
        for sale in sales:
            if sale.state not in ACCEPTED:
                raise BudgetError(gettext(
                        'clinic_billing.msg_budget_invoice_not_accepted',
                        budget=sale.rec_name,
                        state=sale.budget_state_string))
        cls.process(sales)

    @property
    def budget_state_string(self):
        return dict(self.fields_get(['budget_state'])['budget_state'][
                'selection'])[self.budget_state]

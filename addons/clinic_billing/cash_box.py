# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The daily cash box of each clinic, on Tryton's account_statement.

A cash box is a statement journal on the clinic's cash account (570) marked
as a cash box; each day's box is a statement of it. Its opening is the
previous closing (Tryton's start balance), its lines the money put in or
taken out (a float, an expense paid in cash, the takings taken to the
bank), and the cash payments received with the Pay button since the
previous box (a day without a box is counted in the next) are counted as
they are, already posted, never posted again. Closing (Tryton's
validation) compares the counted amount (the end balance) with the
expected one: a difference needs a reason and is recorded as a line to the
journal's shortage or surplus account. Once a day's box is closed, no cash
payment of that day is posted: it would be counted in no box."""
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelView, Workflow, fields
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import without_check_access

from clinic_base.billed_amounts import BilledWithinLimits
from clinic_base.sharing import SharedByPolicy

from .exceptions import CashBoxError

_ACCOUNT_DOMAIN = [
    ('company', '=', Eval('company', -1)),
    ('type', '!=', None),
    ('closed', '!=', True),
    ('party_required', '=', False),
    ]
# A statement's state, as a cash box's
BOX_STATES = {
    'draft': 'open',
    'validated': 'closed',
    'posted': 'posted',
    'cancelled': 'cancelled',
    }
_CASH_BOX_ONLY = {
    'invisible': ~Eval('cash_box'),
    'required': Eval('cash_box', False),
    }


class Journal(SharedByPolicy, metaclass=PoolMeta):
    __name__ = 'account.statement.journal'
    # read where the boxes are: a shared box shows its cash box
    _sharing_category = 'invoices'

    cash_box = fields.Boolean(
        "Cash Box",
        help="A clinic's daily cash box: its boxes count the cash payments "
        "received on its account and record the difference of the "
        "closing count.")
    shortage_account = fields.Many2One(
        'account.account', "Shortage Account", domain=_ACCOUNT_DOMAIN,
        states=_CASH_BOX_ONLY,
        help="Where a box that counts less than expected records the "
        "missing cash, e.g. 678 \"Gastos excepcionales\".")
    surplus_account = fields.Many2One(
        'account.account', "Surplus Account", domain=_ACCOUNT_DOMAIN,
        states=_CASH_BOX_ONLY,
        help="Where a box that counts more than expected records the extra "
        "cash, e.g. 778 \"Ingresos excepcionales\".")

    @classmethod
    def default_cash_box(cls):
        return False

    def difference_account(self, difference):
        "Return the account recording a closing difference"
        return (self.shortage_account if difference < 0
            else self.surplus_account)


def _amount(string, help):
    return fields.Function(Monetary(
            string, currency='currency', digits='currency', help=help,
            states={'invisible': ~Eval('cash_box')}),
        'get_cash_amounts')


class Statement(SharedByPolicy, metaclass=PoolMeta):
    __name__ = 'account.statement'
    _sharing_category = 'invoices'

    cash_box = fields.Function(
        fields.Boolean("Cash Box"), 'on_change_with_cash_box')
    cash_received = _amount(
        "Cash Payments", "The cash the patients paid with the Pay button "
        "since the previous box: already posted, counted as it is.")
    expected_balance = _amount(
        "Expected Closing", "The opening, the cash payments and the money "
        "put in or taken out: what should be in the box.")
    difference = _amount(
        "Difference", "The counted cash less the expected closing: "
        "negative when cash is missing.")
    cash_payment_rows = fields.Function(fields.Many2Many(
            'clinic.cash.payment', None, None, "Cash Payments Received",
            readonly=True,
            help="The cash payments the box counts: the patient, the "
            "invoice and the amount of each."),
        'get_cash_payment_rows')
    closing_cash_received = Monetary(
        "Cash Payments at Closing", currency='currency', digits='currency',
        readonly=True)
    difference_reason = fields.Char(
        "Difference Reason",
        states={
            'readonly': Eval('state') != 'draft',
            'invisible': ~Eval('cash_box'),
            },
        help="Why the counted cash differs from the expected closing.")
    box_state = fields.Function(fields.Selection([
                ('open', "Open"),
                ('closed', "Closed"),
                ('posted', "Posted"),
                ('cancelled', "Cancelled"),
                ], "Box State",
            help="Open while the day's cash comes in, closed once counted, "
            "posted once in the books."),
        'on_change_with_box_state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # A box is counted when it is closed, not when it is opened
        cls.end_balance.states = cls.end_balance.states.copy()
        cls.end_balance.states['required'] &= ~Eval('cash_box', False)

    @fields.depends('state')
    def on_change_with_box_state(self, name=None):
        "The statement's state as a cash box's (Tryton's validated: closed)"
        return BOX_STATES.get(self.state)

    @fields.depends('end_balance', 'expected_balance', 'journal')
    def on_change_with_difference(self, name=None):
        "The difference, shown as the count is typed"
        if self.end_balance is None or self.expected_balance is None:
            return None
        difference = self.end_balance - self.expected_balance
        if self.journal:
            difference = self.journal.currency.round(difference)
        return difference

    @fields.depends('journal')
    def on_change_with_cash_box(self, name=None):
        return bool(self.journal and self.journal.cash_box)

    @fields.depends('journal', 'date', 'name')
    def on_change_with_name(self):
        "Name a new box after its cash box and day"
        if (not self.name and self.date
                and self.journal and self.journal.cash_box):
            return '%s %s' % (self.journal.name, self.date)
        return self.name

    @fields.depends('journal')
    def on_change_with_start_balance(self):
        "The first box of a cash box opens empty"
        balance = super().on_change_with_start_balance()
        if balance is None and self.journal and self.journal.cash_box:
            balance = Decimal(0)
        return balance

    @classmethod
    def get_cash_amounts(cls, statements, names):
        result = {n: {} for n in names}
        for statement in statements:
            values = statement._cash_amounts()
            for name in names:
                result[name][statement.id] = values[name]
        return result

    def _cash_amounts(self):
        "Return the cash received, expected closing and difference"
        if not self.cash_box:
            return dict.fromkeys(
                ['cash_received', 'expected_balance', 'difference'])
        received = self.closing_cash_received
        if self.state == 'draft' or received is None:
            received = sum(
                (l.debit - l.credit for l in self.cash_payments()),
                Decimal(0))
        expected = ((self.start_balance or 0) + received
            + sum(l.amount or 0 for l in self.lines
                if not l.cash_difference))
        difference = None
        if self.end_balance is not None:
            difference = self.end_balance - expected
        round_ = self.journal.currency.round
        return {
            'cash_received': round_(received),
            'expected_balance': round_(expected),
            'difference': round_(difference) if difference is not None
            else None,
            }

    def get_cash_payment_rows(self, name):
        # a cash payment's row is its line
        return [l.id for l in self.cash_payments()] if self.cash_box else []

    def cash_payments(self):
        """Return the posted move lines of the box's account since the
        previous box (on its day for the first) that no statement made:
        the payments received at the desk, those of a day without a box
        included"""
        MoveLine = Pool().get('account.move.line')
        if not (self.journal and self.date):
            return []
        with without_check_access():
            previous = self.previous_box()
            lines = MoveLine.search([
                    ('company', '=', self.company.id),
                    ('account', '=', self.journal.account.id),
                    ('date', '<=', self.date),
                    ('date', '>', previous.date) if previous
                    else ('date', '=', self.date),
                    ('move.state', '=', 'posted'),
                    ])
            return [l for l in lines
                if not isinstance(l.move.origin, self.__class__)]

    def previous_box(self):
        "Return the last box of the cash box before this one's day"
        boxes = self.search([
                ('journal', '=', self.journal.id),
                ('date', '<', self.date),
                ('state', '!=', 'cancelled'),
                ], order=[('date', 'DESC')], limit=1)
        return boxes[0] if boxes else None

    @classmethod
    def validate(cls, statements):
        super().validate(statements)
        for statement in statements:
            statement.check_one_box_a_day()

    def check_one_box_a_day(self):
        "Refuse a second box of the same cash box on the same day"
        if not self.cash_box or self.state == 'cancelled':
            return
        others = self.search([
                ('journal', '=', self.journal.id),
                ('date', '=', self.date),
                ('state', '!=', 'cancelled'),
                ('id', '!=', self.id),
                ], limit=1)
        if others:
            other, = others
            raise CashBoxError(gettext(
                    'clinic_billing.msg_cash_box_one_a_day',
                    box=self.rec_name, other=other.rec_name,
                    journal=self.journal.rec_name, date=self.date))

    def validate_balance(self):
        "A cash box balances with its cash payments and a reasoned difference"
        if not self.cash_box:
            return super().validate_balance()
        if self.end_balance is None:
            raise CashBoxError(gettext(
                    'clinic_billing.msg_cash_box_count_missing',
                    box=self.rec_name))
        if self.difference and not self.difference_reason:
            lang = Pool().get('ir.lang').get()
            currency = self.journal.currency

            def money(amount):
                return lang.currency(amount, currency)
            raise CashBoxError(gettext(
                    'clinic_billing.msg_cash_box_difference_reason',
                    box=self.rec_name,
                    counted=money(self.end_balance),
                    expected=money(self.expected_balance),
                    difference=money(self.difference)))

    @classmethod
    @ModelView.button
    @Workflow.transition('validated')
    def validate_statement(cls, statements):
        "Close: check the count, record its difference, then validate"
        boxes = [s for s in statements if s.cash_box]
        for box in boxes:
            box.validate_balance()
        received = {b.id: b.cash_received for b in boxes}
        cls.record_differences(boxes)
        statements = cls.browse(statements)
        super().validate_statement(statements)
        boxes = cls.browse(boxes)
        for box in boxes:
            box.closing_cash_received = received[box.id]
        cls.save(boxes)

    @classmethod
    def record_differences(cls, boxes):
        "Replace the boxes' difference lines by one for their difference"
        Line = Pool().get('account.statement.line')
        lines = [b.difference_line() for b in boxes if b.difference]
        Line.delete([l for b in boxes for l in b.lines if l.cash_difference])
        Line.save(lines)

    def difference_line(self):
        "Return the statement line recording the closing difference"
        Line = Pool().get('account.statement.line')
        account = self.journal.difference_account(self.difference)
        if not account:
            raise CashBoxError(gettext(
                    'clinic_billing.msg_cash_box_no_difference_account',
                    journal=self.journal.rec_name))
        return Line(
            statement=self, date=self.date, amount=self.difference,
            account=account, description=self.difference_reason,
            cash_difference=True)

    @classmethod
    def copy(cls, statements, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('closing_cash_received')
        default.setdefault('difference_reason')
        return super().copy(statements, default=default)


class Move(metaclass=PoolMeta):
    "A cash payment is posted only while its day's box is open"
    __name__ = 'account.move'

    @classmethod
    def post(cls, moves):
        cls.check_cash_boxes_open(moves)
        super().post(moves)

    @classmethod
    def check_cash_boxes_open(cls, moves):
        """Refuse a move into a cash box's account on a day whose box is
        closed (the boxes' own moves aside)"""
        pool = Pool()
        Journal = pool.get('account.statement.journal')
        Statement = pool.get('account.statement')
        with without_check_access():
            accounts = {j.account for j in Journal.search([
                        ('cash_box', '=', True)])}
            for move in moves:
                if isinstance(move.origin, Statement):
                    continue
                for line in move.lines:
                    box = line.account in accounts and move.closed_box(line)
                    if box:
                        raise CashBoxError(move.closed_box_message(box, line))

    @staticmethod
    def closed_box_message(box, line):
        lang = Pool().get('ir.lang').get()
        return gettext('clinic_billing.msg_cash_box_closed_payment',
            box=box.rec_name, date=lang.strftime(box.date),
            amount=lang.currency(
                line.debit - line.credit, box.journal.currency))

    def closed_box(self, line):
        "Return the closed box of line's cash box on the move's day"
        Statement = Pool().get('account.statement')
        boxes = Statement.search([
                ('company', '=', self.company.id),
                ('journal.cash_box', '=', True),
                ('journal.account', '=', line.account.id),
                ('date', '=', self.date),
                ('state', 'in', ['validated', 'posted']),
                ], limit=1)
        return boxes[0] if boxes else None


class Line(BilledWithinLimits, metaclass=PoolMeta):
    __name__ = 'account.statement.line'
    _billed_amounts = ('amount',)

    cash_difference = fields.Boolean(
        "Cash Difference", readonly=True,
        help="The difference between the counted and the expected cash, "
        "recorded when the box was closed.")

    @classmethod
    def default_cash_difference(cls):
        return False

    @classmethod
    def copy(cls, lines, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('cash_difference', False)
        return super().copy(lines, default=default)

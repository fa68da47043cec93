# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The daily cash box of a clinic: opened with the last closing, counting
the cash payments taken at the desk once, closed with the counted cash and
the reason of any difference, seen only by its clinic"""
import datetime as dt
import unittest
from decimal import Decimal

from trytond.model.exceptions import AccessError
from trytond.modules.company.tests import set_company
from trytond.pool import Pool

from clinic_base.tests.tools import acting_as, create_user, share
from clinic_l10n_es.tests.tools import (
    account, create_invoice, today, year_start)

from ..exceptions import CashBoxError
from .test_payment import run_wizard
from .tools import (
    EXEMPT, BillingModules, create_cash_box_journal, create_patient,
    create_payment_method, in_clinic)

D = Decimal


class CashBoxTestCase(BillingModules, unittest.TestCase):
    "The daily cash boxes of the clinics"

    def setup_clinic(self):
        """Lucía, a patient, Madrid's cash box and its cash and card
        payment methods"""
        self.lucia = create_patient()
        self.journal = create_cash_box_journal(self.madrid)
        self.cash = create_payment_method(self.madrid)
        self.card = create_payment_method(
            self.madrid, "Tarjeta", 'card', '572')

    def open_box(self, date=None, lines=(), journal=None):
        """Open the box of journal (Madrid's) on date (today), the opening
        proposed as the client does, with lines (amount, account code,
        description) of money put in or taken out"""
        date = date or today()
        pool = Pool()
        Statement = pool.get('account.statement')
        Line = pool.get('account.statement.line')
        journal = journal or self.journal
        box = Statement(
            name="%s %s" % (journal.name, date), company=journal.company,
            journal=journal, date=date)
        box.start_balance = box.on_change_with_start_balance() or D(0)
        box.lines = [
            Line(date=date, amount=D(amount), description=description,
                account=account(journal.company, code))
            for amount, code, description in lines]
        box.save()
        return box

    def close(self, box, counted, reason=None):
        "Close box with the counted cash and the reason of a difference"
        Statement = Pool().get('account.statement')
        Statement.write([box], {
                'end_balance': D(counted), 'difference_reason': reason})
        Statement.validate_statement([box])
        return Statement(box.id)

    def pay(self, amount, method, *states):
        "Pay amount of a posted invoice of 100 to Lucía with method"
        Invoice = Pool().get('account.invoice')
        invoice = create_invoice(
            self.madrid, self.lucia, 'out', [('705', '100', [EXEMPT])])
        Invoice.post([invoice])
        run_wizard('account.invoice.pay', invoice, {
                'amount': D(amount), 'payment_method': method.id,
                }, 'choice', *states)
        return Invoice(invoice.id)

    def balance(self, code):
        "The balance of Madrid's account of code"
        Account = Pool().get('account.account')
        return Account(account(self.madrid, code).id).balance

    def statement_moves(self):
        "The moves the boxes made"
        Move = Pool().get('account.move')
        return Move.search([('origin', 'like', 'account.statement,%')])

    @in_clinic
    def test_opening_is_last_closing(self):
        """The next day's box opens with what the last one counted,
        the float put in from the bank included"""
        first = self.open_box(year_start(), [('150', '572', "Fondo de caja")])
        self.assertEqual(first.start_balance, D(0))
        self.assertEqual(first.expected_balance, D('150'))
        first = self.close(first, '150')
        self.assertEqual(first.state, 'validated')
        following = self.open_box(year_start() + dt.timedelta(days=1))
        self.assertEqual(following.start_balance, D('150'))
        self.assertEqual(following.expected_balance, D('150'))

    @in_clinic
    def test_cash_payment_counted_once(self):
        """A cash payment taken with Pay is in the day's box and balances
        it; it is not posted again by the box, which posts only the cash
        taken to the bank; the card payment is not in the box"""
        Statement = Pool().get('account.statement')
        self.pay('60', self.cash, 'pay')
        self.pay('30', self.card, 'pay')
        box = self.open_box(lines=[('-20', '572', "Ingreso en banco")])
        self.assertEqual(box.cash_received, D('60'))
        self.assertEqual(box.expected_balance, D('40'))
        box = self.close(box, '40')
        self.assertEqual(box.state, 'validated')
        self.assertEqual(box.difference, D(0))
        self.assertEqual(len(box.lines), 1)
        Statement.post([box])
        self.assertEqual(self.balance('570'), D('40'))
        self.assertEqual(self.balance('572'), D('50'))
        move, = self.statement_moves()
        self.assertEqual(move.state, 'posted')
        self.assertEqual(
            sorted(l.debit - l.credit for l in move.lines),
            [D('-20'), D('20')])

    @in_clinic
    def test_cash_payments_listed_one_by_one(self):
        """Madrid's receptionist, who may not read the accounts' lines,
        reads each cash payment the box counts: the patient, the invoice,
        the method and the amount; not the card payment, nor the cash the
        box itself took to the bank"""
        Statement = Pool().get('account.statement')
        cash_paid = self.pay('60', self.cash, 'pay')
        self.pay('30', self.card, 'pay')
        box = self.open_box(lines=[('-20', '572', "Ingreso en banco")])
        Statement.post([self.close(box, '40')])
        receptionist = create_user(
            'mad.reception', [self.madrid], self.madrid,
            ['group_receptionist'])
        with acting_as(receptionist):
            row, = Statement(box.id).cash_payment_rows
            self.assertEqual(
                (row.date, row.party.rec_name, row.invoice,
                    row.payment_method, row.amount),
                (today(), self.lucia.rec_name, cash_paid, self.cash,
                    D('60')))
            self.assertEqual(sum(
                    r.amount for r in Statement(box.id).cash_payment_rows),
                Statement(box.id).cash_received)

    @in_clinic
    def test_day_without_a_box_counted_in_the_next(self):
        """The cash taken on a day the box was not opened is counted in
        the next box, not lost between two boxes"""
        self.close(self.open_box(today() - dt.timedelta(days=1)), '0')
        self.pay('60', self.cash, 'pay')
        following = self.open_box(today() + dt.timedelta(days=1))
        self.assertEqual(following.cash_received, D('60'))
        self.assertEqual(following.expected_balance, D('60'))

    @in_clinic
    def test_cash_payment_after_closing_refused(self):
        """Once the day's box is closed, a cash payment of that day is
        refused, naming the box and the amount: it would be counted in no
        box. A card payment is taken; the box reopened counts the cash"""
        Statement = Pool().get('account.statement')
        self.pay('60', self.cash, 'pay')
        box = self.close(self.open_box(), '60')
        with self.assertRaises(CashBoxError) as raised:
            self.pay('10', self.cash, 'pay')
        message = raised.exception.message
        self.assertIn(box.rec_name, message)
        self.assertIn('10.00', message)
        self.assertIn("closed", message)
        self.assertEqual(
            self.pay('10', self.card, 'pay').amount_to_pay, D('90'))
        self.assertEqual(Statement(box.id).cash_received, D('60'))

        Statement.cancel([box])
        Statement.draft([box])
        self.assertEqual(
            self.pay('10', self.cash, 'pay').amount_to_pay, D('90'))
        box = self.close(Statement(box.id), '70')
        self.assertEqual(box.cash_received, D('70'))
        self.assertEqual(box.difference, D(0))

    @in_clinic
    def test_count_mismatch_without_reason_refused(self):
        """Counting less than expected without a reason is refused with
        the box, the count, the expected cash and the difference, and
        nothing is written"""
        self.pay('60', self.cash, 'pay')
        box = self.open_box()
        with self.assertRaises(CashBoxError) as raised:
            self.close(box, '55')
        message = raised.exception.message
        for text in [box.rec_name, '55.00', '60.00', "reason"]:
            self.assertIn(text, message)
        self.assertRegex(message, r'difference of -\D*5\.00')
        box = type(box)(box.id)
        self.assertEqual(box.state, 'draft')
        self.assertEqual(box.lines, ())
        self.assertEqual(self.statement_moves(), [])
        self.assertEqual(self.balance('678'), D(0))

    @in_clinic
    def test_difference_shown_as_the_count_is_typed(self):
        """The box shows the difference as the counted cash is typed, before
        it is closed; it reads open, then closed"""
        Statement = Pool().get('account.statement')
        choices = dict(Statement.fields_get(
                ['box_state'])['box_state']['selection'])
        self.pay('60', self.cash, 'pay')
        box = self.open_box()
        self.assertEqual(choices[box.box_state], "Open")
        box.end_balance = D('55')
        self.assertEqual(box.on_change_with_difference(), D('-5'))
        box.end_balance = None
        self.assertIsNone(box.on_change_with_difference())
        box = self.close(Statement(box.id), '60')
        self.assertEqual(choices[box.box_state], "Closed")

    @in_clinic
    def test_difference_with_reason_posted(self):
        """With a reason, the missing cash is a line to the shortage
        account, posted with the box; an extra is a line to the surplus
        account"""
        Statement = Pool().get('account.statement')
        self.pay('60', self.cash, 'pay')
        box = self.close(self.open_box(), '55', "Cambio mal devuelto")
        self.assertEqual(box.state, 'validated')
        self.assertEqual(box.box_state, 'closed')
        self.assertEqual(box.difference, D('-5'))
        self.assertEqual(box.difference_reason, "Cambio mal devuelto")
        line, = box.lines
        self.assertTrue(line.cash_difference)
        self.assertEqual(line.description, "Cambio mal devuelto")
        Statement.post([box])
        self.assertEqual(self.balance('678'), D('5'))
        self.assertEqual(self.balance('570'), D('55'))

        following = self.open_box(today() + dt.timedelta(days=1))
        self.assertEqual(following.start_balance, D('55'))
        following = self.close(following, '57', "Billete olvidado")
        self.assertEqual(following.difference, D('2'))
        self.assertEqual(self.balance('778'), D('-2'))

    @in_clinic
    def test_one_box_a_day(self):
        "A cash box has one box a day"
        self.open_box()
        with self.assertRaises(CashBoxError):
            self.open_box()

    @in_clinic
    def test_other_clinic_box_invisible(self):
        """Madrid's receptionist sees and closes Madrid's box only: the
        central's box of the day is not listed"""
        Statement = Pool().get('account.statement')
        with set_company(self.central):
            central_journal = create_cash_box_journal(self.central)
            central_box = self.open_box(journal=central_journal)
        box = self.open_box()
        receptionist = create_user(
            'mad.reception', [self.madrid], self.madrid,
            ['group_receptionist'])
        with acting_as(receptionist):
            self.assertEqual(Statement.search([]), [box])
            self.assertEqual(
                Statement.search([('id', '=', central_box.id)]), [])
            Statement.write([box], {'end_balance': D(0)})
            Statement.validate_statement([box])
        self.assertEqual(Statement(box.id).state, 'validated')

    @in_clinic
    def test_central_reads_shared_box_only(self):
        """The central's accountant sees Madrid's boxes only once Madrid
        shares its invoices with the central, and cannot change them"""
        Statement = Pool().get('account.statement')
        self.pay('60', self.cash, 'pay')
        box = self.open_box()
        accountant = create_user(
            'central.accounts', [self.central], self.central,
            ['group_accountant'])
        with acting_as(accountant):
            self.assertEqual(Statement.search([]), [])
        share(self.madrid, 'invoices', central=True)
        with acting_as(accountant):
            seen, = Statement.search([])
            self.assertEqual(seen, box)
            self.assertEqual(seen.cash_received, D('60'))
            with self.assertRaises(AccessError):
                Statement.write([seen], {'difference_reason': "No"})
        self.assertEqual(Statement(box.id).difference_reason, None)

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Payments at a clinic's front desk: by method kind, partial payments,
payments larger than what is due kept as deposits, and deposits taken
before the treatment is invoiced, then recalled on its invoice"""
import unittest
from decimal import Decimal

from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.transaction import Transaction

from clinic_base.tests.tools import acting_as, create_user
from clinic_l10n_es.tests.tools import account, create_invoice

from ..exceptions import (
    DepositError, DepositNotRecalledWarning, OverpaymentWarning)
from .tools import (
    EXEMPT, BillingModules, create_patient, create_payment_method,
    in_clinic, run_queued_tasks)

D = Decimal


def run_wizard(name, record, values, *states):
    """Run the wizard name on record: fill its start view's defaults with
    values, click the button going to the first of states, then accept
    each view shown with its defaults by the button going to the next"""
    Wizard = Pool().get(name, type='wizard')
    session_id, _, _ = Wizard.create()
    try:
        with Transaction().set_context(
                active_model=record.__name__, active_id=record.id,
                active_ids=[record.id]):
            result = Wizard.execute(session_id, {}, 'start')
            view, data = 'start', view_data(result, values)
            for state in states:
                result = Wizard.execute(session_id, {view: data}, state)
                if 'view' in result:
                    view, data = result['view']['state'], view_data(result)
    finally:
        Wizard.delete(session_id)
    run_queued_tasks()


def view_data(result, values=None):
    "The values of the view shown: its defaults updated with values"
    data = {k: v for k, v in result['view']['defaults'].items()
        if '.' not in k}
    data.update(values or {})
    return data


class PaymentTestCase(BillingModules, unittest.TestCase):
    "Payments of a clinic's patients"

    def setup_clinic(self):
        "Lucía, a patient, and Madrid's cash and card payment methods"
        self.lucia = create_patient()
        self.cash = create_payment_method(self.madrid)
        self.card = create_payment_method(
            self.madrid, "Tarjeta", 'card', '572')

    def invoice(self, amount, post=True):
        "Return Madrid's invoice to Lucía of an exempt treatment of amount"
        Invoice = Pool().get('account.invoice')
        invoice = create_invoice(
            self.madrid, self.lucia, 'out', [('705', amount, [EXEMPT])])
        if post:
            Invoice.post([invoice])
        return Invoice(invoice.id)

    def pay(self, invoice, amount, method, *states):
        """Pay amount of invoice with method at the front desk, going
        on to states when the wizard asks more"""
        run_wizard('account.invoice.pay', invoice, {
                'amount': D(amount),
                'payment_method': method.id,
                }, 'choice', *states)
        return type(invoice)(invoice.id)

    def recall(self, invoice):
        "Recall Lucía's deposit on the draft invoice and post it"
        Invoice = Pool().get('account.invoice')
        run_wizard(
            'account.invoice.recall_deposit', invoice, {}, 'recall')
        Invoice.post([invoice])
        return Invoice(invoice.id)

    def take_deposit(self, amount, method):
        "Take a deposit of amount from Lucía with method"
        Invoice = Pool().get('account.invoice')
        return Invoice.take_deposit(self.lucia, D(amount), method)

    def deposit(self):
        "Lucía's deposit in Madrid"
        Party = Pool().get('party.party')
        return Party(self.lucia.id).deposit

    def takings(self):
        "The money received in Madrid by kind of payment method"
        Line = Pool().get('account.move.line')
        totals = {}
        for line in Line.search([('move.payment_method', '!=', None)]):
            method = line.move.payment_method
            if line.account == method.debit_account:
                totals.setdefault(method.kind, D(0))
                totals[method.kind] += line.debit - line.credit
        return totals

    def balance(self, code):
        "The balance of Madrid's account of code"
        Account = Pool().get('account.account')
        return Account(account(self.madrid, code).id).balance

    # Payment methods

    @in_clinic
    def test_method_kind_defaults_to_cash(self):
        "A new payment method is of kind cash unless set otherwise"
        Method = Pool().get('account.invoice.payment.method')
        self.assertEqual(Method.default_get(['kind'])['kind'], 'cash')
        self.assertEqual(self.card.kind, 'card')

    # Partial payments

    @in_clinic
    def test_partial_payment_leaves_the_rest_due(self):
        "Paying less than due leaves the rest to pay, then the rest pays it"
        invoice = self.invoice('100')
        # Tryton asks how to handle the rest: a partial payment
        invoice = self.pay(invoice, '40', self.card, 'pay')
        self.assertEqual(invoice.state, 'posted')
        self.assertEqual(invoice.amount_to_pay, D('60'))
        invoice = self.pay(invoice, '60', self.cash)
        self.assertEqual(invoice.state, 'paid')
        self.assertEqual(invoice.amount_to_pay, D('0'))
        self.assertEqual(self.takings(), {'card': D('40'), 'cash': D('60')})

    # Overpayments

    @in_clinic
    def test_front_desk_pays_in_part_without_the_accounts_question(self):
        """Madrid's receptionist, who may not read the accounts' lines,
        pays 40 of 100: a partial payment at once, without Tryton's
        question of the lines to reconcile (the wizard runs as the client
        calls it: the wizard's own access check, then its steps)"""
        receptionist = create_user(
            'mad.reception', [self.madrid], self.madrid,
            ['group_receptionist'])
        invoice = self.invoice('100')
        with Transaction().set_user(receptionist.id):
            invoice = self.pay(invoice, '40', self.card)
        self.assertEqual(invoice.state, 'posted')
        self.assertEqual(invoice.amount_to_pay, D('60'))
        self.assertEqual(self.takings(), {'card': D('40')})

    @in_clinic
    def test_front_desk_reads_what_the_patient_owes(self):
        """The patient's form shows the receptionist, who may not read the
        accounts' lines, what the patient owes: 60 of 100 paid 40"""
        Party = Pool().get('party.party')
        receptionist = create_user(
            'mad.reception', [self.madrid], self.madrid,
            ['group_receptionist'])
        invoice = self.pay(self.invoice('100'), '40', self.card, 'pay')
        with acting_as(receptionist):
            patient, = Party.read([invoice.party.id], ['receivable'])
        self.assertEqual(patient['receivable'], D('60'))

    @in_clinic
    def test_overpayment_warns_with_the_excess(self):
        "Paying more than due warns of the excess and changes nothing"
        Move = Pool().get('account.move')
        invoice = self.invoice('100')
        moves = Move.search([], count=True)
        with self.assertRaises(OverpaymentWarning) as raised:
            self.pay(invoice, '150', self.cash)
        self.assertIn("50.00", raised.exception.message)
        self.assertIn("deposit", raised.exception.message)
        invoice = type(invoice)(invoice.id)
        self.assertEqual(invoice.state, 'posted')
        self.assertEqual(invoice.amount_to_pay, D('100'))
        self.assertEqual(Move.search([], count=True), moves)
        self.assertEqual(self.deposit(), D('0'))

    @in_clinic
    def test_overpayment_confirmed_is_a_deposit_for_the_next(self):
        """Confirmed, the excess is kept as Lucía's deposit, which the next
        invoice recalls; the cash received is the whole amount"""
        invoice = self.invoice('100')
        with Transaction().set_context(_skip_warnings=True):
            invoice = self.pay(invoice, '150', self.cash)
        self.assertEqual(invoice.state, 'paid')
        self.assertEqual(self.deposit(), D('50'))
        self.assertEqual(self.balance('570'), D('150'))
        self.assertEqual(self.takings(), {'cash': D('150')})
        self.assertEqual(self.balance('4300'), D('0'))

        following = self.recall(self.invoice('80', post=False))
        self.assertEqual(following.total_amount, D('30'))
        self.assertEqual(self.deposit(), D('0'))
        following = self.pay(following, '30', self.card)
        self.assertEqual(following.state, 'paid')

    @in_clinic
    def test_exact_payment_does_not_warn(self):
        "Paying exactly what is due pays the invoice without a warning"
        invoice = self.pay(self.invoice('100'), '100', self.cash)
        self.assertEqual(invoice.state, 'paid')
        self.assertEqual(self.deposit(), D('0'))

    # Deposits

    @in_clinic
    def test_deposit_taken_then_recalled(self):
        """A deposit taken before the treatment is on Lucía's account
        until the treatment's invoice recalls it"""
        run_wizard('clinic.deposit.take', self.lucia, {
                'amount': D('200'),
                'payment_method': self.card.id,
                }, 'take')
        self.assertEqual(self.deposit(), D('200'))
        self.assertEqual(self.balance('572'), D('200'))
        self.assertEqual(self.takings(), {'card': D('200')})
        self.assertEqual(self.balance('438'), D('-200'))

        invoice = self.recall(self.invoice('300', post=False))
        self.assertEqual(invoice.total_amount, D('100'))
        self.assertEqual(self.deposit(), D('0'))
        invoice = self.pay(invoice, '100', self.cash)
        self.assertEqual(invoice.state, 'paid')

    @in_clinic
    def test_posting_without_recalling_the_deposit_warns(self):
        """Posting Lucía's invoice that recalls nothing while her deposit
        waits warns with the deposit and leaves the invoice a draft; once
        it recalls the deposit, it posts without a word"""
        Invoice = Pool().get('account.invoice')
        manager = create_user(
            'mad.manager', [self.madrid], self.madrid, ['group_clinic_manager'])
        self.take_deposit('200', self.cash)
        invoice = self.invoice('300', post=False)
        with Transaction().set_user(manager.id):
            with self.assertRaises(DepositNotRecalledWarning) as raised:
                Invoice.post([invoice])
            message = raised.exception.message
            for text in [self.lucia.rec_name, '200.00', "Recall Deposit"]:
                self.assertIn(text, message)
            self.assertEqual(Invoice(invoice.id).state, 'draft')
            invoice = self.recall(invoice)
        self.assertEqual(invoice.state, 'posted')
        self.assertEqual(invoice.total_amount, D('100'))

    @in_clinic
    def test_posting_without_recalling_confirmed(self):
        "Confirmed, the invoice is posted whole and the deposit still waits"
        Invoice = Pool().get('account.invoice')
        manager = create_user(
            'mad.manager', [self.madrid], self.madrid, ['group_clinic_manager'])
        self.take_deposit('200', self.cash)
        invoice = self.invoice('300', post=False)
        with Transaction().set_user(manager.id), \
                Transaction().set_context(_skip_warnings=True):
            Invoice.post([invoice])
        self.assertEqual(Invoice(invoice.id).amount_to_pay, D('300'))
        self.assertEqual(self.deposit(), D('200'))

    @in_clinic
    def test_deposit_larger_than_invoice_keeps_the_rest(self):
        "An invoice smaller than the deposit recalls only its total"
        self.take_deposit('200', self.cash)
        invoice = self.recall(self.invoice('80', post=False))
        self.assertEqual(invoice.total_amount, D('0'))
        self.assertEqual(self.deposit(), D('120'))

    @in_clinic
    def test_deposit_taken_on_a_budget(self):
        "A deposit taken on a budget is its patient's, described by it"
        Sale = Pool().get('sale.sale')
        budget = Sale(company=self.madrid, party=self.lucia)
        budget.save()
        run_wizard('clinic.deposit.take', budget, {
                'amount': D('150'),
                'payment_method': self.cash.id,
                }, 'take')
        self.assertEqual(self.deposit(), D('150'))
        deposit, = Pool().get('account.invoice').search([])
        self.assertEqual(deposit.party, self.lucia)
        self.assertEqual(deposit.state, 'paid')
        self.assertIn(budget.rec_name, deposit.lines[0].description)

    @in_clinic
    def test_deposit_only_in_the_clinic_of_the_budget(self):
        """A user of both clinics working in Madrid cannot take the
        deposit of the central's budget; in the central, neither with
        Madrid's payment method (not one the central sees: refused as a
        link) nor from Madrid's patient"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        Invoice = pool.get('account.invoice')
        User = pool.get('res.user')
        both = [self.central.id, self.madrid.id]
        in_central = {'company': self.central.id, 'companies': both}
        # the user works in the central, as entering it stores
        user = User(Transaction().user)
        User.write([user], {
                'companies': [('add', both)], 'company': self.central.id})
        with Transaction().set_context(in_central):
            budget = Sale(company=self.central, party=self.lucia)
            budget.save()
            walk_in = create_patient("Pedro Gil")
            with self.assertRaises(AccessError):
                run_wizard('clinic.deposit.take', walk_in, {
                        'amount': D('50'),
                        'payment_method': self.cash.id,
                        }, 'take')
            with self.assertRaises(AccessError):
                run_wizard('clinic.deposit.take', self.lucia, {
                        'amount': D('50'),
                        'payment_method': self.cash.id,
                        }, 'take')
        # back in Madrid, reading both companies' records
        User.write([user], {
                'company': self.madrid.id, 'company_filter': 'all'})
        with Transaction().set_context(companies=both):
            with self.assertRaises(DepositError) as raised:
                run_wizard('clinic.deposit.take', budget, {}, 'take')
        self.assertIn(self.central.rec_name, raised.exception.message)
        self.assertEqual(Invoice.search([], count=True), 0)

    @in_clinic
    def test_deposit_by_the_front_desk_only(self):
        """Madrid's receptionist takes a deposit; its practitioner may not
        (the wizard runs as the client calls it: the wizard's own access
        check, then its steps)"""
        Invoice = Pool().get('account.invoice')
        receptionist, practitioner = (
            create_user(login, [self.madrid], self.madrid, [group])
            for login, group in [
                ('mad.reception', 'group_receptionist'),
                ('mad.dentist', 'group_practitioner')])
        take = {'amount': D('80'), 'payment_method': self.card.id}
        with Transaction().set_user(practitioner.id):
            with self.assertRaises(AccessError):
                run_wizard('clinic.deposit.take', self.lucia, take, 'take')
        self.assertEqual(self.deposit(), D('0'))
        with Transaction().set_user(receptionist.id):
            run_wizard('clinic.deposit.take', self.lucia, take, 'take')
        self.assertEqual(self.deposit(), D('80'))
        self.assertEqual(Invoice.search([], count=True), 1)

    @in_clinic
    def test_deposit_of_nothing_is_refused(self):
        "A deposit of zero is refused and nothing is invoiced"
        Invoice = Pool().get('account.invoice')
        with self.assertRaises(DepositError):
            run_wizard('clinic.deposit.take', self.lucia, {
                    'amount': D('0'),
                    'payment_method': self.cash.id,
                    }, 'take')
        self.assertEqual(Invoice.search([], count=True), 0)

    @in_clinic
    def test_deposit_needs_a_deposit_account(self):
        "Without a deposit account, the deposit is refused with its reason"
        Account = Pool().get('account.account')
        deposit = account(self.madrid, '438')
        Account.write([deposit], {'closed': True})
        with self.assertRaises(UserError) as raised:
            self.take_deposit('50', self.cash)
        self.assertIn("deposit account", raised.exception.message)

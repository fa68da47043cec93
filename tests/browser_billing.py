"""In a real browser, the front desk's money: a budget from the odontogram,
a payment in part, the day's cash box. Run by test_browser's
BrowserTestCase on its demo server (a mixin), with what its prepare() adds
(the planned treatment, the desk's JSON-RPC session).

- mad.reception: Billing > Budgets: a new budget for a patient with a
  planned treatment, "Add Planned Treatments" puts it on the budget with its
  tooth, then "Send" and "Accept".
- mad.reception: Billing > Invoices opens on every invoice with its state;
  a posted invoice's Pay takes part of what is due by card, at once a
  partial payment.
- mad.reception: Billing > Cash Boxes: today's box counted 5 € short is
  refused with the difference until a reason is given, then closed with the
  shortage recorded.
"""
import datetime as dt
from decimal import Decimal

from .browser import CLINIC, CLINIC_TIMEZONE, RECEPTIONIST

CLOSE = ('Close', 'view:account.statement')


class BillingWalks:
    "The front desk's money, for test_browser's BrowserTestCase"

    # The front desk's budget

    def test_budget_from_the_odontogram(self):
        """mad.reception budgets a patient's planned treatment, sends the
        budget and records the patient's acceptance"""
        self.in_browser(self.run_budget, 'budget')

    def budgets_of(self, patient_id):
        "The budgets of the patient, as the server has them, newest first"
        return self.desk.model('sale.sale', 'search_read',
            [('party', '=', patient_id)], 0, None, [('id', 'DESC')],
            ['budget_state', 'lines.treatment', 'lines.accepted'])

    def run_budget(self, page):
        patient = self.planned['patient.']['rec_name']
        service = self.planned['service.']['rec_name']
        before = {b['id'] for b in self.budgets_of(self.planned['patient'])}
        self.login(page, RECEPTIONIST)
        self.open_menu(page, 'Billing', 'Budgets')
        new = self.visible(page, 'button#new_')
        self.wait_until(page, new.is_visible, "The New button of Budgets")
        new.click()
        self.choose(page, 'Patient', patient)

        # The planned treatments come in one step, with their tooth
        self.click_button(page, 'Add Planned Treatments')
        dialog = page.locator('.modal:visible')
        offered = dialog.locator('tr').filter(has_text=service).first
        self.wait_until(page, offered.is_visible,
            "The wizard offers the planned %s on %s"
            % (service, self.planned['tooth']))
        self.screenshot(page, 'browser_budget_add_treatments.png')
        dialog.locator('.modal-footer .btn-primary').click()
        line = self.list_row(page, '%s: %s' % (service, self.planned['tooth']))
        self.wait_until(page, line.is_visible,
            "The budget has a line of %s on %s"
            % (service, self.planned['tooth']))

        budget = self.wait_until(page, lambda: [
                b for b in self.budgets_of(self.planned['patient'])
                if b['id'] not in before], "The server has the new budget")[0]
        self.assertEqual(
            [l['treatment'] for l in budget['lines.']], [self.planned['id']])

        self.click_button(page, 'Send')
        self.wait_until(page, lambda: self.budgets_of(
                self.planned['patient'])[0]['budget_state'] == 'sent',
            "After Send: the budget is sent")
        self.click_button(page, 'Accept')
        self.wait_until(page, lambda: self.budgets_of(
                self.planned['patient'])[0]['budget_state'] == 'accepted',
            "After Accept: the budget is accepted")
        self.wait_until(page, lambda: not self.visible(page, 'button').filter(
                has_text=self.label('Accept')).count(),
            "After Accept: the form no longer offers Accept")
        self.screenshot(page, 'browser_budget_accepted.png')

    # The front desk's payment

    def test_pay_in_part_at_the_desk(self):
        """mad.reception takes half of what a posted invoice has due by
        card, with the invoice's Pay"""
        self.in_browser(self.run_payment, 'payment')

    def unpaid_invoice(self, invoice_id=None):
        "A posted invoice of the clinic with something due, or invoice_id"
        domain = [('id', '=', invoice_id)] if invoice_id else [
            ('type', '=', 'out'),
            ('state', '=', 'posted'),
            ]
        return [i for i in self.desk.model('account.invoice', 'search_read',
                domain, 0, None, [('id', 'ASC')],
                ['number', 'amount_to_pay', 'state', 'party.rec_name'])
            if i['amount_to_pay'] > 0 or invoice_id][0]

    def run_payment(self, page):
        invoice = self.unpaid_invoice()
        half = (invoice['amount_to_pay'] / 2).quantize(Decimal('0.01'))
        self.login(page, RECEPTIONIST)
        self.open_menu(
            page, 'Billing', ('Invoices', 'ir.ui.menu,name:menu_invoice$'))
        # It opens on every invoice of the clinic, each with its state
        row = self.list_row(page, invoice['number'])
        posted = self.label('Posted', 'selection:account.invoice,state')
        self.wait_until(page, lambda: row.is_visible()
            and posted in row.inner_text(),
            "Invoices opens on all, %s with its state" % invoice['number'])
        row.get_by_text(invoice['number'], exact=True).dblclick()
        # Pay validates the form's record first: pressed before sao has
        # loaded the invoice (on a busy machine), it validates an empty form
        party = invoice['party.']['rec_name']
        self.wait_until(page, lambda: self.field(
                page, ('Party', 'field:account.invoice,party')).input_value()
            == party, "The form of %s, of %s" % (invoice['number'], party))

        self.click_button(page, 'Pay')
        dialog = page.locator('.modal:visible')
        self.fill_number(page, ('Amount', 'account.invoice.pay.start'),
            half, within=dialog)
        self.select(page, ('Payment Method', 'account.invoice.pay.start'),
            "Tarjeta", within=dialog)
        self.screenshot(page, 'browser_payment_start.png')
        dialog.locator('.modal-footer .btn-primary').click()
        self.wait_until(page, lambda: self.unpaid_invoice(invoice['id'])[
                'amount_to_pay'] == invoice['amount_to_pay'] - half,
            "After Pay: %s has %s less due" % (invoice['number'], half))
        self.assertEqual(
            self.unpaid_invoice(invoice['id'])['state'], 'posted')
        self.wait_until(page, lambda: not page.locator('.modal:visible')
            .count(), "After Pay: the dialog is gone")
        self.screenshot(page, 'browser_payment_taken.png')

    # The front desk's closing count

    def test_close_the_cash_box(self):
        """mad.reception counts today's box 5 € short: closing is refused
        until the reason is given, then the box closes with the shortage"""
        self.in_browser(self.run_cash_box, 'cash_box')

    def todays_box(self):
        "Madrid's box of today, as the server has it"
        box, = self.desk.model('account.statement', 'search_read', [
                ('journal.cash_box', '=', True),
                ('date', '=', dt.datetime.now(CLINIC_TIMEZONE).date()),
                ], 0, None, None,
            ['name', 'state', 'expected_balance', 'end_balance',
                'difference', 'difference_reason', 'lines.cash_difference',
                'lines.amount'])
        return box

    def check_cash_payments_listed(self, page, box):
        """The box's tab of its cash payments lists each with its patient
        and invoice, as the server has them"""
        payments = self.desk.model('account.statement', 'read', [box['id']],
            ['cash_payment_rows.party.rec_name',
                'cash_payment_rows.invoice.rec_name',
                'cash_payment_rows.amount'])[0]['cash_payment_rows.']
        self.assertTrue(payments, "Today's box counts cash payments")
        tab = self.visible(page, '.nav-tabs a').filter(has_text=self.label(
                'Cash Payments Received',
                'field:account.statement,cash_payment_rows'))
        self.wait_until(page, tab.is_visible, "The box's Cash Payments tab")
        tab.click()
        for payment in payments:
            party = payment['party.']['rec_name']
            invoice = payment['invoice.']['rec_name']
            row = self.list_row(page, invoice)
            amount = self.number(payment['amount'])
            self.wait_until(page, lambda: row.is_visible() and all(
                    text in row.inner_text() for text in [party, amount]),
                "The box lists the cash payment of %s for %s: %s" % (
                    party, invoice, amount))
        self.screenshot(page, 'browser_cash_box_payments.png')

    def run_cash_box(self, page):
        box = self.todays_box()
        self.assertEqual(box['state'], 'draft')
        counted = box['expected_balance'] - 5
        self.login(page, RECEPTIONIST)
        self.open_menu(page, 'Billing', 'Cash Boxes')
        # The receptionist's only open box is today's of the clinic
        row = self.list_row(page, CLINIC)
        self.wait_until(page, row.is_visible,
            "Cash Boxes lists today's box of %s among the open ones" % CLINIC)
        row.locator('div.column-date').first.dblclick()
        self.wait_until(page, lambda: self.field(
                page, ('Name', 'field:account.statement,name')).input_value()
            == box['name'], "The form of %s" % box['name'])

        self.check_cash_payments_listed(page, box)

        self.fill_number(page, ('Counted', 'view:account.statement'),
            counted)
        self.click_button(page, CLOSE)
        refusal = self.refusal(page, "Close with 5 € missing and no reason")
        self.assertRegex(refusal, self.labels.message(
                'clinic_billing.msg_cash_box_difference_reason'))
        self.assertRegex(refusal, r'-\D*5[.,]00')
        # The count is kept, the box still open
        box = self.todays_box()
        self.assertEqual((box['state'], box['end_balance']), (
                'draft', counted))

        self.fill(page, ('Difference Reason', 'field:account.statement'),
            "Cambio mal devuelto")
        self.click_button(page, CLOSE)
        self.wait_until(page, lambda: self.todays_box()['state'] == 'validated',
            "After Close with a reason: the box is closed")
        box = self.todays_box()
        self.assertEqual(box['difference'], -5)
        self.assertEqual(box['difference_reason'], "Cambio mal devuelto")
        self.assertEqual([l['amount'] for l in box['lines.']
                if l['cash_difference']], [-5])
        self.wait_until(page, lambda: not self.visible(page, 'button').filter(
                has_text=self.label(*CLOSE)).count(),
            "After Close: the form no longer offers Close")
        self.screenshot(page, 'browser_cash_box_closed.png')

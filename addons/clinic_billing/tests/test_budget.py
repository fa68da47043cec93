# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Budgets at a clinic's front desk: their life from draft to accepted,
rejected or expired, acceptance line by line, invoicing at once or as the
treatments are done, the budget discount, packages and planned treatments"""
import datetime as dt
import unittest
from decimal import Decimal

from trytond.exceptions import UserError
from trytond.model.exceptions import DomainValidationError
from trytond.modules.company.tests import (
    create_company, create_employee, set_company)
from trytond.pool import Pool
from trytond.transaction import Transaction

from clinic_base.tests.tools import acting_as, create_user
from clinic_l10n_es.tests.tools import account, tax

from ..exceptions import BudgetError, BudgetLineError
from .tools import (
    EXEMPT, VAT21, BillingModules, create_patient, create_service,
    create_tax_category, in_clinic, run_queued_tasks)

D = Decimal


class BudgetTestCase(BillingModules, unittest.TestCase):
    "Budgets of a clinic, from the draft to the invoice"

    def setup_clinic(self):
        """The central configures a dental service exempt from VAT, an
        aesthetic one at 21% and a dental filling; Madrid budgets them"""
        companies = [self.central, self.madrid]
        self.dental = create_tax_category(
            "Odontología", EXEMPT, self.central, companies)
        self.aesthetic = create_tax_category(
            "Estética", VAT21, self.central, companies)
        self.cleaning = create_service(
            "Limpieza dental", '60', self.dental, self.central)
        self.whitening = create_service(
            "Blanqueamiento", '250', self.aesthetic, self.central)
        self.filling = create_service(
            "Empaste composite", '80', self.dental, self.central)
        self.lucia = create_patient()
        self.dentist = create_employee(self.madrid, "Dra. Ana Torres")
        self.today = Pool().get('ir.date').today()

    def budget(self, *services, invoice_method='order', declined=()):
        """Return a draft budget of Madrid for Lucía with a line for each
        service, the declined services' lines not accepted"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        SaleLine = pool.get('sale.line')
        budget = Sale(company=self.madrid, party=self.lucia)
        budget.on_change_party()
        budget.invoice_method = invoice_method
        budget.save()
        lines = [SaleLine.for_service(budget, s) for s in services]
        for line, service in zip(lines, services):
            line.accepted = service not in declined
        SaleLine.save(lines)
        return Sale(budget.id)

    def send(self, budget, days_ago=0, validity=15):
        "Send the budget to the patient days_ago, valid for validity days"
        Sale = Pool().get('sale.sale')
        budget.quotation_date = self.today - dt.timedelta(days=days_ago)
        budget.quotation_validity = dt.timedelta(days=validity)
        budget.save()
        Sale.quote([budget])
        return Sale(budget.id)

    def accept(self, budget):
        "Accept the budget and run what its acceptance queued"
        Sale = Pool().get('sale.sale')
        Sale.confirm([budget])
        run_queued_tasks()
        return Sale(budget.id)

    def invoices(self):
        Invoice = Pool().get('account.invoice')
        return Invoice.search([], order=[('id', 'ASC')])

    def invoiced(self, invoice):
        "The invoice's lines as (product, quantity, unit price, taxes)"
        return sorted(
            (l.product.name, l.quantity, l.unit_price,
                tuple(t.id for t in l.taxes))
            for l in invoice.lines)

    def tax(self, xml_id):
        "Madrid's own tax of the template"
        return tax(self.madrid, xml_id)

    # Budget state

    @in_clinic
    def test_budget_state_through_its_life(self):
        """Draft, sent, sent past its validity is expired, accepted,
        rejected, expired and closed, cancelled; the search finds each"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        draft = self.budget(self.cleaning)
        sent = self.send(self.budget(self.cleaning))
        expired = self.send(self.budget(self.cleaning), days_ago=30)
        accepted = self.accept(self.send(self.budget(self.cleaning)))
        rejected = self.send(self.budget(self.cleaning))
        Sale.reject([rejected])
        closed = self.send(self.budget(self.cleaning), days_ago=30)
        Sale.cancel([closed])
        cancelled = self.budget(self.cleaning)
        Sale.cancel([cancelled])
        expected = {
            'draft': draft, 'sent': sent, 'accepted': accepted,
            'rejected': rejected, 'cancelled': cancelled,
            }
        for state, budget in expected.items():
            with self.subTest(state=state):
                self.assertEqual(Sale(budget.id).budget_state, state)
                self.assertEqual(
                    Sale.search([('budget_state', '=', state)]), [budget])
        for budget in [expired, closed]:
            self.assertEqual(Sale(budget.id).budget_state, 'expired')
        self.assertEqual(
            Sale.search([('budget_state', '=', 'expired')],
                order=[('id', 'ASC')]),
            [expired, closed])
        self.assertEqual(
            (Sale(rejected.id).state, Sale(rejected.id).closing),
            ('cancelled', 'rejected'))
        self.assertEqual(
            (Sale(closed.id).state, Sale(closed.id).closing),
            ('cancelled', 'expired'))
        self.assertEqual(
            set(Sale.search([('budget_state', 'in', ['draft', 'sent'])])),
            {draft, sent})

    @in_clinic
    def test_not_yet_invoiced_says_so(self):
        """A budget not invoiced yet reads "Not Invoiced" on its form, not
        Tryton's "None", which reads as a value missing"""
        Sale = Pool().get('sale.sale')
        budget = self.send(self.budget(self.cleaning))
        self.assertEqual(budget.invoice_state, 'none')
        choices = dict(
            Sale.fields_get(['invoice_state'])['invoice_state']['selection'])
        self.assertEqual(choices['none'], "Not Invoiced")

    @in_clinic
    def test_expired_quotations_closed_by_cron(self):
        """Tryton's scheduled cancelling of expired quotations closes them
        as expired, and leaves the budgets still valid as sent"""
        Sale = Pool().get('sale.sale')
        expired = self.send(self.budget(self.cleaning), days_ago=20)
        valid = self.send(self.budget(self.cleaning), days_ago=10)
        Sale.cancel_expired_quotation()
        self.assertEqual(
            (Sale(expired.id).state, Sale(expired.id).closing,
                Sale(expired.id).budget_state),
            ('cancelled', 'expired', 'expired'))
        self.assertEqual(Sale(valid.id).budget_state, 'sent')

    @in_clinic
    def test_draft_again_reopens(self):
        "A rejected budget put back to draft is a draft again, not rejected"
        Sale = Pool().get('sale.sale')
        budget = self.send(self.budget(self.cleaning))
        Sale.reject([budget])
        Sale.draft([budget])
        budget = Sale(budget.id)
        self.assertEqual((budget.budget_state, budget.closing), ('draft', None))
        self.assertEqual(Sale.search([('budget_state', '=', 'rejected')]), [])

    # Acceptance

    @in_clinic
    def test_accept_expired_refused(self):
        """An expired budget cannot be accepted: the message names the
        budget and the day it expired; the budget stays as it was"""
        Sale = Pool().get('sale.sale')
        budget = self.send(self.budget(self.cleaning), days_ago=30)
        with self.assertRaises(BudgetError) as cm:
            Sale.confirm([budget])
        message = cm.exception.message
        self.assertIn(budget.rec_name, message)
        self.assertIn(
            Pool().get("ir.lang").get().strftime(budget.quotation_expire),
            message)
        self.assertEqual(Sale(budget.id).budget_state, 'expired')

    @in_clinic
    def test_accept_nothing_accepted_refused(self):
        "A budget whose lines are all declined cannot be accepted"
        Sale = Pool().get('sale.sale')
        budget = self.send(self.budget(
                self.cleaning, self.whitening,
                declined=[self.cleaning, self.whitening]))
        with self.assertRaisesRegex(BudgetError, 'no accepted line') as cm:
            Sale.confirm([budget])
        self.assertIn(budget.rec_name, cm.exception.message)
        self.assertEqual(Sale(budget.id).budget_state, 'sent')
        self.assertEqual(self.invoices(), [])

    @in_clinic
    def test_acceptance_fixed_once_accepted(self):
        """Which lines the patient accepted may change while the budget is
        sent, not once it is accepted"""
        pool = Pool()
        SaleLine = pool.get('sale.line')
        budget = self.send(self.budget(self.cleaning, self.whitening))
        cleaning, whitening = budget.lines
        SaleLine.write([whitening], {'accepted': False})
        budget = self.accept(budget)
        with self.assertRaises(BudgetLineError) as cm:
            SaleLine.write([SaleLine(whitening.id)], {'accepted': True})
        self.assertIn(budget.rec_name, cm.exception.message)
        self.assertFalse(SaleLine(whitening.id).accepted)

    # Invoicing all at once on acceptance

    @in_clinic
    def test_accept_invoices_accepted_lines(self):
        """Accepting a budget invoiced on acceptance makes one invoice of
        the accepted lines, the dental one exempt and the aesthetic one at
        21% into 705; the declined line is not on it"""
        budget = self.send(self.budget(
                self.cleaning, self.whitening, self.filling,
                declined=[self.filling]))
        budget = self.accept(budget)
        invoice, = self.invoices()
        self.assertEqual(list(budget.invoices), [invoice])
        self.assertEqual(
            (invoice.party, invoice.company, invoice.state),
            (self.lucia, self.madrid, 'draft'))
        self.assertEqual(self.invoiced(invoice), sorted([
                    ("Blanqueamiento", 1, D('250'),
                        (self.tax(VAT21).id,)),
                    ("Limpieza dental", 1, D('60'),
                        (self.tax(EXEMPT).id,)),
                    ]))
        self.assertEqual(
            {l.account for l in invoice.lines},
            {account(self.madrid, '705')})
        self.assertEqual(
            (invoice.untaxed_amount, invoice.tax_amount,
                invoice.total_amount),
            (D('310.00'), D('52.50'), D('362.50')))
        self.assertEqual(
            (budget.state, budget.budget_state, budget.invoice_state),
            ('processing', 'accepted', 'pending'))

    @in_clinic
    def test_paid_budget_done_despite_declined_line(self):
        """Once the invoice of the accepted lines is paid the budget is
        done: the declined line does not keep it open"""
        pool = Pool()
        Invoice = pool.get('account.invoice')
        Sale = pool.get('sale.sale')
        budget = self.accept(self.send(self.budget(
                    self.cleaning, self.whitening,
                    declined=[self.whitening])))
        invoice, = budget.invoices
        invoice.invoice_date = self.today
        invoice.save()
        Invoice.post([invoice])
        self.pay(Invoice(invoice.id))
        run_queued_tasks()
        budget = Sale(budget.id)
        self.assertEqual(Invoice(invoice.id).state, 'paid')
        self.assertEqual(
            (budget.invoice_state, budget.state), ('paid', 'done'))

    @in_clinic
    def test_calendar_holds_budgets_expiring_and_invoices_due(self):
        """The calendar shows the day a sent budget expires; accepted, its
        invoice's due date instead, which goes once the invoice is paid"""
        pool = Pool()
        Event = pool.get('clinic.calendar.event')
        Invoice = pool.get('account.invoice')

        def events():
            return [(e.kind, e.date, e.origin, e.name) for e in Event.search(
                    [('kind', 'in', ['invoice_due', 'budget_expiry'])])]
        budget = self.send(self.budget(self.cleaning), days_ago=2)
        self.assertEqual(events(), [
                ('budget_expiry', self.today + dt.timedelta(days=13), budget,
                    "Budget %s expires: %s" % (
                        budget.number, self.lucia.rec_name))])
        invoice, = self.accept(budget).invoices
        invoice.invoice_date = self.today
        invoice.save()
        Invoice.post([invoice])
        self.assertEqual(events(), [
                ('invoice_due', self.today, invoice,
                    "Invoice %s due: %s" % (
                        invoice.number, self.lucia.rec_name))])
        self.pay(Invoice(invoice.id))
        self.assertEqual(events(), [])

    def pay(self, invoice):
        "Pay the invoice in full in cash, as the Pay wizard does"
        pool = Pool()
        Journal = pool.get('account.journal')
        Method = pool.get('account.invoice.payment.method')
        MoveLine = pool.get('account.move.line')
        Invoice = pool.get('account.invoice')
        journal, = Journal.search([('type', '=', 'cash')], limit=1)
        cash = account(self.madrid, '570')
        method = Method(company=self.madrid, name="Efectivo",
            journal=journal, credit_account=cash, debit_account=cash)
        method.save()
        lines = invoice.pay_invoice(
            invoice.amount_to_pay, method, self.today)
        MoveLine.reconcile(list(invoice.lines_to_pay) + lines)
        Invoice.process([invoice])

    # Invoicing as the treatments are done

    @in_clinic
    def test_each_clinic_chooses_its_invoicing(self):
        """Madrid invoices as the treatments are done and its budgets are
        valid for 30 days; the central keeps Tryton's defaults"""
        pool = Pool()
        Configuration = pool.get('sale.configuration')
        Sale = pool.get('sale.sale')
        config = Configuration(1)
        config.sale_invoice_method = 'treatment'
        config.sale_quotation_validity = dt.timedelta(days=30)
        config.save()
        for company, method, validity in [
                (self.madrid, 'treatment', dt.timedelta(days=30)),
                (self.central, 'order', None)]:
            with self.subTest(company=company.rec_name), \
                    set_company(company):
                budget = Sale(company=company)
                budget.on_change_company()
                self.assertEqual(
                    (budget.invoice_method, budget.quotation_validity),
                    (method, validity))

    @in_clinic
    def test_treatment_method_invoices_done_lines(self):
        """Invoiced as treatments are done, accepting invoices nothing; a
        line done on a day is invoiced when the clinic invoices, alone"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        SaleLine = pool.get('sale.line')
        budget = self.accept(self.send(self.budget(
                    self.cleaning, self.whitening,
                    invoice_method='treatment')))
        self.assertEqual(self.invoices(), [])
        self.assertEqual(budget.budget_state, 'accepted')
        cleaning, whitening = budget.lines
        SaleLine.write([cleaning], {'done_date': self.today})
        Sale.invoice([budget])
        invoice, = self.invoices()
        self.assertEqual(self.invoiced(invoice), [
                ("Limpieza dental", 1, D('60'), (self.tax(EXEMPT).id,))])
        # Invoicing again invoices nothing new
        Sale.invoice([Sale(budget.id)])
        self.assertEqual(self.invoices(), [invoice])
        SaleLine.write([whitening], {'done_date': self.today})
        Sale.invoice([Sale(budget.id)])
        _, second = self.invoices()
        self.assertEqual(self.invoiced(second), [
                ("Blanqueamiento", 1, D('250'), (self.tax(VAT21).id,))])

    def planned(self, tooth, service, surfaces=('occlusal',),
            company=None, status='planned'):
        "Return a treatment planned on Lucía's tooth in Madrid"
        pool = Pool()
        Finding = pool.get('clinic.dental.finding')
        ModelData = pool.get('ir.model.data')
        kind = ModelData.get_id('clinic_dental', 'finding_kind_filling')
        finding, = Finding.create([{
                    'patient': self.lucia.id,
                    'company': (company or self.madrid).id,
                    'tooth': tooth, 'kind': kind,
                    'surfaces': list(surfaces), 'status': status,
                    'service': service.id if service else None,
                    }])
        return finding

    def do(self, *treatments):
        "The dentist marks the treatments done, and what it queued runs"
        Finding = Pool().get('clinic.dental.finding')
        with Transaction().set_context(employee=self.dentist.id):
            Finding.do(list(treatments))
        run_queued_tasks()

    def treatment_budget(self, treatments, declined=()):
        """Return a draft budget invoiced as treatments are done with a line
        for each treatment"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        SaleLine = pool.get('sale.line')
        budget = self.budget(invoice_method='treatment')
        lines = [SaleLine.for_treatment(budget, t) for t in treatments]
        for line, treatment in zip(lines, treatments):
            line.accepted = treatment not in declined
        SaleLine.save(lines)
        return Sale(budget.id)

    @in_clinic
    def test_treatment_done_invoices_its_line(self):
        """The dentist marks a budgeted treatment done: its accepted line
        is done that day and invoiced; a declined treatment done is not
        invoiced"""
        pool = Pool()
        SaleLine = pool.get('sale.line')
        on_16 = self.planned(16, self.filling)
        on_26 = self.planned(26, self.filling)
        budget = self.accept(self.send(self.treatment_budget(
                    [on_16, on_26], declined=[on_26])))
        line_16, line_26 = sorted(budget.lines, key=lambda l: l.teeth)
        self.assertEqual(self.invoices(), [])
        self.do(on_16)
        self.assertEqual(SaleLine(line_16.id).done_date, self.today)
        invoice, = self.invoices()
        self.assertEqual(self.invoiced(invoice), [
                ("Empaste composite", 1, D('80'), (self.tax(EXEMPT).id,))])
        self.assertEqual(
            [l.origin for l in invoice.lines], [SaleLine(line_16.id)])
        self.do(on_26)
        self.assertEqual(self.invoices(), [invoice])
        self.assertEqual(len(invoice.lines), 1)

    @in_clinic
    def test_treatment_done_before_acceptance_invoiced(self):
        """A budgeted treatment done while the budget waits for the
        patient's answer is invoiced once the patient accepts it"""
        on_16 = self.planned(16, self.filling)
        budget = self.send(self.treatment_budget([on_16]))
        self.do(on_16)
        budget = self.accept(budget)
        line, = budget.lines
        self.assertEqual(line.done_date, self.today)
        invoice, = self.invoices()
        self.assertEqual(self.invoiced(invoice), [
                ("Empaste composite", 1, D('80'), (self.tax(EXEMPT).id,))])

    # Invoicing refused

    @in_clinic
    def test_invoice_refused_unless_accepted(self):
        """Invoicing a draft, sent, rejected or expired budget is refused
        with its state named; nothing is invoiced and nothing changes"""
        Sale = Pool().get('sale.sale')
        draft = self.budget(self.cleaning)
        sent = self.send(self.budget(self.cleaning))
        rejected = self.send(self.budget(self.cleaning))
        Sale.reject([rejected])
        expired = self.send(self.budget(self.cleaning), days_ago=30)
        for budget, state in [
                (draft, "Draft"), (sent, "Sent"),
                (rejected, "Rejected"), (expired, "Expired")]:
            budget = Sale(budget.id)
            before = (budget.state, budget.budget_state, budget.invoice_state)
            with self.subTest(state=state):
                with self.assertRaises(BudgetError) as cm:
                    Sale.invoice([budget])
                self.assertIn(budget.rec_name, cm.exception.message)
                self.assertIn('is %s' % state, cm.exception.message)
                budget = Sale(budget.id)
                self.assertEqual(
                    (budget.state, budget.budget_state,
                        budget.invoice_state), before)
        self.assertEqual(self.invoices(), [])

    @in_clinic
    def test_invoice_failing_midway_leaves_nothing(self):
        """A service without a revenue account on the second line stops the
        invoicing with a message naming it: no invoice, no invoice line,
        the budget as it was"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        SaleLine = pool.get('sale.line')
        InvoiceLine = pool.get('account.invoice.line')
        no_account = create_tax_category(
            "Sin cuenta", EXEMPT, self.central,
            [self.central, self.madrid], revenue=None)
        consultation = create_service(
            "Consulta sin cuenta", '30', no_account, self.central)
        budget = self.accept(self.send(self.budget(
                    self.cleaning, consultation,
                    invoice_method='treatment')))
        SaleLine.write(list(budget.lines), {'done_date': self.today})
        with self.assertRaises(UserError) as cm:
            Sale.invoice([Sale(budget.id)])
        self.assertIn("Consulta sin cuenta", cm.exception.message)
        self.assertEqual(self.invoices(), [])
        self.assertEqual(InvoiceLine.search([]), [])
        budget = Sale(budget.id)
        self.assertEqual(
            (budget.state, budget.invoice_state, budget.budget_state),
            ('processing', 'none', 'accepted'))

    # Budget discount

    @in_clinic
    def test_budget_discount(self):
        """A 10% budget discount gives every line 10% off its price; lines
        added afterwards get it too"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        SaleLine = pool.get('sale.line')
        budget = self.budget(self.cleaning, self.whitening)
        budget.discount_rate = D('0.10')
        budget.on_change_discount_rate()
        budget.save()
        budget = Sale(budget.id)
        filling = SaleLine.for_service(budget, self.filling)
        filling.save()
        self.assertEqual(
            sorted((l.product.name, l.discount_rate, l.unit_price)
                for l in Sale(budget.id).lines),
            [("Blanqueamiento", D('0.10'), D('225.0000')),
                ("Empaste composite", D('0.10'), D('72.0000')),
                ("Limpieza dental", D('0.10'), D('54.0000'))])
        self.assertEqual(Sale(budget.id).untaxed_amount, D('351.00'))

    @in_clinic
    def test_budget_discount_over_100_refused(self):
        "A budget discount of 150% is refused, naming the field"
        budget = self.budget(self.cleaning)
        budget.discount_rate = D('1.5')
        with self.assertRaisesRegex(
                DomainValidationError, 'Budget Discount'):
            budget.save()

    # Add Package

    def run_wizard(self, name, budget, values):
        """Run the wizard on the budget as the client does: open it, fill
        its start form with values and click Add; return its defaults"""
        Wizard = Pool().get(name, type='wizard')
        with Transaction().set_context(
                active_model='sale.sale', active_id=budget.id,
                active_ids=[budget.id]):
            session_id, _, _ = Wizard.create()
            try:
                defaults = Wizard.execute(session_id, {}, 'start')
                Wizard.execute(session_id, {'start': values}, 'add')
            finally:
                Wizard.delete(session_id)
        return defaults['view']['defaults']

    def package(self):
        """Return the central's "Blanqueamiento completo" package (a
        cleaning and two whitening sessions) with Madrid's own filling"""
        Package = Pool().get('clinic.service.package')
        with Transaction().set_context(company=self.central.id):
            package, = Package.create([{
                        'name': "Blanqueamiento completo",
                        'company': self.central.id,
                        'lines': [('create', [
                                    {'service': self.cleaning.id,
                                        'quantity': 1,
                                        'company': self.central.id},
                                    {'service': self.whitening.id,
                                        'quantity': 2,
                                        'company': self.central.id},
                                    ])],
                        }])
        with Transaction().set_context(company=self.madrid.id):
            Package.write([package], {'lines': [('create', [{
                                'service': self.filling.id, 'quantity': 1,
                                'company': self.madrid.id}])]})
        return package

    @in_clinic
    def test_add_package(self):
        """Add Package puts on a draft budget every service of the package,
        the central's and Madrid's own, with quantities and prices"""
        Sale = Pool().get('sale.sale')
        package = self.package()
        budget = self.budget()
        self.run_wizard(
            'clinic.budget.add_package', budget, {'package': package.id})
        self.assertEqual(
            sorted((l.product.name, l.quantity, l.unit_price, l.accepted,
                    tuple(l.taxes))
                for l in Sale(budget.id).lines),
            [("Blanqueamiento", 2, D('250.0000'), True,
                    (self.tax(VAT21),)),
                ("Empaste composite", 1, D('80.0000'), True,
                    (self.tax(EXEMPT),)),
                ("Limpieza dental", 1, D('60.0000'), True,
                    (self.tax(EXEMPT),))])

    @in_clinic
    def test_add_package_as_receptionist(self):
        """Madrid's receptionist adds the central's package, with Madrid's
        own service, to a budget of Madrid"""
        Sale = Pool().get('sale.sale')
        package = self.package()
        budget = self.budget()
        receptionist = create_user(
            'mad.reception', [self.madrid], self.madrid,
            ['group_receptionist'])
        with acting_as(receptionist):
            self.run_wizard(
                'clinic.budget.add_package', Sale(budget.id),
                {'package': package.id})
            self.assertEqual(
                sorted((l.product.name, l.quantity)
                    for l in Sale(budget.id).lines),
                [("Blanqueamiento", 2), ("Empaste composite", 1),
                    ("Limpieza dental", 1)])

    @in_clinic
    def test_add_package_not_draft_refused(self):
        "Add Package on a sent budget is refused; its lines stay as they are"
        Sale = Pool().get('sale.sale')
        package = self.package()
        budget = self.send(self.budget(self.cleaning))
        with self.assertRaisesRegex(BudgetError, 'only while it is a draft'):
            self.run_wizard(
                'clinic.budget.add_package', budget, {'package': package.id})
        self.assertEqual(len(Sale(budget.id).lines), 1)

    # Add Planned Treatments

    def other_clinic(self):
        "Return Barcelona, another clinic of the franchise"
        Company = Pool().get('company.company')
        barcelona = create_company(
            "Clínica Barcelona", currency=self.madrid.currency)
        Company.write([barcelona], {
                'franchise': self.madrid.franchise.id,
                'clinic_role': 'clinic', 'history_prefix': 'BCN'})
        return barcelona

    @in_clinic
    def test_add_planned_treatments(self):
        """Add Planned Treatments proposes Lucía's planned treatments of
        Madrid with a service not yet on the budget; their lines carry the
        tooth, the surfaces and the treatment"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        SaleLine = pool.get('sale.line')
        on_16 = self.planned(16, self.filling, ['occlusal', 'mesial'])
        on_26 = self.planned(26, self.filling)
        on_36 = self.planned(36, self.filling)
        self.planned(46, None)
        self.planned(17, self.filling, company=self.other_clinic())
        done = self.planned(27, self.filling)
        self.do(done)
        budget = self.budget()
        SaleLine.save([SaleLine.for_treatment(budget, on_36)])
        defaults = self.run_wizard(
            'clinic.budget.add_treatments', budget, {
                'patient': self.lucia.id,
                'treatments': [on_16.id, on_26.id],
                })
        self.assertEqual(defaults['patient'], self.lucia.id)
        self.assertEqual(defaults['treatments'], [on_16.id, on_26.id])
        lines = sorted(Sale(budget.id).lines, key=lambda l: l.teeth)
        self.assertEqual(
            [(l.teeth, l.treatment, l.product, l.unit_price, l.accepted)
                for l in lines],
            [("16 MO", on_16, self.filling, D('80.0000'), True),
                ("26 O", on_26, self.filling, D('80.0000'), True),
                ("36 O", on_36, self.filling, D('80.0000'), True)])
        self.assertEqual(
            lines[0].description, "Empaste composite: 16 MO")
        self.assertEqual([l.done_date for l in lines], [None] * 3)

    @in_clinic
    def test_done_treatment_line_carries_done_date(self):
        "A line made for a treatment already done is done on that day"
        pool = Pool()
        Finding = pool.get('clinic.dental.finding')
        SaleLine = pool.get('sale.line')
        treatment = self.planned(16, self.filling)
        self.do(treatment)
        budget = self.budget()
        line = SaleLine.for_treatment(budget, treatment)
        line.save()
        self.assertEqual(
            (line.done_date, line.done_by_treatment),
            (Finding(treatment.id).done_date, True))

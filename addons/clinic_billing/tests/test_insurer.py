# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Insured patients: what the insurer pays of each service, the patient's
co-payment invoice and the insurer's invoice of the rest"""
import unittest

from trytond.exceptions import UserError
from trytond.pool import Pool

from clinic_base.tests.tools import acting_as, create_user

from .insured import D, InsuredClinic
from .tools import create_patient, in_clinic, run_queued_tasks

EXEMPT_TAX = ("IVA exento asistencia sanitaria (ventas)",)


class InsurerTestCase(InsuredClinic, unittest.TestCase):
    "The co-payment of insured patients"

    def pair(self, budget):
        "Return the budget's patient invoice and its insurer invoice"
        invoice, = budget.invoices
        insurer_invoice, = invoice.insurer_invoices
        self.assertEqual(list(budget.insurer_invoices), [insurer_invoice])
        return invoice, insurer_invoice

    @in_clinic
    def test_invoice_pair_at_once(self):
        """A budget of a covered and an uncovered service, invoiced at
        once: the patient's invoice has the co-payment, the insurer's the
        insurer's part, both with the service's tax; the budget's lines
        count as invoiced once"""
        self.cover(self.cleaning, '40')
        budget = self.accept(self.budget(self.cleaning, self.filling))
        invoice, insurer_invoice = self.pair(budget)
        self.assertEqual(invoice.party, self.lucia)
        self.assertEqual(self.invoiced(invoice), [
                ("Empaste composite", 1, D('80'), EXEMPT_TAX),
                ("Limpieza dental", 1, D('20'), EXEMPT_TAX),
                ])
        self.assertEqual(insurer_invoice.party, self.insurer)
        self.assertEqual(insurer_invoice.patient_invoice, invoice)
        self.assertEqual(insurer_invoice.company, self.madrid)
        self.assertEqual(insurer_invoice.reference, 'POL-123')
        self.assertEqual(self.invoiced(insurer_invoice), [
                ("Limpieza dental", 1, D('40'), EXEMPT_TAX)])
        for line in budget.lines:
            self.assertEqual(line.quantity_to_invoice, 0)
            self.assertEqual(len(line.invoice_lines), 1)
        self.assertEqual(
            (budget.insurer_amount, budget.patient_amount),
            (D('40'), D('100')))

    @in_clinic
    def test_invoicing_again_adds_nothing(self):
        "Processing the invoiced budget again invoices nothing more"
        Sale = Pool().get('sale.sale')
        Invoice = Pool().get('account.invoice')
        self.cover(self.cleaning, '40')
        budget = self.accept(self.budget(self.cleaning))
        Sale.process([budget])
        run_queued_tasks()
        self.assertEqual(Invoice.search([], count=True), 2)

    @in_clinic
    def test_budget_paid_once_both_paid(self):
        """Both invoices post in Madrid's series; the budget is partially
        paid once the patient pays, paid once the insurer pays too"""
        Sale = Pool().get('sale.sale')
        self.cover(self.cleaning, '40')
        budget = self.accept(self.budget(self.cleaning, self.filling))
        invoice, insurer_invoice = self.post(*self.pair(budget))
        self.assertEqual(
            sorted([invoice.number, insurer_invoice.number]), ['1', '2'])
        cash = self.cash()
        self.pay(invoice, cash)
        self.assertEqual(Sale(budget.id).invoice_state, 'partially paid')
        self.pay(insurer_invoice, cash)
        self.assertEqual(Sale(budget.id).invoice_state, 'paid')

    @in_clinic
    def test_insurer_part_with_vat(self):
        """On a service that pays 21% VAT both parts pay it: the budget's
        totals and the two invoices' say the same"""
        self.cover(self.whitening, '100')
        budget = self.accept(self.budget(self.whitening))
        self.assertEqual(
            (budget.insurer_amount, budget.patient_amount),
            (D('121.00'), D('181.50')))
        invoice, insurer_invoice = self.pair(budget)
        self.assertEqual(
            (insurer_invoice.total_amount, invoice.total_amount),
            (D('121.00'), D('181.50')))
        self.assertEqual(
            insurer_invoice.lines[0].taxes, invoice.lines[0].taxes)

    @in_clinic
    def test_insurer_pays_at_most_the_price(self):
        "A coverage above the price leaves the patient a line at zero"
        self.cover(self.cleaning, '75')
        budget = self.accept(self.budget(self.cleaning))
        invoice, insurer_invoice = self.pair(budget)
        self.assertEqual(invoice.lines[0].unit_price, D('0'))
        self.assertEqual(insurer_invoice.total_amount, D('60'))

    @in_clinic
    def test_pair_as_treatments_are_done(self):
        """Invoiced as the treatments are done: each done line brings its
        pair of invoices; a done line not covered brings the patient's
        invoice alone"""
        SaleLine = Pool().get('sale.line')
        self.cover(self.cleaning, '40')
        budget = self.accept(self.budget(
                self.cleaning, self.filling, invoice_method='treatment'))
        self.assertEqual(list(budget.invoices), [])
        cleaning, filling = sorted(
            budget.lines, key=lambda l: l.product.name != "Limpieza dental")
        SaleLine.mark_done([cleaning], self.today)
        run_queued_tasks()
        budget = budget.__class__(budget.id)
        first, insurer_invoice = self.pair(budget)
        self.assertEqual(self.invoiced(insurer_invoice), [
                ("Limpieza dental", 1, D('40'), EXEMPT_TAX)])
        SaleLine.mark_done([filling], self.today)
        run_queued_tasks()
        budget = budget.__class__(budget.id)
        second, = [i for i in budget.invoices if i != first]
        self.assertEqual(list(second.insurer_invoices), [])
        self.assertEqual(list(budget.insurer_invoices), [insurer_invoice])

    @in_clinic
    def test_uninsured_patient_pays_all(self):
        "A patient without insurer gets one invoice of the full price"
        self.cover(self.cleaning, '40')
        pedro = create_patient("Pedro Gil")
        budget = self.accept(self.budget(self.cleaning, party=pedro))
        invoice, = budget.invoices
        self.assertEqual(list(invoice.insurer_invoices), [])
        self.assertEqual(invoice.total_amount, D('60'))
        self.assertEqual(
            (budget.insurer_amount, budget.patient_amount),
            (D('0'), D('60')))

    @in_clinic
    def test_declined_line_not_counted(self):
        "The insurer's total of a budget leaves out the declined lines"
        SaleLine = Pool().get('sale.line')
        self.cover(self.cleaning, '40')
        self.cover(self.filling, '30')
        budget = self.budget(self.cleaning, self.filling)
        filling, = [l for l in budget.lines if l.product == self.filling]
        SaleLine.write([filling], {'accepted': False})
        budget = budget.__class__(budget.id)
        self.assertEqual(
            (budget.insurer_amount, budget.patient_amount),
            (D('40'), D('20')))

    @in_clinic
    def test_clinic_coverage_prevails(self):
        """A clinic's own coverage of a service prevails over the
        central's; another clinic's is ignored"""
        pool = Pool()
        Company = pool.get('company.company')
        self.cover(self.cleaning, '40')
        self.cover(self.cleaning, '45', company=self.madrid)
        budget = self.budget(self.cleaning)
        line, = budget.lines
        self.assertEqual(line.insurer_unit_price, D('45'))
        other, = Company.create([{
                    'party': self.lucia.__class__.create(
                        [{'name': "Clínica Sevilla"}])[0].id,
                    'currency': self.madrid.currency.id}])
        Coverage = pool.get('clinic.insurer.coverage')
        self.assertEqual(
            Coverage.amount_for(other, self.insurer, self.cleaning),
            D('0'))

    @in_clinic
    def test_coverage_unique(self):
        "A second coverage of the same service by the same company fails"
        self.cover(self.cleaning, '40')
        with self.assertRaises(UserError):
            self.cover(self.cleaning, '45')

    @in_clinic
    def test_coverage_rights(self):
        """A clinic manager adds the clinic's coverage but cannot change
        the central's; a receptionist reads coverages, never writes them"""
        pool = Pool()
        Coverage = pool.get('clinic.insurer.coverage')
        central = self.cover(self.cleaning, '40')
        manager = create_user(
            'manager', [self.madrid], self.madrid, ['group_clinic_manager'])
        receptionist = create_user(
            'recep', [self.madrid], self.madrid, ['group_receptionist'])
        with acting_as(manager):
            own, = Coverage.create([{
                        'insurer': self.insurer.id,
                        'service': self.filling.id, 'amount': D('30')}])
            self.assertEqual(own.company, self.madrid)
            with self.assertRaises(UserError):
                Coverage.write([Coverage(central.id)], {'amount': D('1')})
        with acting_as(receptionist):
            self.assertEqual(len(Coverage.search([])), 2)
            with self.assertRaises(UserError):
                Coverage.write([Coverage(own.id)], {'amount': D('1')})

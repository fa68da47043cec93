# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The clinic of the insurer, installment and credit note tests: Madrid
budgets a cleaning (exempt, 60), a filling (exempt, 80) and a whitening
(21% VAT, 250) of the central's for Lucía, insured by Sanitas"""
from decimal import Decimal

from trytond.pool import Pool
from trytond.transaction import Transaction

from clinic_l10n_es.tests.tools import account

from .tools import (
    EXEMPT, VAT21, BillingModules, create_patient, create_service,
    create_tax_category, run_queued_tasks)

D = Decimal


class InsuredClinic(BillingModules):
    """Mixin of the test cases (with in_clinic): Madrid, its services,
    Lucía and her insurer"""

    def setup_clinic(self):
        companies = [self.central, self.madrid]
        dental = create_tax_category(
            "Odontología", EXEMPT, self.central, companies)
        aesthetic = create_tax_category(
            "Estética", VAT21, self.central, companies)
        self.cleaning = create_service(
            "Limpieza dental", '60', dental, self.central)
        self.filling = create_service(
            "Empaste composite", '80', dental, self.central)
        self.whitening = create_service(
            "Blanqueamiento", '250', aesthetic, self.central)
        self.insurer = create_patient("Sanitas Dental")
        self.lucia = create_patient()
        self.lucia.insurer = self.insurer
        self.lucia.insurance_policy = 'POL-123'
        self.lucia.save()
        self.today = Pool().get('ir.date').today()

    def cover(self, service, amount, company=None):
        "The company (the central) makes Sanitas pay amount of service"
        Coverage = Pool().get('clinic.insurer.coverage')
        coverage = Coverage(
            company=company or self.central, insurer=self.insurer,
            service=service, amount=D(amount))
        coverage.save()
        return coverage

    def budget(self, *services, party=None, invoice_method='order',
            payment_term=None):
        "Return a sent budget of Madrid for Lucía, a line a service"
        pool = Pool()
        Sale = pool.get('sale.sale')
        SaleLine = pool.get('sale.line')
        budget = Sale(company=self.madrid, party=party or self.lucia)
        budget.on_change_party()
        budget.invoice_method = invoice_method
        if payment_term:
            budget.payment_term = payment_term
        budget.save()
        SaleLine.save([SaleLine.for_service(budget, s) for s in services])
        Sale.quote([budget])
        return Sale(budget.id)

    def accept(self, budget):
        "Accept the budget and run what its acceptance queued"
        Sale = Pool().get('sale.sale')
        Sale.confirm([budget])
        run_queued_tasks()
        return Sale(budget.id)

    def invoiced(self, invoice):
        "The invoice's lines as (product, quantity, unit price, taxes)"
        return sorted(
            (l.product.name, l.quantity, l.unit_price,
                tuple(t.rec_name for t in l.taxes))
            for l in invoice.lines)

    def post(self, *invoices):
        Invoice = Pool().get('account.invoice')
        for invoice in invoices:
            invoice.invoice_date = invoice.invoice_date or self.today
            invoice.save()
        with Transaction().set_context(_skip_warnings=True):
            Invoice.post(invoices)
        return [Invoice(i.id) for i in invoices]

    def cash(self):
        "Return Madrid's cash payment method"
        pool = Pool()
        Journal = pool.get('account.journal')
        Method = pool.get('account.invoice.payment.method')
        journal, = Journal.search([('type', '=', 'cash')], limit=1)
        cash = account(self.madrid, '570')
        method = Method(company=self.madrid, name="Efectivo",
            journal=journal, credit_account=cash, debit_account=cash)
        method.save()
        return method

    def pay(self, invoice, method, date=None):
        "Pay in full what is due on the invoice, reconciled with it"
        pool = Pool()
        Invoice = pool.get('account.invoice')
        MoveLine = pool.get('account.move.line')
        with Transaction().set_context(_skip_warnings=True):
            lines = invoice.pay_invoice(
                invoice.amount_to_pay, method, date or self.today)
        MoveLine.reconcile(list(invoice.lines_to_pay) + list(lines))
        run_queued_tasks()
        return Invoice(invoice.id)

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Installment plans: Tryton payment terms a clinic picks on a budget, the
installments of its invoice and the debtors list that counts only those
past due"""
import datetime as dt
import unittest

from dateutil.relativedelta import relativedelta

from trytond.pool import Pool
from trytond.transaction import Transaction

from clinic_l10n_es.tests.tools import year_start

from .insured import D, InsuredClinic
from .tools import in_clinic
from .test_budget_report import load_spanish



class InstallmentTestCase(InsuredClinic, unittest.TestCase):
    "Treatments paid in installments"

    def plan(self, xml_id):
        pool = Pool()
        PaymentTerm = pool.get('account.invoice.payment_term')
        ModelData = pool.get('ir.model.data')
        return PaymentTerm(ModelData.get_id('clinic_billing', xml_id))

    def invoice_in_installments(self, xml_id):
        """Post, dated on the first day of the year, the invoice of an
        accepted budget of a whitening (302.50 with VAT) on the plan"""
        budget = self.accept(self.budget(
                self.whitening, payment_term=self.plan(xml_id)))
        invoice, = budget.invoices
        self.assertEqual(invoice.payment_term, self.plan(xml_id))
        invoice.invoice_date = year_start()
        invoice, = self.post(invoice)
        return invoice

    def installments(self, invoice):
        return sorted(
            (l.maturity_date, l.debit - l.credit)
            for l in invoice.lines_to_pay)

    @in_clinic
    def test_three_monthly_installments(self):
        """On 3 monthly installments the invoice has three receivables, the
        first on the invoice date, the others a month apart, summing to
        the total"""
        invoice = self.invoice_in_installments('payment_term_3_months')
        self.assertEqual(invoice.total_amount, D('302.50'))
        self.assertEqual(self.installments(invoice), [
                (year_start(), D('100.83')),
                (year_start() + relativedelta(months=1), D('100.83')),
                (year_start() + relativedelta(months=2), D('100.84')),
                ])

    @in_clinic
    def test_each_plan_sums_to_the_total(self):
        "Every plan splits the total into its number of monthly receivables"
        for xml_id, count in [
                ('payment_term_cash', 1), ('payment_term_6_months', 6),
                ('payment_term_12_months', 12)]:
            invoice = self.invoice_in_installments(xml_id)
            installments = self.installments(invoice)
            self.assertEqual(len(installments), count)
            self.assertEqual(
                sum(a for _, a in installments), invoice.total_amount)
            self.assertEqual(
                installments[-1][0],
                year_start() + relativedelta(months=count - 1))

    @in_clinic
    def test_debtor_owes_only_the_overdue_installment(self):
        """Twenty days after the invoice only its first installment is past
        due: the debtors list counts it overdue, the rest as due"""
        Debtor = Pool().get('clinic.debtor')
        self.invoice_in_installments('payment_term_3_months')
        with Transaction().set_context(
                date=year_start() + dt.timedelta(days=20)):
            debtor, = Debtor.search([])
            debtor = Debtor(debtor.id)
            self.assertEqual(
                (debtor.party, debtor.overdue_amount, debtor.total_due,
                    debtor.overdue_30, debtor.days_overdue),
                (self.lucia, D('100.83'), D('302.50'), D('100.83'), 20))

    @in_clinic
    def test_plans_named_in_spanish(self):
        "The plans read in Spanish as the clinics know them"
        PaymentTerm = Pool().get('account.invoice.payment_term')
        load_spanish()
        with Transaction().set_context(language='es'):
            names = sorted(PaymentTerm(self.plan(x).id).name for x in [
                    'payment_term_cash', 'payment_term_3_months',
                    'payment_term_6_months', 'payment_term_12_months'])
        self.assertEqual(names, [
                "12 cuotas mensuales", "3 cuotas mensuales",
                "6 cuotas mensuales", "Contado"])

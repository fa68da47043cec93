# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Practitioners' commissions: each practitioner earns, at their plan's
percentages, the commission of the invoice lines they did; credit notes
take it back; the clinic settles a period per practitioner"""
import datetime as dt
import unittest
from decimal import Decimal

from trytond.model.exceptions import AccessError
from trytond.modules.company.tests import (
    create_company, create_employee)
from trytond.pool import Pool
from trytond.transaction import Transaction

from clinic_base.tests.tools import acting_as, create_user, share
from clinic_l10n_es.tests.tools import account

from ..exceptions import CommissionError
from .tools import (
    EXEMPT, BillingModules, create_patient, create_service,
    create_tax_category, in_clinic, run_queued_tasks)

D = Decimal


class CommissionTestCase(BillingModules, unittest.TestCase):
    "Practitioners' commissions of a clinic, and their settlement"

    def setup_clinic(self):
        """A cleaning and a filling, dental services; Dr. Torres and Dr.
        Gil, practitioners of Madrid, earn 10% of what they do, 20% of
        the fillings"""
        pool = Pool()
        Plan = pool.get('commission.plan')
        companies = [self.central, self.madrid]
        dental = create_tax_category(
            "Odontología", EXEMPT, self.central, companies)
        self.cleaning = create_service(
            "Limpieza dental", '60', dental, self.central)
        self.filling = create_service(
            "Empaste composite", '80', dental, self.central)
        self.lucia = create_patient()
        self.today = pool.get('ir.date').today()
        plan, = Plan.create([{
                    'name': "Odontólogos",
                    'commission_product': self.fee_product().id,
                    'commission_method': 'posting',
                    'lines': [('create', [{
                                    'product': self.filling.id,
                                    'formula': 'amount * 0.2',
                                    }, {
                                    'formula': 'amount * 0.1',
                                    }])],
                    }])
        self.torres = self.practitioner("Dra. Ana Torres", plan)
        self.gil = self.practitioner("Dr. Luis Gil", plan)

    def fee_product(self):
        """The service the practitioners invoice their commissions with,
        an expense of Madrid"""
        Category = Pool().get('product.category')
        category = create_tax_category("Honorarios", EXEMPT, self.central,
            [self.central, self.madrid], revenue=None)
        category = Category(category.id)
        category.account_expense = account(self.madrid, '623')
        category.save()
        return create_service(
            "Honorarios profesionales", '1', category, self.central)

    def practitioner(self, name, plan):
        "Return an employee of Madrid who earns through an agent on plan"
        Agent = Pool().get('commission.agent')
        employee = create_employee(self.madrid, name)
        Agent.create([{
                    'party': employee.party.id, 'employee': employee.id,
                    'company': self.madrid.id, 'plan': plan.id,
                    'currency': self.madrid.currency.id,
                    }])
        return employee

    def done_budget(self, *done):
        """Return the invoice of a budget invoiced as treatments are done
        whose lines (service, practitioner) are done today, posted"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        SaleLine = pool.get('sale.line')
        Invoice = pool.get('account.invoice')
        budget = Sale(company=self.madrid, party=self.lucia)
        budget.on_change_party()
        budget.invoice_method = 'treatment'
        budget.save()
        lines = [SaleLine.for_service(budget, s) for s, _ in done]
        SaleLine.save(lines)
        Sale.quote([budget])
        Sale.confirm([budget])
        for line, (_, practitioner) in zip(lines, done):
            SaleLine.mark_done([line], self.today, practitioner=practitioner)
        run_queued_tasks()
        invoice, = Invoice.search([('party', '=', self.lucia.id)],
            order=[('id', 'DESC')], limit=1)
        invoice.invoice_date = self.today
        invoice.save()
        Invoice.post([invoice])
        return Invoice(invoice.id)

    def earned(self, invoice):
        "The commissions of the invoice as (practitioner, base, amount)"
        return sorted(
            (c.practitioner.party.name, c.base_amount, c.amount)
            for l in invoice.lines for c in l.commissions)

    @in_clinic
    def test_each_practitioner_earns_their_lines(self):
        """On one invoice, each practitioner earns the commission of the
        lines they did, at their plan's percentage for the service"""
        invoice = self.done_budget(
            (self.cleaning, self.torres), (self.filling, self.gil))
        self.assertEqual(
            sorted((l.product.name, l.practitioner) for l in invoice.lines),
            [("Empaste composite", self.gil),
                ("Limpieza dental", self.torres)])
        self.assertEqual(self.earned(invoice), [
                ("Dr. Luis Gil", D('80'), D('16')),
                ("Dra. Ana Torres", D('60'), D('6')),
                ])

    @in_clinic
    def test_line_without_practitioner_earns_nothing(self):
        "A service done by nobody named earns no one a commission"
        invoice = self.done_budget((self.cleaning, None))
        self.assertEqual(self.earned(invoice), [])

    @in_clinic
    def test_treatment_done_names_its_practitioner(self):
        """The practitioner who marks a charted treatment done is who did
        its budget line, and earns its commission"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        SaleLine = pool.get('sale.line')
        Finding = pool.get('clinic.dental.finding')
        ModelData = pool.get('ir.model.data')
        treatment, = Finding.create([{
                    'patient': self.lucia.id, 'company': self.madrid.id,
                    'tooth': 16, 'surfaces': ['occlusal'],
                    'kind': ModelData.get_id(
                        'clinic_dental', 'finding_kind_filling'),
                    'status': 'planned', 'service': self.filling.id,
                    }])
        budget = Sale(company=self.madrid, party=self.lucia)
        budget.on_change_party()
        budget.invoice_method = 'treatment'
        budget.save()
        line = SaleLine.for_treatment(budget, treatment)
        line.save()
        with Transaction().set_context(employee=self.gil.id):
            Finding.do([treatment])
        self.assertEqual(SaleLine(line.id).practitioner, self.gil)

    @in_clinic
    def test_credit_note_takes_commission_back(self):
        """Crediting the invoice gives each practitioner the opposite of
        their commission"""
        Invoice = Pool().get('account.invoice')
        invoice = self.done_budget(
            (self.cleaning, self.torres), (self.filling, self.gil))
        credit_note, = Invoice.credit([invoice])
        credit_note.invoice_date = self.today
        credit_note.save()
        Invoice.post([credit_note])
        self.assertEqual(self.earned(Invoice(credit_note.id)), [
                ("Dr. Luis Gil", D('-80'), D('-16')),
                ("Dra. Ana Torres", D('-60'), D('-6')),
                ])

    def settle(self, from_, to, practitioners=()):
        """Run "Create Commission Invoices" for the period and the
        practitioners; return the supplier invoices it made"""
        pool = Pool()
        CreateInvoice = pool.get('commission.create_invoice', type='wizard')
        Invoice = pool.get('account.invoice')
        session_id, _, _ = CreateInvoice.create()
        wizard = CreateInvoice(session_id)
        wizard.ask.from_, wizard.ask.to = from_, to
        wizard.ask.type_ = 'out'
        wizard.ask.agents = []
        wizard.ask.practitioners = list(practitioners)
        _, data = wizard.do_create_(None)
        return Invoice.browse(data['res_id'])

    @in_clinic
    def test_settlement_of_a_period(self):
        """The settlement of last month invoices, for the practitioners
        chosen, their commissions due last month and no others"""
        Commission = Pool().get('commission')
        last_month = self.today.replace(day=1) - dt.timedelta(days=1)
        first = last_month.replace(day=1)
        invoice = self.done_budget(
            (self.cleaning, self.torres), (self.filling, self.gil),
            (self.filling, self.torres))
        commissions = [c for l in invoice.lines for c in l.commissions]
        late, = [c for c in commissions
            if c.practitioner == self.torres and c.amount == D('16')]
        Commission.write(
            [c for c in commissions if c != late], {'date': last_month})
        Commission.write([late], {'date': self.today})

        supplier_invoice, = self.settle(first, last_month, [self.torres])
        self.assertEqual(
            (supplier_invoice.type, supplier_invoice.party,
                supplier_invoice.total_amount),
            ('in', self.torres.party, D('6')))
        settled = Commission.search([('invoice_line', '!=', None)])
        self.assertEqual(
            [(c.practitioner, c.amount) for c in settled],
            [(self.torres, D('6'))])

    @in_clinic
    def test_settlement_period_backwards(self):
        "A period that ends before it starts is refused, nothing invoiced"
        Commission = Pool().get('commission')
        self.done_budget((self.cleaning, self.torres))
        with self.assertRaisesRegex(CommissionError, 'before it starts'):
            self.settle(self.today, self.today - dt.timedelta(days=1))
        self.assertEqual(
            Commission.search([('invoice_line', '!=', None)]), [])

    @in_clinic
    def test_commissions_filtered_by_practitioner(self):
        """The commissions are found by practitioner, by date and by
        patient"""
        Commission = Pool().get('commission')
        self.done_budget(
            (self.cleaning, self.torres), (self.filling, self.gil))
        found = Commission.search([
                ('practitioner', '=', self.gil.id),
                ('date', '>=', self.today), ('date', '<=', self.today),
                ])
        self.assertEqual([c.amount for c in found], [D('16')])
        self.assertEqual(
            [(c.patient, c.company) for c in found],
            [(self.lucia, self.madrid)])
        self.assertEqual(len(Commission.search([
                        ('patient.name', '=', "Lucía Pérez")])), 2)
        self.assertEqual(Commission.search([
                    ('patient.name', '=', "Nadie")]), [])
        self.assertEqual(Commission.search([
                    ('date', '<', self.today)]), [])

    @in_clinic
    def test_agent_of_another_party_refused(self):
        "A practitioner's agent must be the practitioner's own party"
        Agent = Pool().get('commission.agent')
        agent, = Agent.search([('employee', '=', self.torres.id)])
        agent.party = self.gil.party
        with self.assertRaisesRegex(CommissionError, 'own party'):
            agent.save()

    @in_clinic
    def test_other_clinics_do_not_see_commissions(self):
        """Another clinic never sees Madrid's commissions nor its
        practitioners' agents; the central sees them once Madrid shares
        its invoices with it, and cannot settle them"""
        pool = Pool()
        Company = pool.get('company.company')
        Commission = pool.get('commission')
        Agent = pool.get('commission.agent')
        self.done_budget((self.cleaning, self.torres))
        barcelona = create_company(
            "Clínica Barcelona", currency=self.madrid.currency)
        Company.write([barcelona], {
                'franchise': self.madrid.franchise.id,
                'clinic_role': 'clinic', 'history_prefix': 'BCN'})
        share(self.madrid, 'invoices', central=True)
        users = {
            'Barcelona': (barcelona, 0),
            'Central': (self.central, 1),
            'Madrid': (self.madrid, 1),
            }
        for name, (company, seen) in users.items():
            user = create_user('manager.' + name, [company], company,
                ['group_clinic_manager'])
            with self.subTest(clinic=name), acting_as(user):
                self.assertEqual(len(Commission.search([])), seen)
                self.assertEqual(len(Agent.search([])), 2 * seen)
        central = create_user('central.accounts', [self.central],
            self.central, ['group_accountant'])
        with acting_as(central):
            self.assertEqual(self.settle(None, None), [])
            shared, = Commission.search([])
            with self.assertRaises(AccessError):
                Commission.invoice([shared])
            with self.assertRaises(AccessError):
                Commission.write([shared], {'date': self.today})
        self.assertEqual(
            Commission.search([('invoice_line', '!=', None)]), [])


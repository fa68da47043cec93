# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The central's billing lists, filtered by clinic and dates, and the
accountant's export: both show only what the clinics share"""
import datetime as dt
import functools
import io
import unittest
import zipfile
from decimal import Decimal

from trytond.pool import Pool
from trytond.pyson import PYSONDecoder
from trytond.tests import test_tryton
from trytond.tests.test_tryton import drop_db
from trytond.transaction import Transaction

from clinic_base.tests.tools import (
    acting_as, create_user, kept_database, share, with_transaction)
from clinic_billing.tests.tools import (
    CENTRAL, VAT21, create_cash_box_journal, create_franchise_clinics,
    create_patient)
from clinic_l10n_es.exceptions import VATBookPeriodError
from clinic_l10n_es.tests.tools import today, account, create_invoice

from ..exceptions import GestoriaClinicError



MODULES = ['clinic_billing', 'clinic_central', 'clinic_l10n_es']
ACCOUNTANT = 'central.accounts'


def in_franchise(test):
    """Run the test with the franchise of build_franchise: Madrid, which
    shares its invoices with the central, and Barcelona, which does not;
    each has an overdue invoice of 121 € (100 € + 21% VAT) of which 40 €
    were paid in cash the day it was invoiced (self.day)"""
    @functools.wraps(test)
    def wrapper(self):
        pool = Pool()
        Company = pool.get('company.company')
        Invoice = pool.get('account.invoice')
        User = pool.get('res.user')
        self.central, self.madrid, self.barcelona = (
            Company.search([('party.name', '=', name)])[0]
            for name in [CENTRAL, "Clínica Madrid", "Clínica Barcelona"])
        self.invoices = {c: Invoice.search([('company', '=', c.id)])[0]
            for c in [self.madrid, self.barcelona]}
        self.day = self.invoices[self.madrid].invoice_date
        self.accountant, = User.search([('login', '=', ACCOUNTANT)])
        return test(self)
    return with_transaction()(wrapper)


class CentralBillingTestCase(unittest.TestCase):
    "The central looks at the clinics' billing"

    @classmethod
    def setUpClass(cls):
        drop_db()
        # (sorted: the scenarios' activation)
        kept_database(MODULES, 'central-billing', cls.build_franchise)
        cls.addClassCleanup(drop_db)

    @classmethod
    @test_tryton.with_transaction()
    def build_franchise(cls):
        "Build and commit the franchise in_franchise describes"
        central, madrid, barcelona = create_franchise_clinics(
            ("Clínica Madrid", 'MAD'), ("Clínica Barcelona", 'BCN'))
        share(madrid, 'invoices', central=True)
        for clinic, name in [(madrid, "Lucía Pérez"),
                (barcelona, "Jordi Puig")]:
            cls.partly_paid_invoice(clinic, name)
        cls.central_accountant(central)
        Transaction().commit()

    @classmethod
    def partly_paid_invoice(cls, clinic, patient_name):
        "Post the clinic's overdue invoice to a new patient and pay 40 €"
        pool = Pool()
        Invoice = pool.get('account.invoice')
        with Transaction().set_context(company=clinic.id):
            patient = create_patient(patient_name)
            invoice = create_invoice(
                clinic, patient, 'out', [('705', 100, [VAT21])])
            invoice.payment_term_date = today() - dt.timedelta(days=40)
            invoice.save()
            with Transaction().set_context(_skip_warnings=True):
                Invoice.post([invoice])
            invoice.pay_invoice(
                Decimal(40), cls.cash_method(clinic), today())
            return Invoice(invoice.id)

    def closed_box(self, clinic, counted, reason):
        """Return the clinic's box of the invoices' day, which expects the
        40 € paid in cash, closed at counted for reason"""
        Statement = Pool().get('account.statement')
        with Transaction().set_context(company=clinic.id):
            journal = create_cash_box_journal(clinic)
            box = Statement(
                name="Caja", company=clinic, journal=journal, date=self.day,
                start_balance=Decimal(0), end_balance=Decimal(counted),
                difference_reason=reason)
            box.save()
            Statement.validate_statement([box])
            return Statement(box.id)

    @staticmethod
    def cash_method(clinic):
        "Return the clinic's cash payment method"
        pool = Pool()
        Journal = pool.get('account.journal')
        Method = pool.get('account.invoice.payment.method')
        journal, = Journal.search([('type', '=', 'cash')], limit=1)
        cash = account(clinic, '570')
        method = Method(company=clinic, name="Efectivo", kind='cash',
            journal=journal, credit_account=cash, debit_account=cash)
        method.save()
        return method

    @staticmethod
    def central_accountant(central):
        "Create the central's accountant, with Tryton's accounting rights"
        pool = Pool()
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        user = create_user(
            ACCOUNTANT, [central], central, ['group_accountant'])
        User.write([user], {'groups': [
                    ('add', [ModelData.get_id('account', 'group_account')])]})

    def listed(self, action, **filter_):
        """Return the records the central's list action shows to the
        accountant with the filter's clinic and dates"""
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        ActWindow = pool.get('ir.action.act_window')
        act = ActWindow(ModelData.get_id('clinic_central', action))
        Model = pool.get(act.res_model)
        decoder = PYSONDecoder({
                'clinic': filter_.get('clinic'),
                'from_date': filter_.get('from_date'),
                'to_date': filter_.get('to_date'),
                })
        domain = [
            decoder.decode(act.domain) if act.domain else [],
            decoder.decode(act.context_domain),
            ]
        with acting_as(self.accountant):
            return Model.search(domain)

    def export(self, **values):
        """Run the accountant's export (of the invoices' quarter unless
        told) as the accountant and return its result: the zip's file
        name, its files by path and the summary"""
        values = {
            'period_kind': 'quarter', 'year': self.day.year,
            'period': (self.day.month - 1) // 3 + 1, **values}
        Gestoria = Pool().get('clinic.central.gestoria', type='wizard')
        with acting_as(self.accountant):
            session_id, _, _ = Gestoria.create()
            try:
                start = Gestoria.execute(session_id, {}, 'start')
                start = start['view']['defaults']
                start = {k: v for k, v in start.items() if '.' not in k}
                start.update(values)
                result = Gestoria.execute(
                    session_id, {'start': start}, 'export')
            finally:
                Gestoria.delete(session_id)
        defaults = result['view']['defaults']
        archive = zipfile.ZipFile(io.BytesIO(defaults['file']))
        files = {n: archive.read(n) for n in archive.namelist()}
        return defaults['filename'], files, defaults['summary']

    @in_franchise
    def test_invoices_of_the_clinics_that_share(self):
        """The central's invoices list shows Madrid's invoice, which Madrid
        shares, never Barcelona's, whatever the filter"""
        madrid = self.invoices[self.madrid]
        self.assertEqual(self.listed('act_central_invoice'), [madrid])
        self.assertEqual(
            self.listed('act_central_invoice', clinic=self.madrid.id),
            [madrid])
        self.assertEqual(
            self.listed('act_central_invoice', clinic=self.barcelona.id), [])

    @in_franchise
    def test_invoices_filtered_by_dates(self):
        "The dates of the filter frame the invoices' dates"
        madrid = self.invoices[self.madrid]
        tomorrow = self.day + dt.timedelta(days=1)
        self.assertEqual(
            self.listed('act_central_invoice', from_date=self.day,
                to_date=self.day), [madrid])
        self.assertEqual(
            self.listed('act_central_invoice', from_date=tomorrow), [])
        self.assertEqual(
            self.listed('act_central_invoice',
                to_date=self.day - dt.timedelta(days=1)), [])

    @in_franchise
    def test_debtors_of_the_clinics_that_share(self):
        """The central's debtors list shows Madrid's patient with the 81 €
        left, and nothing of Barcelona's"""
        debtors = self.listed('act_central_debtor')
        self.assertEqual(
            [(d.company, d.party.rec_name, d.overdue_amount)
                for d in debtors],
            [(self.madrid, "Lucía Pérez", Decimal('81.00'))])
        self.assertEqual(
            self.listed('act_central_debtor', clinic=self.barcelona.id), [])

    @in_franchise
    def test_cash_boxes_of_the_clinics_that_share(self):
        """The central's cash boxes list and the export show Madrid's box,
        2 € short for its reason, and nothing of Barcelona's"""
        madrid = self.closed_box(self.madrid, 38, "Cambio mal devuelto")
        self.closed_box(self.barcelona, 40, None)
        self.assertEqual(self.listed('act_central_cash_box'), [madrid])
        self.assertEqual(
            self.listed('act_central_cash_box', clinic=self.barcelona.id), [])
        self.assertEqual(madrid.difference, Decimal(-2))
        _, files, summary = self.export()
        self.assertIn(
            "Cambio mal devuelto".encode(),
            xlsx_text(files["Clinica Madrid/cobros.xlsx"]))
        self.assertIn("1 cash boxes", summary)

    @in_franchise
    def test_budgets_list_filters(self):
        "The central's budgets list takes the clinic and dates filters"
        self.assertEqual(
            self.listed('act_central_budget', clinic=self.madrid.id,
                from_date=self.day, to_date=self.day), [])

    @in_franchise
    def test_export_holds_the_books_and_takings_of_madrid(self):
        """The quarter's export has Madrid's VAT books and its takings,
        with the invoice's number and the cash payment; Barcelona, which
        does not share, is not offered"""
        filename, files, summary = self.export()
        quarter = (self.day.month - 1) // 3 + 1
        self.assertEqual(filename, 'gestoria-%s-T%s.zip' % (
                self.day.year, quarter))
        self.assertEqual(
            sorted(p.split('/')[0] for p in files), ["Clinica Madrid"] * 3)
        issued, = [c for p, c in files.items()
            if p.endswith('EClinica Madrid.xlsx')]
        self.assertIn(
            self.invoices[self.madrid].number.encode(), xlsx_text(issued))
        takings = xlsx_text(files["Clinica Madrid/cobros.xlsx"])
        for text in ["Lucía Pérez", "Efectivo"]:
            self.assertIn(text.encode(), takings)
        self.assertIn("1 rows of issued invoices", summary)
        self.assertIn("1 payments", summary)

    @in_franchise
    def test_export_of_a_clinic_that_does_not_share_refused(self):
        "Asking for Barcelona's books, which it does not share, is refused"
        with self.assertRaisesRegex(GestoriaClinicError, "Barcelona"):
            self.export(clinics=[self.madrid.id, self.barcelona.id])

    @in_franchise
    def test_export_of_a_month_that_does_not_exist(self):
        "Month 13 is refused with the VAT book's message"
        with self.assertRaises(VATBookPeriodError):
            self.export(period_kind='month', period=13)

    @in_franchise
    def test_export_of_an_empty_month(self):
        """A month without invoices gives Madrid's empty books and
        takings, said so in the summary"""
        month = (self.day.month % 12) + 1
        year = self.day.year + (1 if month == 1 else 0)
        _, files, summary = self.export(
            period_kind='month', period=month, year=year)
        self.assertEqual(len(files), 3)
        self.assertIn("0 rows of issued invoices", summary)
        self.assertIn("0 payments", summary)


def xlsx_text(content):
    "Return the strings of an .xlsx, as the bytes of its shared strings"
    archive = zipfile.ZipFile(io.BytesIO(content))
    return archive.read('xl/sharedStrings.xml')

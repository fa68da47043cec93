"""The demo franchise: the clinics sell the central's services with their
own taxes."""
import unittest
from decimal import Decimal

from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME, drop_db
from trytond.transaction import Transaction

from .fixture import FRANCHISE, setup_franchises


class DemoTestCase(unittest.TestCase):
    "The demo franchise as the fixture builds it"

    @classmethod
    def setUpClass(cls):
        drop_db()
        setup_franchises()

    @classmethod
    def tearDownClass(cls):
        drop_db()

    def test_invoices_taxed_by_each_clinic(self):
        "An invoice of the central's first visit carries its clinic's tax"
        with Transaction().start(DB_NAME, 0):
            Invoice = Pool().get('account.invoice')
            invoices = Invoice.search([
                    ('company.franchise.name', '=', FRANCHISE)])
            self.assertEqual(
                {i.company for i in invoices},
                set(invoices[0].company.franchise.clinics))
            for invoice in invoices:
                line, = invoice.lines
                self.assertEqual(line.product.name, "Primera visita")
                self.assertEqual(
                    line.product.template.company,
                    invoice.company.franchise.central)
                self.assertEqual(line.unit_price, Decimal(45))
                tax, = invoice.taxes
                self.assertEqual(tax.tax.company, invoice.company)
                self.assertEqual(tax.tax.template.name, "Healthcare exempt")

    def test_budgets_taxed_by_each_clinic(self):
        with Transaction().start(DB_NAME, 0):
            Sale = Pool().get('sale.sale')
            for sale in Sale.search([
                        ('company.franchise.name', '=', FRANCHISE)]):
                line, = sale.lines
                tax, = line.taxes
                self.assertEqual(tax.company, sale.company)

    def test_clinic_line_in_central_package(self):
        "Madrid adds its own check-up to the central's package"
        with Transaction().start(DB_NAME, 0):
            Package = Pool().get('clinic.service.package')
            package, = Package.search([
                    ('name', '=', "Implante completo"),
                    ('company.franchise.name', '=', FRANCHISE)])
            self.assertEqual(package.company.clinic_role, 'central')
            self.assertEqual(
                sorted((l.service.name, l.company.party.name)
                    for l in package.lines
                    if l.company != package.company),
                [("Revisión Madrid", "Clínica Madrid")])

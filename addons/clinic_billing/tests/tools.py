# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Helpers of the budget tests: a franchise whose central configures the
services and whose clinic, Madrid, budgets and invoices them with the
Spanish chart of clinic_l10n_es"""
import datetime as dt
import functools
from decimal import Decimal

from trytond.modules.company.tests import set_company
from trytond.pool import Pool
from trytond.tests import test_tryton
from trytond.tests.test_tryton import drop_db
from trytond.transaction import Transaction

from clinic_base.tests.tools import kept_database, with_transaction
from clinic_l10n_es.tests.tools import account, create_clinics

EXEMPT = 'iva_rep_exento'
VAT21 = 'iva_rep_21'
REVENUE = '705'
MODULES = ['clinic_billing', 'clinic_dental', 'clinic_l10n_es']

CENTRAL = "Central Sonrisa"
MADRID = "Clínica Madrid"


class BillingModules:
    """Mixin of the test cases: a database with the billing modules
    activated and the franchise of franchise_clinic, kept in DB_CACHE (the
    charts of its two companies are most of a test's setup)"""

    @classmethod
    def setUpClass(cls):
        drop_db()
        kept_database(MODULES, 'franchise-madrid', build_franchise_clinic)
        cls.addClassCleanup(drop_db)
        super().setUpClass()


def in_clinic(test):
    """Run the test in a transaction, in Madrid, once the test case's
    setup_clinic has set the clinic up"""
    @functools.wraps(test)
    def wrapper(self):
        self.central, self.madrid = franchise_clinic()
        with set_company(self.madrid):
            self.setup_clinic()
            return test(self)
    return with_transaction()(wrapper)


@test_tryton.with_transaction()
def build_franchise_clinic():
    "Build and commit the franchise of franchise_clinic"
    create_franchise_clinics((MADRID, 'MAD'))
    Transaction().commit()


def franchise_clinic():
    """Return the central and Madrid of the test cases' database: a
    configuring franchise whose two companies have the clinics' Spanish
    chart and an open fiscal year"""
    Company = Pool().get('company.company')
    return tuple(Company.search([('party.name', '=', name)])[0]
        for name in [CENTRAL, MADRID])


def create_franchise_clinics(*clinics):
    """Return the central and the clinics, each a (name, history prefix),
    of a configuring franchise whose companies have the clinics' Spanish
    chart and an open fiscal year"""
    pool = Pool()
    Franchise = pool.get('clinic.franchise')
    Company = pool.get('company.company')
    central, *companies = create_clinics(
        CENTRAL, *(name for name, _ in clinics))
    franchise, = Franchise.create([{'name': "Sonrisa"}])
    Company.write([central], {
            'franchise': franchise.id, 'clinic_role': 'central'})
    for company, (_, prefix) in zip(companies, clinics):
        Company.write([company], {
                'franchise': franchise.id, 'clinic_role': 'clinic',
                'history_prefix': prefix})
    franchise.central = central
    franchise.save()
    return tuple(Company(c.id) for c in [central, *companies])


def create_patient(name="Lucía Pérez"):
    "Return a patient with an address to send budgets and invoices to"
    Party = Pool().get('party.party')
    patient, = Party.create([{
                'name': name,
                'addresses': [('create', [{'street': "Calle Mayor 1"}])],
                }])
    return patient


def create_tax_category(name, tax_xml_id, configuring, companies,
        revenue=REVENUE):
    """Return an accounting category that sells with the configuring
    company's tax made from clinic_l10n_es's tax_template_<tax_xml_id>,
    into each company's account of code revenue (none if revenue is None)"""
    pool = Pool()
    Category = pool.get('product.category')
    Tax = pool.get('account.tax')
    ModelData = pool.get('ir.model.data')
    category, = Category.create([{'name': name, 'accounting': True}])
    if revenue:
        for company in companies:
            with Transaction().set_context(company=company.id):
                category = Category(category.id)
                category.account_revenue = account(company, revenue)
                category.save()
    tax, = Tax.search([
            ('company', '=', configuring.id),
            ('template', '=', ModelData.get_id(
                    'clinic_l10n_es', 'tax_template_' + tax_xml_id)),
            ])
    Category.write([category], {'customer_taxes': [('add', [tax.id])]})
    return category


def create_service(name, price, category, company, minutes=30):
    """Return the service (product) that company defines at price, read
    in the context of the transaction (the clinic that sells it)"""
    pool = Pool()
    Template = pool.get('product.template')
    Product = pool.get('product.product')
    ModelData = pool.get('ir.model.data')
    unit = ModelData.get_id('product', 'uom_unit')
    with Transaction().set_context(company=company.id):
        template, = Template.create([{
                    'name': name, 'type': 'service', 'company': company.id,
                    'default_uom': unit, 'salable': True, 'sale_uom': unit,
                    'duration': dt.timedelta(minutes=minutes),
                    'list_price': Decimal(price),
                    'account_category': category.id,
                    'products': [('create', [{}])],
                    }])
        product, = template.products
    return Product(product.id)


def create_cash_box_journal(company):
    """Return company's cash box on its cash account 570, its differences
    on 678 and 778"""
    pool = Pool()
    Journal = pool.get('account.statement.journal')
    AccountJournal = pool.get('account.journal')
    journal, = AccountJournal.search([('type', '=', 'statement')])
    box, = Journal.create([{
                'name': "Caja %s" % company.rec_name,
                'journal': journal.id,
                'company': company.id,
                'currency': company.currency.id,
                'account': account(company, '570').id,
                'validation': 'balance',
                'cash_box': True,
                'shortage_account': account(company, '678').id,
                'surplus_account': account(company, '778').id,
                }])
    return box


def create_payment_method(company, name="Efectivo", kind='cash', code='570'):
    "Return company's payment method of kind into the account of code"
    pool = Pool()
    Method = pool.get('account.invoice.payment.method')
    Journal = pool.get('account.journal')
    journal, = Journal.search([('type', '=', 'cash')], limit=1)
    method = Method(
        name=name, kind=kind, company=company, journal=journal,
        debit_account=account(company, code),
        credit_account=account(company, code))
    method.save()
    return method


def run_queued_tasks():
    """Run the tasks queued in the transaction, as trytond does after the
    commit when no worker is configured"""
    Queue = Pool().get('ir.queue')
    tasks = Transaction().tasks
    while tasks:
        Queue(tasks.pop(0)).run()

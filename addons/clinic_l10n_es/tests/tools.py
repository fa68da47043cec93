# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Helpers of the unit tests: clinics with their Spanish chart and a year"
from decimal import Decimal

from trytond.modules.account.tests import get_fiscalyear
from trytond.modules.account_invoice.tests import set_invoice_sequences
from trytond.modules.company.tests import create_company, set_company
from trytond.modules.currency.tests import create_currency
from trytond.pool import Pool


def today():
    """Return the date today as Tryton sees it (ir.date), at the call: a
    date taken when the tests are imported is yesterday's after midnight"""
    return Pool().get('ir.date').today()


def year_start():
    "Return the first day of this year"
    return today().replace(month=1, day=1)


def create_clinics(*names):
    """Return companies in euros, each with the clinics' chart and an open
    fiscal year with invoice sequences"""
    pool = Pool()
    AccountTemplate = pool.get('account.account.template')
    FiscalYear = pool.get('account.fiscalyear')
    currency = create_currency('EUR')
    companies = [create_company(name, currency=currency) for name in names]
    AccountTemplate.create_clinic_charts(companies)
    for company in companies:
        with set_company(company):
            fiscalyear = set_invoice_sequences(
                get_fiscalyear(company, today()))
            fiscalyear.save()
            FiscalYear.create_period([fiscalyear])
    return companies


def account(company, code):
    "Return the company's account of that code"
    Account = Pool().get('account.account')
    account, = Account.search([
            ('company', '=', company.id),
            ('code', '=', code),
            ])
    return account


def tax(company, xml_id):
    "Return the company's tax made from clinic_l10n_es's template xml_id"
    pool = Pool()
    Tax = pool.get('account.tax')
    ModelData = pool.get('ir.model.data')
    tax, = Tax.search([
            ('company', '=', company.id),
            ('template', '=', ModelData.get_id(
                    'clinic_l10n_es', 'tax_template_' + xml_id)),
            ])
    return tax


def tax_code(company, parent, code):
    "Return the company's tax code of that code under the form parent"
    TaxCode = Pool().get('account.tax.code')
    tax_code, = TaxCode.search([
            ('company', '=', company.id),
            ('code', '=', code),
            ('parent', 'child_of', [TaxCode.search([
                            ('company', '=', company.id),
                            ('code', '=', parent),
                            ])[0].id]),
            ])
    return tax_code


def create_invoice(company, party, type_, lines):
    """Return a draft invoice of type_ ('out' or 'in') for party with lines:
    [(account code, amount, [tax template ids])]"""
    pool = Pool()
    Invoice = pool.get('account.invoice')
    Journal = pool.get('account.journal')
    journal, = Journal.search([
            ('type', '=', 'revenue' if type_ == 'out' else 'expense'),
            ], limit=1)
    invoice = Invoice(
        company=company, type=type_, party=party,
        invoice_address=party.addresses[0], currency=company.currency,
        journal=journal, invoice_date=today(),
        account=(party.account_receivable_used if type_ == 'out'
            else party.account_payable_used))
    Line = pool.get('account.invoice.line')
    invoice.lines = [
        Line(
            company=company, currency=company.currency, type='line',
            account=account(company, code), quantity=1,
            unit_price=Decimal(amount), description=code,
            taxes=[tax(company, t) for t in taxes])
        for code, amount, taxes in lines]
    invoice.save()
    return invoice

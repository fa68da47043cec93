# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The "VAT Book" wizard: a clinic's AEAT VAT book of a month, a quarter or a
year, downloaded as the AEAT CSV and .xlsx.

The invoices are read through the ORM with the user's access rights and
record rules, only those of the chosen company, which must be one the user
acts for (never an arbitrary id sent by the client)."""

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction, check_access
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .exceptions import VATBookCompanyError, VATBookPeriodError
from .vat_book import (
    ISSUED, PERIOD_COUNTS, RECEIVED, InvoiceData, TaxAmount, book_rows,
    period_dates)
from .vat_book_export import file_name, to_csv, to_xlsx

BOOKS = [
    (ISSUED, "Issued invoices"),
    (RECEIVED, "Received invoices"),
    ]
PERIOD_KINDS = [
    ('month', "Month"),
    ('quarter', "Quarter"),
    ('year', "Year"),
    ]
BOOKED_STATES = ['posted', 'paid']
# Tryton cancels an invoice it credits with a refund; it was issued and
# booked (its move stays in the ledger), so it stays in the book, with the
# credit note that rectifies it.
BOOKED_DOMAIN = ['OR',
    ('state', 'in', BOOKED_STATES),
    [('state', '=', 'cancelled'), ('move', '!=', None)],
    ]


class BookPeriod:
    "A month, a quarter or a year of the books, the current quarter first"
    __slots__ = ()

    period_kind = fields.Selection(PERIOD_KINDS, "Period Kind", required=True)
    period_kind_string = period_kind.translated('period_kind')
    year = fields.Integer("Year", required=True)
    period = fields.Integer(
        "Period",
        states={
            'invisible': Eval('period_kind') == 'year',
            'required': Eval('period_kind') != 'year',
            },
        help="The month (1 to 12) or the quarter (1 to 4).")

    @classmethod
    def default_period_kind(cls):
        return 'quarter'

    @classmethod
    def default_year(cls):
        return Pool().get('ir.date').today().year

    @classmethod
    def default_period(cls):
        return (Pool().get('ir.date').today().month - 1) // 3 + 1


class VATBookStart(BookPeriod, ModelView):
    "The company, book and period of a VAT book"
    __name__ = 'clinic.vat_book.start'
    __string__ = "VAT Book"

    company = fields.Many2One(
        'company.company', "Company", required=True,
        domain=[
            ('id', '=', Eval('context', {}).get('company', -1)),
            ],
        help="The clinic whose book it is: the company you are working in.")
    book = fields.Selection(BOOKS, "Book", required=True)

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_book(cls):
        return ISSUED


class VATBookResult(ModelView):
    "The files of a VAT book"
    __name__ = 'clinic.vat_book.result'
    __string__ = "VAT Book Files"

    csv_file = fields.Binary(
        "CSV File", readonly=True, filename='csv_filename')
    csv_filename = fields.Char("CSV File Name", readonly=True)
    xlsx_file = fields.Binary(
        "Excel File", readonly=True, filename='xlsx_filename')
    xlsx_filename = fields.Char("Excel File Name", readonly=True)
    rows = fields.Integer("Rows", readonly=True)


class VATBook(Wizard):
    "Export the AEAT VAT book of a clinic"
    __name__ = 'clinic.vat_book'

    start = StateView('clinic.vat_book.start',
        'clinic_l10n_es.vat_book_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Export", 'export', 'tryton-ok', default=True),
            ])
    export = StateTransition()
    result = StateView('clinic.vat_book.result',
        'clinic_l10n_es.vat_book_result_view_form', [
            Button("Close", 'end', 'tryton-close', default=True),
            ])

    def transition_export(self):
        company = self.check_company(self.start.company)
        start, end = checked_period(self.start)
        invoices = booked_invoices(company, self.start.book, start, end)
        rows = book_rows(
            [invoice_data(i) for i in invoices], self.start.period_kind)
        book = self.start.book
        tax_id = company_tax_id(company)
        names = {
            ext: file_name(self.start.year, tax_id, book,
                company.rec_name, ext)
            for ext in ['csv', 'xlsx']}
        self.result.csv_file = to_csv(book, rows)
        self.result.csv_filename = names['csv']
        self.result.xlsx_file = to_xlsx(book, rows)
        self.result.xlsx_filename = names['xlsx']
        self.result.rows = len(rows)
        return 'result'

    def default_result(self, fields):
        "Return the files once, without keeping them in the session"
        values = {}
        for name in ['csv_file', 'xlsx_file']:
            value = getattr(self.result, name)
            cast = getattr(self.result.__class__, name).cast
            values[name] = cast(value) if value else None
            setattr(self.result, name, None)
        for name in ['csv_filename', 'xlsx_filename', 'rows']:
            values[name] = getattr(self.result, name)
        return values

    @staticmethod
    def check_company(company):
        """Return the company if it is the one the user works in, and one of
        theirs, else raise VATBookCompanyError (a user who holds several
        companies, as the central's, reads in each only what the others
        share with it)"""
        User = Pool().get('res.user')
        transaction = Transaction()
        if transaction.user and (
                company.id != transaction.context.get('company')
                or company.id not in User.get_companies()):
            raise VATBookCompanyError(gettext(
                    'clinic_l10n_es.msg_vat_book_company',
                    company=company.rec_name))
        return company


def checked_period(start):
    """Return the first and last day of the period of start (a view with
    period_kind, year and period), or raise VATBookPeriodError when the
    period is out of range"""
    kind = start.period_kind
    period = start.period if kind != 'year' else 1
    if (not period or not 1 <= period <= PERIOD_COUNTS[kind]
            or not 1 <= start.year <= 9999):
        raise VATBookPeriodError(gettext(
                'clinic_l10n_es.msg_vat_book_period',
                period=period or '',
                kind=start.period_kind_string,
                count=PERIOD_COUNTS[kind]))
    return period_dates(kind, start.year, period)


def booked_invoices(company, book, start, end):
    """Return the company's booked invoices (BOOKED_DOMAIN) of the book
    dated from start to end, read with the user's access rights and
    rules"""
    Invoice = Pool().get('account.invoice')
    with check_access():
        return Invoice.search([
                ('company', '=', company.id),
                ('type', '=', 'out' if book == ISSUED else 'in'),
                BOOKED_DOMAIN,
                ('invoice_date', '>=', start),
                ('invoice_date', '<=', end),
                ], order=[('invoice_date', 'ASC'), ('number', 'ASC')])


def company_tax_id(company):
    "Return the code of the company's tax identifier, or ''"
    identifier = company.party.tax_identifier
    return identifier.code if identifier else ''


def invoice_data(invoice):
    "Return the InvoiceData of a posted Tryton invoice"
    identifier = invoice.party_tax_identifier or invoice.party.tax_identifier
    address = invoice.invoice_address
    return InvoiceData(
        book=ISSUED if invoice.type == 'out' else RECEIVED,
        number=invoice.number or '',
        invoice_date=invoice.invoice_date,
        party_name=invoice.party.rec_name,
        total=invoice.total_amount,
        untaxed=invoice.untaxed_amount,
        taxes=tuple(
            TaxAmount(
                tax=t.tax.id,
                operation=t.tax.aeat_operation or 'taxed',
                rate=t.tax.rate or 0,
                base=t.base,
                amount=t.amount,
                exemption_key=t.tax.aeat_exemption_key or '',
                not_subject_key=t.tax.aeat_not_subject_key or '')
            for t in invoice.taxes if t.tax),
        line_taxes=tuple(
            frozenset(t.id for t in line.taxes)
            for line in invoice.line_lines),
        supplier_number=invoice.reference or '',
        reception_date=invoice.accounting_date or invoice.invoice_date,
        party_tax_type=identifier.type if identifier else '',
        party_tax_code=identifier.code if identifier else '',
        party_country=(
            address.country.code if address and address.country else ''),
        credit_note=invoice.sequence_type == 'credit_note',
        rectified=rectified_numbers(invoice))


def rectified_numbers(invoice):
    "Return the numbers of the invoices a credit note credits, as Tryton has"
    InvoiceLine = Pool().get('account.invoice.line')
    numbers = []
    for line in invoice.line_lines:
        origin = line.origin
        if (isinstance(origin, InvoiceLine) and origin.invoice
                and origin.invoice.number
                and origin.invoice.number not in numbers):
            numbers.append(origin.invoice.number)
    return tuple(numbers)

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"The AEAT VAT book: its rows, its CSV and .xlsx, and each clinic's own book"
import csv
import datetime as dt
import io
import re
import unittest
import zipfile
from decimal import ROUND_HALF_EVEN, Decimal
from xml.etree import ElementTree

from trytond.modules.company.tests import set_company
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, drop_db
from trytond.transaction import Transaction

from clinic_base.tests.tools import with_transaction

from ..exceptions import VATBookCompanyError, VATBookPeriodError
from ..vat_book import (
    ISSUED, ISSUED_COLUMNS, RECEIVED, RECEIVED_COLUMNS, InvoiceData,
    TaxAmount, book_rows, party_identification, period_code, period_dates,
    split_number)
from ..vat_book_export import file_name, header_rows, to_csv, to_xlsx
from .tools import today, create_clinics, create_invoice

D = Decimal
CENT = D('0.01')
EXEMPT = TaxAmount(
    tax=1, operation='exempt', rate=D(0), base=D('60.00'), amount=D(0),
    exemption_key='E1')
VAT21 = TaxAmount(
    tax=2, operation='taxed', rate=D('0.21'), base=D('100.00'),
    amount=D('21.00'))
DAY = dt.date(2026, 5, 14)


def vat(base, rate):
    "The VAT Tryton computes: base x rate rounded to the cent"
    return (base * rate).quantize(CENT, rounding=ROUND_HALF_EVEN)


def amount(text):
    "Read an amount of the AEAT CSV"
    return D(text.replace(',', '.'))


def keyed(book, line):
    "Return a CSV line as a dict keyed by the book's column keys"
    columns = ISSUED_COLUMNS if book == ISSUED else RECEIVED_COLUMNS
    return dict(zip([key for _, _, key in columns], line))


def issued(number, taxes, tax_code='12345678Z', **values):
    "Return an issued InvoiceData with those taxes on one line each"
    untaxed = sum(t.base for t in taxes)
    values.setdefault('credit_note', untaxed < 0)
    return InvoiceData(
        book=ISSUED, number=number, invoice_date=DAY,
        party_name="Lucía Pérez", untaxed=untaxed,
        total=untaxed + sum(t.amount for t in taxes), taxes=tuple(taxes),
        line_taxes=tuple(frozenset([t.tax]) for t in taxes),
        party_tax_type='es_vat' if tax_code else '',
        party_tax_code=tax_code, **values)


def read_xlsx(data):
    "Return the cells of the first sheet of an .xlsx, without openpyxl"
    ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        strings = []
        if 'xl/sharedStrings.xml' in archive.namelist():
            root = ElementTree.fromstring(archive.read('xl/sharedStrings.xml'))
            strings = [''.join(t.text or '' for t in si.iter(
                        '{%s}t' % ns['m'])) for si in root.findall('m:si', ns)]
        names = ElementTree.fromstring(archive.read('xl/workbook.xml'))
        sheet_name = names.find('m:sheets/m:sheet', ns).get('name')
        sheet = ElementTree.fromstring(
            archive.read('xl/worksheets/sheet1.xml'))
    cells = {}
    for cell in sheet.iter('{%s}c' % ns['m']):
        value = cell.find('m:v', ns)
        if value is None:
            continue
        if cell.get('t') == 's':
            cells[cell.get('r')] = strings[int(value.text)]
        else:
            cells[cell.get('r')] = D(value.text)
    return sheet_name, cells


def column_letter(index):
    "Return the Excel letters of a 0-based column index"
    letters = ''
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class VATBookRowsTestCase(unittest.TestCase):
    "The rows of the AEAT books, without a database"

    def test_mixed_invoice_two_rows(self):
        """An invoice with exempt dental care and a 21% aesthetic treatment
        gives one row per tax; the rows' totals add up to the invoice's"""
        invoice = issued('FV2026-0007', [EXEMPT, VAT21])
        exempt_row, taxed_row = book_rows([invoice], 'quarter')
        self.assertEqual(
            (exempt_row['series'], exempt_row['number']),
            ('FV2026-', '0007'))
        self.assertEqual(exempt_row['invoice_type'], 'F1')
        self.assertEqual(exempt_row['period'], '2T')
        self.assertEqual(
            (exempt_row['exemption_key'], exempt_row['qualification'],
                exempt_row['base'], exempt_row['rate'], exempt_row['vat']),
            ('E1', '', D('60.00'), D('0.00'), D('0.00')))
        self.assertEqual(
            (taxed_row['exemption_key'], taxed_row['qualification'],
                taxed_row['base'], taxed_row['rate'], taxed_row['vat']),
            ('', 'S1', D('100.00'), D('21.00'), D('21.00')))
        self.assertEqual(
            exempt_row['total'] + taxed_row['total'], invoice.total)
        for row in [exempt_row, taxed_row]:
            self.assertEqual(row['operation_key'], '01')
            self.assertEqual(row['party_tax_id'], '12345678Z')
            self.assertEqual(row['party_id_type'], '')
            self.assertEqual(
                (row['surcharge_rate'], row['surcharge']), (D(0), D(0)))

    def test_credit_note(self):
        """A credit note is rectifying (R1, or R5 without a recipient's
        id) with negative amounts and the number of the invoice it
        rectifies"""
        credit = issued(
            'FR2026-0001',
            [TaxAmount(tax=2, operation='taxed', rate=D('0.21'),
                    base=D('-100.00'), amount=D('-21.00'))],
            rectified=('FV2026-0007',))
        row, = book_rows([credit], 'month')
        self.assertEqual(row['invoice_type'], 'R1')
        self.assertEqual(
            (row['base'], row['vat'], row['total']),
            (D('-100.00'), D('-21.00'), D('-121.00')))
        self.assertEqual(row['external_reference'], 'Rectifica: FV2026-0007')
        self.assertEqual(row['period'], '05')
        anonymous = issued('FR2026-0002', [TaxAmount(
                    tax=2, operation='taxed', rate=D('0.21'),
                    base=D('-10.00'), amount=D('-2.10'))], tax_code='')
        row, = book_rows([anonymous], 'year')
        self.assertEqual((row['invoice_type'], row['period']), ('R5', '0A'))

    def test_simplified_invoice(self):
        "An invoice to a patient without a tax id is F2"
        row, = book_rows([issued('1', [VAT21], tax_code='')], 'quarter')
        self.assertEqual(row['invoice_type'], 'F2')
        self.assertEqual(row['party_tax_id'], '')

    def test_not_subject(self):
        "A not subject operation carries its key as qualification"
        invoice = issued('1', [TaxAmount(
                    tax=3, operation='not_subject', rate=D(0),
                    base=D('50'), amount=D(0), not_subject_key='N2')])
        row, = book_rows([invoice], 'quarter')
        self.assertEqual(
            (row['qualification'], row['exemption_key'], row['vat']),
            ('N2', '', D('0.00')))

    def test_professional_received(self):
        """A professional's invoice of 1000 at 21% with IRPF 15% is one
        received row: 210 deductible, 150 withheld, 1060 in total"""
        invoice = InvoiceData(
            book=RECEIVED, number='FR-0003', invoice_date=DAY,
            reception_date=DAY + dt.timedelta(days=2),
            supplier_number='A/77', party_name="Dra. Ana Torres",
            untaxed=D(1000), total=D(1060),
            taxes=(
                TaxAmount(tax=8, operation='taxed', rate=D('0.21'),
                    base=D(1000), amount=D(210)),
                TaxAmount(tax=9, operation='retention', rate=D('-0.15'),
                    base=D(1000), amount=D(-150))),
            line_taxes=(frozenset([8, 9]),),
            party_tax_type='es_vat', party_tax_code='ES12345678Z')
        row, = book_rows([invoice], 'quarter')
        self.assertEqual(row['invoice_type'], 'F1')
        self.assertEqual(
            (row['supplier_number'], row['reception_number'],
                row['reception_date']),
            ('A/77', 'FR-0003', DAY + dt.timedelta(days=2)))
        self.assertEqual(
            (row['base'], row['rate'], row['vat'], row['deductible_vat']),
            (D('1000.00'), D('21.00'), D('210.00'), D('210.00')))
        self.assertEqual(
            (row['irpf_rate'], row['irpf_amount'], row['total']),
            (D('15.00'), D('150.00'), D('1060.00')))
        self.assertEqual(row['party_tax_id'], '12345678Z')
        self.assertNotIn('exemption_key', row)

    def test_party_identification(self):
        "Spanish NIF without type; EU VAT 02 with country; others 06"
        self.assertEqual(
            party_identification('es_vat', '12345678Z', 'ES'),
            ('', '', '12345678Z'))
        self.assertEqual(
            party_identification('eu_vat', 'FR23334175221', 'FR'),
            ('02', 'FR', 'FR23334175221'))
        self.assertEqual(
            party_identification('us_ein', '12-3456789', 'us'),
            ('06', 'US', '12-3456789'))
        self.assertEqual(party_identification('', '', 'ES'), ('', '', ''))

    def test_numbers_and_periods(self):
        "The series is the sequence's prefix; periods have AEAT codes"
        self.assertEqual(split_number('2026/0012'), ('2026/', '0012'))
        self.assertEqual(split_number('42'), ('', '42'))
        self.assertEqual(split_number('ABC'), ('', 'ABC'))
        self.assertEqual(period_code('quarter', dt.date(2026, 12, 31)), '4T')
        self.assertEqual(period_code('month', dt.date(2026, 2, 1)), '02')
        self.assertEqual(
            period_dates('quarter', 2026, 4),
            (dt.date(2026, 10, 1), dt.date(2026, 12, 31)))
        self.assertEqual(
            period_dates('month', 2028, 2),
            (dt.date(2028, 2, 1), dt.date(2028, 2, 29)))
        self.assertEqual(
            period_dates('year', 2026, 1),
            (dt.date(2026, 1, 1), dt.date(2026, 12, 31)))

    def test_file_name(self):
        "Exercise, NIF, book letter and name, as the AEAT names the files"
        self.assertEqual(
            file_name(2026, 'B12345674', ISSUED, "Clínica Madrid, S.L.",
                'csv'),
            '2026B12345674EClinica Madrid SL.csv')
        self.assertEqual(
            file_name(2026, 'B12345674', RECEIVED, "Clínica", 'xlsx'),
            '2026B12345674RClinica.xlsx')

    def test_empty_book(self):
        "A book without invoices has the AEAT header rows only"
        lines = list(csv.reader(
                io.StringIO(to_csv(ISSUED, []).decode('utf-8')),
                delimiter=';'))
        self.assertEqual(lines, [list(r) for r in header_rows(ISSUED)])
        self.assertEqual(lines[0][:3], ["Autoliquidación", "", "Actividad"])
        self.assertEqual(lines[1][:2], ["Ejercicio", "Periodo"])
        self.assertEqual(len(lines[0]), len(ISSUED_COLUMNS))

    def test_xlsx_read_back(self):
        "The .xlsx holds the headers, texts, numbers and dates of the rows"
        rows = book_rows([issued('FV-0009', [EXEMPT, VAT21])], 'quarter')
        sheet, cells = read_xlsx(to_xlsx(ISSUED, rows))
        self.assertEqual(sheet, 'EXPEDIDAS')
        keys = [key for _, _, key in ISSUED_COLUMNS]
        cell = {key: column_letter(i) for i, key in enumerate(keys)}
        self.assertEqual(cells['A1'], "Autoliquidación")
        self.assertEqual(cells['B2'], "Periodo")
        self.assertEqual(cells[cell['exercise'] + '3'], 2026)
        self.assertEqual(cells[cell['period'] + '3'], '2T')
        self.assertEqual(cells[cell['number'] + '4'], '0009')
        self.assertEqual(cells[cell['exemption_key'] + '3'], 'E1')
        self.assertEqual(cells[cell['base'] + '4'], D(100))
        self.assertEqual(cells[cell['vat'] + '4'], D(21))
        self.assertEqual(cells[cell['total'] + '4'], D(121))
        # Excel's serial day of 14/05/2026
        self.assertEqual(
            cells[cell['issue_date'] + '3'],
            (DAY - dt.date(1899, 12, 30)).days)
        self.assertNotIn('A5', cells)


class VATBookTestCase(unittest.TestCase):
    "The VAT Book wizard on clinics' posted invoices"

    @classmethod
    def setUpClass(cls):
        drop_db()
        activate_module(['clinic_l10n_es'])
        cls.addClassCleanup(drop_db)

    def create_party(self, name, nif=None):
        Party = Pool().get('party.party')
        party = Party(name=name, addresses=[{}])
        if nif:
            party.identifiers = [{'type': 'es_vat', 'code': nif}]
        party.save()
        return party

    def create_user(self, login, company, companies):
        "Return an accountant of company who acts for companies"
        pool = Pool()
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        user = User(
            login=login, name=login, company=company, companies=companies,
            groups=[ModelData.get_id('account', 'group_account')])
        user.save()
        return user

    def export(self, company, book='issued', kind='quarter', year=None,
            period=None, user=0):
        "Run the wizard as user and return its result values"
        VATBook = Pool().get('clinic.vat_book', type='wizard')
        transaction = Transaction()
        with transaction.set_user(user), transaction.set_context(
                company=company.id, _check_access=bool(user)):
            session_id, _, _ = VATBook.create()
            wizard = VATBook(session_id)
            wizard.start.company = company
            wizard.start.book = book
            wizard.start.period_kind = kind
            wizard.start.year = year or today().year
            wizard.start.period = (
                period if period is not None
                else (today().month - 1) // 3 + 1)
            wizard.transition_export()
            return wizard.default_result(None)

    def csv_lines(self, result, book='issued'):
        "Return the data lines of the result's CSV keyed by column"
        lines = list(csv.reader(io.StringIO(
                    bytes(result['csv_file']).decode('utf-8')),
                delimiter=';'))
        self.assertEqual(lines[:2], [list(r) for r in header_rows(book)])
        return [keyed(book, line) for line in lines[2:]]

    def post(self, company, party, lines, type_='out'):
        Invoice = Pool().get('account.invoice')
        with set_company(company):
            invoice = create_invoice(company, party, type_, lines)
            Invoice.post([invoice])
        return invoice

    def credit(self, company, invoice):
        Invoice = Pool().get('account.invoice')
        with set_company(company):
            credit_note, = Invoice.credit(
                [invoice], refund=True, invoice_date=today())
        return credit_note

    @with_transaction()
    def test_csv_field_by_field(self):
        """The CSV of an exempt, a taxed, a mixed invoice and a credit note
        matches, field by field, the figures computed here"""
        clinic, = create_clinics("Clínica Madrid")
        clinic.party.identifiers = [{'type': 'es_vat', 'code': 'B12345674'}]
        clinic.party.save()
        lucia = self.create_party("Lucía Pérez", '12345678Z')
        pablo = self.create_party("Pablo")
        exempt = self.post(clinic, lucia, [('705', '60', ['iva_rep_exento'])])
        taxed = self.post(clinic, pablo, [('705', '33.33', ['iva_rep_21'])])
        mixed = self.post(clinic, lucia, [
                ('705', '45.50', ['iva_rep_exento']),
                ('705', '100.01', ['iva_rep_21'])])
        credit_note = self.credit(clinic, taxed)

        result = self.export(clinic)
        quarter = '%dT' % ((today().month - 1) // 3 + 1)
        self.assertEqual(
            result['csv_filename'],
            '%sB12345674EClinica Madrid.csv' % today().year)
        self.assertEqual(
            result['xlsx_filename'],
            '%sB12345674EClinica Madrid.xlsx' % today().year)
        lines = self.csv_lines(result)
        self.assertEqual(result['rows'], 5)
        self.assertEqual(len(lines), 5)

        def money(value):
            return ('%.2f' % value).replace('.', ',')

        def expected(invoice, base, rate, key, party, id_, type_, **extra):
            tax = vat(D(base), D(rate) / 100) if key == 'S1' else D(0)
            series, number = re.fullmatch(
                r'(.*?)(\d+)', invoice.number).groups()
            line = keyed(ISSUED, [''] * len(ISSUED_COLUMNS))
            line.update({
                    'exercise': str(today().year), 'period': quarter,
                    'invoice_type': type_,
                    'issue_date': today().strftime('%d/%m/%Y'),
                    'series': series, 'number': number,
                    'party_tax_id': id_, 'party_name': party,
                    'operation_key': '01',
                    'qualification': key if key == 'S1' else '',
                    'exemption_key': key if key == 'E1' else '',
                    'total': money(D(base) + tax), 'base': money(D(base)),
                    'rate': money(D(rate)), 'vat': money(tax),
                    'surcharge_rate': '0,00', 'surcharge': '0,00',
                    })
            line.update(extra)
            return line

        lucia_id = ("Lucía Pérez", '12345678Z', 'F1')
        by_number = sorted([
                expected(exempt, '60', 0, 'E1', *lucia_id),
                expected(taxed, '33.33', 21, 'S1', "Pablo", '', 'F2'),
                expected(mixed, '45.50', 0, 'E1', *lucia_id),
                expected(mixed, '100.01', 21, 'S1', *lucia_id),
                expected(credit_note, '-33.33', 21, 'S1', "Pablo", '', 'R5',
                    external_reference='Rectifica: ' + taxed.number),
                ], key=lambda l: (l['series'], l['number']))
        self.assertEqual(
            sorted(lines, key=lambda l: (l['series'], l['number'])),
            by_number)
        # The figures the test computed agree with Tryton's invoices
        self.assertEqual(vat(D('33.33'), D('0.21')), D('7.00'))
        self.assertEqual(taxed.total_amount, D('40.33'))
        self.assertEqual(
            sum(amount(l['total']) for l in lines),
            sum(i.total_amount for i in [exempt, taxed, mixed, credit_note]))

    @with_transaction()
    def test_each_clinic_own_book(self):
        """A clinic's accountant gets only the clinic's invoices and cannot
        ask for another clinic's book; a central accountant gets each
        clinic's book apart"""
        madrid, sevilla = create_clinics("Clínica Madrid", "Clínica Sevilla")
        lucia = self.create_party("Lucía", '12345678Z')
        self.post(madrid, lucia, [('705', '100', ['iva_rep_21'])])
        self.post(sevilla, lucia, [('705', '70', ['iva_rep_exento'])])
        self.post(sevilla, lucia, [('705', '30', ['iva_rep_10'])])
        madrid_user = self.create_user('madrid', madrid, [madrid])
        central_user = self.create_user(
            'central', sevilla, [madrid, sevilla])

        lines = self.csv_lines(self.export(madrid, user=madrid_user.id))
        self.assertEqual([l['base'] for l in lines], ['100,00'])
        with self.assertRaisesRegex(
                VATBookCompanyError, 'Clínica Sevilla'):
            self.export(sevilla, user=madrid_user.id)

        lines = self.csv_lines(self.export(sevilla, user=central_user.id))
        self.assertEqual(
            sorted(l['base'] for l in lines), ['30,00', '70,00'])

    @with_transaction()
    def test_received_book(self):
        """A professional's invoice with IRPF is in the received book, not
        in the issued one"""
        clinic, = create_clinics("Clínica Madrid")
        doctor = self.create_party("Dra. Ana Torres", '12345678Z')
        invoice = self.post(
            clinic, doctor, [('623', '1000', ['iva_sop_21', 'irpf_15'])],
            type_='in')
        line, = self.csv_lines(
            self.export(clinic, book='received'), book='received')
        self.assertEqual(
            (line['invoice_type'], line['reception_number'], line['base'],
                line['vat'], line['deductible_vat'], line['irpf_rate'],
                line['irpf_amount'], line['total']),
            ('F1', invoice.number, '1000,00', '210,00', '210,00', '15,00',
                '150,00', '1060,00'))
        self.assertEqual(self.csv_lines(self.export(clinic)), [])

    @with_transaction()
    def test_empty_year_and_bad_period(self):
        """A year without invoices gives a book with its headers only; a
        13th month or a 5th quarter is refused"""
        clinic, = create_clinics("Clínica Madrid")
        result = self.export(clinic, kind='year', year=today().year - 5)
        self.assertEqual(self.csv_lines(result), [])
        self.assertEqual(result['rows'], 0)
        self.assertTrue(result['xlsx_file'])
        with self.assertRaisesRegex(VATBookPeriodError, '1 to 12'):
            self.export(clinic, kind='month', period=13)
        with self.assertRaises(VATBookPeriodError):
            self.export(clinic, kind='quarter', period=5)
        with self.assertRaises(VATBookPeriodError):
            self.export(clinic, kind='quarter', period=0)

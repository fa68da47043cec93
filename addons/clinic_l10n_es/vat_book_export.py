# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The files of the AEAT VAT books: CSV, .xlsx and their AEAT file name.

Both files start with the AEAT's two header rows: the first names each
column or group of columns (written once, on the group's first column), the
second the columns of a group. The CSV separates fields with ';', writes
amounts with a decimal comma and two decimals, no thousands separator,
dates as dd/mm/yyyy, and is encoded in UTF-8 (the AEAT document does not
name an encoding; UTF-8 keeps every name a patient may have). The .xlsx
writes amounts as numbers and dates as dates shown dd/mm/yyyy, on one sheet
named after the book (EXPEDIDAS / RECIBIDAS, as in the AEAT template)."""
import csv
import datetime as dt
import io
import re
import unicodedata
from decimal import Decimal

import xlsxwriter

from .vat_book import COLUMNS, ISSUED

BOOK_LETTERS = {ISSUED: 'E', 'received': 'R'}
SHEET_NAMES = {ISSUED: 'EXPEDIDAS', 'received': 'RECIBIDAS'}
CSV_ENCODING = 'utf-8'
DATE_FORMAT = '%d/%m/%Y'


def file_name(exercise, tax_id, book, company_name, extension):
    """Return the AEAT name of a book's file: exercise, NIF, book letter (E
    issued, R received) and the holder's name, without separators; the name
    keeps only ASCII letters, digits and spaces"""
    tax_id = re.sub(r'[^A-Za-z0-9]+', '', tax_id or '').upper()
    return '%s%s%s%s.%s' % (
        exercise, tax_id, BOOK_LETTERS[book], plain_name(company_name),
        extension)


def plain_name(name):
    "Return name in ASCII letters, digits and spaces only"
    name = unicodedata.normalize('NFKD', name or '')
    name = name.encode('ascii', 'ignore').decode('ascii')
    return re.sub(r'[^A-Za-z0-9 ]+', '', name).strip()


def header_rows(book):
    """Return the two AEAT header rows of the book: a group's title only on
    its first column, the second row empty for single columns"""
    first, second, previous = [], [], None
    for group, column, _ in COLUMNS[book]:
        first.append(group if group != previous else '')
        second.append(column)
        previous = group
    return first, second


def csv_value(value):
    "Return the text of a value in the AEAT CSV"
    if isinstance(value, Decimal):
        return ('%.2f' % value).replace('.', ',')
    if isinstance(value, dt.date):
        return value.strftime(DATE_FORMAT)
    if value is None:
        return ''
    return str(value)


def to_csv(book, rows):
    "Return the AEAT CSV of the book's rows, as bytes"
    keys = [key for _, _, key in COLUMNS[book]]
    output = io.StringIO()
    writer = csv.writer(output, delimiter=';', lineterminator='\r\n')
    writer.writerows(header_rows(book))
    for row in rows:
        writer.writerow([csv_value(row[key]) for key in keys])
    return output.getvalue().encode(CSV_ENCODING)


def to_xlsx(book, rows):
    "Return the AEAT .xlsx of the book's rows, as bytes"
    keys = [key for _, _, key in COLUMNS[book]]
    return sheets_xlsx([(
                SHEET_NAMES[book], header_rows(book),
                [[row[key] for key in keys] for row in rows])])


def sheets_xlsx(sheets):
    """Return an .xlsx of sheets, as bytes: each sheet a (name, header rows,
    rows) of lists of values, amounts written as numbers and dates as dates
    shown dd/mm/yyyy"""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {
            'in_memory': True, 'strings_to_formulas': False,
            'strings_to_numbers': False})
    formats = {
        'date': workbook.add_format({'num_format': 'dd/mm/yyyy'}),
        'amount': workbook.add_format({'num_format': '0.00'}),
        }
    for name, headers, rows in sheets:
        sheet = workbook.add_worksheet(name)
        for index, header in enumerate(headers):
            sheet.write_row(index, 0, header)
        for row_index, row in enumerate(rows, start=len(headers)):
            for column, value in enumerate(row):
                _write_cell(sheet, row_index, column, value, formats)
    workbook.close()
    return output.getvalue()


def _write_cell(sheet, row, column, value, formats):
    "Write a value as a number, a date or a text"
    if isinstance(value, Decimal):
        sheet.write_number(row, column, float(value), formats['amount'])
    elif isinstance(value, dt.date):
        sheet.write_datetime(
            row, column, dt.datetime.combine(value, dt.time()),
            formats['date'])
    elif isinstance(value, int):
        sheet.write_number(row, column, value)
    elif value not in (None, ''):
        sheet.write_string(row, column, str(value))

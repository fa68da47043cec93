# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The rows of the AEAT VAT books (libros registro de IVA), from invoice data.

Pure functions, no database: the wizard (vat_book_wizard.py) reads the
invoices through the ORM into `InvoiceData`, `book_rows` turns them into rows
(dicts keyed by the column keys below) and vat_book_export.py writes them.

Format: the AEAT's "formato electrónico común" of the VAT and IRPF books
(Orden HAC/773/2019; AEAT document "Formato de los libros registro del IVA e
IRPF para atender los requerimientos de gestión tributaria" and its Excel
templates, whose cell notes list the codes). Sources read:
- the AEAT document, as transcribed at
  https://fdocuments.mx/document/normalizacin-formato-electrnico-libros-registro.html
  (formats: XLSX, CSV separated by ';', or SII);
- https://blog.contasimple.com/2021/02/formato-tipo-de-libros-registros-aeat/
  (file name: exercise, NIF, book letter E issued / R received, name);
- the codes of the AEAT templates (invoice types F1 F2 R1..R5, operation
  keys 01.., qualification S1 S2 N1 N2, exemption E1..E6, id types 02..06)
  as listed in github.com/nikolay-anisimov/numeri docs/AEAT/unificados-codes.md;
- the column order of Odoo's l10n_es_reports VAT books export (the same
  AEAT layout, two header rows).

Choices where the format leaves room (also in the module's report):
- one row per invoice and VAT tax (an exempt line and a 21% line give two
  rows); "Total Factura" carries the row's share (base + VAT + surcharge -
  IRPF), so that the rows of an invoice add up to the invoice's total and a
  sum of the column counts each invoice once;
- a Spanish NIF leaves the id type and country empty (the AEAT lists only
  02..06, for ids other than a Spanish NIF); an EU VAT number is 02 with its
  country; any other tax id is 06 ("otro documento probatorio");
- invoice type: F1 with an identified recipient, F2 without (simplified);
  customer credit notes R1 (art. 80 LIVA: error or refund), R5 when the
  recipient is not identified; supplier credit notes R4 (the cause is the
  supplier's);
- the period column follows the book: 01..12 for a month, 1T..4T for a
  quarter, 0A for a year;
- the IRPF columns of the activity (Actividad, Concepto, Ingreso/Gasto
  computable) stay empty: they belong to the IRPF books of individuals, and
  clinics are companies; collection/payment (Cobro/Pago) stays empty: it is
  only required under the cash criterion (criterio de caja), which clinics
  do not apply here.
"""
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

ISSUED, RECEIVED = 'issued', 'received'
PERIOD_COUNTS = {'month': 12, 'quarter': 4, 'year': 1}
CENT = Decimal('0.01')
GENERAL_OPERATION = '01'
SPANISH_ID_TYPES = {'es_vat', 'es_nif', 'es_nie', 'es_cif', 'es_dni'}
ID_TYPE_EU_VAT = '02'
ID_TYPE_OTHER = '06'

COBRO = ("Cobro (Operación Criterio de Caja de IVA y/o artículo 7.2.1º de "
    "Reglamento del IRPF)")
PAGO = ("Pago (Operación Criterio de Caja de IVA y/o artículo 7.2.1º de "
    "Reglamento del IRPF)")

# (header of the first row, header of the second row, key of the row dict)
ISSUED_COLUMNS = [
    ("Autoliquidación", "Ejercicio", 'exercise'),
    ("Autoliquidación", "Periodo", 'period'),
    ("Actividad", "Código", 'activity_code'),
    ("Actividad", "Tipo", 'activity_type'),
    ("Actividad", "Grupo o Epígrafe del IAE", 'activity_group'),
    ("Tipo de Factura", "", 'invoice_type'),
    ("Concepto de Ingreso", "", 'income_concept'),
    ("Ingreso Computable", "", 'income_computable'),
    ("Fecha Expedición", "", 'issue_date'),
    ("Fecha Operación", "", 'operation_date'),
    ("Identificación de la Factura", "Serie", 'series'),
    ("Identificación de la Factura", "Número", 'number'),
    ("Identificación de la Factura", "Número-Final", 'number_final'),
    ("NIF Destinatario", "Tipo", 'party_id_type'),
    ("NIF Destinatario", "Código País", 'party_country'),
    ("NIF Destinatario", "Identificación", 'party_tax_id'),
    ("Nombre Destinatario", "", 'party_name'),
    ("Clave de Operación", "", 'operation_key'),
    ("Calificación de la Operación", "", 'qualification'),
    ("Operación Exenta", "", 'exemption_key'),
    ("Total Factura", "", 'total'),
    ("Base Imponible", "", 'base'),
    ("Tipo de IVA", "", 'rate'),
    ("Cuota IVA Repercutida", "", 'vat'),
    ("Tipo de Recargo eq.", "", 'surcharge_rate'),
    ("Cuota Recargo eq.", "", 'surcharge'),
    (COBRO, "Fecha", 'collection_date'),
    (COBRO, "Importe", 'collection_amount'),
    (COBRO, "Medio Utilizado", 'collection_means'),
    (COBRO, "Identificación Medio Utilizado", 'collection_means_id'),
    ("Tipo Retención del IRPF", "", 'irpf_rate'),
    ("Importe Retenido del IRPF", "", 'irpf_amount'),
    ("Registro Acuerdo Facturación", "", 'billing_agreement'),
    ("Inmueble", "Situación", 'property_situation'),
    ("Inmueble", "Referencia Catastral", 'property_reference'),
    ("Referencia Externa", "", 'external_reference'),
    ]
RECEIVED_COLUMNS = [
    ("Autoliquidación", "Ejercicio", 'exercise'),
    ("Autoliquidación", "Periodo", 'period'),
    ("Actividad", "Código", 'activity_code'),
    ("Actividad", "Tipo", 'activity_type'),
    ("Actividad", "Grupo o Epígrafe del IAE", 'activity_group'),
    ("Tipo de Factura", "", 'invoice_type'),
    ("Concepto de Gasto", "", 'expense_concept'),
    ("Gasto Deducible", "", 'expense_deductible'),
    ("Fecha Expedición", "", 'issue_date'),
    ("Fecha Operación", "", 'operation_date'),
    ("Identificación Factura del Expedidor", "(Serie-Número)",
        'supplier_number'),
    ("Identificación Factura del Expedidor", "Número-Final", 'number_final'),
    ("Fecha Recepción", "", 'reception_date'),
    ("Número Recepción", "", 'reception_number'),
    ("Número Recepción Final", "", 'reception_number_final'),
    ("NIF Expedidor", "Tipo", 'party_id_type'),
    ("NIF Expedidor", "Código País", 'party_country'),
    ("NIF Expedidor", "Identificación", 'party_tax_id'),
    ("Nombre Expedidor", "", 'party_name'),
    ("Clave de Operación", "", 'operation_key'),
    ("Bien de Inversión", "", 'investment_good'),
    ("Inversión del Sujeto Pasivo", "", 'reverse_charge'),
    ("Deducible en Periodo Posterior", "", 'deductible_later'),
    ("Periodo Deducción", "Ejercicio", 'deduction_exercise'),
    ("Periodo Deducción", "Periodo", 'deduction_period'),
    ("Total Factura", "", 'total'),
    ("Base Imponible", "", 'base'),
    ("Tipo de IVA", "", 'rate'),
    ("Cuota IVA Soportado", "", 'vat'),
    ("Cuota Deducible", "", 'deductible_vat'),
    ("Tipo de Recargo eq.", "", 'surcharge_rate'),
    ("Cuota Recargo eq.", "", 'surcharge'),
    (PAGO, "Fecha", 'collection_date'),
    (PAGO, "Importe", 'collection_amount'),
    (PAGO, "Medio Utilizado", 'collection_means'),
    (PAGO, "Identificación Medio Utilizado", 'collection_means_id'),
    ("Tipo Retención del IRPF", "", 'irpf_rate'),
    ("Importe Retenido del IRPF", "", 'irpf_amount'),
    ("Registro Acuerdo Facturación", "", 'billing_agreement'),
    ("Inmueble", "Situación", 'property_situation'),
    ("Inmueble", "Referencia Catastral", 'property_reference'),
    ("Referencia Externa", "", 'external_reference'),
    ]
COLUMNS = {ISSUED: ISSUED_COLUMNS, RECEIVED: RECEIVED_COLUMNS}
# The columns written as numbers (decimal comma in the CSV)
AMOUNT_KEYS = {
    'total', 'base', 'rate', 'vat', 'deductible_vat', 'surcharge_rate',
    'surcharge', 'irpf_rate', 'irpf_amount'}
DATE_KEYS = {'issue_date', 'operation_date', 'reception_date'}


@dataclass(frozen=True)
class TaxAmount:
    """One tax of an invoice: its AEAT keys (clinic_l10n_es/tax.py), its
    rate (0.21 for 21%) and its base and amount summed over the invoice"""
    tax: int
    operation: str
    rate: Decimal
    base: Decimal
    amount: Decimal
    exemption_key: str = ''
    not_subject_key: str = ''


@dataclass(frozen=True)
class InvoiceData:
    """What the books need of a posted invoice, in the company's currency.
    A credit note has negative amounts. `line_taxes` holds the set of tax
    ids of each line, to put an IRPF retention on the row of its VAT."""
    book: str
    number: str
    invoice_date: dt.date
    party_name: str
    total: Decimal
    untaxed: Decimal
    taxes: tuple = ()
    line_taxes: tuple = ()
    supplier_number: str = ''
    reception_date: dt.date = None
    party_tax_type: str = ''
    party_tax_code: str = ''
    party_country: str = ''
    credit_note: bool = False
    rectified: tuple = ()


def period_code(kind, date):
    "Return the AEAT period of date in a book of kind month/quarter/year"
    if kind == 'month':
        return '%02d' % date.month
    if kind == 'quarter':
        return '%dT' % ((date.month - 1) // 3 + 1)
    return '0A'


def period_dates(kind, year, period):
    """Return the first and last day of the period-th month or quarter of
    year, or of the year. The caller checks 1 <= period <= PERIOD_COUNTS."""
    if kind == 'year':
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    months = 1 if kind == 'month' else 3
    first_month = (period - 1) * months + 1
    start = dt.date(year, first_month, 1)
    if first_month + months > 12:
        end = dt.date(year, 12, 31)
    else:
        end = dt.date(year, first_month + months, 1) - dt.timedelta(days=1)
    return start, end


def split_number(number):
    """Split an invoice number into (series, number): the series is the
    prefix of its sequence, everything before the final digits"""
    match = re.fullmatch(r'(.*?)(\d+)', number or '')
    if not match:
        return '', number or ''
    return match.group(1), match.group(2)


def party_identification(tax_type, code, country):
    """Return (id type, country code, identification) of the AEAT columns
    "NIF Destinatario/Expedidor" for a Tryton tax identifier"""
    code = (code or '').replace(' ', '').upper()
    if not code:
        return '', '', ''
    if tax_type in SPANISH_ID_TYPES:
        return '', '', code[2:] if code.startswith('ES') else code
    if tax_type == 'eu_vat':
        if code.startswith('ES'):
            return '', '', code[2:]
        return ID_TYPE_EU_VAT, code[:2], code
    return ID_TYPE_OTHER, (country or '').upper(), code


def invoice_type(invoice):
    "Return the AEAT invoice type (tipo de factura) of the invoice"
    identified = bool(invoice.party_tax_code)
    if invoice.book == RECEIVED:
        return 'R4' if invoice.credit_note else 'F1'
    if invoice.credit_note:
        return 'R1' if identified else 'R5'
    return 'F1' if identified else 'F2'


def _round(amount):
    return Decimal(amount).quantize(CENT)


def _percent(rate):
    return _round(abs(rate) * 100)


def _vat_columns(tax):
    "Return the columns of a row that come from its VAT tax"
    taxed = tax.operation not in {'exempt', 'not_subject'}
    qualification = ''
    if taxed:
        qualification = 'S1'
    elif tax.operation == 'not_subject':
        qualification = tax.not_subject_key or ''
    return {
        'base': _round(tax.base),
        'rate': _percent(tax.rate) if taxed else _round(0),
        'vat': _round(tax.amount) if taxed else _round(0),
        'qualification': qualification,
        'exemption_key': (
            (tax.exemption_key or '') if tax.operation == 'exempt' else ''),
        }


def _retention_row(invoice, retention, vat_taxes):
    "Return the index of the VAT row that gets the retention"
    for index, tax in enumerate(vat_taxes):
        if any({tax.tax, retention.tax} <= set(line)
                for line in invoice.line_taxes):
            return index
    return 0


def _grouped(taxes):
    "Sum the taxes of an invoice that are the same tax, keeping the order"
    grouped = {}
    for tax in taxes:
        if tax.tax in grouped:
            first = grouped[tax.tax]
            tax = TaxAmount(**{**first.__dict__,
                    'base': first.base + tax.base,
                    'amount': first.amount + tax.amount})
        grouped[tax.tax] = tax
    return list(grouped.values())


def _tax_rows(invoice):
    "Return the amount columns of each row of the invoice"
    taxes = _grouped(invoice.taxes)
    vat_taxes = [t for t in taxes if t.operation != 'retention']
    rows = [_vat_columns(t) for t in vat_taxes]
    uncovered = invoice.untaxed - sum((t.base for t in vat_taxes), 0)
    if uncovered or not rows:
        rows.append({
                'base': _round(uncovered), 'rate': _round(0),
                'vat': _round(0), 'qualification': '', 'exemption_key': ''})
    for row in rows:
        row.update(irpf_rate='', irpf_amount='')
    for retention in (t for t in taxes if t.operation == 'retention'):
        row = rows[_retention_row(invoice, retention, vat_taxes)]
        row['irpf_rate'] = _percent(retention.rate)
        row['irpf_amount'] = _round(-retention.amount)
    for row in rows:
        row['total'] = (
            row['base'] + row['vat'] - (row['irpf_amount'] or 0))
        row.update(surcharge_rate=_round(0), surcharge=_round(0))
    return rows


def _common_columns(invoice, period_kind):
    "Return the columns every row of the invoice repeats"
    id_type, country, tax_id = party_identification(
        invoice.party_tax_type, invoice.party_tax_code,
        invoice.party_country)
    external = ''
    if invoice.rectified:
        external = "Rectifica: " + ", ".join(invoice.rectified)
    return {
        'exercise': invoice.invoice_date.year,
        'period': period_code(period_kind, invoice.invoice_date),
        'invoice_type': invoice_type(invoice),
        'issue_date': invoice.invoice_date,
        'operation_date': None,
        'party_id_type': id_type,
        'party_country': country,
        'party_tax_id': tax_id,
        'party_name': invoice.party_name,
        'operation_key': GENERAL_OPERATION,
        'external_reference': external,
        }


def _book_columns(invoice):
    "Return the columns proper to the issued or the received book"
    if invoice.book == ISSUED:
        series, number = split_number(invoice.number)
        return {'series': series, 'number': number}
    return {
        'supplier_number': invoice.supplier_number or invoice.number,
        'reception_date': invoice.reception_date or invoice.invoice_date,
        'reception_number': invoice.number,
        'investment_good': 'N',
        'reverse_charge': 'N',
        'deductible_later': 'N',
        }


def invoice_rows(invoice, period_kind):
    """Return the rows of the invoice in its book: one per VAT tax, every
    column of the book present (empty when it does not apply)"""
    keys = [key for _, _, key in COLUMNS[invoice.book]]
    common = _common_columns(invoice, period_kind)
    common.update(_book_columns(invoice))
    rows = []
    for amounts in _tax_rows(invoice):
        row = dict.fromkeys(keys, '')
        row.update(common)
        row.update(amounts)
        if invoice.book == RECEIVED:
            row['deductible_vat'] = row['vat']
            del row['qualification'], row['exemption_key']
        rows.append(row)
    return rows


def book_rows(invoices, period_kind):
    "Return the rows of the invoices, by issue date and number"
    invoices = sorted(invoices, key=lambda i: (i.invoice_date, i.number))
    return [row for invoice in invoices
        for row in invoice_rows(invoice, period_kind)]

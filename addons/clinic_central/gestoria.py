# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The accountant's export ("gestoría"): for a month, a quarter or a year,
one .zip with a folder per clinic holding its AEAT VAT books (issued and
received, .xlsx) and its takings (the payments by method and the daily cash
boxes with their counts, .xlsx).

Only the clinics that share their invoices with the user may be chosen,
and everything is read with the user's access rights and record rules."""
import io
import zipfile

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.transaction import check_access, without_check_access
from trytond.wizard import Button, StateTransition, StateView, Wizard

from clinic_l10n_es.vat_book import ISSUED, RECEIVED, book_rows
from clinic_l10n_es.vat_book_export import (
    file_name, plain_name, sheets_xlsx, to_xlsx)
from clinic_l10n_es.vat_book_wizard import (
    BookPeriod, booked_invoices, checked_period, company_tax_id,
    invoice_data)

from .exceptions import GestoriaClinicError

# The accountant's files are Spanish, as the AEAT's books are
KIND_NAMES = {
    'cash': "Efectivo",
    'card': "Tarjeta",
    'transfer': "Transferencia",
    'financing': "Financiación",
    }
PAYMENT_HEADERS = [[
        "Fecha", "Asiento", "Paciente", "NIF", "Forma de pago", "Tipo",
        "Importe"]]
CASH_BOX_HEADERS = [[
        "Fecha", "Caja", "Apertura", "Cobros en efectivo", "Esperado",
        "Contado", "Diferencia", "Motivo", "Estado"]]
CASH_BOX_STATES = {
    'draft': "Abierta",
    'validated': "Cerrada",
    'posted': "Contabilizada",
    'cancelled': "Anulada",
    }


class GestoriaStart(BookPeriod, ModelView):
    "The clinics and the period the accountant receives"
    __name__ = 'clinic.central.gestoria.start'
    __string__ = "Accountant's Export"

    clinics = fields.Many2Many(
        'company.company', None, None, "Clinics", required=True,
        domain=[('clinic_role', '=', 'clinic')],
        help="The clinics whose books and takings are exported: those "
        "that share their invoices with you.")

    @classmethod
    def default_clinics(cls):
        return [c.id for c in invoice_sharing_clinics()]


class GestoriaResult(ModelView):
    "The accountant's .zip"
    __name__ = 'clinic.central.gestoria.result'
    __string__ = "Accountant's Export File"

    file = fields.Binary("File", readonly=True, filename='filename')
    filename = fields.Char("File Name", readonly=True)
    summary = fields.Text("Summary", readonly=True)


class Gestoria(Wizard):
    "Export the clinics' books and takings for the accountant"
    __name__ = 'clinic.central.gestoria'

    start = StateView('clinic.central.gestoria.start',
        'clinic_central.gestoria_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Export", 'export', 'tryton-ok', default=True),
            ])
    export = StateTransition()
    result = StateView('clinic.central.gestoria.result',
        'clinic_central.gestoria_result_view_form', [
            Button("Close", 'end', 'tryton-close', default=True),
            ])

    def transition_export(self):
        clinics = check_clinics(self.start.clinics)
        start, end = checked_period(self.start)
        files, summary = {}, []
        for clinic in sorted(clinics, key=lambda c: c.rec_name):
            counts = self.add_clinic_files(files, clinic, start, end)
            summary.append(gettext(
                    'clinic_central.msg_gestoria_summary',
                    clinic=clinic.rec_name, **counts))
        self.result.file = zipped(files)
        self.result.filename = 'gestoria-%s.zip' % period_code(self.start)
        self.result.summary = '\n'.join(summary)
        return 'result'

    def add_clinic_files(self, files, clinic, start, end):
        """Add the clinic's books and takings of start to end to files (by
        path in the zip) and return how many rows each has"""
        folder = plain_name(clinic.rec_name) or str(clinic.id)
        tax_id = company_tax_id(clinic)
        counts = {}
        for book in [ISSUED, RECEIVED]:
            invoices = booked_invoices(clinic, book, start, end)
            rows = book_rows(
                [invoice_data(i) for i in invoices], self.start.period_kind)
            name = file_name(
                self.start.year, tax_id, book, clinic.rec_name, 'xlsx')
            files['%s/%s' % (folder, name)] = to_xlsx(book, rows)
            counts[book] = len(rows)
        payments = payment_rows(clinic, start, end)
        boxes = cash_box_rows(clinic, start, end)
        files['%s/cobros.xlsx' % folder] = sheets_xlsx([
                ("COBROS", PAYMENT_HEADERS, payments),
                ("CAJA", CASH_BOX_HEADERS, boxes)])
        counts['payments'] = len(payments)
        counts['cash_boxes'] = len(boxes)
        return counts

    def default_result(self, fields):
        "Return the file once, without keeping it in the session"
        values = {
            'file': binary_value(self.result, 'file'),
            'filename': self.result.filename,
            'summary': self.result.summary,
            }
        self.result.file = None
        return values


def binary_value(view, name):
    "Return the value of the binary field name of view as the client gets it"
    value = getattr(view, name)
    return getattr(view.__class__, name).cast(value) if value else None


def invoice_sharing_clinics():
    "Return the clinics whose invoices the user reads"
    pool = Pool()
    Company = pool.get('company.company')
    Sharing = pool.get('clinic.sharing.policy')
    return Company.search([
            ('id', 'in', Sharing.readable_companies('invoices')),
            ('clinic_role', '=', 'clinic'),
            ], order=[('id', 'ASC')])


def check_clinics(clinics):
    """Return the clinics if each shares its invoices with the user, else
    raise GestoriaClinicError naming the first that does not"""
    readable = set(invoice_sharing_clinics())
    for clinic in clinics:
        if clinic not in readable:
            raise GestoriaClinicError(gettext(
                    'clinic_central.msg_gestoria_clinic',
                    clinic=clinic.rec_name))
    return clinics


def payment_rows(clinic, start, end):
    """Return a row per payment the clinic took from start to end: date,
    move, patient, tax id, method, kind and amount received.

    The payments are moves, which no sharing category opens to the central:
    they are read without the moves' rules, only for a clinic check_clinics
    found sharing its invoices, and only the payments of its invoices."""
    Move = Pool().get('account.move')
    with without_check_access():
        moves = Move.search([
                ('company', '=', clinic.id),
                ('payment_method', '!=', None),
                ('origin', 'like', 'account.invoice,%'),
                ('state', '=', 'posted'),
                ('date', '>=', start),
                ('date', '<=', end),
                ], order=[('date', 'ASC'), ('number', 'ASC')])
        return [payment_row(m) for m in moves]


def payment_row(move):
    "Return the row of a payment's move"
    received = [l for l in move.lines if l.account.type.receivable]
    party = next((l.party for l in received if l.party), None)
    identifier = party.tax_identifier if party else None
    method = move.payment_method
    return [
        move.date, move.number or '', party.rec_name if party else '',
        identifier.code if identifier else '', method.rec_name,
        KIND_NAMES.get(method.kind, method.kind),
        sum((l.credit - l.debit for l in received), 0)]


def cash_box_rows(clinic, start, end):
    """Return a row per cash box of the clinic from start to end: its
    opening, cash payments, expected closing, count, difference, reason
    and state, read with the user's rules"""
    Statement = Pool().get('account.statement')
    with check_access():
        boxes = Statement.search([
                ('company', '=', clinic.id),
                ('journal.cash_box', '=', True),
                ('date', '>=', start),
                ('date', '<=', end),
                ], order=[('date', 'ASC'), ('id', 'ASC')])
        return [[
                b.date, b.journal.rec_name, b.start_balance, b.cash_received,
                b.expected_balance, b.end_balance, b.difference,
                b.difference_reason or '',
                CASH_BOX_STATES.get(b.state, b.state)]
            for b in boxes]


def zipped(files):
    "Return a .zip of files (bytes by path), as bytes"
    output = io.BytesIO()
    with zipfile.ZipFile(output, 'w', zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files):
            archive.writestr(path, files[path])
    return output.getvalue()


def period_code(start):
    "Return the period in the file name: 2026, 2026-T3 or 2026-07"
    if start.period_kind == 'year':
        return str(start.year)
    if start.period_kind == 'quarter':
        return '%s-T%s' % (start.year, start.period)
    return '%s-%02d' % (start.year, start.period)

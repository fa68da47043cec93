# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Credit notes: a posted invoice is never edited, it is credited with
Tryton's credit wizard, in the clinic's series and with the same taxes"""
import datetime as dt
import os
import unittest

from trytond.model.exceptions import AccessError
from trytond.modules import account_invoice
from trytond.pool import Pool
from trytond.transaction import Transaction

from clinic_l10n_es.tests.tools import year_start

from .insured import D, InsuredClinic
from .tools import in_clinic, run_queued_tasks
from .test_budget_report import load_spanish



def day():
    "The day the debtors are looked at: the invoice is then 20 days overdue"
    return year_start() + dt.timedelta(days=20)


class CreditNoteTestCase(InsuredClinic, unittest.TestCase):
    "Crediting a clinic's posted invoice"

    def posted_invoice(self):
        """Post, dated on the first day of the year, Madrid's invoice to
        an uninsured patient of a cleaning (exempt) and a whitening (21%)"""
        budget = self.accept(self.budget(self.cleaning, self.whitening))
        invoice, = budget.invoices
        invoice.invoice_date = invoice.payment_term_date = year_start()
        invoice, = self.post(invoice)
        return invoice

    def credit(self, invoice, refund=True):
        "Credit the invoice with Tryton's credit wizard; return the note"
        pool = Pool()
        Credit = pool.get('account.invoice.credit', type='wizard')
        Invoice = pool.get('account.invoice')
        with Transaction().set_context(
                active_model='account.invoice', active_id=invoice.id,
                active_ids=[invoice.id]):
            session_id, _, _ = Credit.create()
            try:
                Credit.execute(session_id, {
                        'start': {
                            'with_refund': refund,
                            'with_refund_allowed': True,
                            'invoice_date': year_start(),
                            },
                        }, 'credit')
            finally:
                Credit.delete(session_id)
        run_queued_tasks()
        note, = Invoice.search([('id', '!=', invoice.id)])
        return note

    def debtors(self):
        Debtor = Pool().get('clinic.debtor')
        with Transaction().set_context(date=day()):
            return [(d.party, d.overdue_amount) for d in Debtor.search([])]

    def setup_clinic(self):
        super().setup_clinic()
        self.lucia.insurer = None
        self.lucia.save()

    @in_clinic
    def test_credit_note_in_clinic_series_same_taxes(self):
        """The credit note of a posted invoice is a credit note of Madrid
        numbered next in Madrid's series, with the invoice's lines, taxes
        and total negated"""
        pool = Pool()
        FiscalYear = pool.get('account.fiscalyear')
        invoice = self.posted_invoice()
        note = self.credit(invoice, refund=False)
        self.assertEqual(note.company, self.madrid)
        self.assertEqual(note.sequence_type, 'credit_note')
        self.assertEqual(note.state, 'draft')
        note.invoice_date = year_start()
        note, = self.post(note)
        fiscalyear, = FiscalYear.search([('company', '=', self.madrid.id)])
        series, = fiscalyear.invoice_sequences
        self.assertEqual(
            series.out_credit_note_sequence.company, self.madrid)
        self.assertEqual(int(note.number), int(invoice.number) + 1)
        self.assertEqual(
            sorted((l.product.name, l.quantity, l.unit_price,
                    tuple(l.taxes)) for l in note.lines),
            sorted((l.product.name, -l.quantity, l.unit_price,
                    tuple(l.taxes)) for l in invoice.lines))
        self.assertEqual(
            (note.tax_amount, note.total_amount),
            (-invoice.tax_amount, -invoice.total_amount))
        self.assertEqual(invoice.total_amount, D('362.50'))

    @in_clinic
    def test_refund_pays_invoice_and_clears_debtor(self):
        """Credited with refund, the overdue invoice is cancelled by the
        credit note's move, the credit note is paid, and the patient leaves
        the debtors list"""
        invoice = self.posted_invoice()
        self.assertEqual(self.debtors(), [(self.lucia, D('362.50'))])
        note = self.credit(invoice)
        invoice = invoice.__class__(invoice.id)
        self.assertEqual(
            (invoice.state, note.state), ('cancelled', 'paid'))
        self.assertEqual(invoice.cancel_move, note.move)
        self.assertEqual(self.debtors(), [])

    @in_clinic
    def test_posted_invoice_edit_refused_in_spanish(self):
        """Editing a posted invoice is refused with Tryton's message, in
        Spanish for a user working in Spanish; nothing changes"""
        pool = Pool()
        Invoice = pool.get('account.invoice')
        Translation = pool.get('ir.translation')
        invoice = self.posted_invoice()
        load_spanish()
        Translation.translation_import('es', 'account_invoice', os.path.join(
                os.path.dirname(account_invoice.__file__), 'locale',
                'es.po'))
        with Transaction().set_context(language='es'):
            with self.assertRaises(AccessError) as refused:
                Invoice.write([invoice], {'invoice_date': day()})
        self.assertIn(
            "No se puede modificar la factura", refused.exception.message)
        self.assertIn("contabilizada", refused.exception.message)
        self.assertEqual(Invoice(invoice.id).invoice_date, year_start())

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"The budget's PDF: in the patient's language, on the clinic's letterhead"
import io
import os
import unittest
import pypdf

from trytond.modules.company.tests import set_company
from trytond.pool import Pool

from clinic_base.tests.tools import with_transaction

from .tools import (
    VAT21, BillingModules, create_patient, create_service,
    create_tax_category, franchise_clinic)

LOCALE = os.path.join(os.path.dirname(__file__), '..', 'locale')


def load_spanish():
    "Make Spanish a translatable language with the module's translations"
    pool = Pool()
    Lang = pool.get('ir.lang')
    Translation = pool.get('ir.translation')
    spanish, = Lang.search([('code', '=', 'es')])
    Lang.write([spanish], {'translatable': True})
    Translation.translation_import(
        'es', 'clinic_billing', os.path.join(LOCALE, 'es.po'))
    return spanish


def budget_for(central, clinic, lang=None):
    "A draft budget of the clinic: one whitening for a patient speaking lang"
    pool = Pool()
    Sale = pool.get('sale.sale')
    SaleLine = pool.get('sale.line')
    aesthetics = create_tax_category(
        "Estética", VAT21, central, [central, clinic])
    whitening = create_service("Blanqueamiento", '300', aesthetics, central)
    patient = create_patient()
    patient.lang = lang
    patient.save()
    budget = Sale(party=patient, company=clinic, currency=clinic.currency)
    budget.save()
    SaleLine.for_service(budget, whitening).save()
    return budget


def printed_text(budget):
    "The text of the budget's PDF"
    Report = Pool().get('clinic_billing.budget', type='report')
    extension, content, _, _ = Report.execute([budget.id], {})
    assert extension == 'pdf', extension
    reader = pypdf.PdfReader(io.BytesIO(content))
    return '\n'.join(page.extract_text() for page in reader.pages)


class BudgetReportTestCase(BillingModules, unittest.TestCase):
    "The budget a patient takes home"

    @with_transaction()
    def test_spanish_patient_gets_a_spanish_budget(self):
        "A patient who speaks Spanish reads a presupuesto in euros"
        spanish = load_spanish()
        central, madrid = franchise_clinic()
        with set_company(madrid):
            text = printed_text(budget_for(central, madrid, lang=spanish))
        for words in ["Clínica Madrid", "Presupuesto", "Paciente",
                "Lucía Pérez", "Servicio", "Cantidad", "Importe",
                "Base imponible", "Firma del paciente (conforme)"]:
            self.assertIn(words, text)
        self.assertIn("300,00", text)
        self.assertNotIn("Budget", text)

    @with_transaction()
    def test_patient_without_language_gets_the_default(self):
        "A patient with no language reads the budget in the server's"
        central, madrid = franchise_clinic()
        with set_company(madrid):
            text = printed_text(budget_for(central, madrid))
        self.assertIn("Budget", text)
        self.assertIn("Signed by the patient", text)

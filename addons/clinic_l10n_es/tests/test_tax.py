# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Spanish taxes: rates, IRPF, AEAT keys, and the input they refuse"
import unittest
from decimal import Decimal

from trytond.model.exceptions import DomainValidationError
from trytond.modules.company.tests import set_company
from trytond.modules.party.exceptions import InvalidIdentifierCode
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, drop_db

from clinic_base.tests.tools import with_transaction

from ..exceptions import ExemptionKeyError
from .tools import today, account, create_clinics, create_invoice, tax


def create_party(name, identifier=None):
    "Return a party with an address, and a Spanish NIF if given"
    Party = Pool().get('party.party')
    party = Party(name=name, addresses=[{}])
    if identifier:
        # Tryton 8.0 names the NIF "es_vat" (es_nif is its old alias)
        party.identifiers = [{'type': 'es_vat', 'code': identifier}]
    party.save()
    return party


class TaxTestCase(unittest.TestCase):
    "The clinics' taxes"

    @classmethod
    def setUpClass(cls):
        drop_db()
        activate_module(['clinic_l10n_es'])
        cls.addClassCleanup(drop_db)

    @with_transaction()
    def test_rates(self):
        "IVA 21% on 100 is 21; IRPF 15% withholds 15 of 100"
        Tax = Pool().get('account.tax')
        clinic, = create_clinics("Clínica Madrid")
        for xml_id, amount in [
                ('iva_rep_21', Decimal(21)),
                ('iva_rep_10', Decimal(10)),
                ('iva_rep_4', Decimal(4)),
                ('iva_rep_exento', Decimal(0)),
                ('irpf_15', Decimal(-15)),
                ('irpf_7', Decimal(-7)),
                ]:
            line, = Tax.compute([tax(clinic, xml_id)], Decimal(100), 1, today())
            self.assertEqual(line['amount'], amount, xml_id)

    @with_transaction()
    def test_aeat_keys(self):
        """The chart copies the AEAT keys to the taxes, and updating the
        chart brings back the template's key"""
        pool = Pool()
        Tax = pool.get('account.tax')
        Account = pool.get('account.account')
        clinic, = create_clinics("Clínica Madrid")
        exempt = tax(clinic, 'iva_rep_exento')
        self.assertEqual(exempt.aeat_operation, 'exempt')
        self.assertEqual(exempt.aeat_exemption_key, 'E1')
        self.assertEqual(tax(clinic, 'iva_rep_ns_n2').aeat_not_subject_key,
            'N2')
        self.assertEqual(tax(clinic, 'irpf_15').aeat_operation, 'retention')

        Tax.write([exempt], {'aeat_exemption_key': 'E6'})
        template2account = {a.template.id: a.id for a in Account.search([
                    ('company', '=', clinic.id)])}
        Tax.update_tax(clinic.id, template2account)
        self.assertEqual(Tax(exempt.id).aeat_exemption_key, 'E1')

    @with_transaction()
    def test_professional_invoice(self):
        """A professional's invoice of 1000 with IVA 21% and IRPF 15% is
        payable 1060, with 150 withheld on 4751"""
        pool = Pool()
        Invoice = pool.get('account.invoice')
        clinic, = create_clinics("Clínica Madrid")
        doctor = create_party("Dra. Ana Torres")
        with set_company(clinic):
            invoice = create_invoice(clinic, doctor, 'in', [
                    ('623', 1000, ['iva_sop_21', 'irpf_15'])])
            Invoice.post([invoice])
            self.assertEqual(invoice.untaxed_amount, Decimal(1000))
            self.assertEqual(invoice.tax_amount, Decimal(60))
            self.assertEqual(invoice.total_amount, Decimal(1060))
            self.assertEqual(account(clinic, '4751').balance, Decimal(-150))
            self.assertEqual(account(clinic, '472').balance, Decimal(210))
            self.assertEqual(account(clinic, '400').balance, Decimal(-1060))

    @with_transaction()
    def test_exemption_key_required(self):
        """A customer invoice with an exempt tax that lost its key is not
        posted"""
        pool = Pool()
        Invoice = pool.get('account.invoice')
        Tax = pool.get('account.tax')
        clinic, = create_clinics("Clínica Madrid")
        patient = create_party("Lucía")
        exempt = tax(clinic, 'iva_rep_exento')
        Tax.write([exempt], {
                'template_override': True, 'aeat_exemption_key': None})
        with set_company(clinic):
            invoice = create_invoice(clinic, patient, 'out', [
                    ('705', 60, ['iva_rep_exento']),
                    ('705', 100, ['iva_rep_21'])])
            with self.assertRaisesRegex(
                    ExemptionKeyError, 'no AEAT exemption key'):
                Invoice.post([invoice])
            with self.assertRaises(ExemptionKeyError):
                Invoice.validate_invoice([invoice])
            self.assertEqual(invoice.state, 'draft')

            Tax.write([exempt], {'aeat_exemption_key': 'E1'})
            Invoice.post([invoice])
            self.assertEqual(invoice.state, 'posted')

    @with_transaction()
    def test_tax_of_another_company(self):
        "An invoice line cannot carry the tax of another clinic's chart"
        madrid, sevilla = create_clinics("Clínica Madrid", "Clínica Sevilla")
        patient = create_party("Lucía")
        with set_company(madrid):
            invoice = create_invoice(madrid, patient, 'out', [
                    ('705', 100, ['iva_rep_21'])])
            line, = invoice.lines
            line.taxes = [tax(sevilla, 'iva_rep_21')]
            with self.assertRaisesRegex(DomainValidationError, 'Taxes'):
                line.save()

    @with_transaction()
    def test_nif(self):
        """A valid NIF is kept; an invalid one is refused, saying what is
        wrong with it"""
        patient = create_party("Lucía", '12345678Z')
        self.assertEqual(patient.identifiers[0].code, '12345678Z')
        with self.assertRaisesRegex(
                InvalidIdentifierCode,
                '"12345678A" is not valid: its check letter'):
            create_party("Lucía", '12345678A')
        with self.assertRaisesRegex(
                InvalidIdentifierCode, 'wrong number of characters'):
            create_party("Lucía", '1234')

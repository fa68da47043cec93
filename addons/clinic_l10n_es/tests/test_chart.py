# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"The clinics' chart: one per clinic, and statements that add up"
import unittest
from decimal import Decimal

from trytond.modules.company.tests import set_company
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, drop_db

from clinic_base.tests.tools import with_transaction

from .tools import today, account, create_clinics, tax, tax_code


class ChartTestCase(unittest.TestCase):
    "The clinics' chart of accounts"

    @classmethod
    def setUpClass(cls):
        drop_db()
        activate_module(['clinic_l10n_es'])
        cls.addClassCleanup(drop_db)

    @with_transaction()
    def test_chart_per_clinic(self):
        """Each clinic gets its own accounts, taxes and tax codes, with its
        default receivable and payable accounts, once"""
        pool = Pool()
        AccountTemplate = pool.get('account.account.template')
        Account = pool.get('account.account')
        Tax = pool.get('account.tax')
        TaxCode = pool.get('account.tax.code')
        Configuration = pool.get('account.configuration')
        madrid, sevilla = create_clinics("Clínica Madrid", "Clínica Sevilla")

        records = {}
        for company in [madrid, sevilla]:
            with set_company(company):
                config = Configuration(1)
                self.assertEqual(
                    config.default_account_receivable.code, '4300')
                self.assertEqual(config.default_account_payable.code, '400')
            records[company] = {
                Model.__name__: set(Model.search([
                            ('company', '=', company.id)]))
                for Model in [Account, Tax, TaxCode]}
            self.assertEqual(
                account(company, '705').type.revenue, True)
            self.assertEqual(tax(company, 'iva_rep_21').rate, Decimal('0.21'))
            self.assertEqual(
                tax(company, 'iva_rep_21').invoice_account,
                account(company, '477'))
        for name in records[madrid]:
            self.assertTrue(records[madrid][name])
            self.assertEqual(
                len(records[madrid][name]), len(records[sevilla][name]))
            self.assertFalse(records[madrid][name] & records[sevilla][name])

        self.assertEqual(
            AccountTemplate.create_clinic_charts([madrid, sevilla]), [])
        self.assertEqual(
            Account.search_count([('company', '=', madrid.id)]),
            len(records[madrid]['account.account']))

    @with_transaction()
    def test_statements(self):
        """A sale of services shows its revenue in the income statement and
        the balance sheet balances"""
        pool = Pool()
        Journal = pool.get('account.journal')
        Move = pool.get('account.move')
        Party = pool.get('party.party')
        Period = pool.get('account.period')
        Type = pool.get('account.account.type')
        ModelData = pool.get('ir.model.data')
        clinic, = create_clinics("Clínica Madrid")
        patient = Party(name="Lucía")
        patient.save()

        with set_company(clinic):
            journal, = Journal.search([('type', '=', 'revenue')], limit=1)
            period = Period.find(clinic, date=today())
            move = Move(
                period=period, journal=journal, date=today(), company=clinic)
            move.lines = [{
                    'account': account(clinic, '4300'),
                    'party': patient,
                    'debit': Decimal(221), 'credit': 0,
                    }, {
                    'account': account(clinic, '705'),
                    'debit': 0, 'credit': Decimal(100),
                    }, {
                    'account': account(clinic, '705'),
                    'debit': 0, 'credit': Decimal(100),
                    }, {
                    'account': account(clinic, '477'),
                    'debit': 0, 'credit': Decimal(21),
                    }]
            move.save()
            Move.post([move])

            def type_(xml_id):
                type_, = Type.search([
                        ('company', '=', clinic.id),
                        ('template', '=', ModelData.get_id(
                                'clinic_l10n_es',
                                'account_type_template_' + xml_id)),
                        ])
                return type_

            assets = type_('activo')
            equity_liabilities = type_('pn_pasivo')
            self.assertEqual(assets.statement, 'balance')
            self.assertEqual(assets.amount, Decimal(221))
            self.assertEqual(equity_liabilities.amount, Decimal(221))
            self.assertEqual(type_('pyg').statement, 'income')
            self.assertEqual(type_('pyg').amount, Decimal(200))
            self.assertEqual(
                type_('ingresos_explotacion').amount, Decimal(200))
            self.assertEqual(type_('administraciones').amount, Decimal(21))
            self.assertEqual(type_('clientes').amount, Decimal(221))

    @with_transaction()
    def test_303_codes_exist(self):
        "The tax codes of modelo 303 and 111 that the chart fills"
        clinic, = create_clinics("Clínica Madrid")
        for form, boxes in [
                ('303', ['01', '03', '04', '06', '07', '09', '27', '28',
                        '29', '45', '46', '83', '120']),
                ('111', ['08', '09'])]:
            for box in boxes:
                self.assertTrue(tax_code(clinic, form, box))


# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"One step per clinic: the clinics' chart of accounts made for each company"
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

ROOT = 'account_template_root'
RECEIVABLE = 'account_template_4300'
PAYABLE = 'account_template_400'


class AccountTemplate(metaclass=PoolMeta):
    __name__ = 'account.account.template'

    @classmethod
    def create_clinic_charts(cls, companies):
        """Give each company that has no account yet the clinics' chart,
        with its taxes and tax codes, patients (4300) as its default
        receivable and suppliers (400) as its default payable account.
        Return the companies that got one."""
        pool = Pool()
        Account = pool.get('account.account')
        ModelData = pool.get('ir.model.data')
        CreateChart = pool.get('account.create_chart', type='wizard')

        template = cls(ModelData.get_id('clinic_l10n_es', ROOT))
        done = []
        for company in companies:
            with Transaction().set_context(company=company.id):
                if Account.search([('company', '=', company.id)], limit=1):
                    continue
                session_id, _, _ = CreateChart.create()
                try:
                    wizard = CreateChart(session_id)
                    wizard.account.account_template = template
                    wizard.account.company = company
                    wizard.transition_create_account()
                    wizard.properties.company = company
                    wizard.properties.account_receivable = (
                        cls._clinic_chart_account(company, RECEIVABLE))
                    wizard.properties.account_payable = (
                        cls._clinic_chart_account(company, PAYABLE))
                    wizard.transition_create_properties()
                finally:
                    CreateChart.delete(session_id)
            done.append(company)
        return done

    @classmethod
    def _clinic_chart_account(cls, company, xml_id):
        "Return the company's account made from the template xml_id"
        pool = Pool()
        Account = pool.get('account.account')
        ModelData = pool.get('ir.model.data')
        account, = Account.search([
                ('template', '=', ModelData.get_id('clinic_l10n_es', xml_id)),
                ('company', '=', company.id),
                ], limit=1)
        return account

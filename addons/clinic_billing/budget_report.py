# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The budget the patient takes home: a PDF on the clinic's letterhead, in
the patient's language (an HTML template that weasyprint prints)."""
import base64

from trytond.modules.company.company import CompanyReport
from trytond.pool import Pool
from trytond.transaction import Transaction

LOGO_SIZE = (300, 120)


class BudgetReport(CompanyReport):
    __name__ = 'clinic_billing.budget'

    @classmethod
    def execute(cls, ids, data):
        with Transaction().set_context(address_with_party=True):
            return super().execute(ids, data)

    @classmethod
    def get_context(cls, records, header, data):
        Date = Pool().get('ir.date')
        context = super().get_context(records, header, data)
        company = header.get('company')
        with Transaction().set_context(
                company=company.id if company else None):
            context['today'] = Date.today()
        context['logo'] = logo_uri(company)
        context['tax_identifier'] = tax_identifier(company)
        return context


def logo_uri(company):
    "The clinic's logo as a data URI, or None"
    if company and company.logo:
        png = company.get_logo(*LOGO_SIZE)
        return 'data:image/png;base64,' + base64.b64encode(png).decode()


def tax_identifier(company):
    "The clinic's tax identifier (NIF) as printed"
    if company and company.party.tax_identifier:
        return company.party.tax_identifier.code

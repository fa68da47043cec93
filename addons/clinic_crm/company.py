# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import PoolMeta
from trytond.transaction import Transaction

from .exceptions import CRMOffError


class Company(metaclass=PoolMeta):
    __name__ = 'company.company'

    crm = fields.Boolean(
        "CRM",
        help="The clinic works its leads, their requests and activities "
        "with the CRM (an add-on: off until the clinic takes it).")

    @classmethod
    def default_crm(cls):
        return False

    @classmethod
    def current_has_crm(cls):
        """Tell whether the CRM is on where the user works now: in the
        current clinic, or at a central for one of its franchise's clinics
        (whose leads the central reads as they share them)"""
        company = Transaction().context.get('company')
        if company is None or company < 0:
            return False
        current = cls(company)
        if current.clinic_role == 'central':
            return bool(cls.search([
                        ('franchise', '=', current.franchise.id),
                        ('clinic_role', '=', 'clinic'),
                        ('crm', '=', True),
                        ], limit=1, order=[]))
        return bool(current.crm)

    def check_crm(self):
        "Refuse a lead, a request or an activity of the company without CRM"
        if not self.crm:
            raise CRMOffError(gettext('clinic_crm.msg_crm_off',
                    clinic=self.rec_name))


def check_crm_on(companies):
    "Refuse leads, requests or activities of companies without the CRM"
    for company in set(filter(None, companies)):
        company.check_crm()

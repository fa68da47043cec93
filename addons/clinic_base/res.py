# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The user's preferences stay within what the user holds.

Tryton 8.0 saves the company and the employee a client sends to
``set_preferences`` without checking them against the user's companies and
employees: a clinic's user could make another clinic their company, and the
rules would then read that clinic's records as their own.

Tryton's "Company Filter" (the current company or all the user's) is not a
preference here: what a user sees is what the current company owns and what
the policy shares with it, the same whatever was chosen before (a central
user who had chosen "All" saw every clinic's records as their own once in a
clinic, and the central's lists changed without a word on screen). The
field is hidden and a client cannot set it; entering a clinic keeps it on
the current company.

The companies a user works with follow the company stored on the user, not
the company a call's context names (Tryton kept the context's for the user,
for every later call).
"""
from trytond.i18n import gettext
from trytond.model.exceptions import AccessError
from trytond.pool import PoolMeta
from trytond.transaction import Transaction


class User(metaclass=PoolMeta):
    __name__ = 'res.user'

    @classmethod
    def get_companies(cls):
        """The user's companies by the company stored on the user, whatever
        company the call's context names: Tryton reads them through the
        user's company, which follows the context's, and keeps them for the
        user whatever the context (a request sent with the central after a
        clinic's Enter, as sao's reload of the list the button ran from, put
        the central back for all the next ones: the clinic's records were
        read as the central's and its VAT book refused)"""
        transaction = Transaction()
        if '_companies' in transaction.context or not transaction.user:
            # (root works as the context's company, as in Tryton)
            return super().get_companies()
        with transaction.reset_context():
            return super().get_companies()

    @classmethod
    def get_employees(cls):
        "The user's employees by the employee stored on the user (as above)"
        if not Transaction().user:
            return super().get_employees()
        with Transaction().reset_context():
            return super().get_employees()

    def get_status_bar(self, name):
        """The user and the clinic they work in, as sao's top bar shows
        them, whatever companies they hold (Tryton names the company only
        for a user who holds several)"""
        status = super().get_status_bar(name)
        if self.company and len(self.companies) <= 1:
            currency = ' [%s]' % self.company.currency.code
            if status.endswith(currency):
                status = '%s - %s%s' % (
                    status[:-len(currency)], self.company.rec_name, currency)
        return status

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('//label[@name="company_filter"]'
                '|//field[@name="company_filter"]',
                'states', {'invisible': True}),
            ]

    @classmethod
    def set_preferences(cls, values):
        values = {k: v for k, v in values.items() if k != 'company_filter'}
        user = cls(Transaction().user)
        held = {
            'company': {c.id for c in user.companies},
            'employee': {e.id for e in user.employees},
            }
        for name, ids in held.items():
            value = values.get(name)
            if value is not None and value not in ids:
                raise AccessError(gettext(
                        'clinic_base.msg_preference_not_held',
                        field=cls.fields_get([name])[name]['string']))
        super().set_preferences(values)

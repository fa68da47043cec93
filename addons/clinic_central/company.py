# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.i18n import gettext
from trytond.model import ModelView
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access

from .exceptions import EnterClinicError


class Company(metaclass=PoolMeta):
    __name__ = 'company.company'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'enter': {
                    'invisible': Eval('clinic_role') != 'clinic',
                    'icon': 'tryton-forward',
                    'depends': ['clinic_role'],
                    },
                })

    @classmethod
    @ModelView.button
    def enter(cls, companies):
        "Work as this clinic, without logging in again"
        pool = Pool()
        User = pool.get('res.user')
        for company in companies[:1]:
            User.switch_company(company)
            return 'reload menu'

    @classmethod
    def on_modification(cls, mode, companies, field_names=None):
        pool = Pool()
        User = pool.get('res.user')
        super().on_modification(mode, companies, field_names=field_names)
        if mode == 'create' or (
                field_names and 'franchise' in set(field_names)):
            User.grant_franchise_companies(companies)

    def central_users(self):
        "Return the users who hold the central of the company's franchise"
        pool = Pool()
        User = pool.get('res.user')
        central = self.franchise.central if self.franchise else None
        if not central:
            return []
        with without_check_access():
            return User.search([('companies', 'in', [central.id])])


class User(metaclass=PoolMeta):
    __name__ = 'res.user'

    @classmethod
    def switch_company(cls, company):
        "Make company the current company of the user, alone in the filter"
        user = cls(Transaction().user)
        if company not in user.companies:
            raise EnterClinicError(gettext(
                    'clinic_central.msg_enter_not_allowed',
                    company=company.rec_name))
        employees = [e for e in user.employees if e.company == company]
        with without_check_access():
            cls.write([user], {
                    'company': company.id,
                    'company_filter': 'one',
                    'employee': employees[0].id if len(employees) == 1
                    else None,
                    })

    @classmethod
    def grant_franchise_companies(cls, companies):
        "Central users administer every company of their franchise"
        to_write = []
        for company in companies:
            users = [u for u in company.central_users()
                if company not in u.companies]
            if users:
                to_write.extend(
                    (users, {'companies': [('add', [company.id])]}))
        if to_write:
            with without_check_access():
                cls.write(*to_write)

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The user's preferences stay within what the user holds.

Tryton 8.0 saves the company and the employee a client sends to
``set_preferences`` without checking them against the user's companies and
employees: a clinic's user could make another clinic their company, and the
rules would then read that clinic's records as their own.
"""
from trytond.i18n import gettext
from trytond.model.exceptions import AccessError
from trytond.pool import PoolMeta
from trytond.transaction import Transaction


class User(metaclass=PoolMeta):
    __name__ = 'res.user'

    @classmethod
    def set_preferences(cls, values):
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

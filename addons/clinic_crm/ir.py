# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The rules of the CRM's activities know the user (a private activity is
its responsible's); a cron rings the activities whose day has come."""
from trytond.pool import PoolMeta
from trytond.transaction import Transaction

# The models whose rules name the user (a private activity's responsible)
BY_USER = {'clinic.crm.activity'}


class Rule(metaclass=PoolMeta):
    __name__ = 'ir.rule'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.domain.help += (
            '\n- "user_id" as the id of the user (the CRM\'s activities)')

    @classmethod
    def _get_context(cls, model_name):
        context = super()._get_context(model_name)
        if model_name in BY_USER:
            context['user_id'] = Transaction().user
        return context

    @classmethod
    def _get_cache_key(cls, model_names):
        key = super()._get_cache_key(model_names)
        if BY_USER & set(model_names):
            key = (*key, Transaction().user)
        return key


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.append(
            ('clinic.crm.activity|ring_due', "Ring the Due CRM Activities"))

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The agenda opens at the clinic's first working hour.

sao scrolls a calendar (the week and day agendas) to the context's
``calendar_scroll_time``, else to 6:00. The context of a user working in a
clinic carries the first hour one of its practitioners starts, so that the
morning is on screen.
"""
from trytond.pool import Pool, PoolMeta
from trytond.transaction import without_check_access


class User(metaclass=PoolMeta):
    __name__ = 'res.user'

    @classmethod
    def _get_preferences(cls, user, context_only=False):
        preferences = super()._get_preferences(
            user, context_only=context_only)
        if context_only and user.company:
            first = first_working_hour(user.company)
            if first is not None:
                preferences['calendar_scroll_time'] = first
        return preferences


def first_working_hour(company):
    "The time the first of the company's practitioners starts, if any"
    Schedule = Pool().get('clinic.schedule')
    with without_check_access():
        schedules = Schedule.search([('company', '=', company.id)],
            order=[('start_time', 'ASC')], limit=1)
    return schedules[0].start_time if schedules else None

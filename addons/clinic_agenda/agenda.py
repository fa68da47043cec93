# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""What the agenda's calendars and lists show: the clinic, and the
practitioner, room or day chosen in their context"""
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction


def user_practitioner():
    "Return the id of the user's employee if they see patients"
    pool = Pool()
    Employee = pool.get('company.employee')
    employee = Transaction().context.get('employee')
    if employee is not None and Employee(employee).practitioner:
        return employee


class AgendaContext:
    "The clinic whose agenda is shown"
    __slots__ = ()

    company = fields.Many2One(
        'company.company', "Clinic", required=True,
        domain=[('clinic_role', '=', 'clinic')])

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')


class AgendaPractitionerContext(AgendaContext, ModelView):
    "The practitioner whose agenda is shown"
    __name__ = 'clinic.agenda.practitioner.context'

    practitioner = fields.Many2One(
        'company.employee', "Practitioner",
        domain=[
            ('company', '=', Eval('company', -1)),
            ('practitioner', '=', True),
            ],
        help="Leave empty to see every practitioner of the clinic.")

    @classmethod
    def default_practitioner(cls):
        "The user, if they see patients"
        return user_practitioner()


class AgendaRoomContext(AgendaContext, ModelView):
    "The room whose agenda is shown"
    __name__ = 'clinic.agenda.room.context'

    room = fields.Many2One(
        'clinic.room', "Room",
        domain=[('company', '=', Eval('company', -1))],
        help="Leave empty to see every room of the clinic.")


class AgendaDayContext(AgendaContext, ModelView):
    "The day whose appointments the front desk lists"
    __name__ = 'clinic.agenda.day.context'

    day = fields.Date("Day", required=True)

    @classmethod
    def default_day(cls):
        return Pool().get('ir.date').today()

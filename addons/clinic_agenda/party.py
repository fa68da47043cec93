# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The patient's next appointment, at the top of the patient's form.

It is the first appointment still to come (booked or confirmed) that the
user reads, in any clinic the policy opens to them.
"""
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import check_access

from .availability import utc_now

COMING = ['booked', 'confirmed']


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    next_appointment = fields.Function(fields.Many2One(
            'clinic.appointment', "Next Appointment",
            help="The first appointment still to come, booked or confirmed."),
        'get_next_appointment')

    @classmethod
    def get_next_appointment(cls, parties, name):
        Appointment = Pool().get('clinic.appointment')
        result = dict.fromkeys((p.id for p in parties), None)
        with check_access():
            appointments = Appointment.search([
                    ('party', 'in', list(result)),
                    ('state', 'in', COMING),
                    ('start', '>=', utc_now()),
                    ], order=[('start', 'DESC')])
        # (the latest first: the earliest of each party is written last)
        for appointment in appointments:
            result[appointment.party.id] = appointment.id
        return result

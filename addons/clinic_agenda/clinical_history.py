# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The clinical history entry of a visit knows its appointment.

The link is kept on the entry, so that an appointment lists only the entries
that the user reads: an appointment is shared as its clinic's patients are,
an entry as its clinical histories are.
"""
from trytond.model import fields
from trytond.pool import PoolMeta


class HistoryEntry(metaclass=PoolMeta):
    __name__ = 'clinic.history.entry'

    appointment = fields.Many2One(
        'clinic.appointment', "Appointment", readonly=True,
        ondelete='RESTRICT',
        help="The visit the entry records.")

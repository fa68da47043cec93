# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"The rooms and chairs of a clinic, booked with its appointments."
from trytond.model import (
    DeactivableMixin, Index, ModelSQL, ModelView, Unique, fields)
from trytond.transaction import Transaction


class Room(DeactivableMixin, ModelSQL, ModelView):
    "A room or a treatment chair of a clinic"
    __name__ = 'clinic.room'

    name = fields.Char("Name", required=True)
    company = fields.Many2One(
        'company.company', "Clinic", required=True, ondelete='CASCADE',
        domain=[('clinic_role', '=', 'clinic')])
    kind = fields.Selection([
            ('room', "Room"),
            ('chair', "Chair"),
            ], "Kind", required=True, sort=False)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('company_name_unique', Unique(t, t.company, t.name),
                'clinic_agenda.msg_room_name_unique'),
            ]
        cls._sql_indexes.add(Index(t, (t.company, Index.Equality())))
        cls._order = [('company', 'ASC'), ('name', 'ASC'), ('id', 'ASC')]

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_kind(cls):
        return 'room'

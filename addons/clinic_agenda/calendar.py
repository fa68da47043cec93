# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The appointments in the calendar of dated events (clinic_base's
calendar): each appointment the user reads that will or did take place, on
its day, the practitioner's event."""
from trytond.i18n import gettext
from trytond.pool import Pool, PoolMeta

from clinic_base.calendar import day_of, reference, source_ids

from .schedule import to_wall_clock

# Where the appointments are among the sources of events
SLOT = 2


class CalendarEvent(metaclass=PoolMeta):
    __name__ = 'clinic.calendar.event'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.kind.selection.append(('appointment', "Appointment"))

    @classmethod
    def event_queries(cls):
        Appointment = Pool().get('clinic.appointment')
        appointments = source_ids(Appointment, [
                ('state', 'not in', ['cancelled', 'no_show'])])
        if appointments is None:
            return super().event_queries() + [None]
        table = Appointment.__table__()
        return super().event_queries() + [table.select(*cls.event_row(
                    table, SLOT, date=day_of(table.start),
                    kind='appointment', company=table.company,
                    party=table.party, employee=table.practitioner,
                    origin=reference(Appointment, table)),
                where=table.id.in_(appointments))]

    @classmethod
    def origin_models(cls):
        return super().origin_models() + ['clinic.appointment']

    @classmethod
    def colors(cls):
        return {**super().colors(), 'appointment': '#1e88e5'}

    def get_name(self, name):
        if self.kind == 'appointment':
            appointment = self.origin
            return gettext('clinic_agenda.msg_event_appointment',
                time=to_wall_clock(appointment.start, appointment.timezone
                    ).strftime('%H:%M'),
                party=appointment.party.rec_name)
        return super().get_name(name)

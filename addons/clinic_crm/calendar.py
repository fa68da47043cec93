# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The CRM's activities in the calendar of dated events (clinic_base's
calendar): each activity the user reads, scheduled or done, on its day,
its responsible user's event (a private one only for those who read it)."""
from trytond.i18n import gettext
from trytond.pool import Pool, PoolMeta

from clinic_base.calendar import day_of, reference, source_ids

# Where the activities are among the sources of events
SLOT = 3


class CalendarEvent(metaclass=PoolMeta):
    __name__ = 'clinic.calendar.event'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.kind.selection.append(('activity', "CRM Activity"))

    @classmethod
    def event_queries(cls):
        Activity = Pool().get('clinic.crm.activity')
        activities = source_ids(
            Activity, [('state', '!=', 'cancelled')])
        if activities is None:
            return super().event_queries() + [None]
        table = Activity.__table__()
        return super().event_queries() + [table.select(*cls.event_row(
                    table, SLOT, date=day_of(table.moment),
                    kind='activity', company=table.company,
                    party=table.party, user=table.responsible,
                    origin=reference(Activity, table)),
                where=table.id.in_(activities))]

    @classmethod
    def origin_models(cls):
        return super().origin_models() + ['clinic.crm.activity']

    @classmethod
    def colors(cls):
        return {**super().colors(), 'activity': '#fb8c00'}

    def get_name(self, name):
        if self.kind == 'activity':
            activity = self.origin
            return gettext('clinic_crm.msg_event_activity',
                time=activity.wall_clock(activity.moment).strftime('%H:%M'),
                type=activity.type_string, party=activity.party.rec_name)
        return super().get_name(name)

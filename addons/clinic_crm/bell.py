# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The CRM's bell: each user's pending activities.

A scheduled activity whose day has come on its clinic's clock is pending:
its responsible user has an unread notification about it in sao's bell
(clinic_base's ``notification``), which opens it. The notification goes
once the activity is done, cancelled, moved to a day to come, deleted or
given to someone else (the new responsible gets it): the bell's count is
the user's pending activities. An hourly cron rings the activities whose
day has come since.
"""
from zoneinfo import ZoneInfo

from trytond.i18n import gettext
from trytond.pool import Pool

from clinic_base.notification import (
    in_language_of, records_key, ring, rung_for, silence)


def is_pending(activity):
    "Tell whether the activity is scheduled and its day has come"
    Date = Pool().get('ir.date')
    today = Date.today(ZoneInfo(activity.company.timezone or 'UTC'))
    return (activity.state == 'scheduled'
        and activity.wall_clock(activity.moment).date() <= today)


def sync_bell(activities):
    """Ring the pending activities for their responsible user, once, and
    silence the others"""
    by_key = {records_key(a): a for a in activities}
    pending = {a for a in activities if is_pending(a)}
    rung = set()
    stale = []
    for notification in rung_for(activities):
        activity = by_key[notification.records]
        if (activity in pending and activity not in rung
                and notification.user == activity.responsible):
            rung.add(activity)
        else:
            stale.append(notification)
    silence(stale)
    ring([notification_of(a) for a in pending - rung])


def silence_bell(activities):
    "Silence the bell of the activities"
    silence(rung_for(activities))


def notification_of(activity):
    "Return the notification of the activity, in its responsible's language"
    pool = Pool()
    Activity = pool.get('clinic.crm.activity')
    Lang = pool.get('ir.lang')
    user = activity.responsible
    with in_language_of(user):
        # (read again: the type's name is in the reader's language)
        activity = Activity(activity.id)
        lang = Lang.get()
        moment = lang.strftime(
            activity.wall_clock(activity.moment), lang.date + ' %H:%M')
        return {
            'user': user,
            'record': activity,
            'label': gettext('clinic_crm.msg_bell_activity',
                type=activity.type_string, party=activity.party.rec_name),
            'description': ' · '.join(filter(None,
                    [moment, activity.subject])),
            }

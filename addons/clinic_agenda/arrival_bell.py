# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The practitioner's bell: a patient marked arrived at the desk.

When the front desk marks an appointment arrived, each user who is the
practitioner (an employee of the user) gets a notification in the bell,
opening the appointment. It is marked read once the visit starts or the
appointment leaves the waiting room otherwise: the bell counts the patients
waiting for the practitioner.
"""
from trytond.i18n import gettext
from trytond.pool import Pool
from trytond.transaction import without_check_access

from clinic_base.notification import (
    in_language_of, mark_read, ring, rung_for)


def users_of(employees):
    "Return the users of each employee"
    User = Pool().get('res.user')
    ids = {e.id for e in employees}
    users = {e: [] for e in ids}
    with without_check_access():
        for user in User.search([('employees', 'in', list(ids))]):
            for employee in user.employees:
                if employee.id in ids:
                    users[employee.id].append(user)
    return users


def ring_practitioners(appointments):
    "Tell the practitioners of the appointments that their patient arrived"
    users = users_of({a.practitioner for a in appointments})
    notifications = []
    for appointment in appointments:
        for user in users[appointment.practitioner.id]:
            with in_language_of(user):
                notifications.append({
                        'user': user,
                        'record': appointment,
                        'label': gettext('clinic_agenda.msg_bell_arrived',
                            patient=appointment.party.rec_name),
                        'description': gettext(
                            'clinic_agenda.msg_bell_arrived_description',
                            period=appointment.format_period(
                                appointment.start, appointment.end)),
                        })
    ring(notifications)


def silence_arrivals(appointments):
    "Mark read the arrivals of the appointments whose patient left the room"
    mark_read(rung_for(appointments, unread_only=True))

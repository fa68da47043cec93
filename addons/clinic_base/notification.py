# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The bell: Tryton 8.0's ``res.notification``, written for another user.

sao shows on the user's menu the count of the user's unread notifications
(live on PostgreSQL through the bus, at login on SQLite); a click on one
opens the records it is about. What the clinics ring (a patient arrived for
the practitioner, a call due for its agent) is written by one user for
another: in the reader's language, without the writer's access rights
to the reader's notifications, and about records that the notification
names so that it goes once they are dealt with.
"""
import json

from trytond.pool import Pool
from trytond.transaction import Transaction, without_check_access


def in_language_of(user):
    "Return the context in which the texts for user are in user's language"
    Configuration = Pool().get('ir.configuration')
    language = (user.language.code if user.language
        else Configuration.get_language())
    return Transaction().set_context(language=language)


def records_key(record):
    "Return how a notification about the one record names it"
    return json.dumps([record.id])


def ring(notifications):
    """Create the notifications, each a dict of the user, the record it is
    about, its label and description"""
    Notification = Pool().get('res.notification')
    # (never an empty list: Tryton 8.0 then asks PostgreSQL for the counts
    # of no user, which it refuses as a syntax error)
    if not notifications:
        return []
    with without_check_access():
        return Notification.create([{
                    'user': n['user'].id,
                    'model': n['record'].__name__,
                    'records': records_key(n['record']),
                    'label': n['label'],
                    'description': n.get('description'),
                    } for n in notifications])


def rung_for(records, unread_only=False):
    "Return the notifications about each of the records"
    Notification = Pool().get('res.notification')
    if not records:
        return []
    domain = [
        ('model', '=', records[0].__name__),
        ('records', 'in', [records_key(r) for r in records]),
        ]
    if unread_only:
        domain.append(('unread', '=', True))
    with without_check_access():
        return Notification.search(domain)


def silence(notifications):
    "Delete the notifications: what they rang for is dealt with"
    Notification = Pool().get('res.notification')
    if not notifications:
        return
    with without_check_access():
        Notification.delete(notifications)


def mark_read(notifications):
    "Mark the notifications read"
    Notification = Pool().get('res.notification')
    if not notifications:
        return
    with without_check_access():
        Notification.write(notifications, {'unread': False})

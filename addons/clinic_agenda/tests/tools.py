# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Helpers for the tests of the agenda"
import datetime as dt
from contextlib import contextmanager
from itertools import count
from unittest.mock import patch
from zoneinfo import ZoneInfo

from trytond.pool import Pool
from trytond.transaction import Transaction

MADRID = ZoneInfo('Europe/Madrid')
_savepoints = count()


def utc(day, time, timezone=MADRID):
    """Return the naive UTC moment of the wall-clock time 'HH:MM' of day
    ('YYYY-MM-DD') in timezone: what Tryton stores"""
    moment = dt.datetime.fromisoformat('%sT%s' % (day, time))
    return (moment.replace(tzinfo=timezone).astimezone(dt.timezone.utc)
        .replace(tzinfo=None))


def create_specialty(name):
    Specialty = Pool().get('clinic.specialty')
    specialty, = Specialty.create([{'name': name}])
    return specialty


def create_service(name, minutes, specialty=None):
    "Return a franchise-wide service (no defining company) of minutes"
    pool = Pool()
    Template = pool.get('product.template')
    ModelData = pool.get('ir.model.data')
    template, = Template.create([{
                'name': name, 'type': 'service',
                'default_uom': ModelData.get_id('product', 'uom_unit'),
                'duration': dt.timedelta(minutes=minutes),
                'specialty': specialty.id if specialty else None,
                'products': [('create', [{}])],
                }])
    return template.products[0]


def create_practitioner(name, clinic, specialties=(), hours=(), party=None):
    """Return an employee of clinic who sees patients, with the weekly hours
    (weekday, 'HH:MM', 'HH:MM')"""
    pool = Pool()
    Employee = pool.get('company.employee')
    Party = pool.get('party.party')
    if party is None:
        party, = Party.create([{'name': name}])
    employee, = Employee.create([{
                'party': party.id, 'company': clinic.id,
                'practitioner': True,
                'specialties': [('add', [s.id for s in specialties])],
                'schedules': [('create', [{
                                'weekday': weekday,
                                'start_time': dt.time.fromisoformat(start),
                                'end_time': dt.time.fromisoformat(end),
                                } for weekday, start, end in hours])],
                }])
    return employee


def create_room(name, clinic):
    Room = Pool().get('clinic.room')
    room, = Room.create([{'name': name, 'company': clinic.id}])
    return room


@contextmanager
def undone_on_error():
    """Undo what the block wrote if it fails, as the failed request of a
    client would be: the test goes on in the same transaction"""
    transaction = Transaction()
    cursor = transaction.connection.cursor()
    savepoint = 'agenda_test_%s' % next(_savepoints)
    cursor.execute('SAVEPOINT %s' % savepoint)
    try:
        yield
    except Exception:
        cursor.execute('ROLLBACK TO SAVEPOINT %s' % savepoint)
        # The records read or written in the block may reuse their ids
        for cache in transaction.cache.values():
            cache.clear()
        raise
    cursor.execute('RELEASE SAVEPOINT %s' % savepoint)


@contextmanager
def today_is(day, database=None):
    """Set the clock that ir.date's today reads at day ('YYYY-MM-DD'): the
    tests book on a Monday of 2030, and the patient arrives on its day"""
    pool = Pool(database) if database else Pool()
    day = dt.date.fromisoformat(day)
    with patch.object(pool.get('ir.date'), 'today', return_value=day):
        yield

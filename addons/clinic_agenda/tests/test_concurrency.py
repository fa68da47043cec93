# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Sixteen front desks booking at the same moment (PostgreSQL only).

Each client is a receptionist of the clinic with a JSON-RPC session of their
own on trytond's WSGI application, in a thread of their own: every request
runs as sao's would, in its own transaction and database connection, with
the access checks and the dispatcher's retries. The clients are released
together by a barrier, so that their transactions overlap: none sees the
others' uncommitted bookings, and only the database's exclusion constraints
stand between them and a double booking.

The data is committed (the threads must see it) in a database of the class'
own, dropped at the end. SQLite serialises writers with its database lock:
there is nothing to race there, so the class is skipped.
"""
import base64
import datetime as dt
import json
import threading
import unittest
from concurrent.futures import ThreadPoolExecutor

from trytond import backend
from trytond.pool import Pool
from trytond.protocols.jsonrpc import JSONDecoder, JSONEncoder
from trytond.tests.test_tryton import DB_NAME, activate_module, drop_db
from trytond.transaction import Transaction

from clinic_base.tests.tools import create_franchise, create_user

from .tools import (
    create_practitioner, create_room, create_service, create_specialty, utc)

CLIENTS = 16
PASSWORD = 'Front-Desk-2030'
DAY = '2030-01-07'  # a Monday; the dentist works every day 08:00-20:00
EVERY_DAY = [(str(weekday), '08:00', '20:00') for weekday in range(7)]
# Seconds: the longest the clients wait for each other at the barrier
BARRIER_TIMEOUT = 60


class RpcError(Exception):
    "The error a JSON-RPC call answered, as sao receives it"

    @property
    def kind(self):
        return self.args[0][0]

    @property
    def message(self):
        "The text sao shows to the user"
        kind, details = self.args[0][:2]
        return details[0] if kind == 'UserError' else kind


class FrontDesk:
    "A receptionist's session on trytond's JSON-RPC API, as sao opens it"

    def __init__(self, login):
        from werkzeug.test import Client

        import trytond.protocols.dispatcher  # noqa: F401 (the routes)
        from trytond.wsgi import app
        self.client = Client(app)
        self.url = '/%s/rpc/' % DB_NAME
        self.authorization = None
        user, session, _ = self.call(
            'common.db.login', login, {'password': PASSWORD}, 'en')
        self.authorization = 'Session ' + base64.b64encode(
            ('%s:%s:%s' % (login, user, session)).encode()).decode()
        self.context = self.call('model.res.user.get_preferences', True, {})

    def call(self, method, *params):
        headers = {'Authorization': self.authorization} if (
            self.authorization) else {}
        response = self.client.post(self.url, headers=headers,
            data=json.dumps({'id': 0, 'method': method, 'params': params},
                cls=JSONEncoder),
            content_type='application/json')
        if response.status_code != 200:
            raise RpcError(('HTTP %s' % response.status,
                    response.get_data(as_text=True)))
        payload = json.loads(response.get_data(), object_hook=JSONDecoder())
        if payload.get('error'):
            raise RpcError(payload['error'])
        return payload['result']

    def book(self, values):
        "Save a new appointment as sao's form does; return its id or error"
        try:
            ids = self.call('model.clinic.appointment.create',
                [values], self.context)
        except RpcError as error:
            return error
        return ids[0]


def at_once(calls):
    """Run each call in a thread of its own, all released together, and
    return what each returned, in order"""
    barrier = threading.Barrier(len(calls), timeout=BARRIER_TIMEOUT)

    def released(call):
        barrier.wait()
        return call()
    with ThreadPoolExecutor(max_workers=len(calls)) as executor:
        futures = [executor.submit(released, c) for c in calls]
        return [f.result() for f in futures]


class ConcurrentBookingTestCase(unittest.TestCase):
    """Front desks booking the same practitioner and chair at once get one
    booking per slot, and a clear refusal for the others"""

    @classmethod
    def setUpClass(cls):
        if backend.name != 'postgresql':
            raise unittest.SkipTest(
                "Concurrent bookings race on PostgreSQL only: SQLite runs "
                "one writer at a time under its database lock")
        drop_db()
        activate_module(['clinic_agenda'])
        cls.addClassCleanup(drop_db)
        cls.create_clinic()
        cls.desks = at_once([
                lambda i=i: FrontDesk('desk%02d' % i)
                for i in range(CLIENTS)])

    @classmethod
    def create_clinic(cls):
        """Commit a clinic with a dentist working every day, a chair, a
        patient of its own per front desk (with their history number: the
        clinic is at work) and the front desks' receptionists"""
        with Transaction().start(DB_NAME, 0,
                context={'language': 'en'}) as transaction:
            pool = Pool()
            Party = pool.get('party.party')
            HistoryNumber = pool.get('clinic.patient.number')
            User = pool.get('res.user')
            _, _, (madrid,) = create_franchise(clinics=["Madrid"])
            madrid.timezone = 'Europe/Madrid'
            madrid.save()
            dentistry = create_specialty("Dentistry")
            filling = create_service("Filling", 30, dentistry)
            dentist = create_practitioner(
                "Dra. Ana Torres", madrid, [dentistry], EVERY_DAY)
            chair = create_room("Chair 1", madrid)
            patients = Party.create([
                    {'name': "Patient %02d" % i, 'company': madrid.id}
                    for i in range(CLIENTS)])
            HistoryNumber.create([
                    {'party': p.id, 'company': madrid.id} for p in patients])
            users = [
                create_user('desk%02d' % i, [madrid], madrid,
                    ['group_receptionist'])
                for i in range(CLIENTS)]
            User.write(users, {'password': PASSWORD})
            cls.booking = {
                'company': madrid.id,
                'practitioner': dentist.id,
                'room': chair.id,
                'service': filling.id,
                }
            cls.patients = [p.id for p in patients]
            transaction.commit()

    def tearDown(self):
        "Free the agenda for the next test"
        with Transaction().start(DB_NAME, 0) as transaction:
            Appointment = Pool().get('clinic.appointment')
            Appointment.delete(Appointment.search([]))
            transaction.commit()

    def slot(self, index, start):
        "The values of front desk index's booking from start, 30 minutes"
        return {
            **self.booking,
            'party': self.patients[index],
            'start': start,
            'end': start + dt.timedelta(minutes=30),
            }

    def booked(self):
        "The appointments in the database, as (start, patient)"
        with Transaction().start(DB_NAME, 0):
            Appointment = Pool().get('clinic.appointment')
            return [(a.start, a.party.id) for a in Appointment.search([])]

    def clash_message(self, appointment_id):
        "What a receptionist reads when appointment_id is in the way"
        with Transaction().start(DB_NAME, 0, context={'language': 'en'}):
            Appointment = Pool().get('clinic.appointment')
            appointment = Appointment(appointment_id)
            return appointment.clash_message('practitioner', appointment)

    def race_for(self, start):
        """Let every front desk book its patient from start at once; assert
        that one booking was made and return the errors of the others"""
        outcomes = at_once([
                lambda i=i, desk=desk: desk.book(self.slot(i, start))
                for i, desk in enumerate(self.desks)])
        winners = [o for o in outcomes if not isinstance(o, RpcError)]
        self.assertEqual(len(winners), 1, outcomes)
        self.winner, = winners
        self.assertEqual(self.booked(),
            [(start, self.patients[outcomes.index(self.winner)])])
        return [o for o in outcomes if isinstance(o, RpcError)]

    def test_same_slot(self):
        """16 front desks give the same slot at once: one gets it, the others
        are refused with a message (not a server error)"""
        refusals = self.race_for(utc(DAY, '10:00'))

        self.assertEqual(len(refusals), CLIENTS - 1)
        self.assertEqual(
            [r.kind for r in refusals], ['UserError'] * (CLIENTS - 1),
            refusals)

    def test_same_slot_names_booking(self):
        """16 front desks give the same slot at once: each refused desk reads
        which booking is in the way.

        A desk whose transaction began before the winner committed cannot
        see the winner's booking: check_booking lets it through and the
        exclusion constraint stops its INSERT. Its message must name the
        booking in the way too, not only say that there is one."""
        refusals = self.race_for(utc(DAY, '11:00'))

        expected = self.clash_message(self.winner)
        self.assertEqual(
            sorted({r.message for r in refusals}), [expected],
            "the messages the refused desks read")

    def test_different_slots(self):
        """16 front desks give 16 back-to-back half-hours of the dentist and
        the chair at once: all succeed (only overlaps are refused)"""
        starts = [
            utc(DAY, '08:00') + dt.timedelta(minutes=30 * i)
            for i in range(CLIENTS)]
        outcomes = at_once([
                lambda i=i, desk=desk: desk.book(self.slot(i, starts[i]))
                for i, desk in enumerate(self.desks)])

        self.assertFalse(
            [o for o in outcomes if isinstance(o, RpcError)], outcomes)
        self.assertEqual(sorted(self.booked()),
            sorted(zip(starts, self.patients)))

"""A small franchise (and a second one beside it) for the cross-module tests,
with a closure and a day of leave in each clinic's agenda.

Built once per database with the demo generator and kept in Tryton's DB_CACHE
like an activated module set, so that every test module that needs it pays
for it once per run.
"""
import base64
import datetime as dt
import json
from contextlib import contextmanager

from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME, activate_module, drop_db
from trytond.transaction import Transaction, check_access

from clinic_base.tests.tools import kept_database
from demo.__main__ import MODULES
from demo.franchise import PASSWORD, Sizes, build, run_alone

SIZES = Sizes(clinics=3, patients=2, appointments=2, invoices=2, budgets=1,
    post_invoices=False)
FRANCHISE = "Clínicas Sonríe"
OTHER = "Other Franchise"
OTHER_PREFIX = 'f2.'


class SuiteActivated:
    """Mixin of a test case: a database of its own with the suite's modules
    (the demo's) activated, dropped at the end"""

    @classmethod
    def setUpClass(cls):
        drop_db()
        activate_module(MODULES)

    @classmethod
    def tearDownClass(cls):
        drop_db()


def setup_franchises():
    "Restore the two franchises, or activate the suite and build them"
    kept_database(MODULES, 'franchises', build_franchises)


def build_franchises():
    "Build and commit the two franchises and the agendas' exceptions"
    run_alone(DB_NAME, lambda: build(SIZES))
    run_alone(DB_NAME, lambda: build(
            Sizes(clinics=2, patients=1, appointments=1, invoices=1, budgets=1,
                post_invoices=False), name=OTHER, login_prefix=OTHER_PREFIX))
    run_alone(DB_NAME, add_closures_and_leave)


def add_closures_and_leave():
    """Give each clinic a closure next Christmas and its practitioners a
    day of leave the day after: the agenda's exceptions of the clinic"""
    pool = Pool()
    Company = pool.get('company.company')
    Employee = pool.get('company.employee')
    Exception_ = pool.get('clinic.schedule.exception')
    christmas = dt.date(dt.date.today().year + 1, 12, 25)
    boxing_day = christmas + dt.timedelta(days=1)
    clinics = Company.search([('clinic_role', '=', 'clinic')])
    practitioners = Employee.search([('practitioner', '=', True)])
    Exception_.create([{
                'company': c.id, 'kind': 'closure', 'reason': "Christmas",
                'start_date': christmas, 'end_date': christmas,
                } for c in clinics] + [{
                'company': p.company.id, 'employee': p.id, 'kind': 'leave',
                'start_date': boxing_day, 'end_date': boxing_day,
                } for p in practitioners])


def user_id(login):
    with Transaction().start(DB_NAME, 0):
        User = Pool().get('res.user')
        user, = User.search([('login', '=', login)])
        return user.id


@contextmanager
def as_user(login, **context):
    "A transaction as the user, with the context sao would send"
    uid = user_id(login)
    with Transaction().start(DB_NAME, uid) as transaction:
        User = Pool().get('res.user')
        preferences = User.get_preferences(context_only=True)
        preferences.update(context)
        with transaction.set_context(preferences), check_access():
            try:
                yield transaction
            finally:
                transaction.rollback()


def company_id(name, franchise=FRANCHISE):
    with Transaction().start(DB_NAME, 0):
        Company = Pool().get('company.company')
        company, = Company.search([
                ('party.name', '=', name),
                ('franchise.name', '=', franchise),
                ])
        return company.id


class JsonRpc:
    "Speak Tryton's JSON-RPC to the WSGI application, as sao does"

    def __init__(self, login, password=PASSWORD):
        from werkzeug.test import Client

        from trytond.wsgi import app
        import trytond.protocols.dispatcher  # noqa: F401 (the routes)
        self.client = Client(app)
        self.url = '/%s/rpc/' % DB_NAME
        user, session, _ = self.call(
            'common.db.login', login, {'password': password}, 'en')
        self.auth = 'Session ' + base64.b64encode(
            ('%s:%s:%s' % (login, user, session)).encode()).decode()
        self.context = self.call(
            'model.res.user.get_preferences', True, {})

    def post(self, method, *params):
        """Send the call; return the HTTP status and the JSON payload (None
        where the answer is not JSON, as Tryton's HTTP errors)"""
        headers = {'Authorization': self.auth} if hasattr(
            self, 'auth') else {}
        response = self.client.post(self.url, headers=headers,
            data=json.dumps({'id': 0, 'method': method, 'params': params}),
            content_type='application/json')
        try:
            return response.status_code, json.loads(response.get_data())
        except ValueError:
            return response.status_code, None

    def call(self, method, *params):
        status, payload = self.post(method, *params)
        if payload is None:
            raise RpcError(['HTTP %s' % status, ''])
        if payload.get('error'):
            raise RpcError(payload['error'])
        return payload['result']

    def model(self, model, method, *params):
        return self.call(
            'model.%s.%s' % (model, method), *params, self.context)


def encode(value):
    "A value as Tryton's JSON encoder writes it"
    if isinstance(value, dt.datetime):
        return {'__class__': 'datetime', 'year': value.year,
            'month': value.month, 'day': value.day, 'hour': value.hour,
            'minute': value.minute, 'second': value.second,
            'microsecond': value.microsecond}
    if isinstance(value, dt.date):
        return {'__class__': 'date', 'year': value.year,
            'month': value.month, 'day': value.day}
    if isinstance(value, dt.time):
        return {'__class__': 'time', 'hour': value.hour,
            'minute': value.minute, 'second': value.second,
            'microsecond': 0}
    if isinstance(value, dt.timedelta):
        return {'__class__': 'timedelta',
            'seconds': value.total_seconds()}
    return value


def decimal(text):
    return {'__class__': 'Decimal', 'decimal': text}


class RpcError(Exception):
    pass

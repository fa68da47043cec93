"""The JSON-RPC fuzzer (issue 24): hostile calls on every model and wizard of
the pool, as each role of the fixture franchises, through Tryton's WSGI
application as sao sends them.

The calls come from the registry: each model's methods open to clients
(``__rpc__``: searches, reads, writes, exports, forms' changes, buttons) and
each wizard's steps, so that a new model, button or wizard is fuzzed without
anyone listing it. Their arguments come from the fields' definitions, made
hostile: values of the wrong kind, out of range or of year 1 and 9999,
NUL and lone surrogates, Decimals of 1e999999, domains that do not parse.

Every call must answer with a result, a user error or an HTTP client error
(4xx), never a server error; a create or a write that is accepted must have
stored only what its fields may hold (``value_rules``); no call may keep
the server's processor busy over ``MAX_SECONDS`` (its thread's CPU time, so
that the other lanes of the suite do not count).

The short run in the suite plays ``FUZZ_EXAMPLES`` (default 150) calls, the
same ones on every run; the long run draws new ones:
``FUZZ_EXAMPLES=20000 FUZZ_RANDOM=1 FUZZ_SURVEY=1 python -m unittest
tests.test_rpc_fuzzer`` (README); ``FUZZ_SURVEY`` plays every call before it
fails, to count all that went wrong, instead of stopping at the first. Each
run prints its counts.
"""
import datetime as dt
import os
import time
import unittest
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trytond.const import OPERATORS
from trytond.model import ModelSQL, fields
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME, drop_db
from trytond.transaction import Transaction
from trytond.wizard import StateView

from clinic_base.exceptions import ArgumentError
from clinic_base.value_rules import check_field_value

from .fixture import (
    OTHER_PREFIX, JsonRpc, decimal, encode, setup_franchises)

EXAMPLES = int(os.environ.get('FUZZ_EXAMPLES', 150))
RANDOM = bool(os.environ.get('FUZZ_RANDOM'))
# Play every example before failing, to count all that went wrong
SURVEY = bool(os.environ.get('FUZZ_SURVEY'))
MAX_SECONDS = 2
ROLES = [
    'mad.reception', 'mad.doctor', 'mad.manager', 'vlc.reception',
    'central.admin', 'central.accountant', 'callcenter', 'crm.manager',
    OTHER_PREFIX + 'central.admin']
USER_ERRORS = {
    'UserError', 'UserWarning', 'ConcurrencyException', 'LoginException'}
# The methods that only change what a client shows are fuzzed like others;
# these would end the user's session or are not the model's own
SKIPPED_METHODS = {'model.res.user': {'set_preferences', 'get_preferences'}}


INTEGERS = st.sampled_from(
    [0, 1, -1, 2 ** 31, -2 ** 31 - 1, 2 ** 63, 2 ** 64, 10 ** 30]) | (
    st.integers(-5, 10 ** 6))
DECIMALS = st.sampled_from([
        '1e999999', '-1e999999', 'NaN', 'Infinity', '1e-999999', 'x',
        '0.001', str(2 ** 64), '12.50', '-3']).map(decimal)
FLOATS = st.sampled_from([float('inf'), float('nan'), 1e308, 0.5, -2.0])
TEXTS = st.sampled_from([
        '', ' ', 'a\x00b', '\ud800', 'x' * 20000, 'Ana Ruiz', "'; --", '%',
        '612 34 56 78', 'ñandú', '0', 'id']) | st.text(max_size=12)
DATES = st.sampled_from([
        dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2026, 12, 7),
        dt.date(1899, 12, 31), dt.date(2000, 2, 29)]).map(encode)
DATETIMES = st.sampled_from([
        dt.datetime(1, 1, 1), dt.datetime(9999, 12, 31, 23, 59),
        dt.datetime(2026, 12, 7, 9, 30)]).map(encode)
OTHERS = st.sampled_from([
        encode(dt.time(9, 0)), encode(dt.timedelta(days=10 ** 8)),
        {'__class__': 'bytes', 'base64': 'AAEC'},
        {'__class__': 'nope'}, {'__class__': 'Decimal'}])
SCALARS = (st.none() | st.booleans() | INTEGERS | DECIMALS | FLOATS | TEXTS
    | DATES | DATETIMES | OTHERS)
JSON = st.recursive(SCALARS, lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(TEXTS, children, max_size=3)), max_leaves=6)
OPERATOR = st.sampled_from(OPERATORS) | st.sampled_from(
    ['=like', 'is', '', 'NOT', 'ilike ', None])
ORDER = st.none() | st.lists(st.tuples(
        TEXTS | st.just('id'),
        st.sampled_from(['ASC', 'DESC', 'desc nulls last', 'UP', None])),
    max_size=2) | JSON


def some_ids(model):
    "Return the ids of a few records of model (none where it cannot say)"
    with Transaction().start(DB_NAME, 0, readonly=True):
        try:
            return [r.id for r in Pool().get(model).search(
                    [], limit=3, order=[])]
        except Exception:
            return []


class Registry:
    "What the fuzzer draws from: models, their fields, methods and ids"

    def __init__(self):
        with Transaction().start(DB_NAME, 0):
            self.read_registry()
        self.ids = {name: some_ids(name)
            for name, (Model, _) in self.models.items()
            if issubclass(Model, ModelSQL)}

    def read_registry(self):
        pool = Pool()
        self.models = {}
        for name, Model in pool.iterobject():
            methods = sorted(set(Model.__rpc__)
                - SKIPPED_METHODS.get('model.' + name, set()))
            if methods:
                self.models[name] = (Model, methods)
        self.wizards = {}
        for name, Wizard in pool.iterobject(type='wizard'):
            views = {state_name: pool.get(state.model_name)
                for state_name, state in Wizard.states.items()
                if isinstance(state, StateView)}
            self.wizards[name] = (sorted(Wizard.states), views)

    def record_ids(self, model):
        return st.sampled_from(self.ids.get(model) or [1]) | INTEGERS


@st.composite
def field_value(draw, registry, Model, name):
    "A hostile value for Model's field name"
    field = Model._fields[name]
    if isinstance(field, fields.Function):
        field = field._field
    kind = field._type
    if draw(st.integers(0, 3)) == 0:
        return draw(JSON)
    if kind in {'integer', 'many2one', 'one2one'}:
        target = getattr(field, 'model_name', None)
        return draw(registry.record_ids(target) | DECIMALS | FLOATS)
    if kind in {'numeric', 'float'}:
        return draw(DECIMALS | FLOATS | INTEGERS)
    if kind in {'char', 'text', 'full_text'}:
        return draw(TEXTS)
    if kind in {'selection', 'multiselection'} and isinstance(
            field.selection, (list, tuple)) and field.selection:
        keys = st.sampled_from([k for k, _ in field.selection])
        if kind == 'multiselection':
            return draw(st.lists(keys | INTEGERS, max_size=3))
        return draw(keys | INTEGERS | TEXTS)
    if kind == 'date':
        return draw(DATES | DATETIMES)
    if kind in {'datetime', 'timestamp'}:
        return draw(DATETIMES | DATES)
    if kind in {'one2many', 'many2many'}:
        ids = st.lists(registry.record_ids(
                getattr(field, 'model_name', None)), max_size=2)
        action = st.sampled_from(
            ['add', 'remove', 'delete', 'create', 'write', 'copy', 'x'])
        return draw(st.lists(st.tuples(action, ids | JSON), max_size=2)
            | st.lists(ids, max_size=1))
    if kind == 'reference':
        return draw(st.sampled_from(sorted(registry.models)).map(
                lambda m: '%s,%s' % (m, draw(INTEGERS))) | TEXTS)
    if kind == 'boolean':
        return draw(st.booleans() | INTEGERS | TEXTS)
    return draw(JSON)


@st.composite
def values(draw, registry, Model):
    "Hostile values of a few of Model's fields, maybe an unknown one"
    names = sorted(Model._fields)
    chosen = draw(st.lists(st.sampled_from(names), max_size=3, unique=True))
    result = {n: draw(field_value(registry, Model, n)) for n in chosen}
    if draw(st.integers(0, 5)) == 0:
        result[draw(TEXTS)] = draw(JSON)
    return result


@st.composite
def domain(draw, registry, Model, depth=0):
    "A hostile search domain of Model"
    names = sorted(Model._fields)
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return draw(JSON)
    if kind == 1 and depth < 2:
        return [draw(st.sampled_from(['AND', 'OR', 'NOT'])),
            draw(domain(registry, Model, depth + 1))]
    name = draw(st.sampled_from(names) | TEXTS)
    if name in Model._fields and draw(st.booleans()):
        value = draw(field_value(registry, Model, name))
    else:
        value = draw(JSON)
    if draw(st.integers(0, 3)) == 0:
        field = Model._fields.get(name)
        target = getattr(field, 'model_name', None)
        if target in registry.models:
            name += '.' + draw(st.sampled_from(
                    sorted(registry.models[target][0]._fields)))
    return [[name, draw(OPERATOR), value]]


@st.composite
def arguments(draw, registry, model, method):
    "Hostile arguments of model's method"
    Model, _ = registry.models[model]
    ids = st.lists(registry.record_ids(model), max_size=3)
    names = st.lists(st.sampled_from(sorted(Model._fields)) | TEXTS,
        max_size=3)
    if method in {'search', 'search_count', 'search_read'}:
        args = [draw(domain(registry, Model)),
            draw(st.none() | INTEGERS), draw(st.none() | INTEGERS)]
        if method != 'search_count':
            args.append(draw(ORDER))
        if method == 'search_read':
            args.append(draw(names))
        return args
    if method == 'read':
        return [draw(ids | JSON), draw(names | JSON)]
    if method == 'write':
        return [draw(ids), draw(values(registry, Model))]
    if method == 'create':
        return [draw(st.lists(values(registry, Model), max_size=2) | JSON)]
    if method in {'export_data', 'export_data_domain'}:
        first = ids if method == 'export_data' else domain(registry, Model)
        return [draw(first), draw(names.map(
                    lambda n: [x.replace('.', '/') for x in n]) | JSON)]
    if method in {'on_change', 'on_change_with', 'pre_validate'} or (
            method.startswith('on_change_with_')):
        record = values(registry, Model)
        args = [draw(record.map(lambda v: dict(v, id=-1)))]
        if method in {'on_change', 'on_change_with'}:
            args.append(draw(names))
        return args
    if method in {'copy', 'delete', 'resources', 'history_revisions'} or (
            method in getattr(Model, '_buttons', {})):
        args = [draw(ids)]
        if method == 'copy':
            args.append(draw(st.none() | values(registry, Model)))
        return args
    return draw(st.lists(JSON, max_size=3))


@st.composite
def wizard_step(draw, registry, wizard):
    "A hostile step of a wizard: its data and the state to go to"
    states, views = registry.wizards[wizard]
    data = {}
    if views and draw(st.booleans()):
        view = draw(st.sampled_from(sorted(views)))
        data[view] = draw(values(registry, views[view]))
    elif draw(st.integers(0, 3)) == 0:
        data = draw(JSON)
    state = draw(st.sampled_from(states or ['end']) | TEXTS)
    return data, state


class Tally:
    "What the calls answered"

    def __init__(self):
        self.answers = Counter()
        self.server_errors = []
        self.invalid = []
        self.slow = []
        self.longest = 0

    def __str__(self):
        return ('%s calls: %s; longest %.2f s of CPU; %s server errors, '
            '%s invalid values stored, %s calls over %s s') % (
            sum(self.answers.values()), dict(self.answers), self.longest,
            len(self.server_errors), len(self.invalid), len(self.slow),
            MAX_SECONDS)


class RpcFuzzerTestCase(unittest.TestCase):
    "Hostile JSON-RPC calls generated from the registry"

    @classmethod
    def setUpClass(cls):
        drop_db()
        setup_franchises()
        cls.registry = Registry()
        cls.clients = {}
        cls.tally = Tally()

    @classmethod
    def tearDownClass(cls):
        print('\nJSON-RPC fuzzer: %s' % cls.tally)
        for found in (cls.tally.server_errors + cls.tally.invalid
                + cls.tally.slow)[:20]:
            print('  ', repr(found)[:500])
        drop_db()

    def client(self, login):
        if login not in self.clients:
            self.clients[login] = JsonRpc(login)
        return self.clients[login]

    def send(self, rpc, method, params, context):
        "Send the call; tally its answer; return the payload"
        status, payload, spent = self.timed(rpc, method, params, context)
        if spent > MAX_SECONDS:
            # a cold cache (a view built the first time) costs once: a
            # call is slow where it costs as much again
            _, _, spent = self.timed(rpc, method, params, context)
            if spent > MAX_SECONDS:
                self.tally.slow.append((method, params, spent))
        if payload is None:
            answer = 'client error' if 400 <= status < 500 else 'server error'
        elif 'error' in payload and payload['error']:
            error = payload['error']
            answer = ('user error' if isinstance(error, list) and error
                and error[0] in USER_ERRORS else 'server error')
        else:
            answer = 'result'
        self.tally.answers[answer] += 1
        if answer == 'server error':
            self.tally.server_errors.append((method, params, payload))
        return answer, payload

    def timed(self, rpc, method, params, context):
        "Send the call; return its status, payload and the CPU it took"
        start = time.thread_time()
        status, payload = rpc.post(method, *params, context)
        spent = time.thread_time() - start
        self.tally.longest = max(self.tally.longest, spent)
        return status, payload, spent

    def check_stored(self, model, ids, sent):
        "Check that what a create or write stored is what its fields hold"
        with Transaction().start(DB_NAME, 0):
            Model = Pool().get(model)
            names = [n for n in sent if isinstance(n, str)
                and n in Model._fields
                and not isinstance(Model._fields[n], fields.Function)]
            if not names:
                return
            for row in Model.read(ids, names):
                for name in names:
                    try:
                        check_field_value(Model, name, row[name], form=True)
                    except ArgumentError:
                        self.tally.invalid.append((model, name, row[name]))

    def test_hostile_calls(self):
        "No hostile call ends in a server error, stores bad values or lasts"
        self.play()
        self.assert_clean()

    def assert_clean(self):
        self.assertEqual(self.tally.server_errors, [])
        self.assertEqual(self.tally.invalid, [])
        self.assertEqual(self.tally.slow, [])

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
        derandomize=not RANDOM, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def play(self, data):
        "Send one hostile call (or a wizard's three)"
        rpc = self.client(data.draw(st.sampled_from(ROLES)))
        context = dict(rpc.context)
        if data.draw(st.integers(0, 9)) == 0:
            context.update(data.draw(st.dictionaries(
                        st.sampled_from(['company', 'active_ids',
                                'active_model', 'language', 'employee',
                                '_datetime']) | TEXTS, JSON, max_size=2)))
        if data.draw(st.integers(0, 4)) == 0 and self.registry.wizards:
            self.fuzz_wizard(data, rpc, context)
        else:
            self.fuzz_model(data, rpc, context)
        if not SURVEY:
            # at once, so that hypothesis shows the smallest failing call
            self.assert_clean()

    def fuzz_model(self, data, rpc, context):
        model = data.draw(st.sampled_from(sorted(self.registry.models)))
        _, methods = self.registry.models[model]
        method = data.draw(st.sampled_from(methods))
        params = data.draw(arguments(self.registry, model, method))
        answer, payload = self.send(
            rpc, 'model.%s.%s' % (model, method), params, context)
        if answer == 'result' and method in {'create', 'write'}:
            if method == 'create':
                ids = payload['result']
                sent = {name for values in params[0] for name in values}
            else:
                ids, sent = params[0], params[1]
            self.check_stored(model, ids, sent)

    def fuzz_wizard(self, data, rpc, context):
        wizard = data.draw(st.sampled_from(sorted(self.registry.wizards)))
        answer, payload = self.send(
            rpc, 'wizard.%s.create' % wizard, [], context)
        if answer != 'result':
            return
        session = payload['result'][0]
        step, state = data.draw(wizard_step(self.registry, wizard))
        self.send(rpc, 'wizard.%s.execute' % wizard,
            [session, step, state], context)
        self.send(rpc, 'wizard.%s.delete' % wizard, [session], context)

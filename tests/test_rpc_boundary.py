"""The JSON-RPC boundary (issue 24): each hostile call the probe sent gets a
clear, translated user error, stores nothing invalid and returns at once.

The calls go through Tryton's WSGI application as sao sends them
(``JsonRpc``), as the fixture franchise's users. A server error is an error
whose first item is not one of Tryton's user-facing exception classes.
"""
import datetime as dt
import time
import unittest

from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME, drop_db
from trytond.transaction import Transaction

from .fixture import (
    JsonRpc, RpcError, company_id, decimal, encode, setup_franchises)

USER_ERRORS = {'UserError', 'UserWarning', 'ConcurrencyException'}


def nested(depth):
    "A domain of empty domains depth deep"
    domain = []
    for _ in range(depth):
        domain = [domain]
    return domain


def first_id(model, domain=()):
    with Transaction().start(DB_NAME, 0):
        record, = Pool().get(model).search(list(domain), limit=1, order=[])
        return record.id


class RpcBoundaryTestCase(unittest.TestCase):
    "Hostile calls over JSON-RPC"

    @classmethod
    def setUpClass(cls):
        drop_db()
        setup_franchises()
        cls.madrid = company_id("Clínica Madrid")
        with Transaction().start(DB_NAME, 0) as transaction:
            Lang = Pool().get('ir.lang')
            Lang.load_translations(Lang.search([('code', '=', 'es')]))
            transaction.commit()
        cls.reception = JsonRpc('mad.reception')
        cls.dentist = JsonRpc('mad.doctor')

    @classmethod
    def tearDownClass(cls):
        drop_db()

    def refused(self, rpc, model, method, *params, language='en'):
        """Call model.method as rpc's user; return the user error's message,
        failing on a server error, a success or an answer that kept the
        processor busy"""
        context = dict(rpc.context, language=language)
        start = time.thread_time()
        with self.assertRaises(RpcError) as raised:
            rpc.call('%s.%s' % (model, method), *params, context)
        # the CPU the server spent on it (the call runs in this thread):
        # a refusal costs no more than checking the call
        self.assertLess(time.thread_time() - start, 2)
        error = raised.exception.args[0]
        self.assertIn(error[0], USER_ERRORS, msg=error)
        return error[1][0]

    def answered(self, rpc, model, method, *params):
        "Call model.method; return its result or its user error's message"
        try:
            return rpc.call('%s.%s' % (model, method), *params, rpc.context)
        except RpcError as error:
            self.assertIn(error.args[0][0], USER_ERRORS, msg=error.args[0])
            return error.args[0][1][0]

    def test_create_of_a_string(self):
        message = self.refused(self.reception,
            'model.clinic.patient.number', 'create', '-')
        self.assertIn('vlist', message)

    def test_create_with_a_list_for_a_many2one(self):
        message = self.refused(self.reception,
            'model.clinic.appointment', 'create', [{'room': []}])
        self.assertIn('Room', message)

    def test_chat_of_no_record(self):
        "A chat's record that is not a record with a chat, a page not a number"
        invoice = first_id('account.invoice', [('company', '=', self.madrid)])
        for method, params, named in [
                ('post', ['account.invoice', "hola"], 'resource'),
                ('post', [['account.invoice', invoice], "hola"], 'resource'),
                ('get', ['party.party,1'], 'resource'),
                ('get', ['account.invoice,%d' % invoice, 'x'], 'before'),
                ('search_followers',
                    ['account.invoice,%d' % invoice, '', 'x'], 'limit'),
                ]:
            with self.subTest(method=method, params=params):
                message = self.refused(self.reception,
                    'model.ir.chat.channel', method, *params)
                self.assertIn('"%s"' % named, message)

    def test_wizard_step_without_its_values(self):
        "Find a Free Slot's search with an empty form names what it needs"
        session, _, _ = self.reception.call(
            'wizard.clinic.availability.find.create', self.reception.context)
        message = self.refused(self.reception,
            'wizard.clinic.availability.find', 'execute',
            session, {'start': {}}, 'search')
        self.assertIn('A value is required', message)

    def test_wizard_steps_it_has_not(self):
        "A step the wizard has not, or one no button of its view leads to"
        for data, state, named in [
                ({'start': {}}, 'nope', 'nope'),
                ({'nope': {}}, 'start', 'nope'),
                ({}, 'search', 'search'),
                ]:
            with self.subTest(data=data, state=state):
                session, _, _ = self.reception.call(
                    'wizard.clinic.availability.find.create',
                    self.reception.context)
                message = self.refused(self.reception,
                    'wizard.clinic.availability.find', 'execute',
                    session, data, state)
                self.assertIn('"%s"' % named, message)

    def test_values_of_a_view_not_shown(self):
        """The values of a view the wizard has not shown yet are refused
        (Tryton's reconciliation met an empty account, the registration no
        patient); once shown, they are taken"""
        manager = JsonRpc('mad.manager')
        for rpc, wizard, data, state in [
                (manager, 'account.reconcile', {'show': {}}, 'next_'),
                (self.reception, 'clinic.patient.register', {'matches': {}},
                    'existing'),
                ]:
            with self.subTest(wizard=wizard):
                session, _, _ = rpc.call(
                    'wizard.%s.create' % wizard, rpc.context)
                message = self.refused(rpc, 'wizard.' + wizard, 'execute',
                    session, data, state)
                self.assertIn('"%s"' % next(iter(data)), message)
        session, _, _ = self.reception.call(
            'wizard.clinic.availability.find.create', self.reception.context)
        shown = self.reception.call('wizard.clinic.availability.find.execute',
            session, {}, 'start', self.reception.context)
        self.assertEqual(shown['view']['state'], 'start')
        message = self.refused(self.reception,
            'wizard.clinic.availability.find', 'execute',
            session, {'start': {}}, 'search')
        self.assertIn('A value is required', message)

    def test_many2many_of_a_wizard_takes_ids(self):
        """A wizard's Many2Many takes ids, as the client sends them: new
        records in its place met Tryton's module configuration with no
        state"""
        admin = JsonRpc('central.admin')
        session, _, _ = admin.call(
            'wizard.ir.module.config.create', admin.context)
        message = self.refused(admin, 'wizard.ir.module.config', 'execute',
            session, {'start': {'modules': [{}, {}]}}, 'activate')
        self.assertIn('"Modules"', message)

    def test_wizards_of_a_button_without_its_records(self):
        """Tryton's wizards that a button opens (a view's Show) or that the
        client offers on materialized lists (Refresh Data), run without the
        records they work on, say so"""
        admin = JsonRpc('central.admin')
        for wizard, expected in [
                ('ir.ui.view.show', 'Select the "Ui View" records'),
                ('ir.model.refresh_materialized',
                    'records of a kind this database does not have'),
                ]:
            with self.subTest(wizard=wizard):
                session, _, _ = admin.call(
                    'wizard.%s.create' % wizard, admin.context)
                message = self.refused(admin,
                    'wizard.' + wizard, 'execute', session, {}, 'start')
                self.assertIn(expected, message)

    def test_found_by_the_long_fuzzer_run(self):
        """A singleton read of no record, a copy's default for a field a
        copy does not copy, ids where an id goes, a domain given to a
        search that names it otherwise (args), a fields_get of no level, a
        history's moment that is not one, a dictionary schema's search of
        no domain, a write of a computed field, an XML id that is not text
        or names no record, access asked for what is not a model, a
        favourite menu that is not an id, a computed field searched that has
        no search, a singleton exported without its record, a record's id
        below 0, an e-mail completion of no text or limit, an e-mail sent
        about no record, today in a timezone that is not one, an action's
        keyword of no record, a list's state of a domain that is not JSON,
        notifications counted in text, a tree's operator on what is no
        tree or without the target's parent, a description of relations
        65,482 deep, a file's size beyond any, another model's view, a
        form's values where records go, a context in a language that cannot
        be, Set Translations run by a user who is not an administrator, a
        warning skipped of no name, a read of one id or of no field names,
        a view Tryton cannot make up, a journal looked up by a bank account
        given as no text, the parameters of the client's own methods (its
        lists' state, widths and columns, exports, chat, preferences,
        currency conversions) of the wrong kind, and a form's record given as its values where no form sends them (only
        a line's parent is)"""
        for model, method, params, named in [
                ('party.configuration', 'read', [[], []], '"ids"'),
                ('account.journal', 'copy', [[], {'balance': 0}], '"default"'),
                ('ir.export', 'unset', [[1]], '"id"'),
                ('ir.export', 'update', [[1], {}, []], '"id"'),
                ('account.period', 'search',
                    [[['state', 'NOT', 'open']], 0, None, None], '"NOT"'),
                ('account.reconcile.start', 'fields_get', [None, None],
                    '"level"'),
                ('account.statement.origin.information', 'search_get_keys',
                    [{'a': {'b': {}}}, None], 'search filter'),
                ('clinic.agenda.configuration', 'write',
                    [[1], {'xml_id': ''}], '"XML ID"'),
                ('ir.model.data', 'get_id', [{}, [True]], '"module"'),
                ('ir.model.access', 'get_access', [[True, False]],
                    '"models"'),
                ('ir.model.access', 'get_access', [['nope']], '"models"'),
                ('ir.ui.menu.favorite', 'set', ['x'], '"menu_id"'),
                ('ir.ui.menu.favorite', 'unset', [{'a': 0}], '"menu_id"'),
                ('account.invoice.payment_term', 'search_count',
                    [[['xml_id', '<=', 'x']]], 'cannot be searched'),
                ('stock.configuration', 'export_data', [[], []],
                    '"records"'),
                ('party.address', 'delete', [[-1]], '"records"'),
                ('ir.email', 'complete', [{}, 5], '"text"'),
                ('ir.email', 'complete', ['ana', {'': []}], '"limit"'),
                ('res.notification', 'get', [['x']], '"count"'),
                ('ir.email', 'send', [], '"record"'),
                ('ir.email', 'send', ['a@b.es', '', '', '', '', None,
                        ['nope', 1]], '"record"'),
                ('ir.email.template', 'get_default', ['nope', 1],
                    '"model"'),
                ('ir.date', 'today', [{'0': {}}], '"timezone"'),
                ('ir.action.keyword', 'get_keyword', ['form_print', True],
                    '"value"'),
                ('ir.ui.view_tree_state', 'get',
                    ['party.party', '[[', 'childs'], '"domain"'),
                ('ir.action.url', 'search', [[['groups', 'parent_of', []]],
                        0, None, None], '"Groups"'),
                ('clinic.availability.find.choice', 'fields_get',
                    [[], 65482], '"level"'),
                ('account.invoice.edocument.result', 'on_change',
                    [{'file': 2 ** 63, 'id': -1}, []], '"File"'),
                ('account.tax.code.line.template', 'fields_view_get',
                    [first_id('ir.ui.view', [('model', '=', 'party.party')])],
                    '"view_id"'),
                ('res.notification', 'mark_read', [{}], '"notifications"'),
                ('commission', 'search', [[['id', 'not parent_of', 8]], 0,
                        None, None], '"not parent_of"'),
                ('ir.model.data', 'get_id', ['clinic_base', [True]],
                    '"fs_id"'),
                ('ir.model.data', 'get_id', ['nope'], '"nope"'),
                ('ir.model.data', 'get_id', ['clinic_base', 'nope'],
                    '"clinic_base.nope"'),
                ('commission.agent.selection', 'read', [1, []], '"ids"'),
                ('commission.agent.selection', 'read', [[1], None],
                    '"fields_names"'),
                ('ir.avatar', 'fields_view_get', [], 'no view'),
                ('account.statement.journal', 'get_by_bank_account',
                    [{}, [], None], '"company"'),
                ('account.statement.journal', 'get_by_bank_account',
                    [1, [], None], '"number"'),
                ('account.statement.journal', 'get_by_bank_account',
                    [1, 'ES12', {}], '"currency"'),
                ('currency.currency', 'compute', [[1], 1, 1], '"from_currency"'),
                ('currency.currency', 'get_symbol', [[1], {}], '"sign"'),
                ('ir.export', 'get', [{}, ['name']], '"resource"'),
                ('ir.export', 'set', [[]], '"values"'),
                ('ir.export', 'set', [{'a': 1}], '"a"'),
                ('ir.ui.view_tree_state', 'get', [{}, '[]', 'childs'],
                    '"model"'),
                ('ir.ui.view_tree_state', 'set',
                    ['party.party', '[]', 'childs', {}, '[]'], '"nodes"'),
                ('ir.model.button.click', 'get_click', [{}, 'x', 1],
                    '"model"'),
                ('ir.model', 'get_names', ['x'], '"classes"'),
                ('ir.model', 'global_search', ['x', None], '"limit"'),
                ('ir.model', 'global_search', ['x', 5, {}], '"menu"'),
                ('ir.ui.view_tree_width', 'reset_width',
                    ['party.party', {}], '"width"'),
                ('ir.ui.view_tree_width', 'set_width',
                    ['party.party', [], 1366], '"fields"'),
                ('ir.ui.view_search', 'set', [{}, 'party.party', '[]'],
                    '"name"'),
                ('ir.ui.view_tree_optional', 'set_optional',
                    [-1, {'name': True}], '"view_id"'),
                ('ir.ui.view_tree_optional', 'set_optional', [1, []],
                    '"fields"'),
                ('res.user', 'set_preferences', [[]], '"values"'),
                ('ir.chat.channel', 'get', ['party.party,1', {}], '"before"'),
                ('ir.email', 'send', ['a@b.es', '', '', '', '', [1],
                        ['party.party', 1]], '"files"'),
                ('res.user.warning', 'skip', [{}], '"name"'),
                ('res.user.warning', 'skip', ['x', 'y'], '"always"'),
                ('product.product.replace.ask', 'on_change_with',
                    [{'source': {}}, ['source_type']], '"Source"'),
                ('product.product.replace.ask', 'on_change_with',
                    [{'source': -1}, ['source_type']], '"Source"'),
                ]:
            with self.subTest(model=model, method=method):
                message = self.refused(
                    self.reception, 'model.' + model, method, *params)
                self.assertIn(named, message)
        for value in [{'a': 1}, [1], 'x']:
            with self.subTest(_datetime=value):
                context = dict(self.reception.context, _datetime=value)
                with self.assertRaises(RpcError) as raised:
                    self.reception.call('model.product.category.account.'
                        'fields_get', context)
                self.assertIn('"_datetime"', raised.exception.args[0][1][0])
        context = dict(self.reception.context, language='e\x00s')
        with self.assertRaises(RpcError) as raised:
            self.reception.call('model.party.party.search_count', [], context)
        self.assertIn('"language"', raised.exception.args[0][1][0])
        for wizard in ['ir.translation.set', 'ir.translation.clean']:
            with self.subTest(wizard=wizard):
                message = self.refused(
                    self.reception, 'wizard.' + wizard, 'create')
                self.assertIn(wizard, message)

    def test_choices_a_form_asks_with_its_values(self):
        """A finding's form asks the surfaces of the tooth it shows, giving
        its values as sao does: the boundary lets them through, in the
        user's language"""
        surfaces = self.dentist.call(
            'model.clinic.dental.finding.get_surfaces', {'tooth': 24},
            dict(self.dentist.context, language='es'))
        self.assertEqual(surfaces, [['mesial', "Mesial"],
                ['distal', "Distal"], ['occlusal', "Oclusal"],
                ['vestibular', "Vestibular"], ['palatal', "Palatino"]])

    def test_every_parameter_has_its_kind(self):
        """Every parameter of the methods a client may call outside the
        model API (and not made records of) is checked for what it takes,
        from the registry: a method added later without its parameters'
        kinds fails here (a dict went where a text goes)"""
        from clinic_base.argument_rules import (
            MODEL_API, instantiated_positions, signature)
        from clinic_base.parameter_rules import NAMED_PARAMETERS
        untyped = set()
        with Transaction().start(DB_NAME, 0):
            for name, Model in Pool().iterobject():
                for method, rpc in Model.__rpc__.items():
                    if method in MODEL_API or method.startswith(
                            ('on_change', 'autocomplete_')):
                        continue
                    parameters = [p for p in signature(Model, method)
                        .parameters if p not in {'cls', 'self'}]
                    made_records = instantiated_positions(
                        rpc, len(parameters))
                    untyped |= {(name, method, p)
                        for i, p in enumerate(parameters)
                        if i not in made_records
                        and (method, p) not in NAMED_PARAMETERS
                        and p not in NAMED_PARAMETERS
                        and not p.endswith('_id')}
        self.assertEqual(sorted(untyped), [])

    def test_export_of_an_unknown_field(self):
        party = first_id('clinic.patient.number', [
                ('company', '=', self.madrid)])
        message = self.refused(self.reception,
            'model.party.party', 'export_data', [party], ['nope'], None)
        self.assertIn('"nope"', message)

    def test_search_count_without_a_domain(self):
        self.refused(self.reception, 'model.clinic.debtor', 'search_count',
            None)

    def test_domains_that_do_not_parse(self):
        for model, method, params in [
                ('clinic.appointment', 'search',
                    [[['id', '=like', 'x']], 0, 5, None]),
                ('clinic.recall', 'search_count', [['NOT']]),
                ('clinic.recall', 'search_count', [nested(40)]),
                ('party.party', 'search', [[['nope', '=', 1]], 0, 1, None]),
                ('party.party', 'search', [[['name', 'is', 'x']], 0, 1, None]),
                ]:
            with self.subTest(model=model, params=params):
                self.refused(self.reception, 'model.' + model, method,
                    *params)

    def test_search_of_a_lone_surrogate(self):
        message = self.refused(self.reception, 'model.party.party', 'search',
            [['name', '=', '\ud800']], 0, 1, None)
        self.assertIn('Name', message)

    def test_search_of_a_relation_by_name(self):
        """A Many2One compared with a text searches by name; a report's
        (a table query's) editor, which Tryton cannot search, is refused by
        name: no server error"""
        result = self.answered(self.reception, 'model.clinic.appointment',
            'search', [['write_uid', '=', 'x']], 0, 5, None)
        self.assertEqual(result, [])
        message = self.refused(self.reception, 'model.clinic.recall',
            'search', [['write_uid', '=', 'x']], 0, 5, None)
        self.assertIn('"Edited by" in "Clinic Recall" cannot be searched',
            message)

    def test_selection_outside_its_choices_is_not_stored(self):
        schedule = first_id('clinic.schedule', [
                ('employee.company', '=', self.madrid)])
        message = self.refused(JsonRpc('mad.manager'),
            'model.clinic.schedule', 'write', [schedule], {'weekday': 5})
        self.assertIn('Day', message)
        with Transaction().start(DB_NAME, 0):
            Schedule = Pool().get('clinic.schedule')
            self.assertIn(Schedule(schedule).weekday, {
                    str(d) for d in range(7)})

    def test_clinical_dates_far_out_are_refused(self):
        entry = first_id('clinic.history.entry', [
                ('company', '=', self.madrid), ('state', '=', 'draft')])
        finding = first_id('clinic.dental.finding', [
                ('company', '=', self.madrid)])
        for model, record, name in [
                ('clinic.history.entry', entry, 'date'),
                ('clinic.dental.finding', finding, 'date')]:
            for date in [dt.date(1, 1, 1), dt.date(9999, 12, 31)]:
                with self.subTest(model=model, date=date):
                    message = self.refused(self.dentist, 'model.' + model,
                        'write', [record], {name: encode(date)})
                    self.assertRegex(message, 'must (be|fall) between')

    def test_huge_amounts_are_refused(self):
        line = first_id('sale.line', [('sale.company', '=', self.madrid)])
        for name in ['quantity', 'unit_price']:
            with self.subTest(name=name):
                message = self.refused(JsonRpc('mad.manager'),
                    'model.sale.line', 'write', [line],
                    {name: decimal(str(2 ** 64))})
                self.assertIn('must be between', message)

    def test_huge_cash_amount_is_refused(self):
        line = first_id('account.statement.line', [
                ('statement.company', '=', self.madrid)])
        message = self.refused(JsonRpc('mad.manager'),
            'model.account.statement.line', 'write', [line],
            {'amount': decimal(str(2 ** 64))})
        self.assertIn('must be between', message)

    def test_nul_in_a_name_is_refused(self):
        message = self.refused(self.reception, 'model.party.party', 'create',
            [{'name': 'Ana\x00 Ruiz'}])
        self.assertIn('cannot be stored', message)

    def test_huge_decimal_for_an_integer_returns_at_once(self):
        finding = first_id('clinic.dental.finding', [
                ('company', '=', self.madrid)])
        message = self.refused(self.dentist, 'model.clinic.dental.finding',
            'write', [finding], {'tooth': decimal('1e999999')})
        self.assertIn('Tooth', message)

    def test_refusal_is_in_spanish(self):
        message = self.refused(self.reception, 'model.party.party', 'search',
            [['nope', '=', 1]], 0, 1, None, language='es')
        self.assertIn('no tiene ningún campo', message)

    def test_blank_names_are_refused(self):
        for name in ['', '   ']:
            with self.subTest(name=name):
                message = self.refused(self.reception, 'model.party.party',
                    'create', [{'name': name}])
                self.assertIn('A value is required for field "Name"', message)

    def test_history_number_cannot_be_emptied(self):
        number = first_id('clinic.patient.number', [
                ('company', '=', self.madrid)])
        message = self.refused(self.reception, 'model.clinic.patient.number',
            'write', [number], {'number': ''})
        self.assertIn('A value is required for field "Number"', message)
        with Transaction().start(DB_NAME, 0):
            Number = Pool().get('clinic.patient.number')
            self.assertTrue(Number(number).number)

    def test_quantities_beyond_what_a_clinic_bills(self):
        "A budget of 20,000 fillings is not made, nor half-made"
        patient = first_id('clinic.patient.number', [
                ('company', '=', self.madrid)])
        with Transaction().start(DB_NAME, 0):
            party = Pool().get('clinic.patient.number')(patient).party.id
            budgets = Pool().get('sale.sale').search_count([])
        manager = JsonRpc('mad.manager')
        message = self.refused(manager, 'model.sale.sale', 'create', [{
                    'party': party,
                    'lines': [['create', [{
                                    'type': 'line', 'description': "Filling",
                                    'quantity': 20000.0,
                                    'unit_price': decimal('60'),
                                    }]]],
                    }])
        self.assertIn('more than a clinic bills', message)
        with Transaction().start(DB_NAME, 0):
            self.assertEqual(Pool().get('sale.sale').search_count([]), budgets)

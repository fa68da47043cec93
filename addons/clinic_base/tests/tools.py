# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Helpers for the tests of the clinic modules"
import functools
from collections import defaultdict
from contextlib import contextmanager
from decimal import Decimal

from trytond.cache import Cache
from trytond.pool import Pool
from trytond.tests import test_tryton
from trytond.tools import misc
from trytond.tests.test_tryton import (
    DB_NAME, activate_module, backup_db_cache, drop_db, restore_db_cache)
from trytond.transaction import Transaction, TransactionError, check_access

# Tryton's ModuleTestCase asks, for each model of each generic test, which
# module registered it (isregisteredby), and each answer finds the module
# by a scan of every installed entry point (half a millisecond, tens of
# thousands of times per module's tests): remember the modules found, as
# Python remembers its imports
misc.import_module = functools.cache(misc.import_module)

# (a pool kept per set of activated modules: kept_pools)
from . import kept_pools  # noqa: E402,F401

# clinic_base with its extras, as a franchise runs it (sorted: the name the
# scenarios and the module test keep it by): every test of the module starts
# from this one activation
MODULES = ['account_invoice', 'clinic_base', 'sale']

# The tables, and the records of a table, the tests had to lock, learned
# from the first tests of each set of activated modules (see
# with_transaction)
LOCKED_TABLES = defaultdict(set)
LOCKED_RECORDS = defaultdict(lambda: defaultdict(set))
# The activated modules of each test case's database
_ACTIVATED = {}


class ActivatedAsScenarios:
    """Mixin of a ModuleTestCase: its module and extras activated under the
    name the scenarios' activate_modules keeps them by (sorted), so that
    the module's tests and its scenarios share one activation in DB_CACHE
    (Tryton's ModuleTestCase names it by the module, then the extras)"""

    @classmethod
    def setUpClass(cls):
        super(test_tryton._DBTestCase, cls).setUpClass()
        drop_db()
        activate_module(sorted([cls.module, *cls.extras]), lang=cls.language)


def kept_database(modules, name, build):
    """Restore the database DB_CACHE keeps as the modules activated and
    built on by build (named name), or activate the modules, run build
    (which commits its records) and keep the database.

    Tryton's DB_CACHE keeps an activation the same way: a test module
    whose setup builds records (charts, franchises) pays for them once per
    run, whatever the number of its tests and of the modules sharing it."""
    cache_name = '-'.join(modules) + '--' + name
    if not restore_db_cache(cache_name):
        activate_module(modules)
        build()
        backup_db_cache(cache_name)


def with_transaction(user=1, context=None):
    """Run the test in a transaction rolled back at its end, as Tryton's
    with_transaction does, starting with the tables and the records that
    earlier tests on the same activated modules had to lock.

    The first save of a singleton or of a fiscal year locks its table, the
    next number of a stored sequence its record: Tryton rolls the
    transaction back and starts the test over with them locked, once per
    table or record. Learning the locks once per set of modules spares
    each test those runs over (a franchise built first, or a sequence
    numbering the tests' invoices late in each test): the test cases of a
    kept database restore the same records, and a lock taken that a test
    does not need costs nothing in a run of one connection."""
    def decorator(func):
        @functools.wraps(func)
        def wrapper(test_case, *args, **kwargs):
            modules = activated_modules(type(test_case))
            tables = LOCKED_TABLES[modules]
            records = LOCKED_RECORDS[modules]
            extras = {
                '_lock_tables': sorted(tables),
                '_lock_records': {t: sorted(i) for t, i in records.items()},
                }
            while True:
                with Transaction().start(DB_NAME, user, context=context,
                        **extras) as transaction:
                    try:
                        return func(test_case, *args, **kwargs)
                    except TransactionError as error:
                        error.fix(extras)
                        tables.update(extras.get('_lock_tables', []))
                        for table, ids in extras.get(
                                '_lock_records', {}).items():
                            records[table].update(ids)
                    finally:
                        transaction.rollback()
                        transaction.tasks.clear()
                        Cache.drop(DB_NAME)
        return wrapper
    return decorator


def activated_modules(test_case):
    "The modules activated in the database of test_case (a class)"
    if test_case not in _ACTIVATED:
        _ACTIVATED[test_case] = kept_pools.activated_modules(DB_NAME)
    return _ACTIVATED[test_case]


def create_franchise(name="Franchise", clinics=("Madrid", "Barcelona")):
    "Return a franchise, its central and its clinics"
    pool = Pool()
    Franchise = pool.get('clinic.franchise')
    Company = pool.get('company.company')
    Currency = pool.get('currency.currency')
    Party = pool.get('party.party')
    currency, = Currency.search([('code', '=', 'EUR')]) or Currency.create(
        [{'name': "Euro", 'code': 'EUR', 'symbol': '€'}])
    spain = get_spain()
    franchise, = Franchise.create([{'name': name}])

    def company(party_name, role, prefix=None):
        party, = Party.create([{
                    'name': party_name,
                    'addresses': [('create', [{'country': spain.id}])],
                    }])
        return Company.create([{
                    'party': party.id, 'currency': currency.id,
                    'franchise': franchise.id, 'clinic_role': role,
                    'history_prefix': prefix,
                    }])[0]
    central = company("Central " + name, 'central')
    franchise.central = central
    franchise.save()
    return franchise, central, [
        company("%s %s" % (name, c), 'clinic', c[:3].upper())
        for c in clinics]


def get_spain():
    "Return Spain: the country of the clinics' addresses and phones"
    Country = Pool().get('country.country')
    spain, = Country.search([('code', '=', 'ES')]) or Country.create(
        [{'name': "Spain", 'code': 'ES'}])
    return spain


def create_user(login, companies, company, groups=()):
    "Return a user of the companies, in the groups (XML ids of clinic_base)"
    pool = Pool()
    User = pool.get('res.user')
    ModelData = pool.get('ir.model.data')
    user, = User.create([{
                'login': login, 'name': login,
                'companies': [('add', [c.id for c in companies])],
                'company': company.id,
                'groups': [('add', [
                            ModelData.get_id('clinic_base', g)
                            for g in groups])],
                }])
    return user


def share(clinic, category, central=False, clinics=False):
    Policy = Pool().get('clinic.sharing.policy')
    policy, = Policy.search([
            ('company', '=', clinic.id), ('category', '=', category)])
    policy.share_central, policy.share_clinics = central, clinics
    policy.save()


def create_tax_templates():
    """Add to Tryton's minimal chart the two taxes a clinic invoices with
    (until clinic_l10n_es brings the Spanish chart): exempt healthcare and
    VAT 21%. Return them by key."""
    pool = Pool()
    AccountTemplate = pool.get('account.account.template')
    TaxTemplate = pool.get('account.tax.template')
    ModelData = pool.get('ir.model.data')
    root = ModelData.get_id('account', 'account_template_root_en')
    account, = AccountTemplate.search([('code', '=', '6.3.6')], limit=1)
    taxes = {}
    for key, name, rate in [
            ('exempt', "Healthcare exempt", Decimal(0)),
            ('vat21', "VAT 21%", Decimal('0.21')),
            ]:
        taxes[key], = TaxTemplate.create([{
                    'name': name, 'description': name,
                    'type': 'percentage', 'rate': rate,
                    'account': root,
                    'invoice_account': account.id,
                    'credit_note_account': account.id,
                    }])
    return taxes


def create_chart(company):
    "Give the company Tryton's minimal chart of accounts, with its taxes"
    pool = Pool()
    AccountTemplate = pool.get('account.account.template')
    ModelData = pool.get('ir.model.data')
    CreateChart = pool.get('account.create_chart', type='wizard')
    Account = pool.get('account.account')
    template = AccountTemplate(ModelData.get_id(
            'account', 'account_template_root_en'))
    with Transaction().set_context(company=company.id):
        session_id, _, _ = CreateChart.create()
        wizard = CreateChart(session_id)
        wizard.account.account_template = template
        wizard.account.company = company
        wizard.transition_create_account()
        for kind in ('receivable', 'payable'):
            account, = Account.search([
                    ('type.%s' % kind, '=', True),
                    ('party_required', '=', True),
                    ('company', '=', company.id),
                    ], limit=1)
            setattr(wizard.properties, 'account_%s' % kind, account)
        wizard.properties.company = company
        wizard.transition_create_properties()


def create_tax_category(name, tax_template, companies):
    """Return an accounting category that sells with the taxes made from
    tax_template, with the revenue account of each company"""
    pool = Pool()
    Category = pool.get('product.category')
    Tax = pool.get('account.tax')
    Account = pool.get('account.account')
    category, = Category.create([{'name': name, 'accounting': True}])
    for company in companies:
        with Transaction().set_context(company=company.id):
            revenue, = Account.search([
                    ('type.revenue', '=', True),
                    ('closed', '!=', True),
                    ('company', '=', company.id),
                    ], limit=1)
            category = Category(category.id)
            category.account_revenue = revenue
            category.save()
    # The configuring company's tax only: the others follow its template
    tax, = Tax.search([
            ('template', '=', tax_template.id),
            ('company', '=', companies[0].id),
            ])
    Category.write([category], {'customer_taxes': [('add', [tax.id])]})
    return category


@contextmanager
def acting_as(user, company=None):
    "Run the block as user, in company (default: the user's), with rules"
    company = company or user.company
    with Transaction().set_user(user.id), \
            Transaction().set_context(company=company.id), \
            check_access():
        yield

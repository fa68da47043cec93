"""Build a demo franchise inside an open Tryton transaction (as root).

Each step is a short function so that tests and benchmarks can reuse them:
``build(Sizes(...))`` makes the whole franchise.
"""
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from trytond.pool import Pool
from trytond.transaction import Transaction, TransactionError

from .agenda import agenda_activated, clinic_today, create_agenda
from .billing import (
    DECLINED_SERVICE, billing_activated, budget_values,
    create_payment_methods, create_treatment_budget, make_debtor,
    process_budgets, set_invoice_method)
from .cash_box import create_cash_box, pay_in_cash
from .commission import (
    create_agent, create_commission_plan, post_budget_invoices)
from .configuration import (
    create_charts, create_clinic_configuration, create_configuration)
from .campaign import create_campaign
from .crm import LEADS, create_incidents, create_lead, crm_activated
from .dental import (
    create_dental_charts, dental_activated, do_planned_service)
from .histories import (
    create_documents, create_histories, create_practitioner)
from .insurer import create_insurer, invoice_insured_patient
from .people import (
    CENTRAL_STAFF, clinic_staff_name, dni_numbers, mobile_numbers,
    patient_names)

PASSWORD = 'Clinica-Demo-8'
TIMEZONE = 'Europe/Madrid'
CLINICS = [('Madrid', 'MAD'), ('Barcelona', 'BCN'), ('Valencia', 'VLC')]
# The sequence types of a fiscal year's numbering (module, XML id)
MOVE_SEQUENCE = ('account', 'sequence_type_account_move')
INVOICE_SEQUENCE = ('account_invoice', 'sequence_type_account_invoice')
CATEGORIES = [
    'contacts', 'histories', 'documents', 'invoices', 'budgets', 'leads',
    'configuration']
# The sharing of the demo's clinics, in turn: the first shares everything
# with everyone, the second only with the central, the third only its
# invoices and budgets with the central.
POLICIES = [
    {c: (True, True) for c in CATEGORIES},
    {c: (True, False) for c in CATEGORIES},
    {'invoices': (True, False), 'budgets': (True, False)},
    ]
CENTRAL_USERS = [
    # login, role, groups
    ('central.admin', "Franchise Administrator", [
            'clinic_base.group_franchise_admin', 'sale.group_sale',
            'account.group_account']),
    ('central.accountant', "Central Accountant", [
            'clinic_base.group_accountant', 'account.group_account']),
    ('callcenter', "Call-Center Agent", [
            'clinic_base.group_callcenter_agent']),
    ('crm.manager', "CRM Manager", ['clinic_base.group_crm_manager']),
    ]
# The central's users who work in each clinic too (Enter)
HOLD_EVERY_CLINIC = {'central.admin', 'central.accountant'}
CLINIC_USERS = [
    # login suffix, role, groups
    ('manager', "Clinic Manager", [
            'clinic_base.group_clinic_manager', 'sale.group_sale',
            'account.group_account']),
    ('reception', "Receptionist", [
            'clinic_base.group_receptionist', 'sale.group_sale']),
    ('doctor', "Practitioner", [
            'clinic_base.group_practitioner', 'sale.group_sale']),
    ]


@dataclass
class Sizes:
    "How big a franchise to build; patients and the rest are per clinic"
    clinics: int = 3
    patients: int = 20
    appointments: int = 8
    invoices: int = 10
    budgets: int = 3
    post_invoices: bool = True
    histories: int = 5


@dataclass
class Built:
    franchise: object
    central: object
    clinics: list
    users: dict = field(default_factory=dict)
    patients: dict = field(default_factory=dict)
    # the configuration each clinic works with (its configuring company's)
    configurations: dict = field(default_factory=dict)


def clinic_specs(count):
    "Return (city, prefix) for count clinics: the demo three, then numbered"
    specs = list(CLINICS[:count])
    for number in range(len(specs) + 1, count + 1):
        specs.append(('Clínica %02d' % number, 'C%02d' % number))
    return specs


def get_euro():
    pool = Pool()
    Currency = pool.get('currency.currency')
    euros = Currency.search([('code', '=', 'EUR')], limit=1)
    if euros:
        return euros[0]
    euro, = Currency.create([{
                'name': "Euro", 'code': 'EUR', 'symbol': '€',
                'numeric_code': '978', 'rounding': Decimal('0.01'),
                'digits': 2,
                }])
    return euro


def get_spain():
    "Spain: the country of the clinics, whose phones patients give"
    Country = Pool().get('country.country')
    spain, = Country.search([('code', '=', 'ES')]) or Country.create(
        [{'name': "España", 'code': 'ES'}])
    return spain


def create_company(name, role, franchise, prefix=None):
    pool = Pool()
    Company = pool.get('company.company')
    Party = pool.get('party.party')
    party, = Party.create([{
                'name': name,
                'addresses': [('create', [{'country': get_spain().id}])],
                }])
    company, = Company.create([{
                'party': party.id,
                'currency': get_euro().id,
                'timezone': TIMEZONE,
                'franchise': franchise.id,
                'clinic_role': role,
                'history_prefix': prefix,
                }])
    Party.write([party], {'company': company.id})
    return company


def create_fiscal_year(company, prefix, year):
    "Open the year with its periods and the company's numbering"
    pool = Pool()
    FiscalYear = pool.get('account.fiscalyear')
    ModelData = pool.get('ir.model.data')
    Sequence = pool.get('ir.sequence.strict')

    def sequence(type_xml_id, name, code):
        seq, = Sequence.create([{
                    'name': name,
                    'sequence_type': ModelData.get_id(*type_xml_id),
                    'company': company.id,
                    'prefix': '%s-%s-%s-' % (prefix, code, year),
                    'padding': 6,
                    }])
        return seq.id

    with Transaction().set_context(company=company.id):
        fiscal_year, = FiscalYear.create([{
                    'name': '%s %s' % (year, prefix),
                    'company': company.id,
                    'start_date': dt.date(year, 1, 1),
                    'end_date': dt.date(year, 12, 31),
                    'move_sequence': sequence(
                        MOVE_SEQUENCE, "Moves %s" % year, 'AS'),
                    'invoice_sequences': [('create', [{
                                    'company': company.id,
                                    'out_invoice_sequence': sequence(
                                        INVOICE_SEQUENCE, "Invoices", 'F'),
                                    'out_credit_note_sequence': sequence(
                                        INVOICE_SEQUENCE, "Credit notes",
                                        'R'),
                                    'in_invoice_sequence': sequence(
                                        INVOICE_SEQUENCE,
                                        "Supplier invoices", 'P'),
                                    'in_credit_note_sequence': sequence(
                                        INVOICE_SEQUENCE,
                                        "Supplier credit notes", 'PR'),
                                    }])],
                    }])
        FiscalYear.create_period([fiscal_year])
    return fiscal_year


def set_policy(clinic, shares):
    "shares maps a category to (with the central, with the other clinics)"
    pool = Pool()
    Policy = pool.get('clinic.sharing.policy')
    for policy in Policy.search([('company', '=', clinic.id)]):
        central, clinics = shares.get(policy.category, (False, False))
        policy.share_central, policy.share_clinics = central, clinics
        policy.save()


def create_user(login, name, groups, companies, company):
    pool = Pool()
    User = pool.get('res.user')
    ModelData = pool.get('ir.model.data')
    user, = User.create([{
                'login': login,
                'name': name,
                'password': PASSWORD,
                'groups': [('add', [
                            ModelData.get_id(*g.split('.')) for g in groups])],
                'companies': [('add', [c.id for c in companies])],
                'company': company.id,
                'company_filter': 'one',
                }])
    return user


def create_users(central, clinics, prefix=''):
    """Users of each role, named after people: the central's hold every
    company of the franchise"""
    users = {}
    for login, _, groups in CENTRAL_USERS:
        # the administrator and the accountant enter each clinic
        holds = ([central, *clinics] if login in HOLD_EVERY_CLINIC
            else [central])
        users[login] = create_user(
            prefix + login, CENTRAL_STAFF[login], groups, holds, central)
    for index, clinic in enumerate(clinics):
        for role, _, groups in CLINIC_USERS:
            login = '%s.%s' % (clinic.history_prefix.lower(), role)
            users[login] = create_user(
                prefix + login, clinic_staff_name(role, index), groups,
                [clinic], clinic)
    return users


def create_patients(clinic, count, seed):
    """Patients registered by the clinic, with a DNI, a mobile phone, an
    address and the clinic's history number"""
    pool = Pool()
    Party = pool.get('party.party')
    names = patient_names(count, seed)
    phones = mobile_numbers(count, seed)
    dnis = dni_numbers(count, seed)
    city = clinic.party.name.replace('Clínica ', '')
    with Transaction().set_context(company=clinic.id):
        return Party.create([{
                    'name': name,
                    'company': clinic.id,
                    'addresses': [('create', [{'city': city}])],
                    'identifiers': [('create', [{
                                    'type': 'es_dni', 'code': dni}])],
                    'contact_mechanisms': [('create', [{
                                    'type': 'mobile', 'value': phone}])],
                    'history_numbers': [('create', [{'company': clinic.id}])],
                    } for name, phone, dni in zip(names, phones, dnis)])


def sale_terms(clinic, product):
    """Return the unit price and the customer taxes the clinic sells
    product with: the defining company's price, the clinic's own taxes"""
    Product = Pool().get('product.product')
    with Transaction().set_context(company=clinic.id):
        product = Product(product.id)
        return product.list_price_used, [
            t.id for t in product.customer_taxes_used]


def create_invoices(clinic, patients, product, count, post, batch=500):
    "Customer invoices of the clinic's patients, one visit each"
    pool = Pool()
    Invoice = pool.get('account.invoice')
    Journal = pool.get('account.journal')
    Product = pool.get('product.product')
    Date = pool.get('ir.date')
    if not count or not patients:
        return []
    invoices = []
    unit_price, taxes = sale_terms(clinic, product)
    with Transaction().set_context(company=clinic.id):
        journal, = Journal.search([('type', '=', 'revenue')], limit=1)
        account = patients[0].account_receivable_used
        revenue = Product(product.id).account_revenue_used
        # the clinic's date, as Tryton numbers and posts with it: past
        # midnight in Madrid, UTC's date is yesterday's
        today = Date.today()
        for start in range(0, count, batch):
            invoices.extend(Invoice.create([{
                        'company': clinic.id,
                        'type': 'out',
                        'party': patient.id,
                        'invoice_address': patient.addresses[0].id,
                        'account': account.id,
                        'journal': journal.id,
                        'currency': clinic.currency.id,
                        'invoice_date': today,
                        'lines': [('create', [{
                                        'company': clinic.id,
                                        'type': 'line',
                                        'product': product.id,
                                        'description': product.name,
                                        'quantity': 1,
                                        'unit': product.default_uom.id,
                                        'unit_price': unit_price,
                                        'taxes': [('add', taxes)],
                                        'account': revenue.id,
                                        'currency': clinic.currency.id,
                                        }])],
                        } for patient in (
                        patients[i % len(patients)] for i in range(
                            start, min(start + batch, count)))]))
        if post:
            Invoice.post(invoices)
    return invoices


def create_budgets(clinic, patients, product, count):
    "Budgets (sale quotations) of the clinic's patients"
    pool = Pool()
    Sale = pool.get('sale.sale')
    if not count or not patients:
        return []
    unit_price, taxes = sale_terms(clinic, product)
    with Transaction().set_context(company=clinic.id):
        budgets = Sale.create([{
                    **budget_values(clinic, patient),
                    'lines': [('create', [{
                                    'type': 'line',
                                    'product': product.id,
                                    'quantity': 1,
                                    'unit': product.default_uom.id,
                                    'unit_price': unit_price,
                                    'taxes': [('add', taxes)],
                                    }])],
                    } for patient in patients[:count]])
        Sale.quote(budgets)
    return budgets


def configure(mode, central, clinics):
    """Return the configuration each clinic works with: the central's for
    a configuring central, else each clinic's own; the clinics' additions
    on top of a shared one (the first clinic's in a shared package)"""
    if mode != 'configuring':
        return {c.id: create_configuration(c, [c]) for c in clinics}
    config = create_configuration(central, [central, *clinics])
    package = next(iter(config.packages.values()))
    for index, clinic in enumerate(clinics):
        create_clinic_configuration(
            clinic, config, package=package if index == 0 else None)
    return {c.id: config for c in clinics}


def lock_accounting_tables():
    """Lock the tables that the accounting's first steps lock (its
    configuration's first save, a fiscal year's and a period's dates check,
    the first move of a journal and period) before any work is done.

    On PostgreSQL, Tryton starts the transaction over with the table locked
    the first time a step locks it: the later the step, the more work is
    done twice (a third of the build, before)."""
    pool = Pool()
    for name in ['account.configuration', 'account.fiscalyear',
            'account.period', 'account.journal.period']:
        pool.get(name).lock()


def build(sizes=None, name="Clínicas Sonríe", mode='configuring',
        users=True, login_prefix='', year=None):
    "Build a franchise of the given sizes and return what was built"
    pool = Pool()
    Franchise = pool.get('clinic.franchise')
    lock_accounting_tables()
    sizes = sizes or Sizes()
    year = year or clinic_today(ZoneInfo(TIMEZONE)).year
    franchise, = Franchise.create([{'name': name, 'mode': mode}])
    central = create_company("Central %s" % name, 'central', franchise)
    franchise.central = central
    franchise.save()
    clinics = [
        create_company("Clínica %s" % city, 'clinic', franchise, prefix)
        for city, prefix in clinic_specs(sizes.clinics)]
    create_charts([central, *clinics])
    for company in [central, *clinics]:
        create_fiscal_year(
            company, company.history_prefix or 'CEN', year)
    for index, clinic in enumerate(clinics):
        set_policy(clinic, POLICIES[index % len(POLICIES)])
    built = Built(franchise, central, clinics)
    if users:
        built.users = create_users(central, clinics, login_prefix)
    built.configurations = configure(mode, central, clinics)
    billing = billing_activated()
    if billing:
        set_invoice_method(clinics)
        plan = create_commission_plan(central, [central, *clinics])
        insurer = create_insurer(built.configurations, clinics)
    for index, clinic in enumerate(clinics):
        patients = create_patients(
            clinic, sizes.patients, seed=f'{name}-{index}')
        built.patients[clinic.id] = patients
        product = built.configurations[clinic.id].first_service
        invoices = create_invoices(
            clinic, patients, product, sizes.invoices, sizes.post_invoices)
        create_budgets(clinic, patients, product, sizes.budgets)
        if billing:
            methods = create_payment_methods(clinic)
            create_cash_box(clinic)
            if invoices and sizes.post_invoices:
                pay_in_cash(clinic, invoices[0], methods['cash'])
        # the insured patient's and the debtor's invoices are among the
        # clinic's invoices: none where none are asked for
        if billing and patients and sizes.invoices:
            invoice_insured_patient(
                clinic, patients[0], insurer, built.configurations[clinic.id])
            make_debtor(clinic, *create_invoices(
                    clinic, patients[-1:], product, 1, post=False),
                methods['card'])
        doctor = built.users.get('%s.doctor' % clinic.history_prefix.lower())
        practitioner = create_practitioner(clinic, doctor)
        if billing:
            create_agent(clinic, practitioner, plan)
        create_histories(clinic, patients, practitioner, sizes.histories)
        if dental_activated():
            planned = create_dental_charts(
                clinic, patients, practitioner, sizes.histories,
                built.configurations[clinic.id].packages)
            budgets = [create_treatment_budget(clinic, patients[0], planned,
                    built.configurations[clinic.id].services[
                        DECLINED_SERVICE].products[0])
                ] if planned and billing else []
            do_planned_service(clinic, practitioner, planned)
            process_budgets(clinic, budgets)
            post_budget_invoices(clinic, budgets)
        create_documents(clinic, patients, sizes.histories)
        picklists = built.configurations[clinic.id].picklists
        if crm_activated() and picklists and index < len(LEADS):
            prefix = clinic.history_prefix.lower()
            users = [built.users.get(u) for u in [
                    '%s.reception' % prefix, '%s.manager' % prefix,
                    'crm.manager']]
            create_lead(clinic, picklists, LEADS[index],
                users if all(users) else None)
            if patients and all(users):
                create_incidents(clinic, patients[0], users[0])
        if sizes.appointments and agenda_activated():
            create_agenda(
                clinic, practitioner, patients, product, sizes.appointments)
    if crm_activated() and built.users.get('crm.manager'):
        Company = pool.get('company.company')
        create_campaign(central, Company.search([
                    ('id', 'in', [c.id for c in clinics]),
                    ('crm', '=', True)]), built.patients)
    return built


def use_language(code):
    """Load the language of code and make it the database's: the users who
    chose no language work in it"""
    pool = Pool()
    Configuration = pool.get('ir.configuration')
    Lang = pool.get('ir.lang')
    language, = Lang.search([('code', '=', code)])
    Lang.load_translations([language])
    Configuration.write([Configuration(1)], {'language': code})


def database_language(database):
    "The code of the database's default language (ir.configuration)"
    with Transaction().start(database, 0, readonly=True):
        return Pool().get('ir.configuration').get_language()


def run_alone(database, func):
    """Run func in a transaction of its own and commit it, in the
    database's language (its names are that language's).

    Tryton asks to start over with tables locked upfront when a step needs
    a lock (a singleton's first save): the transaction is rolled back and
    run again, as trytond's own test tools do.
    """
    Pool(database).init()
    language = database_language(database)
    extras = {}
    while True:
        with Transaction().start(database, 0,
                context={'language': language}, **extras) as transaction:
            try:
                result = func()
            except TransactionError as error:
                transaction.rollback()
                error.fix(extras)
                continue
            transaction.commit()
            return result

"""The configuration a franchise's clinics work with: specialties, taxes,
services, packages, lists and suppliers.

The configuring company (the central of a configuring franchise, or the
clinic the franchise names) defines it for every company of the franchise;
each clinic adds its own on top. Every step runs as root inside the open
transaction and sets the company it works for in the context.
"""
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from trytond.pool import Pool
from trytond.transaction import Transaction

from .dental import chart_services, dental_activated

__all__ = [
    'create_charts', 'Configuration', 'create_configuration',
    'create_clinic_configuration']

# The module of the clinics' Spanish chart, whose templates the demo uses
L10N = 'clinic_l10n_es'
# The chart's account the services' revenue goes to: 705 sales of services
REVENUE_TEMPLATE = 'account_template_705'

# key: (name, code)
SPECIALTIES = {
    'dentistry': ("Odontología", 'ODO'),
    'orthodontics': ("Ortodoncia", 'ORT'),
    'aesthetics': ("Estética", 'EST'),
    'nutrition': ("Nutrición", 'NUT'),
    'physiotherapy': ("Fisioterapia", 'FIS'),
    }
# key: (category name, xml id of the chart's sale tax template): dental
# care is exempt (key E1), aesthetic treatments pay 21% IVA
TAX_CATEGORIES = {
    'exempt': ("Asistencia sanitaria (exenta)", 'tax_template_iva_rep_exento'),
    'vat21': ("Estética (IVA 21%)", 'tax_template_iva_rep_21'),
    }
# name, specialty, minutes, list price, tax category; the first is the one
# the demo invoices and budgets
SERVICES = [
    ("Primera visita", 'dentistry', 30, '45', 'exempt'),
    ("Limpieza dental", 'dentistry', 45, '60', 'exempt'),
    ("Empaste", 'dentistry', 45, '70', 'exempt'),
    ("Endodoncia", 'dentistry', 90, '250', 'exempt'),
    ("Implante", 'dentistry', 90, '1200', 'exempt'),
    ("Corona", 'dentistry', 60, '450', 'exempt'),
    ("Extracción", 'dentistry', 30, '90', 'exempt'),
    ("Revisión de ortodoncia", 'orthodontics', 30, '50', 'exempt'),
    ("Ortodoncia invisible", 'orthodontics', 60, '3500', 'exempt'),
    ("Blanqueamiento", 'aesthetics', 60, '300', 'vat21'),
    ("Bótox", 'aesthetics', 30, '350', 'vat21'),
    ("Ácido hialurónico", 'aesthetics', 45, '400', 'vat21'),
    ("Consulta de nutrición", 'nutrition', 45, '55', 'exempt'),
    ("Sesión de fisioterapia", 'physiotherapy', 45, '40', 'exempt'),
    ]
# name: [(service, quantity)]
PACKAGES = {
    "Implante completo": [
        ("Implante", 1), ("Corona", 1), ("Primera visita", 1)],
    "Higiene": [("Primera visita", 1), ("Limpieza dental", 2)],
    "Endodoncia + corona": [("Endodoncia", 1), ("Corona", 1)],
    }
# list: [name or (name, colour)]
PICKLISTS = {
    'referral': [
        "Google", "Instagram", "Facebook", "Recomendación",
        "Paso por la clínica", "Aseguradora"],
    'crm_group': [
        "Pacientes activos", "Pacientes sin cita", "Leads sin contactar"],
    'treatment_interest': [
        "Implantes", "Ortodoncia", "Estética dental", "Estética facial",
        "Nutrición", "Fisioterapia"],
    'channel': [
        "Presencial", "Teléfono", "WhatsApp", "Web", "Videoconsulta"],
    'request_status': [
        ("Nueva", '#1e88e5'), ("En curso", '#fb8c00'),
        ("Cita concertada", '#43a047'), ("Perdida", '#e53935')],
    'payment_method': [
        "Efectivo", "Tarjeta", "Transferencia", "Financiación"],
    'document_type': [
        "Consentimiento", "Radiografía", "Informe", "Fotografía"],
    }
SUPPLIER = "Laboratorio Dental Mediterráneo"


@dataclass
class Configuration:
    "What a configuring company defined, by key or name"
    company: object
    specialties: dict = field(default_factory=dict)
    categories: dict = field(default_factory=dict)
    services: dict = field(default_factory=dict)
    packages: dict = field(default_factory=dict)
    picklists: dict = field(default_factory=dict)
    supplier: object = None

    @property
    def first_service(self):
        "The product the demo invoices and budgets"
        return self.services[SERVICES[0][0]].products[0]


def create_charts(companies):
    """Give each company the clinics' Spanish chart of clinic_l10n_es, with
    its taxes: patients (4300) receivable, suppliers (400) payable"""
    AccountTemplate = Pool().get('account.account.template')
    AccountTemplate.create_clinic_charts(companies)


def create_specialties(company):
    Specialty = Pool().get('clinic.specialty')
    specialties = Specialty.create([{
                'name': name, 'code': code, 'company': company.id,
                } for name, code in SPECIALTIES.values()])
    return dict(zip(SPECIALTIES, specialties))


def create_tax_categories(companies):
    "The accounting categories, with the first company's taxes"
    return {
        key: create_tax_category(name, template, companies)
        for key, (name, template) in TAX_CATEGORIES.items()}


def create_tax_category(name, tax_template, companies):
    """Return an accounting category that sells with the first company's
    tax made from the chart's tax_template (the others follow its template)
    into each company's 705"""
    pool = Pool()
    Category = pool.get('product.category')
    category, = Category.create([{'name': name, 'accounting': True}])
    for company in companies:
        with Transaction().set_context(company=company.id):
            category = Category(category.id)
            category.account_revenue = chart_record(
                'account.account', REVENUE_TEMPLATE, company)
            category.save()
    Category.write([category], {'customer_taxes': [('add', [
                    chart_record('account.tax', tax_template, companies[0]).id,
                    ])]})
    return category


def chart_record(model, xml_id, company):
    "Return the company's account or tax made from the chart's xml_id"
    pool = Pool()
    Model = pool.get(model)
    ModelData = pool.get('ir.model.data')
    record, = Model.search([
            ('template', '=', ModelData.get_id(L10N, xml_id)),
            ('company', '=', company.id),
            ])
    return record


def service_values(company, name, specialty, minutes, price, category):
    pool = Pool()
    ModelData = pool.get('ir.model.data')
    Uom = pool.get('product.uom')
    unit = Uom(ModelData.get_id('product', 'uom_unit'))
    return {
        'name': name,
        'type': 'service',
        'company': company.id,
        'specialty': specialty.id,
        'duration': dt.timedelta(minutes=minutes),
        'default_uom': unit.id,
        'salable': True,
        'sale_uom': unit.id,
        'list_price': Decimal(price),
        'account_category': category.id,
        'products': [('create', [{}])],
        }


def create_services(company, specialties, categories):
    Template = Pool().get('product.template')
    templates = Template.create([
            service_values(company, name, specialties[specialty], minutes,
                price, categories[tax])
            for name, specialty, minutes, price, tax in SERVICES])
    return {t.name: t for t in templates}


def create_packages(company, services):
    Package = Pool().get('clinic.service.package')
    packages = Package.create([{
                'name': name,
                'company': company.id,
                'lines': [('create', [{
                                'service': services[service].products[0].id,
                                'quantity': quantity,
                                'company': company.id,
                                } for service, quantity in lines])],
                } for name, lines in PACKAGES.items()])
    return {p.name: p for p in packages}


def create_picklists(company):
    Value = Pool().get('clinic.picklist.value')
    values = []
    for picklist, entries in PICKLISTS.items():
        for sequence, entry in enumerate(entries, 1):
            name, color = entry if isinstance(entry, tuple) else (entry, None)
            values.append({
                    'picklist': picklist, 'name': name, 'color': color,
                    'sequence': sequence, 'company': company.id,
                    })
    return Value.create(values)


def create_supplier(company, name=SUPPLIER, city="Valencia",
        phone='+34 961 000 000'):
    "A laboratory the company registers, with its address and phone"
    Party = Pool().get('party.party')
    supplier, = Party.create([{
                'name': name, 'supplier': True, 'company': company.id,
                'addresses': [('create', [{'city': city}])],
                'contact_mechanisms': [('create', [{
                                'type': 'phone', 'value': phone}])],
                }])
    return supplier


def create_configuration(configuring, companies):
    """The configuration configuring defines for companies (configuring
    first): its specialties, tax categories, services, packages, lists and
    its laboratory"""
    config = Configuration(configuring)
    with Transaction().set_context(company=configuring.id):
        config.specialties = create_specialties(configuring)
        config.categories = create_tax_categories(companies)
        config.services = create_services(
            configuring, config.specialties, config.categories)
        if dental_activated():
            chart_services(config.services)
        config.packages = create_packages(configuring, config.services)
        config.picklists = create_picklists(configuring)
        config.supplier = create_supplier(configuring)
    return config


def create_clinic_configuration(clinic, config, package=None):
    """What a clinic adds on top of the shared configuration: its own
    check-up service and referral source and, given a package, a line of
    its own in it"""
    pool = Pool()
    Template = pool.get('product.template')
    Value = pool.get('clinic.picklist.value')
    Package = pool.get('clinic.service.package')
    city = clinic.party.name.replace('Clínica ', '')
    with Transaction().set_context(company=clinic.id):
        service, = Template.create([service_values(
                    clinic, "Revisión %s" % city,
                    config.specialties['dentistry'], 20, '30',
                    config.categories['exempt'])])
        value, = Value.create([{
                    'picklist': 'referral', 'name': "Prensa local %s" % city,
                    'sequence': 100, 'company': clinic.id,
                    }])
        if package:
            Package.write([package], {'lines': [('create', [{
                                'service': service.products[0].id,
                                'quantity': 1,
                                'company': clinic.id,
                                }])]})
    return service, value

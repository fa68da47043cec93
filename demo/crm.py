"""The demo's CRM (clinic_crm): the first and the last clinic have taken it,
each with a lead who asked twice (aesthetic dentistry on the web, then
orthodontics by phone); the second clinic has not taken it, and shows no
CRM menu."""
import datetime as dt

from trytond.pool import Pool
from trytond.transaction import Transaction

from .agenda import module_activated

# A lead per clinic with the CRM: name and mobile
LEADS = [
    ("Marta Quintana Ríos", '+34622111333'),
    ("Sergio Navas Prieto", '+34633444555'),
    ]
# The lead's requests: days ago, treatment, channel, status
REQUESTS = [
    (20, "Estética dental", "Web", "En curso"),
    (2, "Ortodoncia", "Teléfono", "Nueva"),
    ]


def crm_activated():
    "Whether the CRM module is activated in the database"
    return module_activated('clinic_crm')


def create_lead(clinic, picklists, lead):
    """Switch the CRM on in clinic and give it the lead (name, mobile) with
    its REQUESTS, from the franchise's picklists"""
    pool = Pool()
    Company = pool.get('company.company')
    Party = pool.get('party.party')
    Request = pool.get('sale.opportunity')
    Date = pool.get('ir.date')
    value = {(v.picklist, v.name): v.id for v in picklists}
    Company.write([clinic], {'crm': True})
    name, mobile = lead
    with Transaction().set_context(company=clinic.id):
        today = Date.today()
        party, = Party.create([{
                    'name': name, 'company': clinic.id,
                    'lead_company': clinic.id,
                    'referral': value[('referral', "Instagram")],
                    'contact_times': "Por las tardes",
                    'contact_mechanisms': [('create', [
                                {'type': 'mobile', 'value': mobile}])],
                    }])
        Request.create([{
                    'party': party.id, 'company': clinic.id,
                    'currency': clinic.currency.id,
                    'start_date': today - dt.timedelta(days=days),
                    'treatment': value[('treatment_interest', treatment)],
                    'channel': value[('channel', channel)],
                    'status': value[('request_status', status)],
                    } for days, treatment, channel, status in REQUESTS])
    return party

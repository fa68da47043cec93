"""The demo's CRM (clinic_crm): the first two clinics have taken it, each
with a lead who asked twice (aesthetic dentistry on the web, then
orthodontics by phone), a call done yesterday, a call due today for the
front desk and another for the franchise's CRM manager (their bells ring),
another scheduled for tomorrow, and a private note to call them that only
the clinic's manager (and the CRM manager) reads. Each has an incident of a
patient being dealt with, and one from an e-mail of an unknown sender to
its incidents mailbox (an inbox of inbound_email, set up for the clinic).
The third clinic has not taken the CRM, and shows no CRM menu."""
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


def create_lead(clinic, picklists, lead, users=None):
    """Switch the CRM on in clinic and give it the lead (name, mobile) with
    its REQUESTS, from the franchise's picklists, and the activities of the
    users (where there are users: the clinic's desk and manager, the CRM
    manager)"""
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
        if users:
            create_activities(clinic, party, *users)
    return party


def create_activities(clinic, party, desk, manager, crm_manager):
    """The lead's calls: one done, two due today, one scheduled, one
    private"""
    Activity = Pool().get('clinic.crm.activity')
    now = dt.datetime.now().replace(second=0, microsecond=0)
    hour = now.replace(minute=0)
    day = dt.timedelta(days=1)
    Activity.create([{
                'company': clinic.id, 'party': party.id, 'type': 'call',
                'responsible': responsible.id, 'moment': moment,
                'subject': subject, 'state': state, 'private': private,
                'result': result,
                } for responsible, moment, subject, state, private, result in [
                (desk, hour - day, "Información de estética dental", 'done',
                    False, "Le interesa; pide precio de carillas."),
                (desk, now, "Confirmar la primera visita", 'scheduled',
                    False, None),
                (crm_manager, now, "Seguimiento de la solicitud",
                    'scheduled', False, None),
                (desk, hour + day, "Llamar para dar cita", 'scheduled',
                    False, None),
                (manager, hour + 2 * day, "Ofrecer descuento", 'scheduled',
                    True, None),
                ]])


def create_incidents(clinic, patient, desk):
    """The clinic's incidents mailbox, a patient's complaint the desk deals
    with, and the e-mail of a stranger flagged"""
    pool = Pool()
    Incident = pool.get('clinic.crm.incident')
    Inbox = pool.get('inbound.email.inbox')
    Inbox.create([{
                'name': "Incidencias de %s" % clinic.rec_name,
                'rules': [('create', [{
                                'action': (
                                    'clinic.crm.incident|from_inbound_email'),
                                'incident_company': clinic.id,
                                }])],
                }])
    now = dt.datetime.now().replace(second=0, microsecond=0)
    Incident.create([{
                'company': clinic.id, 'party': patient.id,
                'subject': "Factura con importe erróneo",
                'description': "La factura de la última visita cobra dos "
                "veces la limpieza.",
                'responsible': desk.id, 'reported': now - dt.timedelta(days=2),
                'state': 'in_progress',
                }, {
                'company': clinic.id,
                'subject': "Queja por la espera",
                'description': "Esperé más de una hora y nadie me avisó.",
                'email': 'visitante@example.org', 'unknown_sender': True,
                'reported': now - dt.timedelta(hours=3),
                }])

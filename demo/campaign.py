"""The demo's campaign (clinic_crm): the franchise's CRM manager wrote, from
the central, a week ago, to the patients of the clinics with the CRM,
reminding them of their yearly check-up. The first patients of each such clinic have an
e-mail; the first and the third consented to communications, the second
did not. The others gave no consent either: the campaign counts them all as
excluded. Of those
written to, two opened the e-mail and one clicked its link and then asked
the clinic for a check-up: the campaign shows it among its results.

The e-mails go through Tryton's marketing automation (its crons' methods,
and the queue's tasks they leave, as a worker would run them), and the opens
and clicks through the shortened links the routes serve. The demo runs no
mail server: the e-mails are kept in Tryton's e-mail log, not delivered."""
import datetime as dt

from trytond.pool import Pool
from trytond.sendmail import SMTPDataManager
from trytond.transaction import Transaction

from .agenda import created_ago

# When the campaign went
SENT_AGO = dt.timedelta(days=7)
# Per clinic with the CRM: the patients given an e-mail, and whether they
# consented to communications
WRITTEN = [True, False, True]
SUBJECT = "${record.name}, te toca la revisión anual"
TEMPLATE = (
    '<html><body>'
    '<p>Hola, ${record.name}:</p>'
    '<p>Ha pasado un año desde tu última revisión. Te esperamos en la '
    'clínica: la revisión y la limpieza tienen un 20 % de descuento este '
    'mes.</p>'
    '<p><a href="https://clinicas-sonrie.example/cita">Pide tu cita</a></p>'
    '<p><a href="unsubscribe">No quiero recibir más correos</a></p>'
    '</body></html>')


class NoMailServer(SMTPDataManager):
    """The e-mails of the transaction are kept in Tryton's e-mail log and
    not delivered: the demo runs no mail server. (It stands in for the
    data manager Tryton's sending joins, being equal to it.)"""

    def tpc_vote(self, trans):
        pass

    def tpc_finish(self, trans):
        self._finish()


def give_emails(clinic, patients):
    "Give the first patients of clinic an e-mail and their consent (WRITTEN)"
    pool = Pool()
    Party = pool.get('party.party')
    ContactMechanism = pool.get('party.contact_mechanism')
    Date = pool.get('ir.date')
    today = Date.today()
    ContactMechanism.create([{
                'party': p.id, 'type': 'email',
                'value': '%s.%s@example.com' % (
                    clinic.history_prefix.lower(), p.id),
                } for p in patients[:len(WRITTEN)]])
    for patient, consent in zip(patients, WRITTEN):
        if consent:
            Party.write([patient], {
                    'consent_communications': True,
                    'consent_communications_date': today,
                    })


def create_campaign(central, clinics, patients):
    """The central's campaign to the patients of the clinics (with the
    CRM), sent, opened twice and clicked once, and the request that
    followed; patients is {clinic id: its patients}"""
    pool = Pool()
    Segment = pool.get('clinic.crm.segment')
    Campaign = pool.get('marketing.automation.scenario')
    for clinic in clinics:
        give_emails(clinic, patients[clinic.id])
    with Transaction().set_context(company=central.id):
        segment, = Segment.create([{
                    'name': "Pacientes de las clínicas con CRM",
                    'company': central.id, 'contacts': 'patients',
                    }])
        campaign, = Campaign.create([{
                    'name': "Revisión anual", 'company': central.id,
                    'segment': segment.id,
                    'activities': [('create', [{
                                    'name': "Recordatorio de la revisión",
                                    'action': 'send_email',
                                    'email_title': SUBJECT,
                                    'email_template': TEMPLATE,
                                    }])],
                    }])
        Campaign.run([campaign])
        send(campaign)
        clicked = track(campaign)
    if clicked:
        ask_for_check_up(clicked)
    return campaign


def send(campaign):
    """Make the campaign's recipients and send their e-mails, as Tryton's
    crons and the queue's worker do"""
    pool = Pool()
    Campaign = pool.get('marketing.automation.scenario')
    RecordActivity = pool.get('marketing.automation.record.activity')
    Email = pool.get('ir.email')
    Transaction().join(NoMailServer())
    Campaign.trigger([campaign])
    RecordActivity.process()
    run_tasks()
    created_ago(Email, Email.search([
                ('marketing_automation_record.scenario', '=', campaign.id),
                ]), SENT_AGO)


def track(campaign):
    """Open the e-mails of the first two recipients written to, and click
    the first's link, through their shortened links; return whom clicked"""
    pool = Pool()
    ShortenedURL = pool.get('web.shortened_url')
    RecordActivity = pool.get('marketing.automation.record.activity')
    sent = [a for a in RecordActivity.search([
                ('record.scenario', '=', campaign.id),
                ('state', '=', 'done'),
                ], order=[('id', 'ASC')])][:2]
    for activity, events in zip(sent, [
                ['on_email_opened', 'on_email_clicked'],
                ['on_email_opened']]):
        for event in events:
            url, = ShortenedURL.search([
                    ('record', '=', str(activity)),
                    ('method', '=', '%s|%s' % (
                            RecordActivity.__name__, event)),
                    ], limit=1)
            url.access()
    run_tasks()
    return sent[0].record.record if sent else None


def ask_for_check_up(party):
    "The patient who clicked asks their clinic for a check-up"
    pool = Pool()
    Number = pool.get('clinic.patient.number')
    Request = pool.get('sale.opportunity')
    Date = pool.get('ir.date')
    clinic = Number.search([('party', '=', party.id)], limit=1)[0].company
    with Transaction().set_context(company=clinic.id):
        Request.create([{
                    'party': party.id, 'company': clinic.id,
                    'currency': clinic.currency.id,
                    'start_date': Date.today(),
                    'description': "Revisión anual (campaña)",
                    }])


def run_tasks():
    """Run the tasks the transaction queued, as the queue's worker would
    (the demo is built without one)"""
    Queue = Pool().get('ir.queue')
    transaction = Transaction()
    while transaction.tasks:
        Queue(transaction.tasks.pop(0)).run()


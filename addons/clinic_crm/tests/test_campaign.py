# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The segmenter's filters and a campaign's results (a mixin of the CRM's
ModuleTestCase: its clinics and leads, one activation)"""
import datetime as dt

from dateutil.relativedelta import relativedelta

from trytond.pool import Pool
from trytond.transaction import Transaction

from clinic_agenda.tests.smtp import smtp_server
from clinic_agenda.tests.tools import (
    create_practitioner, create_room, create_service)
from clinic_base.tests.tools import (
    acting_as, create_user, share, with_transaction)

from ..exceptions import SegmentError

EVERY_DAY = [(str(d), '00:00', '23:59') for d in range(7)]


def with_email(name, clinic, **values):
    "Return a patient of clinic with an e-mail and the values"
    pool = Pool()
    Party = pool.get('party.party')
    party, = Party.create([{
                'name': name, 'company': clinic.id,
                'contact_mechanisms': [('create', [{
                                'type': 'email',
                                'value': name.split()[0].lower()
                                + '@example.com'}])],
                'history_numbers': [('create', [{'company': clinic.id}])],
                **values,
                }])
    return party


class CampaignTests:
    "The contact segmenter and the campaigns' results"

    def visit(self, patient, service, day):
        "Return the patient's visit of day (a date), done"
        pool = Pool()
        Appointment = pool.get('clinic.appointment')
        practitioner = self.practitioner
        start = dt.datetime.combine(day, dt.time(10))
        with Transaction().set_context(
                company=self.madrid.id, _skip_warnings=True):
            visit, = Appointment.create([{
                        'party': patient.id, 'company': self.madrid.id,
                        'practitioner': practitioner.id,
                        'room': self.room.id, 'service': service.id,
                        'start': start,
                        'end': start + dt.timedelta(minutes=30),
                        }])
            for step in [Appointment.confirm, Appointment.arrive,
                    Appointment.start_visit, Appointment.finish_visit]:
                step([visit])
        return visit

    def budget(self, patient, service):
        "Give the patient a budget of the service, sent"
        Sale = Pool().get('sale.sale')
        with Transaction().set_context(company=self.madrid.id):
            sale, = Sale.create([{
                        'party': patient.id, 'company': self.madrid.id,
                        'currency': self.madrid.currency.id,
                        'lines': [('create', [{
                                        'product': service.id,
                                        'quantity': 1,
                                        'unit': service.default_uom.id,
                                        'unit_price': 60,
                                        }])],
                        }])
            Sale.write([sale], {'state': 'quotation'})

    def setup_campaigns(self):
        """Madrid (with the CRM, sharing its patients and leads with the
        central), a practitioner and a chair there, a whitening and a
        cleaning, and the central's CRM manager"""
        Template = Pool().get('product.template')
        self.setup_clinics()
        share(self.madrid, 'contacts', central=True)
        share(self.madrid, 'leads', central=True)
        self.practitioner = create_practitioner(
            "Dra. Ana Torres", self.madrid, hours=EVERY_DAY)
        self.room = create_room("Gabinete 1", self.madrid)
        self.whitening = create_service("Blanqueamiento", 30)
        self.cleaning = create_service("Limpieza", 30)
        Template.write([self.whitening.template, self.cleaning.template], {
                'salable': True,
                'sale_uom': self.whitening.default_uom.id,
                })
        self.crm_manager = create_user('crm.manager',
            [self.central, self.madrid], self.central, ['group_crm_manager'])

    def segment(self, **values):
        "Return the names of the contacts of the central's segment of values"
        pool = Pool()
        Segment = pool.get('clinic.crm.segment')
        Party = pool.get('party.party')
        with acting_as(self.crm_manager):
            segment, = Segment.create([{
                        'name': "Segmento", 'company': self.central.id,
                        **values}])
            return sorted(p.name for p in Party.search(
                    [('campaign_segment', '=', segment.id)]))

    @with_transaction()
    def test_segment_by_treatment_and_last_visit(self):
        """The segmenter finds the patients who had a treatment done, or
        budgeted, and those whose last visit falls within its days"""
        self.setup_campaigns()
        today = dt.date.today()
        ana = with_email("Ana Ruiz", self.madrid)
        luis = with_email("Luis Gil", self.madrid)
        eva = with_email("Eva Sanz", self.madrid)
        self.visit(ana, self.whitening, today - relativedelta(months=2))
        self.budget(luis, self.whitening)
        self.visit(eva, self.cleaning, today - relativedelta(years=2))
        self.lead("Rosa Prieto", self.madrid)
        treated = {'treatment': self.whitening.id}
        self.assertEqual(
            self.segment(treatment_state='done', **treated), ["Ana Ruiz"])
        self.assertEqual(
            self.segment(treatment_state='budgeted', **treated),
            ["Luis Gil"])
        self.assertEqual(
            self.segment(treatment_state='either', **treated),
            ["Ana Ruiz", "Luis Gil"])
        self.assertEqual(self.segment(
                last_visit_from=today - relativedelta(years=1)),
            ["Ana Ruiz"])
        self.assertEqual(self.segment(
                last_visit_to=today - relativedelta(years=1)), ["Eva Sanz"])
        self.assertEqual(self.segment(contacts='leads'), ["Rosa Prieto"])
        self.assertEqual(self.segment(contacts='patients'),
            ["Ana Ruiz", "Eva Sanz", "Luis Gil"])

    @with_transaction()
    def test_segment_by_age_sex_and_referral(self):
        "The segmenter filters by age, sex and how they know us"
        Value = Pool().get('clinic.picklist.value')
        self.setup_campaigns()
        instagram, = Value.create([
                {'picklist': 'referral', 'name': "Instagram"}])
        today = dt.date.today()
        with_email("Ana Ruiz", self.madrid, sex='female',
            birth_date=today - relativedelta(years=30),
            referral=instagram.id)
        with_email("Luis Gil", self.madrid, sex='male',
            birth_date=today - relativedelta(years=50, days=-1))
        with_email("Eva Sanz", self.madrid, sex='female',
            birth_date=today - relativedelta(years=51))
        self.assertEqual(self.segment(age_from=30, age_to=50),
            ["Ana Ruiz", "Luis Gil"])
        self.assertEqual(self.segment(sex='female'), ["Ana Ruiz", "Eva Sanz"])
        self.assertEqual(self.segment(referral=instagram.id), ["Ana Ruiz"])

    @with_transaction()
    def test_segment_only_of_clinics_that_open_their_contacts(self):
        """The central's segment finds nothing of a clinic that keeps its
        patients; naming such a clinic is refused with a message"""
        self.setup_campaigns()
        with_email("Ana Ruiz", self.madrid)
        share(self.madrid, 'contacts')
        share(self.madrid, 'leads')
        self.assertEqual(self.segment(), [])
        with self.assertRaisesRegex(
                SegmentError, 'contacts of Franchise Madrid'):
            self.segment(clinics=[('add', [self.madrid.id])])

    def test_results_of_a_campaign(self):
        """The campaign excludes a patient without consent, and writes
        nothing to one who withdrew hers once a recipient; the e-mail goes
        to the one who consented, and her request and her appointment
        after it are the campaign's (a cancelled one is not), within 30
        days of the e-mail"""
        # (Tryton's e-mail pointed at a local SMTP server: it connects as
        # the test's transaction ends, and delivers nothing, rolled back)
        with smtp_server():
            self.results_of_a_campaign()

    @with_transaction()
    def results_of_a_campaign(self):
        "The campaign of test_results_of_a_campaign"
        pool = Pool()
        Segment = pool.get('clinic.crm.segment')
        Campaign = pool.get('marketing.automation.scenario')
        RecordActivity = pool.get('marketing.automation.record.activity')
        Appointment = pool.get('clinic.appointment')
        self.setup_campaigns()
        ana = with_email("Ana Ruiz", self.madrid,
            consent_communications=True,
            consent_communications_date=dt.date.today())
        with_email("Luis Gil", self.madrid)
        with_email("Eva Sanz", self.madrid,
            consent_communications=True,
            consent_communications_date=dt.date.today())
        ana.lead_company = self.madrid
        ana.save()
        segment, = Segment.create([{
                    'name': "Todos", 'company': self.central.id}])
        campaign, = Campaign.create([{
                    'name': "Revisión", 'company': self.central.id,
                    'segment': segment.id,
                    'activities': [('create', [{
                                    'name': "E-mail",
                                    'action': 'send_email',
                                    'email_title': "Hola",
                                    'email_template': (
                                        '<html><body>${record.name}'
                                        '</body></html>'),
                                    }])],
                    }])
        with Transaction().set_context(_skip_warnings=True):
            Campaign.run([campaign])
        with Transaction().set_user(0):  # as Tryton's cron
            Campaign.trigger([campaign])
        # Eva withdraws her consent before the e-mails go
        Party = pool.get('party.party')
        eva, = Party.search([('name', '=', "Eva Sanz")])
        eva.consent_communications = False
        eva.save()
        with Transaction().set_user(0):  # as the queue's worker
            RecordActivity.do(RecordActivity.search([
                        ('state', '=', 'waiting'),
                        ('record.blocked', '=', False)]))
        self.request(ana, dt.date.today())
        tomorrow = dt.date.today() + dt.timedelta(days=1)
        kept = self.visit_booked(ana, tomorrow)
        cancelled = self.visit_booked(ana, tomorrow + dt.timedelta(days=1))
        Appointment.cancel([cancelled])
        self.assertEqual(kept.state, 'booked')
        campaign = Campaign(campaign.id)
        self.assertEqual(
            (campaign.sent, campaign.excluded, campaign.requests,
                campaign.appointments), (1, 1, 1, 1))
        self.assertEqual(sorted(
                (r.record.name, r.email_sent, bool(r.excluded))
                for r in campaign.recipients), [
                ("Ana Ruiz", True, False),
                ("Eva Sanz", False, False),
                ("Luis Gil", False, True),
                ])
        self.email_sent_ago(dt.timedelta(days=31))
        campaign = Campaign(campaign.id)
        self.assertEqual((campaign.requests, campaign.appointments), (0, 0))

    def email_sent_ago(self, delay):
        "Date the campaigns' e-mails delay ago"
        Email = Pool().get('ir.email')
        email = Email.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*email.update([email.create_date],
                [dt.datetime.now() - delay]))

    def visit_booked(self, patient, day):
        "Return the patient's appointment booked for day"
        Appointment = Pool().get('clinic.appointment')
        start = dt.datetime.combine(day, dt.time(11))
        with Transaction().set_context(company=self.madrid.id):
            appointment, = Appointment.create([{
                        'party': patient.id, 'company': self.madrid.id,
                        'practitioner': self.practitioner.id,
                        'service': self.cleaning.id, 'start': start,
                        'end': start + dt.timedelta(minutes=30),
                        }])
        return appointment

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The CRM's leads and requests: switched on per clinic, a lead reachable,
each lead's latest request, the CRM's menus only where it is on"""
import datetime as dt
from zoneinfo import ZoneInfo

from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase

from clinic_agenda.tests.tools import create_practitioner, utc
from clinic_base.tests.company import ClinicCompanyTestMixin
from clinic_base.tests.tools import (
    ActivatedAsScenarios, acting_as, create_franchise, create_user, share,
    with_transaction)

from .test_campaign import CampaignTests
from ..exceptions import (
    ActivityError, CRMOffError, LeadContactError, QualifyError)


UTC = ZoneInfo('UTC')


def now():
    "The current minute: activities are kept to the minute"
    return dt.datetime.now().replace(second=0, microsecond=0)


class ClinicCRMTestCase(
        CampaignTests, ActivatedAsScenarios, ClinicCompanyTestMixin, ModuleTestCase):
    "Test the CRM's leads and requests"
    module = 'clinic_crm'
    extras = []

    @property
    def _skip_company_rule(self):
        return super()._skip_company_rule | {
            # A lead is a party: who reads it follows the contacts policy
            # on its company and the requests that open it (the leads
            # policy), not the clinic it is a lead of
            ('party.party', 'lead_company'),
            ('party.party', 'preferred_clinic'),
            # The incidents mailbox's rule is the administrator's setting:
            # the clinic it names is where its e-mails go
            ('inbound.email.rule', 'incident_company'),
            }

    def setup_clinics(self):
        """Madrid with the CRM on, Barcelona without it, and a receptionist
        in each"""
        _, self.central, (self.madrid, self.barcelona) = create_franchise()
        self.madrid.crm = True
        self.madrid.save()
        self.mad_desk = create_user('mad.reception', [self.madrid],
            self.madrid, ['group_receptionist'])
        self.bcn_desk = create_user('bcn.reception', [self.barcelona],
            self.barcelona, ['group_receptionist'])

    def lead(self, name, clinic, mechanisms=(('mobile', '+34612345678'),)):
        "Return a new lead of clinic, reached by mechanisms"
        Party = Pool().get('party.party')
        lead, = Party.create([{
                    'name': name, 'company': clinic.id,
                    'lead_company': clinic.id,
                    'contact_mechanisms': [('create', [
                                {'type': t, 'value': v}
                                for t, v in mechanisms])],
                    }])
        return lead

    def request(self, lead, day, **values):
        "Return a request of lead on day (a date)"
        Request = Pool().get('sale.opportunity')
        request, = Request.create([{
                    'party': lead.id, 'company': lead.lead_company.id,
                    'currency': lead.lead_company.currency.id,
                    'start_date': day, **values,
                    }])
        return request

    @with_transaction()
    def test_lead_in_a_clinic_without_crm_refused(self):
        """Barcelona, without the CRM, keeps no lead: the message says to
        switch it on (the scenario shows nothing is kept)"""
        self.setup_clinics()
        with self.assertRaisesRegex(CRMOffError, 'Barcelona.*switch it on'):
            self.lead("Ana Ruiz", self.barcelona)

    @with_transaction()
    def test_lead_without_phone_nor_email_refused(self):
        "A lead with neither phone nor e-mail is refused, naming the lead"
        self.setup_clinics()
        with self.assertRaisesRegex(LeadContactError, '"Ana Ruiz" needs'):
            self.lead("Ana Ruiz", self.madrid, [('website', 'ana.es')])
        self.assertTrue(self.lead(
                "Ana Ruiz", self.madrid, [('email', 'ana@ruiz.es')]))

    @with_transaction()
    def test_only_the_latest_request_of_each_lead(self):
        """A lead with two requests shows only the newer one under "Only the
        Latest"; another lead's single request shows too"""
        Request = Pool().get('sale.opportunity')
        self.setup_clinics()
        ana = self.lead("Ana Ruiz", self.madrid)
        luis = self.lead("Luis Gil", self.madrid)
        first = self.request(ana, dt.date(2026, 11, 2))
        second = self.request(ana, dt.date(2026, 12, 1))
        only = self.request(luis, dt.date(2026, 11, 20))
        self.assertEqual(
            set(Request.search([('is_latest', '=', True)])), {second, only})
        self.assertEqual(Request.search([('is_latest', '=', False)]), [first])
        self.assertEqual(
            [r.is_latest for r in [first, second, only]],
            [False, True, True])

    @with_transaction()
    def test_qualify_offers_only_the_patients_the_user_sees(self):
        """A Barcelona patient with the lead's DNI is offered to Madrid's
        desk only once Barcelona shares its patients with the other
        clinics: the wizard names no one the user may not see"""
        pool = Pool()
        Party = pool.get('party.party')
        HistoryNumber = pool.get('clinic.patient.number')
        self.setup_clinics()
        dni = [('create', [{'type': 'es_dni', 'code': '12345678Z'}])]
        eva, = Party.create([{
                    'name': "Eva Sanz", 'company': self.barcelona.id,
                    'identifiers': dni,
                    }])
        HistoryNumber.create([{'party': eva.id, 'company': self.barcelona.id}])
        lead = self.lead("Eva S.", self.madrid, [('email', 'eva@sanz.es')])
        Party.write([lead], {'identifiers': dni})
        with acting_as(self.mad_desk):
            self.assertEqual(Party(lead.id).patients_matching(), [])
        share(self.barcelona, 'contacts', clinics=True)
        with acting_as(self.mad_desk):
            self.assertEqual(Party(lead.id).patients_matching(), [eva])

    @with_transaction()
    def test_qualify_only_a_lead_not_yet_a_patient(self):
        """A party that is no lead, or a lead already a patient of its
        clinic, is not qualified: the message says which"""
        Party = Pool().get('party.party')
        self.setup_clinics()
        person, = Party.create([{'name': "Eva Sanz"}])
        with self.assertRaisesRegex(QualifyError, '"Eva Sanz" is not a lead'):
            person.check_qualifiable()
        ana = self.lead("Ana Ruiz", self.madrid)
        ana.check_qualifiable()
        ana.make_patient()
        ana = Party(ana.id)
        self.assertTrue(ana.qualified)
        with self.assertRaisesRegex(
                QualifyError, '"Ana Ruiz" is already a patient of '
                '"Franchise Madrid"'):
            ana.check_qualifiable()

    @with_transaction()
    def test_request_in_a_clinic_without_crm_refused(self):
        "Barcelona, without the CRM, keeps no request"
        Party = Pool().get('party.party')
        self.setup_clinics()
        person, = Party.create([{'name': "Eva Sanz"}])
        Request = Pool().get('sale.opportunity')
        with self.assertRaises(CRMOffError):
            Request.create([{'party': person.id,
                        'company': self.barcelona.id,
                        'currency': self.barcelona.currency.id,
                        'start_date': dt.date(2026, 12, 1)}])

    @with_transaction()
    def test_crm_menus_only_where_it_is_on(self):
        """Madrid's front desk has the CRM menu; Barcelona's, without the
        CRM, has none; the central's CRM manager, who holds no clinic, has
        it as Madrid has the CRM"""
        pool = Pool()
        Menu = pool.get('ir.ui.menu')
        ModelData = pool.get('ir.model.data')
        crm = ModelData.get_id('clinic_crm', 'menu_crm')
        self.setup_clinics()
        crm_manager = create_user('crm.manager', [self.central],
            self.central, ['group_crm_manager'])
        for user, menus in [(self.mad_desk, [Menu(crm)]),
                (self.bcn_desk, []), (crm_manager, [Menu(crm)])]:
            with acting_as(user):
                self.assertEqual(Menu.search([('id', '=', crm)]), menus)

    @with_transaction()
    def test_leads_follow_the_leads_policy(self):
        """Barcelona's desk reads Madrid's requests, and the lead's name,
        only once Madrid shares its leads with the other clinics; it
        changes none of them"""
        pool = Pool()
        Request = pool.get('sale.opportunity')
        Party = pool.get('party.party')
        self.setup_clinics()
        ana = self.lead("Ana Ruiz", self.madrid)
        request = self.request(ana, dt.date(2026, 12, 1))
        with acting_as(self.bcn_desk):
            self.assertEqual(Request.search([]), [])
            self.assertEqual(Party.search([('name', '=', "Ana Ruiz")]), [])
        share(self.madrid, 'leads', clinics=True)
        with acting_as(self.bcn_desk):
            self.assertEqual(Request.search([]), [request])
            self.assertEqual(
                Party.search([('name', '=', "Ana Ruiz")]), [ana])
            with self.assertRaises(AccessError):
                Request.write([Request(request.id)], {'managed': True})
        self.assertFalse(Request(request.id).managed)


    def activity(self, lead, responsible, **values):
        "Return an activity with lead tomorrow, scheduled for responsible"
        Activity = Pool().get('clinic.crm.activity')
        activity, = Activity.create([{
                    'party': lead.id, 'company': lead.lead_company.id,
                    'responsible': responsible.id, 'type': 'call',
                    'moment': now() + dt.timedelta(days=1),
                    **values,
                    }])
        return activity

    @with_transaction()
    def test_private_activity_for_its_responsible_and_the_crm_manager(self):
        """A private activity is read by its responsible and by the CRM
        manager, not by another agent of the clinic: not listed, not read by
        id, not through the lead"""
        pool = Pool()
        Activity = pool.get('clinic.crm.activity')
        Party = pool.get('party.party')
        self.setup_clinics()
        agent = create_user('mad.agent', [self.madrid], self.madrid,
            ['group_receptionist'])
        manager = create_user('mad.crm', [self.madrid], self.madrid,
            ['group_crm_manager'])
        ana = self.lead("Ana Ruiz", self.madrid)
        private = self.activity(ana, self.mad_desk, private=True,
            subject="Presupuesto personal")
        public = self.activity(ana, self.mad_desk)
        for user, seen in [(self.mad_desk, {private, public}),
                (manager, {private, public}), (agent, {public})]:
            with self.subTest(user=user.login), acting_as(user):
                self.assertEqual(set(Activity.search([])), seen)
                lead, = Party.read([ana.id], ['crm_activities'])
                self.assertEqual(
                    set(lead['crm_activities']), {a.id for a in seen})
        with acting_as(agent), self.assertRaises(AccessError):
            Activity.read([private.id], ['subject'])
        # nor as the lead's next activity, once it is the first scheduled
        Activity.do([public])
        for user, seen in [(manager, private.id), (agent, None)]:
            with self.subTest(user=user.login), acting_as(user):
                # (as the lead's form reads it, with its name)
                lead, = Party.read(
                    [ana.id], ['next_activity', 'next_activity.rec_name'])
                self.assertEqual(lead['next_activity'], seen)

    @with_transaction()
    def test_calendar_shows_what_the_user_reads(self):
        """Madrid's desk's calendar holds its patient's birthday (this year
        and next), her appointment and the desk's call, which is the desk's
        own; not another agent's private call, nor Barcelona's patient
        until Barcelona shares its patients"""
        pool = Pool()
        Appointment = pool.get('clinic.appointment')
        Date = pool.get('ir.date')
        Event = pool.get('clinic.calendar.event')
        Party = pool.get('party.party')
        self.setup_clinics()
        lucia, eva = Party.create([
                {'name': "Lucía García", 'company': clinic.id,
                    'birth_date': dt.date(1990, 3, 15)}
                for clinic in [self.madrid, self.barcelona]])
        Party.write([eva], {'name': "Eva Sanz"})
        dentist = create_practitioner("Dra. Torres", self.madrid,
            hours=[('0', '09:00', '14:00')])
        barcelona_dentist = create_practitioner("Dr. Gil", self.barcelona,
            hours=[('0', '09:00', '14:00')])
        monday = dt.date(2030, 1, 7)
        visit, _ = Appointment.create([{
                    'party': party.id, 'company': clinic.id,
                    'practitioner': practitioner.id,
                    'start': utc(str(monday), '10:00', UTC),
                    'end': utc(str(monday), '10:30', UTC),
                    } for party, clinic, practitioner in [
                    (lucia, self.madrid, dentist),
                    (eva, self.barcelona, barcelona_dentist)]])
        ana = self.lead("Ana Ruiz", self.madrid)
        agent = create_user('mad.agent', [self.madrid], self.madrid,
            ['group_receptionist'])
        call = self.activity(ana, self.mad_desk)
        self.activity(ana, agent, private=True)
        year = Date.today().year

        def calendar(domain=()):
            with acting_as(self.mad_desk):
                return [(e.date, e.kind, e.name, e.origin)
                    for e in Event.search(list(domain))]
        self.assertEqual(calendar(), sorted([
                    (dt.date(year, 3, 15), 'birthday',
                        "Birthday of Lucía García", lucia),
                    (dt.date(year + 1, 3, 15), 'birthday',
                        "Birthday of Lucía García", lucia),
                    (monday, 'appointment',
                        "10:00 Appointment: Lucía García", visit),
                    (call.moment.date(), 'activity',
                        "%s Call with Ana Ruiz" % call.moment.strftime(
                            '%H:%M'), call),
                    ], key=lambda e: e[0]))
        self.assertEqual(calendar([('mine', '=', True)]), [
                (call.moment.date(), 'activity',
                    "%s Call with Ana Ruiz" % call.moment.strftime('%H:%M'),
                    call)])
        share(self.barcelona, 'contacts', clinics=True)
        self.assertIn("10:00 Appointment: Eva Sanz",
            [name for _, _, name, _ in calendar()])

    @with_transaction()
    def test_activity_scheduled_in_the_past_refused(self):
        """An activity scheduled for a moment past is refused with the
        moment; done, it is recorded"""
        Activity = Pool().get('clinic.crm.activity')
        self.setup_clinics()
        ana = self.lead("Ana Ruiz", self.madrid)
        yesterday = now() - dt.timedelta(days=1)
        with self.assertRaisesRegex(ActivityError, 'moment has passed'):
            self.activity(ana, self.mad_desk, moment=yesterday)
        done = self.activity(ana, self.mad_desk, moment=yesterday,
            state='done', result="Pide cita para enero")
        self.assertEqual(done.state, 'done')

    @with_transaction()
    def test_previous_and_next_activity_of_a_lead(self):
        """The lead's form shows the front desk the last activity done and
        the first one scheduled"""
        Activity = Pool().get('clinic.crm.activity')
        Party = Pool().get('party.party')
        self.setup_clinics()
        ana = self.lead("Ana Ruiz", self.madrid)
        later = self.activity(ana, self.mad_desk,
            moment=now() + dt.timedelta(days=7))
        sooner = self.activity(ana, self.mad_desk)

        def previous_and_next():
            with acting_as(self.mad_desk):
                lead, = Party.read(
                    [ana.id], ['previous_activity', 'next_activity'])
            return lead['previous_activity'], lead['next_activity']
        self.assertEqual(previous_and_next(), (None, sooner.id))
        Activity.do([sooner])
        self.assertEqual(previous_and_next(), (sooner.id, later.id))


del ModuleTestCase

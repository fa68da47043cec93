"""In a real browser, each role's day: a franchise administrator enters a
clinic and comes back; the central's accountant exports a clinic's VAT
book; a clinic manager reads the debtors and the commissions; a
receptionist runs the front desk's day; a dentist charts teeth on the
odontogram.

The server, the database and the shared browser steps are in browser.py,
with the language of the walks (Spanish on SQLite, English on PostgreSQL):
the tests name the labels in English and click their translation; a
screenshot's step fails on an English label of ours left on the page.

- central.admin: Clinics > Clinics: "Enter" on Clínica Madrid, then
  Clinics > Back to Central. After each switch the test checks the company
  shown in sao's top bar, the company of sao's session context and, through
  a separate JSON-RPC session, the company stored on the user.
- central.accountant: Clinics > Clinics: "Enter" on Clínica Madrid, then
  Financial > Reporting > VAT Book exports Madrid's book of the quarter,
  and Clinics > Back to Central.
- mad.manager: Billing > Debtors lists the clinic's debtor, Billing >
  Practitioners' Commissions the dentist's commission to settle.
- mad.reception: Agenda > Today's Appointments shows today's appointment,
  "Arrived" moves it from the expected patients to those in the clinic;
  Agenda by Practitioner (week) and Agenda by Room (day) show it.
- mad.doctor: the patient's Dental tab shows the odontogram with a planned
  and a done treatment drawn differently; a click on a tooth's surface
  charts a finding there and the chart redraws with it.
- mad.reception: Agenda > Find a Free Slot for today's service, the first
  slot ticked and booked for another patient.
- mad.reception: Patients > Register Patient with a mobile number written
  as people write it ("612 34 56 78"): the patient's form opens in front,
  a patient's form (the mobile at the top; no banking, stock, sales nor
  supplier).

The front desk's budget, payment and cash-box walks
(browser_billing.BillingWalks) and the CRM's (browser_crm.CRMWalks) run on
the same server: each file one part of the day, one server for all.
"""
import datetime as dt
import re
import unittest

from demo.franchise import PASSWORD

from .browser import (
    CLINIC, CLINIC_TIMEZONE, JSONRPC, RECEPTIONIST, SAO_TIMEOUT, VIEWPORT,
    SaoTestCase)
from .browser_billing import BillingWalks
from .browser_crm import CRMWalks

LOGIN = 'central.admin'
ACCOUNTANT = 'central.accountant'
CLINIC_MANAGER = 'mad.manager'
DENTIST = 'mad.doctor'
# The teeth of the odontogram's test, away from those the demo charts
PLANNED_TOOTH, DONE_TOOTH, CLICKED_TOOTH = 14, 15, 24
# The wall-clock hours of the demo practitioner's morning, and the time
# booked for today within them
MORNING = (dt.time(9), dt.time(14))
TODAY_AT = dt.time(12)
CENTRAL = "Central Clínicas Sonríe"
OTHER_CLINIC = "Clínica Barcelona"
# Labels that read otherwise elsewhere (the label and where it is)
BOOKED = ('Booked', 'selection:clinic.appointment,state')
ARRIVED = ('Arrived', 'selection:clinic.appointment,state')


class BrowserTestCase(BillingWalks, CRMWalks, SaoTestCase):
    """Enter a clinic and go back to the central; run the front desk's day;
    chart teeth on the odontogram, in sao"""

    @classmethod
    def prepare(cls):
        cls.book_today()
        cls.chart_treatments()
        cls.find_planned_treatment()

    @classmethod
    def book_today(cls):
        """The receptionist books the patient of a demo appointment with its
        practitioner and chair today at TODAY_AT, on the clinic's clock.

        The demo books the next working days only, and its practitioner
        works on weekdays: on a weekend day the clinic manager first gives
        them today's morning, so that the appointment is within their
        hours."""
        today = dt.datetime.now(CLINIC_TIMEZONE).date()
        desk = JSONRPC(cls.url, cls.database)
        desk.login(RECEPTIONIST, PASSWORD)
        demo, = desk.model('clinic.appointment', 'search_read',
            [], 0, 1, None,
            ['party', 'party.rec_name', 'practitioner',
                'practitioner.rec_name', 'room', 'room.rec_name', 'service',
                'start', 'end'])
        cls.practitioner_works_today(demo['practitioner'], today)
        start = dt.datetime.combine(today, TODAY_AT, tzinfo=CLINIC_TIMEZONE)
        start = start.astimezone(dt.timezone.utc).replace(tzinfo=None)
        cls.today_patient = demo['party.']['rec_name']
        cls.today_patient_id = demo['party']
        cls.today_practitioner = demo['practitioner.']['rec_name']
        cls.today_room = demo['room.']['rec_name']
        cls.today_appointment, = desk.model('clinic.appointment', 'create',
            [{
                    'party': demo['party'],
                    'company': desk.context['company'],
                    'practitioner': demo['practitioner'],
                    'room': demo['room'],
                    'service': demo['service'],
                    'start': start,
                    'end': start + (demo['end'] - demo['start']),
                    }])
        cls.desk = desk

    @classmethod
    def chart_treatments(cls):
        """The dentist plans fillings on the occlusal surfaces of two teeth
        of today's patient and does one"""
        doctor = JSONRPC(cls.url, cls.database)
        doctor.login(DENTIST, PASSWORD)
        filling, = doctor.model('clinic.dental.finding.kind', 'search',
            [('code', '=', 'filling')], 0, None, None)
        practitioner, = doctor.model('clinic.appointment', 'read',
            [cls.today_appointment], ['practitioner'])
        planned, done = doctor.model('clinic.dental.finding', 'create', [{
                    'patient': cls.today_patient_id,
                    'company': doctor.context['company'],
                    'practitioner': practitioner['practitioner'],
                    'tooth': tooth,
                    'surfaces': ['occlusal'],
                    'kind': filling,
                    'status': 'planned',
                    } for tooth in [PLANNED_TOOTH, DONE_TOOTH]])
        doctor.model('clinic.dental.finding', 'do', [done])
        cls.doctor = doctor

    @classmethod
    def find_planned_treatment(cls):
        "A planned treatment of a service (the demo plans some on 26)"
        planned = cls.doctor.model('clinic.dental.finding', 'search_read', [
                ('status', '=', 'planned'),
                ('service', '!=', None),
                ], 0, 1, [('id', 'ASC')],
            ['patient', 'patient.rec_name', 'tooth', 'service.rec_name'])
        cls.planned = planned[0]

    @classmethod
    def practitioner_works_today(cls, practitioner, today):
        "Give the practitioner today's morning if their week leaves it free"
        manager = JSONRPC(cls.url, cls.database)
        manager.login(CLINIC_MANAGER, PASSWORD)
        weekday = str(today.weekday())
        if not manager.model('clinic.schedule', 'search', [
                    ('employee', '=', practitioner),
                    ('weekday', '=', weekday),
                    ], 0, None, None):
            manager.model('clinic.schedule', 'create', [{
                        'employee': practitioner,
                        'weekday': weekday,
                        'start_time': MORNING[0],
                        'end_time': MORNING[1],
                        }])

    # The server's view, through a JSON-RPC session of its own

    def server_company(self):
        "The name of the current company stored on central.admin"
        preferences = self.rpc.call('model.res.user.get_preferences', False,
            {})  # no company in the context: the stored one is returned
        return preferences.get('company.rec_name')

    def assert_company(self, page, name, what):
        "Assert that the server and sao agree the current company is name"
        company_id = self.company_ids[name]
        # The server first: the button or the wizard has run
        self.wait_until(page, lambda: self.server_company() == name,
            "%s: the current company stored on %s becomes %s" % (
                what, LOGIN, name))
        # Then sao, which reloads its context and menu after the action

        def seen():
            return {
                "sao's top bar": self.top_bar(page),
                "the company id in sao's context": (
                    self.session_company(page)),
                }

        def sao_agrees():
            values = seen()
            return (name in values["sao's top bar"]
                and values["the company id in sao's context"] == company_id)
        if not self.wait_until(page, sao_agrees, what, timeout=SAO_TIMEOUT,
                quiet=True):
            path = self.screenshot(page, 'browser_wrong_company.png')
            self.fail("%s: the server has %s (id %s) as current company "
                "but sao does not show it: %s (screenshot %s)" % (
                    what, name, company_id, seen(), path))
        self.wait_menu_rebuilt(page, what)

    def test_enter_clinic_and_back_to_central(self):
        "central.admin enters Clínica Madrid, then goes back to the central"
        self.rpc = rpc = JSONRPC(self.url, self.database)
        rpc.login(LOGIN, PASSWORD)
        companies = rpc.call('model.company.company.search_read',
            [], 0, None, None, ['rec_name'], {})
        self.company_ids = {c['rec_name']: c['id'] for c in companies}
        self.assertIn(CENTRAL, self.company_ids)
        self.assertIn(CLINIC, self.company_ids)
        self.assertEqual(self.server_company(), CENTRAL)

        self.in_browser(self.run_scenario, 'enter_clinic')

    def run_scenario(self, page):
        self.login(page, LOGIN)
        self.assertIn(CENTRAL, self.top_bar(page))
        self.assertEqual(self.session_company(page), self.company_ids[CENTRAL])
        self.wait_until(page, self.menu_row(page, 'Clinics').is_visible,
            "After login: the menu shows Clinics")
        self.screenshot(page, 'browser_logged_in.png')

        # Clinics > Clinics: the list of the clinics with an Enter button
        self.open_menu(page, 'Clinics', 'Clinics')
        clinic_row = page.locator('#tabcontent tr').filter(
            has=page.get_by_text(CLINIC, exact=True))
        self.wait_until(page, clinic_row.first.is_visible,
            "The list of the clinics shows %s" % CLINIC)
        self.assertIn(self.label('Clinics', 'ir.action,name'),
            self.current_tab_title(page))
        self.screenshot(page, 'browser_clinics.png')
        # One click on the row's Enter enters the clinic, whatever row is
        # selected (sao alone ran it only for the current row: web/custom.js)
        clinic_row = clinic_row.first
        self.mark_menu(page)
        clinic_row.get_by_role(
            'button', name=self.label('Enter', 'ir.model.button')).click()
        self.assert_company(page, CLINIC, "After Enter")
        self.screenshot(page, 'browser_entered_clinic.png')

        # Clinics > Back to Central: a wizard without a form
        self.mark_menu(page)
        self.open_menu(page, 'Clinics', 'Back to Central')
        self.assert_company(page, CENTRAL, "After Back to Central")
        self.screenshot(page, 'browser_back_to_central.png')

    # The franchise administrator's policy

    def test_central_admin_saves_the_sharing_policy(self):
        """central.admin ticks "With the Other Clinics" for Barcelona's leads
        in the sharing policy's list and saves it: the server has it, and
        sao shows no error (its list's checkboxes: web/custom.js)"""
        self.admin = JSONRPC(self.url, self.database)
        self.admin.login(LOGIN, PASSWORD)
        policy = self.leads_policy()
        self.assertFalse(policy['share_clinics'])
        try:
            self.in_browser(self.run_sharing_policy, 'sharing_policy')
        finally:
            # the other walks find the demo's policy
            self.admin.model('clinic.sharing.policy', 'write',
                [policy['id']], {'share_clinics': False})

    def leads_policy(self):
        "Barcelona's policy of its leads, as the server has it"
        policy, = self.admin.model('clinic.sharing.policy', 'search_read', [
                ('company.party.name', '=', OTHER_CLINIC),
                ('category', '=', 'leads'),
                ], 0, None, None, ['share_clinics', 'category:string'])
        return policy

    def run_sharing_policy(self, page):
        policy = self.leads_policy()
        self.login(page, LOGIN)
        self.open_menu(page, 'Companies', 'Franchises', 'Sharing Policy')
        row = self.visible(page, 'tr').filter(
            has=page.get_by_text(OTHER_CLINIC, exact=True)).filter(
            has=page.get_by_text(policy['category:string'], exact=True))
        self.wait_until(page, lambda: row.count() == 1,
            "The policy lists %s's %s" % (
                OTHER_CLINIC, policy['category:string']))
        self.assertEqual(self.cut_headers(page.locator('#tabcontent')), [],
            "The policy's column headers read whole")
        # (the row's third box: the first selects the row, the second is
        # With the Central)
        tick = row.locator('input[type="checkbox"]').nth(2)
        row.locator('td').first.click()
        tick.click()
        self.wait_until(page, tick.is_checked,
            "With the Other Clinics is ticked")
        self.visible(page, 'button#save').click()
        self.wait_until(page, lambda: self.leads_policy()['share_clinics'],
            "After Save: the server has %s's leads shared with the other "
            "clinics" % OTHER_CLINIC)
        self.screenshot(page, 'browser_sharing_policy_saved.png')

    # The central accountant's month

    def test_central_accountant_exports_a_clinics_vat_book(self):
        """central.accountant enters Clínica Madrid, exports its VAT book of
        the quarter and goes back to the central"""
        self.in_browser(self.run_vat_book, 'vat_book')

    def run_vat_book(self, page):
        self.login(page, ACCOUNTANT)
        self.wait_until(page, lambda: CENTRAL in self.top_bar(page),
            "After login: the top bar shows %s" % CENTRAL)
        self.open_menu(page, 'Clinics', 'Clinics')
        clinic_row = page.locator('#tabcontent tr').filter(
            has=page.get_by_text(CLINIC, exact=True)).first
        self.wait_until(page, clinic_row.is_visible,
            "The list of the clinics shows %s" % CLINIC)
        self.mark_menu(page)
        clinic_row.get_by_role(
            'button', name=self.label('Enter', 'ir.model.button')).click()
        self.wait_until(page, lambda: CLINIC in self.top_bar(page),
            "After Enter: the top bar shows %s" % CLINIC)
        self.wait_menu_rebuilt(page, "After Enter")

        self.open_menu(page, 'Financial', 'Reporting', 'VAT Book')
        dialog = page.locator('.modal:visible')
        self.wait_until(page, lambda: self.field(page,
                ('Company', 'field:clinic.vat_book.start'),
                within=dialog).input_value() == CLINIC,
            "The VAT book is %s's" % CLINIC)
        self.screenshot(page, 'browser_vat_book.png')
        self.click_button(page, ('Export', 'clinic.vat_book'), within=dialog)
        rows = self.field(page, ('Rows', 'field:clinic.vat_book.result'),
            within=dialog)
        # (sao draws the field, then fills it)
        self.wait_until(page, lambda: re.match(r'^\d+$', rows.input_value()),
            "The VAT book's rows are counted")
        self.assertIsNone(self.dialog_text(page))
        self.screenshot(page, 'browser_vat_book_exported.png')
        self.click_button(page, ('Close', 'clinic.vat_book'), within=dialog)

        self.mark_menu(page)
        self.open_menu(page, 'Clinics', 'Back to Central')
        self.wait_until(page, lambda: CENTRAL in self.top_bar(page),
            "After Back to Central: the top bar shows %s" % CENTRAL)

    # The clinic manager's month

    def test_clinic_manager_reads_debtors_and_commissions(self):
        """mad.manager reads the clinic's debtors and the commissions its
        dentist earned, to settle"""
        self.in_browser(self.run_manager, 'manager')

    def run_manager(self, page):
        manager = JSONRPC(self.url, self.database)
        manager.login(CLINIC_MANAGER, PASSWORD)
        debtor, *_ = manager.model('clinic.debtor', 'search_read', [],
            0, None, None, ['party.rec_name'])
        commission, *_ = manager.model('commission', 'search_read', [
                ('agent.employee', '!=', None),
                ('invoice_line', '=', None),
                ], 0, None, None, ['agent.rec_name'])
        self.login(page, CLINIC_MANAGER)
        self.open_menu(page, 'Billing', 'Debtors')
        self.wait_until(page, self.list_row(
                page, debtor['party.']['rec_name']).is_visible,
            "Debtors lists %s" % debtor['party.']['rec_name'])
        self.screenshot(page, 'browser_manager_debtors.png')
        self.open_menu(page, 'Billing', "Practitioners' Commissions")
        self.wait_until(page, self.list_row(
                page, commission['agent.']['rec_name']).is_visible,
            "The commissions to settle list %s's"
            % commission['agent.']['rec_name'])
        self.screenshot(page, 'browser_manager_commissions.png')

    # The front desk's day

    def test_front_desk_day(self):
        """mad.reception marks today's patient arrived and finds the
        appointment in its practitioner's week and its chair's day"""
        self.in_browser(self.run_front_desk, 'front_desk')

    def appointment_state(self):
        "The state of today's appointment, as the server has it"
        appointment, = self.desk.model('clinic.appointment', 'read',
            [self.today_appointment], ['state'])
        return appointment['state']

    def row_state(self, row):
        "The state a row of appointments reads"
        return row.locator('div.column-selection').first.inner_text().strip()

    def check_calendar(self, page, view, text, what):
        """Wait for the calendar's view ('agendaWeek'...) to show an event
        that reads text, and return it"""
        event = self.visible(page, '.fc-%s-view .fc-event' % view).filter(
            has_text=text).first
        self.wait_until(page, event.is_visible,
            "%s shows the appointment of %s" % (what, text))
        return event

    def run_front_desk(self, page):
        patient = self.today_patient
        self.assertEqual(self.appointment_state(), 'booked')
        self.login(page, RECEPTIONIST)
        self.assertIn(CLINIC, self.top_bar(page))

        # Agenda > Today's Appointments: the patients expected today
        self.open_menu(page, 'Agenda', "Today's Appointments")
        row = self.list_row(page, patient)
        self.wait_until(page, row.is_visible,
            "Today's Appointments lists %s among the expected" % patient)
        self.scroll_to(page, row.get_by_text(patient, exact=True), patient)
        self.screenshot(page, 'browser_front_desk_expected.png')
        self.assertEqual(self.row_state(row), self.label(*BOOKED))
        expected = self.tab_count(page, 'Expected')
        arrived = row.get_by_role(
            'button', name=self.label('Arrived', 'ir.model.button'))
        box = arrived.bounding_box()
        self.assertLessEqual(box['x'] + box['width'], VIEWPORT['width'],
            "Arrived is on the desk's screen without scrolling")
        arrived.click()
        self.wait_until(page, lambda: self.appointment_state() == 'arrived',
            "After Arrived: the appointment of %s is arrived" % patient)
        # The list searches again: the patient leaves the expected ones,
        # and the tabs' counts follow
        self.wait_until(page, lambda: not self.list_row(page, patient).count(),
            "After Arrived: %s is no longer among the expected" % patient)
        self.wait_until(
            page, lambda: self.tab_count(page, 'Expected') == expected - 1,
            "After Arrived: the count of the expected goes down to %d"
            % (expected - 1))
        self.open_tab_domain(page, 'In the Clinic')
        row = self.list_row(page, patient)
        self.wait_until(page, row.is_visible,
            "%s is among the patients in the clinic" % patient)
        self.assertEqual(self.row_state(row), self.label(*ARRIVED))
        self.scroll_to(page, row.get_by_text(patient, exact=True), patient)
        self.screenshot(page, 'browser_front_desk_arrived.png')
        self.open_tab_domain(page, 'Expected')
        self.wait_until(page, lambda: not self.list_row(page, patient).count(),
            "%s is no longer among the expected patients" % patient)

        # Agenda > Agenda by Practitioner: the week of every practitioner,
        # then of the appointment's
        self.open_menu(page, 'Agenda', 'Agenda by Practitioner')
        self.check_calendar(page, 'agendaWeek', patient,
            "The practitioners' week")
        self.choose(page, ('Practitioner', 'clinic.agenda'),
            self.today_practitioner)
        event = self.check_calendar(page, 'agendaWeek', patient,
            "The week of %s" % self.today_practitioner)
        self.scroll_to(page, event, "The appointment in the week")
        self.screenshot(page, 'browser_agenda_practitioner_week.png')

        # Agenda > Agenda by Room: the day of every room, then of the chair
        self.open_menu(page, 'Agenda', 'Agenda by Room')
        self.check_calendar(page, 'agendaDay', patient, "The rooms' day")
        self.choose(page, 'Room', self.today_room)
        event = self.check_calendar(page, 'agendaDay', patient,
            "The day of %s" % self.today_room)
        self.scroll_to(page, event, "The appointment in the day")
        self.screenshot(page, 'browser_agenda_room_day.png')

    # The front desk's registration

    def test_book_a_free_slot(self):
        """mad.reception finds the free slots of today's service, ticks
        the first and books it for a patient: the appointment is booked,
        and sao logs no error on the way"""
        self.in_browser(self.run_find_slot, 'find_slot')

    def patient_appointments(self, patient):
        return set(self.desk.model('clinic.appointment', 'search', [
                    ('party', '=', patient)], 0, None, None))

    def run_find_slot(self, page):
        service, = self.desk.model('clinic.appointment', 'read',
            [self.today_appointment], ['service.rec_name'])
        # another patient than today's, whose day the front desk walks
        patient, = self.desk.model('clinic.patient.number', 'search_read', [
                ('party', '!=', self.today_patient_id)], 0, 1, None,
            ['party', 'party.rec_name'])
        before = self.patient_appointments(patient['party'])
        self.login(page, RECEPTIONIST)
        self.open_menu(page, 'Agenda', 'Find a Free Slot')
        dialog = page.locator('.modal:visible')
        self.choose(page, ('Service', 'field:clinic.availability.find.start'),
            service['service.']['rec_name'], within=dialog)
        self.choose(page, ('Patient', 'field:clinic.availability.find.start'),
            patient['party.']['rec_name'], within=dialog)
        self.click_button(page, ('Search', 'clinic.availability.find'),
            within=dialog)
        # (a row's first box selects the row, the second is its Book)
        tick = dialog.locator('tbody tr:visible').first.locator(
            'input[type="checkbox"]').nth(1)
        self.wait_until(page, tick.is_visible, "The free slots are listed")
        self.assertEqual(self.cut_headers(dialog), [],
            "The free slots' column headers read whole")
        self.screenshot(page, 'browser_free_slots.png')
        tick.click()
        self.wait_until(page, tick.is_checked, "The first slot is ticked")
        self.click_button(page, ('Book', 'clinic.availability.find'),
            within=dialog)
        self.wait_until(page,
            lambda: self.patient_appointments(patient['party']) - before,
            "After Book: %s has a new appointment"
            % patient['party.']['rec_name'])
        self.assertIsNone(self.dialog_text(page))
        self.screenshot(page, 'browser_slot_booked.png')

    def test_register_a_patient_with_a_mobile(self):
        """mad.reception registers a new patient with a Spanish mobile
        number; the patient's form opens with it"""
        self.in_browser(self.run_register_patient, 'register_patient')

    def run_register_patient(self, page):
        name = "Lucía Martín Gómez"
        self.login(page, RECEPTIONIST)
        self.open_menu(page, 'Patients', 'Register Patient')
        dialog = page.locator('.modal:visible')
        self.fill(page, 'Name', name, within=dialog)
        self.fill(page, 'Mobile', '612 34 56 78', within=dialog)
        self.screenshot(page, 'browser_register_patient.png')
        dialog.locator('.modal-footer .btn-primary').click()
        self.wait_until(page,
            lambda: self.field(page, 'Name').input_value() == name,
            "The form of the new patient %s opens" % name)
        # the phones at the top; a patient's form, not a customer's or a
        # supplier's
        mobile = self.field(page, ('Mobile', 'field:party.party,mobile'))
        self.wait_until(page, lambda: '612345678' in re.sub(
                r'\D', '', mobile.input_value()),
            "The patient's mobile at the top of the form")
        # what the patient owes beside them: nothing yet
        balance = self.field(page, ('Balance Due', 'view:party.party'))
        self.wait_until(page, lambda: balance.input_value() == self.number(0),
            "The patient's balance at the top of the form, %s"
            % self.number(0))
        tabs = [' '.join(t.split()) for t in page.locator(
                '#tabcontent .nav-tabs > li:visible > a').all_inner_texts()]
        self.assertIn(self.label('Patient', 'view:party.party'), tabs)
        for page_name in ['Banking', 'Stock', 'Sale', 'Commissions']:
            self.assertNotIn(
                self.label(page_name, 'view:party.party'), tabs)
        supplier = self.labelled(page.locator('#tabcontent'),
            ('Supplier', 'field:party.party,supplier'))
        self.assertFalse([e for e in supplier.all() if e.is_visible()])
        patient, = self.desk.model('party.party', 'search_read',
            [('name', '=', name)], 0, None, None,
            ['contact_mechanisms.type', 'contact_mechanisms.value_compact'])
        self.assertEqual(
            [(m['type'], m['value_compact'])
                for m in patient['contact_mechanisms.']],
            [('mobile', '+34612345678')])

    def test_chart_teeth_on_the_odontogram(self):
        """mad.doctor sees the planned and the done treatment drawn
        differently and charts caries with a click on a tooth's surface"""
        self.in_browser(self.run_odontogram, 'odontogram')

    def charted(self, tooth):
        """The surfaces, status and kind of the findings on the tooth of
        today's patient, as the server has them"""
        findings = self.doctor.model('clinic.dental.finding', 'search_read',
            [
                ('patient', '=', self.today_patient_id),
                ('tooth', '=', tooth),
                ], 0, None, None, ['surfaces', 'status', 'kind.code'])
        return [(f['surfaces'], f['status'], f['kind.']['code'])
            for f in findings]

    def mark(self, chart, tooth, status):
        "The marks of the status on the occlusal surface of the tooth"
        return chart.locator(
            'g#tooth-%s [data-status="%s"][data-surface="occlusal"]'
            % (tooth, status))

    def open_patient(self, page, patient):
        "Open the patient's form from Patients > Patients"
        self.open_menu(page, 'Patients', 'Patients')
        row = self.list_row(page, patient)
        self.wait_until(page, row.is_visible, "Patients lists %s" % patient)
        row.get_by_text(patient, exact=True).dblclick()
        tab = self.visible(page, '.nav-tabs a').filter(
            has_text=self.label('Dental', 'view:party.party'))
        self.wait_until(page, tab.is_visible, "The patient's Dental tab")
        tab.click()

    def run_odontogram(self, page):
        self.login(page, DENTIST)
        self.open_patient(page, self.today_patient)
        chart = self.visible(page, 'svg.odontogram')
        self.wait_until(page, chart.is_visible,
            "The Dental tab shows the odontogram, clickable")
        planned = self.mark(chart, PLANNED_TOOTH, 'planned')
        done = self.mark(chart, DONE_TOOTH, 'done')
        self.wait_until(page, lambda: planned.count() and done.count(),
            "The chart shows the filling planned on %s and done on %s"
            % (PLANNED_TOOTH, DONE_TOOTH))
        fill = 'e => getComputedStyle(e).fill'
        self.assertIn('url(', planned.first.evaluate(fill),
            "A planned treatment is hatched")
        self.assertNotIn('url(', done.first.evaluate(fill),
            "A done treatment is filled with a colour")
        # drawn as wide as the form's panel, not at a size of its own
        share = chart.evaluate('e => e.getBoundingClientRect().width'
            ' / e.closest(".tab-pane").getBoundingClientRect().width')
        self.assertGreater(share, 0.9, "The odontogram fills its panel")
        self.scroll_to(page, chart, "The odontogram")
        self.screenshot(page, 'browser_odontogram.png')

        # A click on the occlusal surface of a tooth charts a finding there
        self.assertEqual(self.charted(CLICKED_TOOTH), [])
        chart.locator('g#tooth-%s polygon.surface[data-surface="occlusal"]'
            % CLICKED_TOOTH).click()
        dialog = page.locator('.modal:visible')
        tooth = self.labelled(
            dialog, ('Tooth', 'field:clinic.dental.finding,tooth'))
        self.wait_until(page, lambda: tooth.count() and (
                tooth.input_value() == str(CLICKED_TOOTH)),
            "The new finding's form has tooth %s" % CLICKED_TOOTH)
        # (its defaults arrive one by one: the patient's name last)
        patient = self.labelled(
            dialog, ('Patient', 'field:clinic.dental.finding,patient'))
        self.wait_until(page, lambda: patient.count() and (
                patient.first.input_value() == self.today_patient),
            "The new finding's form is for %s" % self.today_patient)
        self.choose(page, ('Kind', 'field:clinic.dental.finding,kind'),
            'Caries', within=dialog)
        # the surfaces of the tooth only: a premolar has no incisal edge
        # and, upper, a palatal side instead of a lingual one
        surfaces = self.labelled(
            dialog, ('Surfaces', 'field:clinic.dental.finding,surfaces'))
        offered = [self.label(name, 'text:msg_surface_' + name.lower())
            for name in [
                'Mesial', 'Distal', 'Occlusal', 'Vestibular', 'Palatal']]
        self.wait_until(page, lambda: surfaces.locator(
                'option').all_inner_texts() == offered,
            "Surfaces offers those of tooth %s: %s" % (
                CLICKED_TOOTH, ', '.join(offered)))
        self.screenshot(page, 'browser_odontogram_new_finding.png')
        dialog.locator('.modal-footer .btn-primary').click()
        self.wait_until(page, lambda: self.charted(CLICKED_TOOTH) == [
                (['occlusal'], 'existing', 'caries')],
            "The server has caries on the occlusal surface of %s"
            % CLICKED_TOOTH)
        caries = self.mark(chart, CLICKED_TOOTH, 'existing')
        self.wait_until(page, caries.count,
            "The chart is redrawn with the caries on %s" % CLICKED_TOOTH)
        self.screenshot(page, 'browser_odontogram_charted.png')

if __name__ == '__main__':
    unittest.main()

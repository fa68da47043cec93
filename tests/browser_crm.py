"""In a real browser, the CRM's walks, run by test_browser's BrowserTestCase
on its demo server (a mixin: one server for every role's walks).

- mad.reception: the bell on the user's menu counts the call due today that
  the demo gives the front desk; a click on the user's menu lists it, a
  click on it opens the call, and once the call is marked done the bell is
  empty (live through the bus on PostgreSQL; at the next login on SQLite,
  which has no bus).
- mad.reception: Calendar shows the month with today's events of the desk
  (its call), then, on "The Clinic's", those of the whole clinic (today's
  appointment too), each as the server names it.
"""
import datetime as dt

from demo.franchise import PASSWORD

from .browser import CLINIC_TIMEZONE, JSONRPC, RECEPTIONIST

DONE = ('Done', 'activity_do_button')
CRM_MANAGER = 'crm.manager'
# A campaign's results on its form: field, label
RESULTS = [
    ('sent', "E-Mails Sent"),
    ('opened', "Opened"),
    ('clicked', "Clicked"),
    ('excluded', "Excluded Without Consent"),
    ('requests', "Requests"),
    ]
# The bell's count (web/custom.css)
RED = 'rgb(211, 47, 47)'


class CRMWalks:
    "The CRM's walks, for a SaoTestCase"

    def test_bell_of_pending_activities(self):
        """mad.reception's bell counts the call due today; one click lists
        it, another opens it, and once it is done the bell is empty"""
        self.in_browser(self.run_bell, 'bell')

    def badge(self, page):
        "The count the bell shows on the user's menu ('' when hidden)"
        badge = page.locator('#user-preferences .notification-badge')
        return badge.inner_text().strip() if badge.is_visible() else ''

    def run_bell(self, page):
        desk = JSONRPC(self.url, self.database)
        desk.login(RECEPTIONIST, PASSWORD)
        self.assertEqual(desk.model('res.notification', 'get_count'), 1,
            "The demo gives the front desk one call due today")
        rung, = [n for n in desk.model('res.notification', 'get', 10)
            if n['unread']]
        self.assertEqual(rung['model'], 'clinic.crm.activity')
        self.assertRegex(rung['label'],
            self.labels.message('clinic_crm.msg_bell_activity'),
            "The bell speaks the user's language")
        call, = rung['records']

        def state():
            return desk.model(
                'clinic.crm.activity', 'read', [call], ['state'])[0]['state']
        self.login(page, RECEPTIONIST)
        self.wait_until(page, lambda: self.badge(page) == '1',
            "The bell counts the call due today")
        self.assertEqual(page.locator(
                '#user-preferences .notification-badge').evaluate(
                'e => getComputedStyle(e).backgroundColor'),
            RED, "The bell's count is red (web/custom.css)")
        self.screenshot(page, 'browser_bell_count.png')

        page.locator('#user-preferences > a.dropdown-toggle').click()
        item = page.locator('.notification-menu .notification-item').filter(
            has_text=rung['label'])
        self.wait_until(page, item.is_visible,
            "The bell lists %s" % rung['label'])
        self.screenshot(page, 'browser_bell_list.png')
        item.locator('a').click()
        done = self.visible(page, 'button').filter(
            has_text=self.label(*DONE))
        self.wait_until(page, done.is_visible,
            "The call opens, with its Done button")
        self.screenshot(page, 'browser_bell_call.png')
        done.click()
        self.wait_until(page, lambda: state() == 'done',
            "After Done: the server has the call done")
        self.assertEqual(desk.model('res.notification', 'get_count'), 0)
        if not self.uri.startswith('postgresql'):
            # (sao asks the count at login; the bus tells it on PostgreSQL)
            self.logout(page)
            self.login(page, RECEPTIONIST, again=True)
        self.wait_until(page, lambda: self.badge(page) == '',
            "After Done: the bell is empty")
        self.screenshot(page, 'browser_bell_empty.png')

    def test_calendar_of_the_clinic(self):
        """mad.reception's calendar shows the month with the desk's events
        of today, then all the clinic's"""
        self.in_browser(self.run_calendar, 'calendar')

    def run_calendar(self, page):
        desk = JSONRPC(self.url, self.database)
        desk.login(RECEPTIONIST, PASSWORD)
        today = dt.datetime.now(CLINIC_TIMEZONE).date()

        def events_of_today(*domain):
            return [e['name'] for e in desk.model(
                    'clinic.calendar.event', 'search_read',
                    [('date', '=', today), *domain], 0, None, None, ['name'])]
        mine = events_of_today(('mine', '=', True))
        clinic = events_of_today()
        self.assertTrue(mine, "The desk has its call of today")
        self.assertGreater(len(clinic), len(mine),
            "The clinic has more events today than the desk's")
        self.login(page, RECEPTIONIST)
        self.open_menu(page, 'Calendar')
        for tab, names in [(None, mine), ("The Clinic's", clinic)]:
            if tab:
                self.open_tab_domain(page, tab)
            for name in names:
                event = self.visible(page, '.fc-month-view .fc-event').filter(
                    has_text=name).first
                self.wait_until(page, event.is_visible,
                    "The month shows %s" % name)
            self.screenshot(page, 'browser_calendar_%s.png' % (
                    'clinic' if tab else 'mine'))

    def test_campaign_and_its_results(self):
        """crm.manager opens the central's campaign from CRM > Campaigns:
        its results as the server counts them, and its recipients"""
        self.in_browser(self.run_campaign, 'campaign')

    def run_campaign(self, page):
        manager = JSONRPC(self.url, self.database)
        manager.login(CRM_MANAGER, PASSWORD)
        campaign, = manager.model('marketing.automation.scenario',
            'search_read', [], 0, None, None,
            ['name', 'recipients', *(n for n, _ in RESULTS)])
        self.assertEqual((campaign['sent'], campaign['clicked']), (2, 1),
            "The demo's campaign wrote to two patients, one clicked")
        recipients = [r['rec_name'] for r in manager.model(
                'marketing.automation.record', 'read',
                campaign['recipients'], ['rec_name'])]
        self.login(page, CRM_MANAGER)
        self.open_menu(page, 'CRM', 'Campaigns')
        row = self.list_row(page, campaign['name'])
        self.wait_until(page, row.is_visible,
            "Campaigns lists %s" % campaign['name'])
        row.get_by_text(campaign['name'], exact=True).dblclick()
        for name, label in RESULTS:
            field = (label, 'field:marketing.automation.scenario,%s' % name)
            self.wait_until(page, lambda: self.field(
                    page, field).input_value() == str(campaign[name]),
                "The campaign's %s: %s" % (label, campaign[name]))
        form = page.locator('#tabcontent')
        for recipient in recipients:
            self.wait_until(page,
                form.get_by_text(recipient, exact=True).first.is_visible,
                "The recipient %s" % recipient)
        self.screenshot(page, 'browser_campaign.png')

"""In a real browser: a franchise administrator enters a clinic and comes
back; a receptionist runs the front desk's day.

The tests serve sao from a real trytond process on a database of its own (a
SQLite file in a temporary folder, or a fresh PostgreSQL database on the
server of TRYTOND_DATABASE_URI, dropped at the end) filled with a small demo
franchise and an appointment of today at Clínica Madrid, and drive Debian's
Chromium with Playwright.

- central.admin: Clinics > Clinics > "Enter" on Clínica Madrid, then
  Clinics > Back to Central. After each switch the test checks the company
  shown in sao's top bar, the company of sao's session context and, through
  a separate JSON-RPC session, the company stored on the user.
- mad.reception: Agenda > Today's Appointments shows today's appointment,
  "Arrived" moves it from the expected patients to those in the clinic;
  Agenda by Practitioner (week) and Agenda by Room (day) show it.

Screenshots go to tests/artifacts/ (git-ignored). The test is skipped only
when Playwright or Chromium (CHROMIUM, default /usr/bin/chromium) is missing.
"""
import base64
import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse
import urllib.request
import uuid
from zoneinfo import ZoneInfo

from trytond.protocols.jsonrpc import JSONDecoder, JSONEncoder

from demo.__main__ import ADMIN_PASSWORD, MODULES, ROOT, venv_command
from demo.franchise import PASSWORD

SAO_ROOT = os.path.join(ROOT, '.sao', 'node_modules', 'tryton-sao')
ARTIFACTS = os.path.join(ROOT, 'tests', 'artifacts')
CHROMIUM = os.environ.get('CHROMIUM') or '/usr/bin/chromium'
CHROMIUM_ARGS = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
    '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync']
LOGIN = 'central.admin'
RECEPTIONIST = 'mad.reception'
CLINIC_MANAGER = 'mad.manager'
CLINIC_TIMEZONE = ZoneInfo('Europe/Madrid')
# The wall-clock hours of the demo practitioner's morning, and the time
# booked for today within them
MORNING = (dt.time(9), dt.time(14))
TODAY_AT = dt.time(12)
CENTRAL = "Central Clínicas Sonríe"
CLINIC = "Clínica Madrid"
CLINIC_PREFIX = 'MAD'
DEMO_SIZES = ['--patients', '2', '--invoices', '1', '--budgets', '1']
# Seconds: the longest a browser step may take (sao loads views lazily)
STEP_TIMEOUT = 30
# Seconds: how long sao may take to show a company the server already has
SAO_TIMEOUT = 10
SERVER_TIMEOUT = 60

CONFIG = """\
[database]
uri = {uri}
path = {path}

[web]
listen = 127.0.0.1:{port}
root = {sao}

[session]
authentications = password

[password]
length = 8
{cache}"""
# Across processes, caches are cleared through PostgreSQL's LISTEN/NOTIFY.
# Not on SQLite, whose cache check would commit the open transaction.
PG_CACHE = """
[cache]
clean_timeout = 0
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def tail(path, lines=40):
    try:
        with open(path, errors='replace') as fp:
            return ''.join(fp.readlines()[-lines:])
    except OSError:
        return ''


def run_logged(command, log, **kwargs):
    "Run command with its output in log; raise with the log's tail if it fails"
    with open(log, 'ab') as fp:
        result = subprocess.run(
            command, stdout=fp, stderr=subprocess.STDOUT, **kwargs)
    if result.returncode:
        raise RuntimeError("%s failed (exit %s):\n%s" % (
                ' '.join(command[:4]), result.returncode, tail(log)))


def maintenance_conninfo(uri):
    "The URI of the 'postgres' database on the server of uri"
    parts = urllib.parse.urlsplit(uri)
    return urllib.parse.urlunsplit(parts._replace(path='/postgres'))


class JSONRPC:
    "A JSON-RPC session of its own on the trytond server"

    def __init__(self, url, database):
        self.url = url
        self.database = database
        self.authorization = None

    def call(self, method, *params, path=None):
        data = json.dumps({'id': 0, 'method': method, 'params': params},
            cls=JSONEncoder).encode()
        if path is None:
            path = '/%s/rpc/' % self.database
        request = urllib.request.Request(self.url + path, data=data,
            headers={'Content-Type': 'application/json'})
        if self.authorization:
            request.add_header('Authorization', self.authorization)
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = json.load(response, object_hook=JSONDecoder())
        if answer.get('error'):
            raise RuntimeError("%s: %s" % (method, answer['error']))
        return answer['result']

    def login(self, login, password):
        user_id, token, _ = self.call(
            'common.db.login', login, {'password': password}, 'en')
        session = '%s:%s:%s' % (login, user_id, token)
        self.authorization = 'Session ' + base64.b64encode(
            session.encode()).decode()
        self.context = self.call('model.res.user.get_preferences', True, {})
        return user_id

    def model(self, model, method, *params):
        "Call the method of model with the user's context, as sao does"
        return self.call(
            'model.%s.%s' % (model, method), *params, self.context)


class BrowserTestCase(unittest.TestCase):
    """Enter a clinic and go back to the central; run the front desk's day,
    in sao"""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.check_browser()
        if not os.path.exists(os.path.join(SAO_ROOT, 'dist', 'tryton-sao.js')):
            raise RuntimeError(
                "sao is missing in %s: run `make sao`" % SAO_ROOT)
        # Class cleanups run even when setUpClass fails half-way, unlike
        # tearDownClass: whatever is created below is registered at once.
        cls.tmp = tempfile.mkdtemp(prefix='clinic-browser-')
        cls.addClassCleanup(shutil.rmtree, cls.tmp, ignore_errors=True)
        cls.log = os.path.join(cls.tmp, 'setup.log')
        cls.create_database()
        cls.port = free_port()
        cls.config = os.path.join(cls.tmp, 'trytond.conf')
        with open(cls.config, 'w') as fp:
            fp.write(CONFIG.format(uri=cls.uri, path=cls.tmp, port=cls.port,
                    sao=SAO_ROOT,
                    cache=PG_CACHE if cls.uri.startswith('postgresql')
                    else ''))
        cls.url = 'http://127.0.0.1:%d' % cls.port
        timings = []
        for step in [cls.activate_modules, cls.build_franchise,
                cls.start_server, cls.book_today]:
            start = time.monotonic()
            step()
            timings.append(time.monotonic() - start)
        print("\n  %s: modules %.0fs, demo franchise %.0fs, server %.0fs, "
            "today's appointment %.0fs"
            % (cls.uri.split(':')[0], *timings), file=sys.stderr)
        for name in os.listdir(ARTIFACTS) if os.path.isdir(ARTIFACTS) else []:
            if name.startswith('browser_') and name.endswith('.png'):
                os.remove(os.path.join(ARTIFACTS, name))

    @classmethod
    def check_browser(cls):
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            raise unittest.SkipTest(
                "Playwright is not installed "
                "(.venv/bin/pip install -r requirements-test.txt)")
        if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
            raise unittest.SkipTest(
                "Chromium is missing at %s (apt-get install chromium)"
                % CHROMIUM)

    @classmethod
    def create_database(cls):
        uri = os.environ.get('TRYTOND_DATABASE_URI') or 'sqlite://'
        if uri.startswith('sqlite'):
            cls.uri = 'sqlite://'
            cls.database = 'browser'
            open(os.path.join(cls.tmp, cls.database + '.sqlite'), 'a').close()
        elif uri.startswith('postgresql'):
            import psycopg
            from psycopg.sql import SQL, Identifier
            cls.uri = uri
            cls.database = 'clinic_browser_%s' % uuid.uuid4().hex[:12]
            conninfo = maintenance_conninfo(uri)

            def drop():
                with psycopg.connect(conninfo, autocommit=True) as conn:
                    conn.execute(SQL(
                            "DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                            Identifier(cls.database)))
            with psycopg.connect(conninfo, autocommit=True) as conn:
                conn.execute(SQL(
                        "CREATE DATABASE {} TEMPLATE template0 "
                        "ENCODING 'UTF8'").format(Identifier(cls.database)))
            cls.addClassCleanup(drop)
        else:
            raise RuntimeError("Unsupported TRYTOND_DATABASE_URI %r" % uri)

    @classmethod
    def activate_modules(cls):
        passfile = os.path.join(cls.tmp, 'admin-password')
        with open(passfile, 'w') as fp:
            fp.write(ADMIN_PASSWORD)
        env = dict(os.environ, TRYTONPASSFILE=passfile)
        run_logged([venv_command('trytond-admin'), '-c', cls.config,
                '-d', cls.database, '--all', '--activate-dependencies',
                '-u', *MODULES, '--email', 'admin@localhost'],
            cls.log, env=env)

    @classmethod
    def build_franchise(cls):
        run_logged([sys.executable, '-m', 'demo', 'build', '-c', cls.config,
                '-d', cls.database, *DEMO_SIZES], cls.log, cwd=ROOT)

    @classmethod
    def start_server(cls):
        cls.server_log = os.path.join(cls.tmp, 'trytond.log')
        with open(cls.server_log, 'ab') as log:
            cls.server = subprocess.Popen(
                [venv_command('trytond'), '-c', cls.config,
                    '-d', cls.database],
                stdout=log, stderr=subprocess.STDOUT, cwd=cls.tmp)
        cls.addClassCleanup(cls.stop_server)
        deadline = time.monotonic() + SERVER_TIMEOUT
        rpc = JSONRPC(cls.url, cls.database)
        while True:
            if cls.server.poll() is not None:
                raise RuntimeError("trytond exited with %s:\n%s" % (
                        cls.server.returncode, tail(cls.server_log)))
            try:
                rpc.call('common.server.version', path='/rpc/')
                break
            except (OSError, ValueError):
                if time.monotonic() > deadline:
                    raise RuntimeError("trytond does not answer on %s:\n%s"
                        % (cls.url, tail(cls.server_log)))
                time.sleep(0.2)

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

    @classmethod
    def stop_server(cls):
        if cls.server.poll() is None:
            cls.server.terminate()
            try:
                cls.server.wait(10)
            except subprocess.TimeoutExpired:
                cls.server.kill()
                cls.server.wait()

    # The server's view, through a JSON-RPC session of its own

    def server_company(self):
        "The name of the current company stored on central.admin"
        preferences = self.rpc.call('model.res.user.get_preferences', False,
            {})  # no company in the context: the stored one is returned
        return preferences.get('company.rec_name')

    # The browser

    def screenshot(self, page, name):
        os.makedirs(ARTIFACTS, exist_ok=True)
        path = os.path.join(ARTIFACTS, name)
        page.screenshot(path=path, full_page=True)
        return path

    def dialog_text(self, page):
        "The text of a visible error or warning dialog of sao, if any"
        dialogs = page.locator(
            '.error-dialog:visible, .warning-dialog:visible, '
            '.user-warning-dialog:visible, .message-dialog:visible')
        if dialogs.count():
            return ' | '.join(
                ' '.join(t.split()) for t in dialogs.all_inner_texts())
        return None

    def wait_until(self, page, check, what, timeout=STEP_TIMEOUT,
            quiet=False):
        """Wait for check() to be true and return its value

        Fail at once if sao shows an error dialog or raised an error; on
        timeout, fail or (if quiet) return None."""
        deadline = time.monotonic() + timeout
        while True:
            if getattr(self, 'page_errors', None):
                path = self.screenshot(page, 'browser_error.png')
                self.fail("%s: sao failed: %s (screenshot %s)" % (
                        what, '; '.join(self.page_errors), path))
            text = self.dialog_text(page)
            if text:
                path = self.screenshot(page, 'browser_error.png')
                self.fail("%s: sao shows a dialog: %r (screenshot %s)" % (
                        what, text, path))
            value = check()
            if value:
                return value
            if time.monotonic() > deadline:
                if quiet:
                    return None
                path = self.screenshot(page, 'browser_timeout.png')
                self.fail("%s: not done after %ss (screenshot %s)" % (
                        what, timeout, path))
            page.wait_for_timeout(200)

    def top_bar(self, page):
        "The text of the user's entry in sao's top bar"
        entry = page.locator('#user-preferences > a.dropdown-toggle')
        return entry.inner_text().strip() if entry.count() else ''

    def session_company(self, page):
        "The company id in the context sao sends with every request"
        return page.evaluate(
            '() => Sao.Session.current_session.context.company')

    def login(self, page, login=LOGIN):
        page.goto(self.url + '/')
        dialog = page.locator('.login-dialog')
        login_input = dialog.locator('input#login')
        login_input.wait_for(state='visible', timeout=STEP_TIMEOUT * 1000)
        # The database list arrives after the dialog is shown
        database = dialog.locator(
            'select#database:visible, input#database:visible')
        database.wait_for(timeout=STEP_TIMEOUT * 1000)
        if database.evaluate('e => e.tagName') == 'SELECT':
            database.select_option(self.database)
        elif database.is_editable():
            database.fill(self.database)
        else:
            self.assertEqual(database.input_value(), self.database)
        login_input.fill(login)
        dialog.locator('button[type=submit]').click()
        password = page.locator('.ask-dialog input[type=password]')
        self.wait_until(page, password.is_visible, "Password dialog")
        password.fill(PASSWORD)
        page.locator('.ask-dialog .modal-footer .btn-primary').click()
        self.wait_until(page, lambda: self.top_bar(page), "Login")

    def menu_row(self, page, name):
        "The row of the top-level menu entry name"
        return page.locator('#menu tbody > tr').filter(
            has=page.locator('div.column-char[title="%s"]' % name)).first

    def open_menu(self, page, parent, name):
        "Expand the top-level menu entry parent and open its child name"
        top = self.menu_row(page, parent)
        self.wait_until(page, top.is_visible, "Menu %s" % parent)
        # The child is the first row named so after its parent
        entry = top.locator(
            'xpath=following-sibling::tr[.//div[contains(@class, '
            '"column-char") and @title="%s"]][1]' % name)
        if not entry.is_visible():
            top.locator('.expander').click()
        self.wait_until(
            page, entry.is_visible, "Menu %s > %s" % (parent, name))
        entry.locator('div.column-char').click()

    def mark_menu(self, page):
        "Mark the menu sao shows now, to see when it is rebuilt"
        page.evaluate("() => jQuery('#menu > *').attr('data-old-menu', '1')")

    def wait_menu_rebuilt(self, page, what):
        "Wait until sao has replaced the marked menu (reload menu)"
        self.wait_until(page, lambda: page.evaluate(
                "() => jQuery('#menu > *').length > 0"
                " && !jQuery('#menu > [data-old-menu]').length"),
            "%s: sao rebuilds the menu" % what)
        self.wait_until(page, self.menu_row(page, 'Clinics').is_visible,
            "%s: the rebuilt menu shows Clinics" % what)

    def current_tab_title(self, page):
        tab = page.locator('#tablist li.active')
        return tab.inner_text().strip() if tab.count() else ''

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

    def in_browser(self, scenario, name):
        """Run scenario(page) in a page of a new Chromium, on the clinics'
        clock; keep a screenshot of the page if it fails"""
        from playwright.sync_api import sync_playwright

        started = time.monotonic()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                page = browser.new_page(
                    viewport={'width': 1280, 'height': 800}, locale='en-US',
                    timezone_id=CLINIC_TIMEZONE.key)
                self.page_errors = []
                page.on('pageerror',
                    lambda error: self.page_errors.append(str(error)))
                try:
                    scenario(page)
                except Exception:
                    self.screenshot(page, 'browser_%s_failure.png' % name)
                    print("\n  trytond's log:\n%s" % tail(self.server_log),
                        file=sys.stderr)
                    raise
            finally:
                browser.close()
        print("\n  browser (%s) %.0fs" % (name, time.monotonic() - started),
            file=sys.stderr)

    def run_scenario(self, page):
        self.login(page)
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
        self.assertIn('Clinics', self.current_tab_title(page))
        self.screenshot(page, 'browser_clinics.png')
        # sao runs a list button only for the current record: a click on
        # the button of another row just selects that row. Select it first.
        clinic_row = clinic_row.first
        if 'selected' not in (clinic_row.get_attribute('class') or ''):
            # its History Prefix cell: a plain text cell
            clinic_row.locator(
                'div.column-char[title="%s"]' % CLINIC_PREFIX).click()
        self.wait_until(page,
            lambda: 'selected' in (clinic_row.get_attribute('class') or ''),
            "The row of %s is selected" % CLINIC)
        self.mark_menu(page)
        clinic_row.get_by_role('button', name='Enter').click()
        self.assert_company(page, CLINIC, "After Enter")
        self.screenshot(page, 'browser_entered_clinic.png')

        # Clinics > Back to Central: a wizard without a form
        self.mark_menu(page)
        self.open_menu(page, 'Clinics', 'Back to Central')
        self.assert_company(page, CENTRAL, "After Back to Central")
        self.screenshot(page, 'browser_back_to_central.png')

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

    def visible(self, page, selector):
        "The visible elements of selector in the current tab"
        return page.locator('#tabcontent %s:visible' % selector)

    def list_row(self, page, text):
        "The row of the list shown that reads text"
        return self.visible(page, 'tr').filter(
            has=page.get_by_text(text, exact=True)).first

    def row_state(self, row):
        "The state a row of appointments reads"
        return row.locator('div.column-selection').first.inner_text().strip()

    def open_tab_domain(self, page, name):
        "Show the records of the list's tab name ('Expected', 'All'...)"
        tab = self.visible(page, '.tab-domain a[role=tab]').filter(
            has_text=name)
        self.wait_until(page, tab.is_visible, "The list's tab %s" % name)
        tab.click()

    def choose(self, page, label, name):
        """Choose the record name in the Many2One field label of the form
        shown (the agenda's context: its practitioner or room)"""
        field = page.get_by_label(label).and_(self.visible(page, 'input'))
        self.wait_until(page, field.is_visible, "The field %s" % label)
        field.fill(name)
        # sao completes what is typed with the records found
        completion = page.locator('.dropdown-menu:visible li').filter(
            has=page.get_by_text(name, exact=True)).first
        self.wait_until(page, completion.is_visible,
            "The field %s offers %s" % (label, name))
        completion.click()
        self.wait_until(page, lambda: field.input_value() == name,
            "The field %s is set to %s" % (label, name))

    def scroll_to(self, page, locator, what):
        "Scroll locator into view, again if sao redraws it meanwhile"
        from playwright.sync_api import Error

        def scrolled():
            try:
                locator.scroll_into_view_if_needed(timeout=2000)
            except Error:
                return False
            return True
        self.wait_until(page, scrolled, "Scrolled to %s" % what)

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
        # sao runs a list button for the current record only: select the
        # row first, by its state cell
        self.assertEqual(self.row_state(row), 'Booked')
        row.locator('div.column-selection').first.click()
        self.wait_until(page,
            lambda: 'selected' in (row.get_attribute('class') or ''),
            "The row of %s is selected" % patient)
        row.get_by_role('button', name='Arrived').click()
        self.wait_until(page, lambda: self.appointment_state() == 'arrived',
            "After Arrived: the appointment of %s is arrived" % patient)
        self.wait_until(page, lambda: self.row_state(row) == 'Arrived',
            "After Arrived: the row of %s reads Arrived" % patient)
        # The tabs search again: the patient is in the clinic, no longer
        # expected
        self.open_tab_domain(page, 'In the Clinic')
        row = self.list_row(page, patient)
        self.wait_until(page, row.is_visible,
            "%s is among the patients in the clinic" % patient)
        self.assertEqual(self.row_state(row), 'Arrived')
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
        self.choose(page, 'Practitioner', self.today_practitioner)
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


if __name__ == '__main__':
    unittest.main()

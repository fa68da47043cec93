"""sao in a real browser: the server, the database and the steps the
browser tests share.

SaoTestCase serves sao from a real trytond process on a database of its own
(a SQLite file in a temporary folder, or a fresh PostgreSQL database on the
server of TRYTOND_DATABASE_URI, dropped at the end) filled with a small demo
franchise, and drives Debian's Chromium with Playwright. A test class adds
its own records in prepare(), through JSON-RPC sessions of the demo's users.

The walks take the screen of a clinic's desk (1366x768) in one language
(LANGUAGE): Spanish on SQLite, the demo's, English on PostgreSQL, so that
every run walks each screen in both without walking it twice on a backend
(BROWSER_LANGUAGE chooses another). The franchise's database then has the
language loaded and as its users' (``python -m demo build --language``),
and the helpers below take the English labels of the code and click their
translation (sao_labels.Labels): a label without one fails the walk.

Screenshots go to tests/artifacts/ (git-ignored). The tests are skipped only
when Playwright or Chromium (CHROMIUM, default /usr/bin/chromium) is missing.
"""
import base64
import itertools
import json
import os
import re
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

from .sao_labels import Labels

SAO_ROOT = os.path.join(ROOT, '.sao', 'node_modules', 'tryton-sao')
ARTIFACTS = os.path.join(ROOT, 'tests', 'artifacts')
CHROMIUM = os.environ.get('CHROMIUM') or '/usr/bin/chromium'
CHROMIUM_ARGS = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
    '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync']
CLINIC_TIMEZONE = ZoneInfo('Europe/Madrid')
# The demo's clinic of the walks, and its front desk
CLINIC = "Clínica Madrid"
RECEPTIONIST = 'mad.reception'
DEMO_SIZES = ['--patients', '2', '--invoices', '1', '--budgets', '1']
# The screen of a clinic's desk
VIEWPORT = {'width': 1366, 'height': 768}
# The browser's locale of each language of the walks
LOCALES = {'en': 'en-US', 'es': 'es-ES'}
# The texts a user reads on sao's page: the menu, the tab's labels,
# columns, buttons, tabs and choices, and those of a dialog
VISIBLE_TEXTS = """() => Array.from(document.querySelectorAll(
    '#menu .column-char, #tabcontent label, #tabcontent th, '
    + '#tabcontent button, #tabcontent .nav-tabs a, #tabcontent option, '
    + '#tabcontent .column-selection, .modal:not([style*="none"]) label, '
    + '.modal:not([style*="none"]) button, .modal:not([style*="none"]) th'))
    .filter(e => e.offsetParent !== null || e.tagName == 'OPTION')
    .map(e => e.innerText || e.textContent || '')"""
# The count sao shows after the name of a list's tab (in a badge)
COUNT = re.compile(r'\s*\d+\+?\s*$')
# Seconds: the longest a browser step may take (sao loads views lazily)
STEP_TIMEOUT = 30
# Milliseconds: the longest one action on a field may wait for it (a step
# retries its actions until STEP_TIMEOUT)
ACTION_TIMEOUT = 5000
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
# Not on SQLite, whose cache check would commit the open transaction. The
# bus (sao's live bell) is PostgreSQL's LISTEN/NOTIFY too.
PG_CACHE = """
[cache]
clean_timeout = 0

[bus]
allow_subscribe = True
"""


def walk_language():
    """The language of the walks: BROWSER_LANGUAGE, else Spanish on SQLite
    (the demo's backend) and English on PostgreSQL"""
    uri = os.environ.get('TRYTOND_DATABASE_URI') or 'sqlite://'
    return os.environ.get('BROWSER_LANGUAGE') or (
        'es' if uri.startswith('sqlite') else 'en')


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


class SaoTestCase(unittest.TestCase):
    "sao served by trytond on a demo franchise, and Chromium to drive it"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.check_browser()
        cls.language = walk_language()
        cls.labels = Labels(cls.language)
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
                cls.start_server, cls.prepare]:
            start = time.monotonic()
            step()
            timings.append(time.monotonic() - start)
        print("\n  %s: modules %.0fs, demo franchise %.0fs, server %.0fs, "
            "prepare %.0fs" % (cls.uri.split(':')[0], *timings),
            file=sys.stderr)
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
        """Activate the demo's modules as `make demo` does (trytond-admin),
        or, in a run of the suite (DB_CACHE), copy the suite's template of
        them, made here if no test made it before: the suite's other tests
        then start from it too, and the modules are activated once"""
        if os.environ.get('DB_CACHE'):
            cls.copy_activated_modules()
        else:
            cls.run_admin()

    @classmethod
    def copy_activated_modules(cls):
        from trytond.tests import test_tryton
        name = '-'.join(MODULES)
        test_tryton.drop_db()
        test_tryton.activate_module(MODULES)  # (restored, or made and kept)
        test_tryton.drop_db()
        cache = test_tryton._db_cache_file(test_tryton.DB_CACHE, name)
        if cls.uri.startswith('sqlite'):
            shutil.copyfile(
                cache, os.path.join(cls.tmp, cls.database + '.sqlite'))
            return
        import psycopg
        from psycopg.sql import SQL, Identifier
        template = cache[len(test_tryton.DB_CACHE) + 1:]
        with psycopg.connect(maintenance_conninfo(cls.uri),
                autocommit=True) as conn:
            conn.execute(SQL("DROP DATABASE {} WITH (FORCE)").format(
                    Identifier(cls.database)))
            conn.execute(SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    Identifier(cls.database), Identifier(template)))

    @classmethod
    def run_admin(cls):
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
        language = ['--language', cls.language] if cls.language != 'en' else []
        run_logged([sys.executable, '-m', 'demo', 'build', '-c', cls.config,
                '-d', cls.database, *DEMO_SIZES, *language], cls.log,
            cwd=ROOT)

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
    def prepare(cls):
        "Add what the tests need to the demo franchise"

    @classmethod
    def stop_server(cls):
        if cls.server.poll() is None:
            cls.server.terminate()
            try:
                cls.server.wait(10)
            except subprocess.TimeoutExpired:
                cls.server.kill()
                cls.server.wait()

    # The browser

    def screenshot(self, page, name):
        """Save the step's screenshot, after checking that the page shows no
        English label of our modules in a walk in another language"""
        if self.language != 'en':
            self.check_translated(page, name)
        return self.save_screenshot(page, name)

    def save_screenshot(self, page, name):
        os.makedirs(ARTIFACTS, exist_ok=True)
        path = os.path.join(ARTIFACTS, name)
        page.screenshot(path=path, full_page=True)
        return path

    def check_translated(self, page, step):
        "Fail on a text the page shows that is an English label of ours"
        texts = page.evaluate(VISIBLE_TEXTS)
        untranslated = self.labels.untranslated(
            re.sub(COUNT, '', t).strip().rstrip(':').strip() for t in texts)
        if untranslated:
            path = self.save_screenshot(page, step)
            self.fail("%s shows labels in English: %s (screenshot %s)" % (
                    step, ', '.join(untranslated), path))

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
                path = self.save_screenshot(page, 'browser_error.png')
                self.fail("%s: sao failed: %s (screenshot %s)" % (
                        what, '; '.join(self.page_errors), path))
            text = self.dialog_text(page)
            if text:
                path = self.save_screenshot(page, 'browser_error.png')
                self.fail("%s: sao shows a dialog: %r (screenshot %s)" % (
                        what, text, path))
            value = check()
            if value:
                return value
            if time.monotonic() > deadline:
                if quiet:
                    return None
                path = self.save_screenshot(page, 'browser_timeout.png')
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

    def login(self, page, login, again=False):
        "Log in as login, again after logout() (sao then shows the dialog)"
        if not again:
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

    def click_button(self, page, name, within=None):
        """Click the button name (or pair of name and where) of the form
        shown in the current tab, or within a dialog"""
        buttons = (within.locator('button:visible') if within is not None
            else self.visible(page, 'button'))
        button = buttons.filter(has_text=self.label(name)).first
        self.wait_until(page, button.is_enabled, "The button %s" % (name,))
        button.click()

    def logout(self, page):
        """Log out with the last entry of the user's menu, accepting that
        sao closes the tabs"""
        tabs_open = page.locator('#tablist li').count()
        page.locator('#user-preferences > a.dropdown-toggle').click()
        logout = page.locator('.notification-menu li.notification-item').last
        self.wait_until(page, logout.is_visible, "The user's menu")
        logout.locator('a').click()
        if tabs_open:
            close_tabs = page.locator(
                '.modal-dialog .modal-footer .btn-primary')
            close_tabs.wait_for(state='visible', timeout=STEP_TIMEOUT * 1000)
            close_tabs.click()
        self.wait_until(page, lambda: not self.top_bar(page), "Logout")

    def label(self, text, where=None):
        """text as the walk's language reads it (text may be a pair of the
        text and where: a part of its translation's context)"""
        if isinstance(text, tuple):
            text, where = text
        return self.labels(text, where)

    def menu_label(self, name):
        "The menu entry name (or pair of name and where) in the language"
        if isinstance(name, tuple):
            return self.label(name)
        return self.label(name, 'ir.ui.menu,name')

    def menu_row(self, page, name):
        "The row of the top-level menu entry name"
        name = self.menu_label(name)
        return page.locator('#menu tbody > tr').filter(
            has=page.locator('div.column-char[title="%s"]' % name)).first

    def open_menu(self, page, parent, *names):
        """Expand the top-level menu entry parent and the entries names
        below it, and open the last"""
        row = self.menu_row(page, parent)
        self.wait_until(page, row.is_visible, "Menu %s" % (parent,))
        path = [parent]
        for name in names:
            # The child is the first row named so after its parent
            entry = row.locator(
                'xpath=following-sibling::tr[.//div[contains(@class, '
                '"column-char") and @title="%s"]][1]' % self.menu_label(name))
            if not entry.is_visible():
                row.locator('.expander').click()
            path.append(name)
            self.wait_until(page, entry.is_visible, "Menu %s" % ' > '.join(
                    str(n) for n in path))
            row = entry
        row.locator('div.column-char').click()

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
                    viewport=VIEWPORT, locale=LOCALES[self.language],
                    timezone_id=CLINIC_TIMEZONE.key)
                self.page_errors = []
                page.on('pageerror',
                    lambda error: self.page_errors.append(str(error)))
                page.on('console', lambda message: self.console(message))
                try:
                    scenario(page)
                except Exception:
                    self.save_screenshot(page, 'browser_%s_failure.png' % name)
                    print("\n  trytond's log:\n%s" % tail(self.server_log),
                        file=sys.stderr)
                    raise
            finally:
                browser.close()
        print("\n  browser (%s) %.0fs" % (name, time.monotonic() - started),
            file=sys.stderr)

    def console(self, message):
        """Keep an error of the browser's console as the page's, but a file
        sao asks for that the server has not (the locale
        es_ES.json before es.json): sao goes on without it"""
        if message.type == 'error' and not message.text.startswith(
                'Failed to load resource'):
            self.page_errors.append(message.text)

    def visible(self, page, selector):
        "The visible elements of selector in the current tab"
        return page.locator('#tabcontent %s:visible' % selector)

    def cut_headers(self, within):
        """The texts of the column headers within that sao cuts short (with
        an ellipsis): a header a person cannot read"""
        return within.locator('th:visible .header label').evaluate_all(
            """labels => labels.filter(
                    label => label.scrollWidth > label.clientWidth + 1)
                .map(label => label.textContent.trim())""")

    def list_row(self, page, text):
        "The row of the list shown that reads text"
        return self.visible(page, 'tr').filter(
            has=page.get_by_text(text, exact=True)).first

    def open_tab_domain(self, page, name):
        "Show the records of the list's tab name ('Expected', 'All'...)"
        tab = self.visible(page, '.tab-domain a[role=tab]').filter(
            has_text=self.label(name, 'act_window.domain,name'))
        self.wait_until(page, tab.is_visible, "The list's tab %s" % (name,))
        tab.click()

    def tab_count(self, page, name):
        "The count sao shows on the list's tab name, once it shows one"
        tab = self.visible(page, '.tab-domain a[role=tab]').filter(
            has_text=self.label(name, 'act_window.domain,name'))

        def count():
            # (sao shows it in a badge after the name)
            found = re.search(r'(\d+)\+?\s*$', tab.inner_text()) \
                if tab.count() else None
            return found and int(found.group(1)) + 1
        return self.wait_until(
            page, count, "The count of the list's tab %s" % (name,)) - 1

    def field(self, page, label, within=None, element='input'):
        """The input (or element) of the field label of the form shown in
        the current tab, or within a dialog, once it is visible"""
        if within is None:
            within = page.locator('#tabcontent')
        field = self.labelled(within, label).and_(
            within.locator('%s:visible' % element))
        self.wait_until(page, field.is_visible, "The field %s" % (label,))
        return field

    def labelled(self, within, label):
        """The elements within labelled label in the walk's language: the
        label itself, not a longer one that holds it ("Patient" and
        "Patient Pays", "Pieza" and "Otras piezas")"""
        return within.get_by_label(re.compile(
                r'^\s*%s:?\s*$' % re.escape(self.label(label))))

    def fill(self, page, label, text, within=None, shown=None):
        """Type text in the field label of the form shown and leave the
        field, which then shows shown (default: text)"""
        field = self.field(page, label, within)
        shown = text if shown is None else shown

        from playwright.sync_api import Error as PlaywrightError

        def filled():
            """Type text again when sao redrew the field meanwhile (as when
            a dialog's defaults arrive: the field typed in may then be
            gone, or not yet editable, on a busy machine)"""
            try:
                if field.input_value(timeout=ACTION_TIMEOUT) == shown:
                    return True
                field.fill(text, timeout=ACTION_TIMEOUT)
                field.press('Tab', timeout=ACTION_TIMEOUT)
            except PlaywrightError:
                pass
            page.wait_for_timeout(300)
            return False
        self.wait_until(
            page, filled, "The field %s reads %s" % (label, shown))

    def fill_number(self, page, label, value, within=None):
        """Type the number value (of two decimals) in the field label: sao
        edits it in a number input, which takes it with a dot whatever the
        language, and shows it as the language writes it once left"""
        text = '%.2f' % value
        self.fill(page, label, text, within, shown=self.number(value))

    def number(self, value):
        """The number value (of two decimals, below a thousand) as the
        walk's language writes it"""
        text = '%.2f' % value
        return text.replace('.', ',') if self.language == 'es' else text

    def select(self, page, label, option, within=None):
        "Select option in the selection field label of the form shown"
        field = self.field(page, label, within, element='select')
        self.wait_until(page, lambda: field.locator('option').filter(
                has_text=option).count(),
            "The field %s offers %s" % (label, option))
        field.select_option(label=option)

    def refusal(self, page, what):
        """Wait for sao's dialog of an error the server raised for the user,
        close it and return its text"""
        from playwright.sync_api import TimeoutError

        dialog = page.locator('.warning-dialog:visible')
        try:
            dialog.wait_for(timeout=STEP_TIMEOUT * 1000)
        except TimeoutError:
            path = self.save_screenshot(page, 'browser_timeout.png')
            self.fail("%s: sao shows no refusal after %ss (screenshot %s)"
                % (what, STEP_TIMEOUT, path))
        text = ' '.join(dialog.inner_text().split())
        dialog.locator('.modal-footer .btn-primary').click()
        dialog.wait_for(state='hidden', timeout=STEP_TIMEOUT * 1000)
        return text

    def choose(self, page, label, name, within=None):
        """Choose the record name in the Many2One field label of the form
        shown in the current tab, or within a dialog"""
        field = self.field(page, label, within)
        # sao completes what is typed with the records found
        completion = page.locator('.dropdown-menu:visible li').filter(
            has=page.get_by_text(name, exact=True)).first
        checks = itertools.count()

        def offered():
            """Type name again when sao redrew the field meanwhile (as when
            a new record's defaults arrive) or offers nothing after a
            while"""
            if completion.is_visible():
                return True
            if field.input_value() != name or next(checks) % 15 == 14:
                field.fill('')
                field.fill(name)
            return False
        self.wait_until(page, offered,
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

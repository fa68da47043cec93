"""A budget's conversion to an invoice killed mid-way leaves the database as
it was.

On PostgreSQL, the conversion (the budget's "Invoice" button, which runs
Tryton's sale processing) runs in another OS process, in its own
transaction, as the clinic's manager. A fault strikes it once the invoice and
its lines are inserted (or once the budget's invoice state and its lines'
quantities are written): the process is killed for real (SIGKILL) or the
conversion raises. Afterwards, from a fresh transaction, no invoice is left,
the budget's rows are exactly as before, no lock is left behind, and the
conversion run again makes exactly one invoice with the budget's two lines.

Run as ``python -m tests.test_fault_budget SALE_ID FAULT POINT``, this
module is that other process (FAULT: kill, raise or none; POINT: invoice or
states). It prints ``ready PID`` once its transaction has started (PID: its
PostgreSQL backend), ``struck INVOICES LINES`` when the fault strikes (the
invoice rows its transaction holds then), then ``committed`` or
``raised MESSAGE``; on a kill fault it waits at the fault to be killed.
"""
import datetime as dt
import os
import signal
import subprocess
import sys
import time
import unittest

from sql import Table

from trytond import backend
from trytond.model import dualmethod
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME, drop_db
from trytond.transaction import Transaction, TransactionError

# Where the child process tells the parent how far it went
CHANNEL = sys.stdout

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OWNER = "Clínica Madrid"
LOGIN = 'mad.manager'
# How long the parent waits for the child to reach its fault, and for
# PostgreSQL to end the killed child's session
WAIT = 120
INVOICE_TABLES = ('account_invoice', 'account_invoice_line')


class Fault(Exception):
    "The fault the conversion raises mid-way"


# The child process ------------------------------------------------------

def hook_fault(point, strike):
    """Make strike() run at point of the conversion: right after the
    invoice rows are inserted, or once the budget's states are written"""
    pool = Pool(DB_NAME)
    if point == 'invoice':
        Model, name = pool.get('account.invoice'), 'save'
    else:
        Model, name = pool.get('sale.sale'), '_process_state'
    original = getattr(Model, name)

    def faulty(cls, records, *args, **kwargs):
        result = original(records, *args, **kwargs)
        strike()
        return result
    setattr(Model, name, dualmethod(faulty))


class Strike:
    "What the fault does when it strikes the transaction"

    def __init__(self, fault):
        self.fault = fault
        self.baseline = None

    def start(self, cursor):
        "Count the invoice rows the transaction starts with"
        self.baseline = invoice_counts(cursor)

    def __call__(self):
        held = invoice_counts(Transaction().connection.cursor())
        say('struck', *(held[t] - self.baseline[t] for t in INVOICE_TABLES))
        if self.fault == 'kill':
            # Wait here to be killed; never reach the commit
            time.sleep(WAIT * 5)
            os._exit(3)
        raise Fault("the conversion failed mid-way")


def say(*words):
    "Tell the parent, on the channel it gave"
    print(*words, file=CHANNEL, flush=True)


def convert(sale_id, fault, point):
    """Invoice the budget as the clinic's manager in a transaction of its
    own, with the fault at point; commit only when it does not strike"""
    from tests.fixture import user_id
    Pool(DB_NAME).init()
    uid = user_id(LOGIN)
    strike = Strike(fault)
    if fault != 'none':
        hook_fault(point, strike)
    extras = {}
    while True:
        with Transaction().start(DB_NAME, uid, **extras) as transaction:
            cursor = transaction.connection.cursor()
            cursor.execute('SELECT pg_backend_pid()')
            say('ready', cursor.fetchone()[0])
            strike.start(cursor)
            try:
                invoice_as_user(sale_id)
            except TransactionError as error:
                # Tryton locks the budget upfront: start over with it
                transaction.rollback()
                error.fix(extras)
                continue
            transaction.commit()
            say('committed')
            return


def invoice_as_user(sale_id):
    "Click the budget's Invoice button, with the context sao sends"
    pool = Pool()
    User = pool.get('res.user')
    Sale = pool.get('sale.sale')
    with Transaction().set_context(User.get_preferences(context_only=True)):
        Sale.invoice([Sale(sale_id)])


def child_main(argv):
    global CHANNEL
    channel, sale_id = map(int, argv[:2])
    fault, point = argv[2:4]
    CHANNEL = os.fdopen(channel, 'w')
    try:
        convert(sale_id, fault, point)
    except Fault as error:
        say('raised', error)


def invoice_counts(cursor):
    "The number of invoices and invoice lines the database holds"
    counts = {}
    for table in INVOICE_TABLES:
        cursor.execute('SELECT COUNT(*) FROM "%s"' % table)
        counts[table], = cursor.fetchone()
    return counts


# The test ----------------------------------------------------------------

class Child:
    "The conversion in another process, read line by line"

    def __init__(self, sale_id, fault='none', point='invoice'):
        env = dict(os.environ, DB_NAME=DB_NAME, PYTHONPATH=ROOT)
        read, write = os.pipe()
        self.process = subprocess.Popen(
            [sys.executable, '-m', 'tests.test_fault_budget',
                str(write), str(sale_id), fault, point],
            cwd=ROOT, env=env, pass_fds=[write])
        os.close(write)
        self.channel = os.fdopen(read)

    def expect(self, word):
        """Return the words after word on the next line the child prints
        (past the starts over of its transaction, but the last)"""
        while True:
            line = self.channel.readline().split()
            if line[:1] == ['ready']:
                self.backend_pid = int(line[1])
                if word == 'ready':
                    return line[1:]
                continue
            assert line[:1] == [word], (word, line)
            return line[1:]

    def finish(self):
        self.channel.close()
        return self.process.wait(timeout=WAIT)

    def kill(self):
        os.kill(self.process.pid, signal.SIGKILL)
        return self.finish()


@unittest.skipUnless(backend.name == 'postgresql',
    "a killed process's transaction is tested on PostgreSQL, the production "
    "database (SQLite runs the suite in memory, in one process)")
class FaultBudgetTestCase(unittest.TestCase):
    "The budget-to-invoice conversion is all or nothing"

    @classmethod
    def setUpClass(cls):
        from .fixture import company_id, setup_franchises
        drop_db()
        setup_franchises()
        cls.owner = company_id(OWNER)

    @classmethod
    def tearDownClass(cls):
        drop_db()

    def setUp(self):
        from demo.franchise import run_alone
        self.sale_id = run_alone(DB_NAME, self.accepted_budget)
        run_alone(DB_NAME, self.do_lines)
        self.before = self.snapshot()

    def accepted_budget(self):
        """A budget of the owner's uninsured patient with two lines,
        accepted and invoiced as the treatments are done (nothing done yet,
        nothing invoiced): one invoice, no insurer's part"""
        from demo.billing import budget_values
        pool = Pool()
        Party = pool.get('party.party')
        Sale = pool.get('sale.sale')
        SaleLine = pool.get('sale.line')
        with Transaction().set_context(company=self.owner):
            template = Sale.search([
                    ('company', '=', self.owner),
                    ('lines', '!=', None),
                    ], limit=1, order=[('id', 'ASC')])[0]
            service = template.line_lines[0].product
            patient, = Party.search([
                    ('history_numbers.company', '=', self.owner),
                    ('insurer', '=', None),
                    ], limit=1, order=[('id', 'ASC')])
            sale, = Sale.copy([template], default={
                    **budget_values(template.company, patient),
                    'invoice_method': 'treatment',
                    'lines': None,
                    })
            SaleLine.save([
                    SaleLine.for_service(sale, service, quantity=1),
                    SaleLine.for_service(sale, service, quantity=2)])
            Sale.quote([sale])
            Sale.confirm([sale])
            return sale.id

    def do_lines(self):
        "Both lines done today: their invoicing is due"
        SaleLine = Pool().get('sale.line')
        lines = SaleLine.search([('sale', '=', self.sale_id)])
        SaleLine.write(lines, {'done_date': dt.date.today()})

    def snapshot(self):
        """The budget's rows, its lines' rows, its log and the number of
        invoices and invoice lines, as the database holds them"""
        with Transaction().start(DB_NAME, 0) as transaction:
            cursor = transaction.connection.cursor()
            return {
                'budget': rows(cursor, 'sale_sale', 'id', self.sale_id),
                'lines': rows(cursor, 'sale_line', 'sale', self.sale_id),
                'log': rows(cursor, 'ir_model_log', 'resource',
                    'sale.sale,%s' % self.sale_id),
                'counts': invoice_counts(cursor),
                }

    def test_killed_after_invoice_insert(self):
        "Killed once the invoice is inserted: nothing is left of it"
        self.check_fault('kill', 'invoice')

    def test_killed_after_states_written(self):
        """Killed once the budget's invoice state and its lines are written:
        they are as before"""
        self.check_fault('kill', 'states')

    def test_raised_after_invoice_insert(self):
        "A failure once the invoice is inserted: nothing is left of it"
        self.check_fault('raise', 'invoice')

    def check_fault(self, fault, point):
        child = Child(self.sale_id, fault, point)
        self.addCleanup(self.stop, child)
        invoices, lines = map(int, child.expect('struck'))
        # The fault struck with the invoice in the child's transaction
        self.assertEqual((invoices, lines), (1, 2))
        if fault == 'kill':
            self.assertEqual(child.kill(), -signal.SIGKILL)
        else:
            self.assertEqual(child.expect('raised'), 'the conversion failed '
                'mid-way'.split())
            self.assertEqual(child.finish(), 0)
        self.assertFalse(self.session_left(child.backend_pid),
            "the killed conversion's database session is still there")
        self.assertEqual(self.snapshot(), self.before)
        self.check_converts()

    def session_left(self, backend_pid):
        """Whether the child's PostgreSQL session, or a lock of it, is still
        there once PostgreSQL had time to see the child is gone"""
        deadline = time.monotonic() + WAIT
        while True:
            with Transaction().start(DB_NAME, 0) as transaction:
                cursor = transaction.connection.cursor()
                cursor.execute('SELECT COUNT(*) FROM pg_stat_activity '
                    'WHERE pid = %s', (backend_pid,))
                sessions, = cursor.fetchone()
                cursor.execute('SELECT COUNT(*) FROM pg_locks '
                    'WHERE pid = %s', (backend_pid,))
                locks, = cursor.fetchone()
            if not (sessions or locks) or time.monotonic() > deadline:
                return bool(sessions or locks)
            time.sleep(0.1)

    def check_converts(self):
        """The conversion run again (no lock left) makes one invoice of the
        budget's two lines"""
        child = Child(self.sale_id)
        self.addCleanup(self.stop, child)
        child.expect('committed')
        self.assertEqual(child.finish(), 0)
        with Transaction().start(DB_NAME, 0):
            Sale = Pool().get('sale.sale')
            sale = Sale(self.sale_id)
            invoice, = sale.invoices
            self.assertEqual(
                sorted(l.origin.id for l in invoice.lines),
                sorted(l.id for l in sale.line_lines))
            self.assertEqual(sale.invoice_state, 'pending')
        counts = dict(self.before['counts'])
        counts['account_invoice'] += 1
        counts['account_invoice_line'] += 2
        self.assertEqual(self.snapshot()['counts'], counts)

    @staticmethod
    def stop(child):
        if child.process.poll() is None:
            child.process.kill()
            child.process.wait(timeout=WAIT)
        if not child.channel.closed:
            child.channel.close()


def rows(cursor, table_name, column, value):
    "The rows of the table whose column is value, all columns, by id"
    table = Table(table_name)
    cursor.execute(*table.select(
            where=getattr(table, column) == value, order_by=[table.id]))
    return cursor.fetchall()


if __name__ == '__main__':
    child_main(sys.argv[1:])

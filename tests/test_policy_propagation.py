"""A policy change reaches the other trytond processes at once.

On PostgreSQL with ``[cache] clean_timeout = 0``, Tryton clears caches across
processes through LISTEN/NOTIFY. Two processes other than the test's (so
that no listener stays on the test database): one has already answered with
the old policy, the other changes the policy; the first must answer with the
new one on its next request.
"""
import os
import subprocess
import sys
import time
import unittest

from trytond import backend
from trytond.tests.test_tryton import DB_NAME, drop_db

from .fixture import company_id, setup_franchises

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Peer:
    "A trytond process of its own, driven line by line"

    def __init__(self):
        env = dict(os.environ, DB_NAME=DB_NAME, PYTHONPATH=ROOT,
            TRYTOND_CACHE__CLEAN_TIMEOUT='0')
        self.process = subprocess.Popen(
            [sys.executable, '-m', 'tests.policy_peer'],
            cwd=ROOT, env=env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self.process.stdout.readline().strip() == 'ready'

    def ask(self, *command):
        self.process.stdin.write(' '.join(map(str, command)) + '\n')
        self.process.stdin.flush()
        return self.process.stdout.readline().strip()

    def stop(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


@unittest.skipUnless(backend.name == 'postgresql',
    "other processes share caches through PostgreSQL only")
class PolicyPropagationTestCase(unittest.TestCase):
    "Sharing reaches another process's next request"

    @classmethod
    def setUpClass(cls):
        drop_db()
        setup_franchises()
        cls.madrid = company_id("Clínica Madrid")

    @classmethod
    def tearDownClass(cls):
        drop_db()

    def setUp(self):
        self.reader = Peer()
        self.addCleanup(self.reader.stop)
        self.writer = Peer()
        self.addCleanup(self.writer.stop)

    def sees(self, wanted, seconds=2):
        """What Barcelona's manager sees of Madrid's patients in the reader,
        allowing for the notification's way (a second or two at most)"""
        deadline = time.monotonic() + seconds
        while True:
            seen = int(self.reader.ask('sees', 'bcn.manager', self.madrid))
            if wanted(seen) or time.monotonic() > deadline:
                return seen
            time.sleep(0.05)

    def test_share_and_unshare(self):
        "Barcelona sees Madrid's patients as soon as Madrid shares them"
        self.assertEqual(self.writer.ask('share', self.madrid, 0), 'done')
        self.assertEqual(self.sees(lambda n: n == 0), 0)
        self.assertEqual(self.writer.ask('share', self.madrid, 1), 'done')
        self.assertGreater(self.sees(lambda n: n > 0), 0)
        self.assertEqual(self.writer.ask('share', self.madrid, 0), 'done')
        self.assertEqual(self.sees(lambda n: n == 0), 0)

"""A policy change reaches the other trytond processes at once.

On PostgreSQL with ``[cache] clean_timeout = 0``, Tryton clears caches across
processes through LISTEN/NOTIFY: a second process that has already answered
with the old policy must answer with the new one on its next request.
"""
import os
import subprocess
import sys
import time
import unittest

from trytond import backend
from trytond.config import config
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME, drop_db
from trytond.transaction import Transaction

from .fixture import company_id, setup_franchises

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


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
        self.assertEqual(
            config.getint('cache', 'clean_timeout', default=300), 0)
        env = dict(os.environ, DB_NAME=DB_NAME, PYTHONPATH=ROOT)
        self.peer = subprocess.Popen(
            [sys.executable, '-m', 'tests.policy_peer', str(self.madrid)],
            cwd=ROOT, env=env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.assertEqual(self.peer.stdout.readline().strip(), 'ready')

    def tearDown(self):
        self.peer.stdin.close()
        self.peer.wait(timeout=30)

    def peer_sees(self, login):
        self.peer.stdin.write(login + '\n')
        self.peer.stdin.flush()
        return int(self.peer.stdout.readline())

    def share_contacts(self, share_clinics):
        with Transaction().start(DB_NAME, 0) as transaction:
            Policy = Pool().get('clinic.sharing.policy')
            Policy.write(Policy.search([
                        ('company', '=', self.madrid),
                        ('category', '=', 'contacts'),
                        ]), {'share_clinics': share_clinics})
            transaction.commit()

    def test_share_and_unshare(self):
        "Barcelona sees Madrid's patients as soon as Madrid shares them"
        self.share_contacts(False)
        self.assertEqual(self.peer_sees('bcn.manager'), 0)
        self.share_contacts(True)
        self.assertGreater(self.eventually('bcn.manager', lambda n: n > 0), 0)
        self.share_contacts(False)
        self.assertEqual(self.eventually('bcn.manager', lambda n: n == 0), 0)

    def eventually(self, login, wanted, seconds=2):
        "The peer's answer, allowing for the notification's way (seconds)"
        deadline = time.monotonic() + seconds
        while True:
            seen = self.peer_sees(login)
            if wanted(seen) or time.monotonic() > deadline:
                return seen
            time.sleep(0.05)

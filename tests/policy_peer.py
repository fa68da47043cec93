"""Another trytond process, for the policy propagation test.

It reads commands on standard input and answers each on a line:
- ``sees LOGIN OWNER``: how many patients of clinic OWNER the user sees
  (not counting the clinic's own party, seen across the franchise);
- ``share OWNER 0|1``: (un)share all of OWNER's data with the other clinics
  (a shared invoice or budget shows its patient too).
Run it with ``[cache] clean_timeout = 0``, as production on PostgreSQL.
"""
import sys

from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME
from trytond.transaction import Transaction

from tests.fixture import as_user


def sees(login, owner):
    with as_user(login):
        pool = Pool()
        Party = pool.get('party.party')
        Company = pool.get('company.company')
        return Party.search_count([
                ('company', '=', int(owner)),
                ('id', '!=', Company(int(owner)).party.id),
                ])


def share(owner, shared):
    with Transaction().start(DB_NAME, 0) as transaction:
        Policy = Pool().get('clinic.sharing.policy')
        Policy.write(Policy.search([('company', '=', int(owner))]),
            {'share_clinics': bool(int(shared))})
        transaction.commit()
    return 'done'


def main():
    Pool(DB_NAME).init()
    with Transaction().start(DB_NAME, 0):
        pass
    print('ready', flush=True)
    commands = {'sees': sees, 'share': share}
    for line in sys.stdin:
        command, *args = line.split()
        print(commands[command](*args), flush=True)


if __name__ == '__main__':
    main()

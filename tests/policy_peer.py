"""A second trytond process for the policy propagation test.

It keeps its caches warm and answers, for each login read on standard input,
how many of the patients of the company named in argv[1] the user sees.
"""
import sys

from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME
from trytond.transaction import Transaction

from tests.fixture import as_user


def patients_seen(login, owner):
    with as_user(login):
        Party = Pool().get('party.party')
        return Party.search_count([('company', '=', owner)])


def main():
    owner = int(sys.argv[1])
    Pool(DB_NAME).init()
    with Transaction().start(DB_NAME, 0):
        pass
    print('ready', flush=True)
    for line in sys.stdin:
        print(patients_seen(line.strip(), owner), flush=True)


if __name__ == '__main__':
    main()

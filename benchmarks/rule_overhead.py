#!/usr/bin/env python3
"""What the record rules cost a clinic user's invoice list, on PostgreSQL.

The issue's target: with 100,000 invoices over 20 clinics, a clinic user's
search+read of its invoices costs at most 30% more than the same search+read
as root (no rules).  The script builds the franchise with the demo generator
(``python -m demo build``, draft invoices), then measures in this process:

  user  a clinic manager, with its real context
        (res.user.get_preferences(context_only=True)) and ``check_access``
        on, as an RPC call runs: Invoice.search([]), Invoice.read(ids, F)
  root  user 0 (no rules), the same context, the explicit domain
        [('company', '=', clinic)]: the same rows
  SQL   the equivalent raw SQL on the psycopg connection: the same columns
        FROM account_invoice WHERE company = ... ORDER BY Tryton's order

Each run is a fresh Tryton transaction (an empty record cache: the real SQL
work), after warming the process caches (rules, sharing, pool) the way a
running server has them.  The three variants take turns and the median of
--repeat runs is printed, with the ratios user/root and user/SQL.

Run it with the project's venv from the repository's root:

    .venv/bin/python benchmarks/rule_overhead.py            # full size
    .venv/bin/python benchmarks/rule_overhead.py --invoices 2000 --keep

See benchmarks/README.md.
"""
import argparse
import statistics
import sys
import time

import _pg
from _pg import log, median_ms

TARGET = 1.30

# The stored columns of Tryton's invoice list (account_invoice's
# invoice_tree: the amounts are Function fields, computed from the lines of a
# draft invoice, so they are left out: they cost the same with or without
# rules and would drown the comparison).
FIELDS = [
    'company', 'type', 'number', 'reference', 'invoice_date', 'party',
    'state', 'description']
# What the web client adds to such a read: the many2one's rec_name (reads
# party.party, itself under record rules), the timestamp and the write and
# delete permissions of each row (computed from the write/delete rules).
CLIENT_EXTRAS = ['party.rec_name', '_timestamp', '_write', '_delete']
FIELD_SETS = [
    ('stored fields', FIELDS),
    ('+ party.rec_name, _timestamp, _write, _delete',
        FIELDS + CLIENT_EXTRAS),
    ]
# Invoice._order (number DESC NULLS FIRST, id DESC) as Tryton writes it:
# the number field orders by its length first (Invoice.order_number)
ORDER_SQL = ("NOT (i.state = 'cancelled' AND i.number IS NULL) DESC NULLS FIRST, "
    "CHAR_LENGTH(i.number) DESC NULLS FIRST, i.number DESC NULLS FIRST, "
    "i.id DESC")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Time a clinic user's search+read of its invoices "
        "against root and against raw SQL (PostgreSQL).")
    _pg.add_database_options(parser, 'rule_overhead')
    parser.add_argument('--clinics', type=int, default=20)
    parser.add_argument('--invoices', type=int, default=100000,
        help="in total, spread evenly over the clinics (default %(default)s)")
    parser.add_argument('--patients', type=int, default=200,
        help="per clinic; the invoices cycle over them (default %(default)s)")
    parser.add_argument('--build', choices=['copy', 'orm'], default='copy',
        help="copy (default): the demo generator makes --seed-invoices "
        "invoices per clinic through the ORM, then SQL (INSERT ... SELECT) "
        "copies them, with their lines, within each clinic up to the size: "
        "minutes instead of the best part of an hour at 100,000; "
        "orm: the demo generator makes every invoice (about 25 ms each)")
    parser.add_argument('--seed-invoices', type=int, default=250,
        help="per clinic, made by the ORM with --build copy "
        "(default %(default)s)")
    _pg.add_run_options(parser, repeat=15, warmup=3)
    parser.add_argument('--clinic', default='MAD',
        help="history prefix of the clinic whose manager is measured "
        "(default %(default)s: Clínica Madrid)")
    parser.add_argument('--sharing', choices=['private', 'demo'],
        default='private',
        help="private (default): no clinic shares its invoices with the "
        "other clinics, so the user's invoices are exactly its clinic's; "
        "demo: the demo generator's policies (every third clinic shares "
        "them with all), the user then reads several clinics' invoices and "
        "root's domain is company in those")
    parser.add_argument('--show-sql', action='store_true',
        help="print the SQL of the user's and root's search")
    _pg.add_tiny_option(parser, clinics=2, invoices=20, patients=4,
        seed_invoices=5, repeat=2, warmup=1)
    args = parser.parse_args(argv)
    _pg.apply_tiny(args)
    _pg.check_database_options(parser, args)
    if args.clinics < 1 or args.invoices < args.clinics:
        parser.error("at least one clinic and one invoice per clinic")
    if args.seed_invoices < 1:
        parser.error("--seed-invoices must be positive")
    return args


# --- Build -----------------------------------------------------------------

def build(config, folder, database, args):
    "Activate the modules and build the franchise; return the durations"
    activation = _pg.activate(config, folder, database)
    per_clinic = args.invoices // args.clinics
    generated = per_clinic
    if args.build == 'copy':
        generated = min(per_clinic, args.seed_invoices)
    log("  %.0f s. Building the franchise: %d clinics x %d patients x "
        "%d draft invoices..." % (
            activation, args.clinics, args.patients, generated))
    generation = _pg.generate(config, database,
        '--clinics', str(args.clinics), '--patients', str(args.patients),
        '--invoices', str(generated), '--budgets', '0', '--no-post',
        '--histories', '0', '--no-users')
    log("  %.0f s." % generation)
    uri = _pg.database_uri(config, database)
    copy = 0
    if per_clinic > generated:
        log("Copying them by SQL up to %d invoices per clinic..."
            % per_clinic)
        start = time.monotonic()
        copy_invoices(uri, per_clinic - generated)
        copy = time.monotonic() - start
        log("  %.0f s." % copy)
    start = time.monotonic()
    _pg.vacuum_analyze(uri)
    return {'activation': activation, 'generation': generation,
        'generated': generated, 'copy': copy,
        'vacuum': time.monotonic() - start}


def copy_invoices(uri, extra):
    """Add extra draft invoices to every clinic, copies of its own

    Copy number g of a clinic is its invoice of rank g modulo how many it
    has, with all its columns (party, address, account, journal, dates...)
    and its lines: rows the ORM would have made, on fresh ids from Tryton's
    sequences, the clinics taking turns as if they invoiced side by side.
    """
    import psycopg
    from psycopg import sql

    with psycopg.connect(uri) as conn:
        conn.execute("""
            CREATE TEMPORARY TABLE bench_copy ON COMMIT DROP AS
            SELECT nextval('account_invoice_id_seq') AS new_id, old_id
            FROM (
                SELECT src.id AS old_id
                FROM (SELECT id, company,
                        row_number() OVER (
                            PARTITION BY company ORDER BY id) - 1 AS rank,
                        count(*) OVER (PARTITION BY company) AS total
                    FROM account_invoice) AS src
                JOIN generate_series(0, %s - 1) AS g
                    ON g %% src.total = src.rank
                ORDER BY g, src.company) AS ordered""", (extra,))
        invoice = _pg.table_columns(conn, 'account_invoice', {'id'})
        conn.execute(sql.SQL(
                'INSERT INTO account_invoice (id, {columns}) '
                'SELECT c.new_id, {source} FROM bench_copy c '
                'JOIN account_invoice i ON i.id = c.old_id '
                'ORDER BY c.new_id').format(
                columns=sql.SQL(', ').join(map(sql.Identifier, invoice)),
                source=sql.SQL(', ').join(
                    sql.Identifier('i', c) for c in invoice)))
        for table in ['account_invoice_line', 'account_invoice_tax']:
            child = _pg.table_columns(conn, table, {'id', 'invoice'})
            conn.execute(sql.SQL(
                    'INSERT INTO {table} (id, invoice, {columns}) '
                    'SELECT nextval({sequence}), c.new_id, {source} '
                    'FROM bench_copy c JOIN {table} l ON l.invoice = c.old_id '
                    'ORDER BY c.new_id, l.id').format(
                    table=sql.Identifier(table),
                    sequence=sql.Literal(table + '_id_seq'),
                    columns=sql.SQL(', ').join(map(sql.Identifier, child)),
                    source=sql.SQL(', ').join(
                        sql.Identifier('l', c) for c in child)))


# --- Measure ---------------------------------------------------------------

class Bench:
    "The three variants of the same search+read, inside this process"

    def __init__(self, config, database, args):
        self.database = database
        self.args = args
        _pg.open_pool(config, database)
        self.setup()

    def setup(self):
        "Find the clinic, make its manager, set the sharing; as root"
        from trytond.pool import Pool
        from trytond.transaction import Transaction

        from demo import franchise as demo

        with Transaction().start(self.database, 0,
                context={'language': 'en'}) as transaction:
            pool = Pool()
            Company = pool.get('company.company')
            User = pool.get('res.user')
            Invoice = pool.get('account.invoice')
            clinics = Company.search(
                [('clinic_role', '=', 'clinic')], order=[('id', 'ASC')])
            by_prefix = {c.history_prefix: c for c in clinics}
            if self.args.clinic not in by_prefix:
                raise SystemExit("no clinic %r; there are %s" % (
                        self.args.clinic, ', '.join(sorted(by_prefix))))
            clinic = by_prefix[self.args.clinic]
            self.clinic_id = clinic.id
            self.clinic_name = clinic.rec_name
            self.n_clinics = len(clinics)
            self.n_invoices = Invoice.search([], count=True)

            # The demo's policies, then (private) no invoices shared
            # between clinics; the same for --reuse whatever it had.
            for index, company in enumerate(clinics):
                shares = dict(demo.POLICIES[index % len(demo.POLICIES)])
                if self.args.sharing == 'private':
                    central, _ = shares.get('invoices', (False, False))
                    shares['invoices'] = (central, False)
                demo.set_policy(company, shares)

            login = '%s.manager' % clinic.history_prefix.lower()
            users = User.search([('login', '=', login)])
            if users:
                user, = users
            else:
                _, name, groups = [
                    u for u in demo.CLINIC_USERS if u[0] == 'manager'][0]
                user = demo.create_user(login, '%s (%s)' % (
                        name, clinic.party.name), groups, [clinic], clinic)
            self.user_id, self.login = user.id, login
            transaction.commit()

        with Transaction().start(self.database, self.user_id) as transaction:
            User = Pool().get('res.user')
            self.context = User.get_preferences(context_only=True)
        if self.context.get('company') != self.clinic_id:
            raise SystemExit("%s's company is not %s: %s" % (
                    self.login, self.clinic_name, self.context))

        with Transaction().start(self.database, self.user_id,
                context=self.context, readonly=True):
            from trytond.transaction import check_access
            Sharing = Pool().get('clinic.sharing.policy')
            with check_access():
                # What the 'invoices' category opens to the user
                self.companies = Sharing.readable_companies('invoices')
        if self.args.sharing == 'private':
            if self.companies != [self.clinic_id]:
                raise SystemExit("the user reads the invoices of companies "
                    "%s, not only of %s" % (self.companies, self.clinic_id))
            self.domain = [('company', '=', self.clinic_id)]
        else:
            self.domain = [('company', 'in', self.companies)]

    def user(self, fields_names):
        from trytond.pool import Pool
        from trytond.transaction import Transaction, check_access
        with Transaction().start(self.database, self.user_id,
                context=self.context, readonly=True):
            Invoice = Pool().get('account.invoice')
            with check_access():
                start = time.perf_counter()
                ids = list(map(int, Invoice.search([])))
                middle = time.perf_counter()
                rows = Invoice.read(ids, fields_names)
                end = time.perf_counter()
        return (end - start, middle - start), ids, rows

    def root(self, fields_names):
        from trytond.pool import Pool
        from trytond.transaction import Transaction
        with Transaction().start(self.database, 0,
                context=self.context, readonly=True):
            Invoice = Pool().get('account.invoice')
            start = time.perf_counter()
            ids = list(map(int, Invoice.search(self.domain)))
            middle = time.perf_counter()
            rows = Invoice.read(ids, fields_names)
            end = time.perf_counter()
        return (end - start, middle - start), ids, rows

    def sql(self, fields_names):
        from trytond.transaction import Transaction
        columns = ['i.id'] + ['i.%s' % f for f in fields_names if
            '.' not in f and not f.startswith('_')]
        joins = ''
        if 'party.rec_name' in fields_names:
            columns.append("COALESCE(p.name, '[' || p.code || ']')")
            joins = ' LEFT JOIN party_party p ON p.id = i.party'
        if '_timestamp' in fields_names:
            columns.append(
                'EXTRACT(EPOCH FROM COALESCE(i.write_date, i.create_date))')
        query = ('SELECT %s FROM account_invoice i%s '
            'WHERE i.company = ANY(%%s) ORDER BY %s' % (
                ', '.join(columns), joins, ORDER_SQL))
        with Transaction().start(self.database, 0, readonly=True) as t:
            cursor = t.connection.cursor()
            start = time.perf_counter()
            cursor.execute(query, (self.companies,))
            rows = cursor.fetchall()
            end = time.perf_counter()
        return (end - start, None), [r[0] for r in rows], rows

    def show_sql(self):
        from trytond.pool import Pool
        from trytond.transaction import Transaction, check_access
        with Transaction().start(self.database, self.user_id,
                context=self.context, readonly=True):
            Invoice = Pool().get('account.invoice')
            with check_access():
                print("user search:", tuple(Invoice.search([], query=True)))
        with Transaction().start(self.database, 0,
                context=self.context, readonly=True):
            Invoice = Pool().get('account.invoice')
            print("root search:", tuple(
                    Invoice.search(self.domain, query=True)))

    def check(self, fields_names):
        "The three variants give the same rows, in the same order"
        # (no assert statements: they would vanish under python -O)
        _, user_ids, user_rows = self.user(fields_names)
        _, root_ids, root_rows = self.root(fields_names)
        _, sql_ids, _ = self.sql(fields_names)
        if not len(user_ids) == len(root_ids) == len(sql_ids):
            raise SystemExit("not the same rows: user %d, root %d, SQL %d"
                % (len(user_ids), len(root_ids), len(sql_ids)))
        if not user_ids == root_ids == sql_ids:
            raise SystemExit("not the same order of the rows")
        drop = {'_write', '_delete'}  # root may write anything

        def strip(rows):
            return [{k: v for k, v in r.items() if k not in drop}
                for r in rows]
        if strip(user_rows) != strip(root_rows):
            raise SystemExit("user and root read different values")
        return len(user_ids)

    def measure(self, fields_names, repeat, warmup):
        "Return {variant: [(total, search), ...]} of the measured runs"
        variants = [('user', self.user), ('root', self.root),
            ('sql', self.sql)]
        for _ in range(warmup):
            for _, function in variants:
                function(fields_names)
        times = {name: [] for name, _ in variants}
        for index in range(repeat):
            # Take turns, starting with a different variant each time
            shift = index % len(variants)
            for name, function in variants[shift:] + variants[:shift]:
                timing, _, _ = function(fields_names)
                times[name].append(timing)
        return times


def build_summary(durations, args):
    "The lines that say how the database was built"
    d = durations
    per_clinic = args.invoices // args.clinics
    lines = ["build: %.0f s = module activation %.0f s + demo generator "
        "(ORM) %.0f s for %d clinics x %d invoices, %d patients each" % (
            sum(d[k] for k in ['activation', 'generation', 'copy',
                    'vacuum']),
            d['activation'], d['generation'], args.clinics, d['generated'],
            args.patients)]
    if d['copy']:
        lines.append("  + SQL copies (INSERT ... SELECT) of each clinic's "
            "invoices and lines up to %d each: %.0f s" % (
                per_clinic, d['copy']))
    lines.append("  + VACUUM ANALYZE %.0f s" % d['vacuum'])
    return lines


def report(bench, results, build_lines, version, args):
    print()
    print("Record-rule overhead on account.invoice, PostgreSQL %s" % version)
    print("  " + _pg.versions_line())
    print("  %s invoices (draft) over %d clinics; user %s, manager of %s"
        % (format(bench.n_invoices, ','), bench.n_clinics, bench.login,
            bench.clinic_name))
    if args.sharing == 'private':
        print("  sharing: no clinic shares its invoices with the other "
            "clinics: the user reads its clinic's, root the domain "
            "[('company', '=', %d)]" % bench.clinic_id)
    else:
        print("  sharing: the demo's policies: the user reads the invoices "
            "of companies %s, root the domain [('company', 'in', ...)]"
            % bench.companies)
    for line in build_lines:
        print("  " + line)
    print("  median of %d runs after %d warm-up runs; each run a fresh "
        "transaction; time of search+read (search alone in brackets)"
        % (args.repeat, args.warmup))
    print()
    header = ('%-48s %6s %16s %16s %8s %9s %8s  %s' % (
            'fields read', 'rows', 'user ms', 'root ms', 'SQL ms',
            'user/root', 'user/SQL', 'target user/root <= %.2f' % TARGET))
    print(header)
    print('-' * len(header))
    met = True
    for label, rows, times in results:
        user = median_ms([t for t, _ in times['user']])
        user_search = median_ms([s for _, s in times['user']])
        root = median_ms([t for t, _ in times['root']])
        root_search = median_ms([s for _, s in times['root']])
        sql = median_ms([t for t, _ in times['sql']])
        ok = user / root <= TARGET
        met &= ok
        print('%-48s %6d %7.1f (%6.1f) %7.1f (%6.1f) %8.1f %9.2f %8.1f  %s'
            % (label, rows, user, user_search, root, root_search, sql,
                user / root, user / sql, 'met' if ok else 'NOT met'))
    print()
    print("Noise: user/root of the runs taken in the same turn, quartiles "
        "(25% / median / 75%):")
    for label, _, times in results:
        ratios = [u / r for (u, _), (r, _) in zip(
                times['user'], times['root'])]
        if len(ratios) > 1:
            q1, q2, q3 = statistics.quantiles(ratios, n=4)
        else:
            q1 = q2 = q3 = ratios[0]
        print("  %-48s %.2f / %.2f / %.2f" % (label, q1, q2, q3))
    print()
    print("Target (the record rules cost at most 30%% over root): %s" % (
            'met' if met else 'NOT met'))
    return met


def main(argv=None):
    args = parse_args(argv)

    def build_database(config, folder, database):
        return build_summary(build(config, folder, database, args), args)

    with _pg.franchise_database(args, build_database) as (
            uri, config, database, build_lines):
        log("Measuring (%d warm-up + %d runs of each variant)..." % (
                args.warmup, args.repeat))
        bench = Bench(config, database, args)
        if args.show_sql:
            bench.show_sql()
        results = []
        for label, fields_names in FIELD_SETS:
            rows = bench.check(fields_names)
            times = bench.measure(fields_names, args.repeat, args.warmup)
            results.append((label, rows, times))
        met = report(bench, results, build_lines, _pg.server_version(uri),
            args)
    return _pg.exit_status(args, met)


if __name__ == '__main__':
    sys.exit(main())

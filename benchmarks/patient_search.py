#!/usr/bin/env python3
"""How fast the central finds a patient in its contact list, on PostgreSQL.

The issue's target: with 200,000 patients over 20 clinics, the central's
search by phone, by history number and by name prefix answers in under
50 ms at the 95th percentile.  The script builds the franchise with the demo
generator (``python -m demo build``) and copies its patients by SQL up to
the size, then measures in this process, for each kind of lookup, with a
different value of the data at each run:

  ORM  the central's franchise administrator (``central.admin``, who holds
       every company of the franchise), with its real context and
       ``check_access`` on, as an RPC call of the web client runs:
       HistoryNumber.search([('rec_name', 'ilike', '%text%')], limit=40),
       then HistoryNumber.read(ids, the contact list's fields)
  SQL  the same page in hand-written SQL: the same matches (history code
       and number, the patient's name, code, identifiers and phones) in the
       companies the record rules open to the user, the same order and limit

Each run is a fresh Tryton transaction (an empty record cache), after
warming the process caches (rules, sharing, pool) as on a running server.
The ORM and the SQL take turns; p50 and p95 are printed, with whether the
ORM's p95 is under the target.

The database gets the extension pg_trgm, as the deployment should (README:
Production), and Tryton then makes its Similarity indexes trigram ones
(trytond-admin --indexes); --no-trigram measures without it.

Run it with the project's venv from the repository's root:

    .venv/bin/python benchmarks/patient_search.py              # full size
    .venv/bin/python benchmarks/patient_search.py --patients 20000 --keep

See benchmarks/README.md.
"""
import argparse
import random
import sys
import time

import _pg
from _pg import log, percentile_ms

TARGET_MS = 50

# The contact list (history_number_contact_list) as the web client reads
# it: its columns, the rec_name of its many2one fields, the timestamp and
# the write and delete permissions of each row.
FIELDS = [
    'company', 'company.rec_name', 'code', 'party', 'party.rec_name',
    'identifier', 'phone', '_timestamp', '_write', '_delete']

# The lookups: (key, label, what a receptionist types, given a patient's
# row of sample_rows).  The web client turns a typed text into
# ('rec_name', 'ilike', '%text%') (sao's likify: a text without a wildcard
# is searched anywhere).
LOOKUPS = [
    ('phone', "phone (national digits)",
        lambda row: row['phone'].removeprefix('+34')),
    ('code', "history number (MAD-000123)", lambda row: row['code']),
    ('number', "bare history number (000123)", lambda row: row['number']),
    ('name', "name prefix (4 letters of a surname)",
        lambda row: surname(row['name'])[:4]),
    ]

SPANISH_DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE'

# The tables the lookups search, whose trigram indexes the report lists
SEARCHED_TABLES = [
    'clinic_patient_number', 'party_party', 'party_identifier',
    'party_contact_mechanism']


def surname(name):
    "The first surname of a demo patient's name (first name, 2 surnames)"
    words = name.split()
    return words[1] if len(words) > 1 else words[0]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Time the central's search of a patient in its contact "
        "list by phone, history number and name, against raw SQL "
        "(PostgreSQL).")
    _pg.add_database_options(parser, 'patient_search')
    parser.add_argument('--clinics', type=_pg.positive, default=20)
    parser.add_argument('--patients', type=_pg.positive, default=200000,
        help="in total, spread evenly over the clinics (default "
        "%(default)s)")
    parser.add_argument('--seed-patients', type=_pg.positive, default=100,
        help="per clinic, made by the demo generator (ORM); SQL copies them "
        "up to the size (default %(default)s)")
    parser.add_argument('--second-clinic', type=float, default=0.1,
        metavar='SHARE',
        help="the share of the patients who also have a history number in "
        "another clinic (default %(default)s)")
    parser.add_argument('--limit', type=_pg.positive, default=40,
        help="the page the web client asks for (default %(default)s)")
    _pg.add_run_options(parser, repeat=100, warmup=10)
    parser.add_argument('--sharing', choices=['central', 'demo'],
        default='central',
        help="central (default): every clinic shares its patients with the "
        "central (the other categories as the demo's policies); demo: the "
        "demo's policies, where every third clinic keeps its patients")
    parser.add_argument('--company-filter', choices=['one', 'all'],
        default='one',
        help="the user's company filter: one (default), as the demo and "
        "'Back to Central' set it, or all")
    parser.add_argument('--no-trigram', dest='trigram', action='store_false',
        help="do not create the extension pg_trgm (as a deployment that "
        "skips it): Tryton then keeps its "
        "Similarity indexes B-trees that no ILIKE '%%text%%' can use")
    parser.add_argument('--show-sql', action='store_true',
        help="print the SQL of the ORM's search of each lookup")
    parser.add_argument('--explain', action='store_true',
        help="print EXPLAIN ANALYZE of the ORM's search of each lookup")
    _pg.add_tiny_option(parser, clinics=2, patients=40, seed_patients=5,
        repeat=2, warmup=1)
    args = parser.parse_args(argv)
    _pg.apply_tiny(args)
    _pg.check_database_options(parser, args)
    if args.patients < args.clinics:
        parser.error("at least one patient per clinic")
    if not 0 <= args.second_clinic <= 1 or (
            args.second_clinic and args.clinics < 2):
        parser.error("--second-clinic is a share (0 to 1) and needs two "
            "clinics")
    return args


# --- Build -----------------------------------------------------------------

def build(config, folder, database, args):
    "Activate the modules, build the franchise, copy its patients"
    uri = _pg.database_uri(config, database)
    activation = _pg.activate(config, folder, database)
    if args.trigram:
        log("  %.0f s. pg_trgm and Tryton's indexes made again..."
            % activation)
        start = time.monotonic()
        create_extension(uri, 'pg_trgm')
        _pg.update_indexes(config, folder, database)
        activation += time.monotonic() - start
    per_clinic = args.patients // args.clinics
    generated = min(per_clinic, args.seed_patients)
    log("  %.0f s. Building the franchise: %d clinics x %d patients..." % (
            activation, args.clinics, generated))
    generation = _pg.generate(config, database,
        '--clinics', str(args.clinics), '--patients', str(generated),
        '--invoices', '0', '--budgets', '0', '--histories', '0',
        '--no-users')
    log("  %.0f s. Copying them by SQL up to %d patients per clinic..." % (
            generation, per_clinic))
    start = time.monotonic()
    copy_patients(uri, per_clinic - generated, args.second_clinic)
    copy = time.monotonic() - start
    log("  %.0f s. VACUUM ANALYZE..." % copy)
    start = time.monotonic()
    _pg.vacuum_analyze(uri)
    vacuum = time.monotonic() - start
    log("  %.0f s." % vacuum)
    return {'activation': activation, 'generation': generation,
        'generated': generated, 'copy': copy, 'vacuum': vacuum}


def create_extension(uri, name):
    import psycopg
    from psycopg import sql
    with psycopg.connect(uri, autocommit=True) as conn:
        conn.execute(sql.SQL('CREATE EXTENSION IF NOT EXISTS {}').format(
                sql.Identifier(name)))


def copy_patients(uri, extra, second_clinic):
    """Add extra patients to every clinic, then numbers in second clinics

    Copy number g of a clinic is its patient of rank g modulo how many the
    demo generator made, with all the columns of the party, of its
    addresses, phones, identifiers and history number: rows the ORM would
    have made, on fresh ids from Tryton's sequences, the clinics taking
    turns.  What tells patients apart is new: a name drawn from the demo's
    first names and surnames, the party code, a mobile phone and a DNI
    derived from the id (distinct), the next history number of the clinic.
    Then the share second_clinic of all the patients get a number in
    another clinic, the next of that clinic, and Tryton's sequences (party
    codes, history numbers) go on after the numbers given here.
    """
    import psycopg
    with psycopg.connect(uri) as conn:
        conn.execute('SELECT setseed(0.42)')  # the same names every build
        if extra:
            plan_copies(conn, extra)
            copy_rows(conn, 'party_party', 'id', {
                    'name': 'c.name',
                    'code': 'c.code::text',
                    'code_alnum': 'c.code::text',
                    'code_digit': 'c.code',
                    })
            copy_rows(conn, 'party_address', 'party', {})
            copy_rows(conn, 'party_contact_mechanism', 'party', {
                    'value': "regexp_replace(c.phone, "
                    "'^(...)(..)(..)(..)$', '+34 \\1 \\2 \\3 \\4')",
                    'value_compact': "'+34' || c.phone",
                    })
            copy_rows(conn, 'party_identifier', 'party', {
                    'code': 'c.dni', 'code_compact': 'c.dni'})
            copy_rows(conn, 'clinic_patient_number', 'party', {
                    'number': 'c.number',
                    'code': "c.prefix || '-' || c.number",
                    })
        if second_clinic:
            add_second_numbers(conn, second_clinic)
        advance_sequences(conn)


def plan_copies(conn, extra):
    """Fill the temporary table bench_copy: a row per patient to add, with
    its new id, the patient it copies and the values that are its own"""
    from demo.people import FIRST_NAMES, LAST_NAMES
    conn.execute("""
        CREATE TEMPORARY TABLE bench_copy ON COMMIT DROP AS
        SELECT nextval('party_party_id_seq') AS new_id, ordered.*
        FROM (
            SELECT src.party AS old_id, src.company, src.prefix,
                lpad((src.last + g + 1)::text, 6, '0') AS number
            FROM (SELECT n.party, n.company, c.history_prefix AS prefix,
                    row_number() OVER (
                        PARTITION BY n.company ORDER BY n.id) - 1 AS rank,
                    count(*) OVER (PARTITION BY n.company) AS total,
                    max(n.number::integer) OVER (
                        PARTITION BY n.company) AS last
                FROM clinic_patient_number n
                JOIN company_company c ON c.id = n.company) AS src
            JOIN generate_series(0, %(extra)s - 1) AS g
                ON g %% src.total = src.rank
            ORDER BY g, src.company) AS ordered""", {'extra': extra})
    conn.execute("""
        ALTER TABLE bench_copy
            ADD COLUMN name VARCHAR, ADD COLUMN code BIGINT,
            ADD COLUMN phone VARCHAR, ADD COLUMN dni VARCHAR""")
    # Distinct phones and DNIs: new_id times a number prime to the range
    conn.execute("""
        UPDATE bench_copy SET
            name = (%(first)s::text[])[1 + floor(random() * %(n_first)s)]
                || ' ' || (%(last)s::text[])[1 + floor(random() * %(n_last)s)]
                || ' ' || (%(last)s::text[])[1 + floor(random() * %(n_last)s)],
            code = (SELECT max(code_digit) FROM party_party) + new_id,
            phone = (600000000 + new_id * 7919 %% 100000000)::text,
            dni = lpad((10000000 + new_id * 104729 %% 90000000)::text, 8, '0')
        """, {'first': FIRST_NAMES, 'n_first': len(FIRST_NAMES),
            'last': LAST_NAMES, 'n_last': len(LAST_NAMES)})
    # The DNI's check letter
    conn.execute('UPDATE bench_copy SET dni = dni || substr(%s::text, '
        '(dni::integer %% 23 + 1)::integer, 1)', (SPANISH_DNI_LETTERS,))


def copy_rows(conn, table, link, values):
    """Copy the rows of table that belong to the patients of bench_copy

    link is the column that points to the patient ('id' for party_party
    itself); values maps columns to the SQL expressions that replace them
    (c is the row of bench_copy, s the copied row); the other columns keep
    the copied row's value.
    """
    from psycopg import sql
    columns = _pg.table_columns(conn, table, {'id', link, *values})
    if link == 'id':
        target = [sql.Identifier('id')]
        source = [sql.SQL('c.new_id')]
    else:
        target = [sql.Identifier('id'), sql.Identifier(link)]
        source = [sql.SQL('nextval({})').format(
                sql.Literal(table + '_id_seq')), sql.SQL('c.new_id')]
    target += [sql.Identifier(c) for c in [*values, *columns]]
    source += [sql.SQL(e) for e in values.values()]
    source += [sql.Identifier('s', c) for c in columns]
    conn.execute(sql.SQL(
            'INSERT INTO {table} ({target}) SELECT {source} '
            'FROM bench_copy c JOIN {table} s ON s.{link} = c.old_id '
            'ORDER BY c.new_id, s.id').format(
            table=sql.Identifier(table),
            target=sql.SQL(', ').join(target),
            source=sql.SQL(', ').join(source),
            link=sql.Identifier(link)))


def add_second_numbers(conn, share):
    """Give the share of the patients a history number in another clinic
    (drawn at random), the next numbers of that clinic"""
    columns = _pg.table_columns(conn, 'clinic_patient_number',
        {'id', 'company', 'number', 'code'})
    conn.execute("""
        CREATE TEMPORARY TABLE bench_second ON COMMIT DROP AS
        WITH clinic AS (
            SELECT id, history_prefix AS prefix,
                row_number() OVER (ORDER BY id) - 1 AS k,
                count(*) OVER () AS total
            FROM company_company WHERE clinic_role = 'clinic'),
        picked AS MATERIALIZED (
            -- the other clinic: 1 to total - 1 clinics after its own
            SELECT n.id AS old_id, (own.k + 1 + floor(
                    random() * (own.total - 1))::integer) %% own.total AS k
            FROM clinic_patient_number n
            JOIN clinic own ON own.id = n.company
            WHERE random() < %s),
        drawn AS (
            SELECT p.old_id, other.id AS company, other.prefix
            FROM picked p JOIN clinic other ON other.k = p.k)
        SELECT d.*, lpad((
                (SELECT max(number::integer) FROM clinic_patient_number m
                    WHERE m.company = d.company)
                + row_number() OVER (
                    PARTITION BY d.company ORDER BY d.old_id))::text,
                6, '0') AS number
        FROM drawn d""", (share,))
    from psycopg import sql
    conn.execute(sql.SQL(
            'INSERT INTO clinic_patient_number '
            '(id, company, number, code, {columns}) '
            "SELECT nextval('clinic_patient_number_id_seq'), d.company, "
            "d.number, d.prefix || '-' || d.number, {source} "
            'FROM bench_second d '
            'JOIN clinic_patient_number s ON s.id = d.old_id '
            'ORDER BY s.id').format(
            columns=sql.SQL(', ').join(map(sql.Identifier, columns)),
            source=sql.SQL(', ').join(
                sql.Identifier('s', c) for c in columns)))


def advance_sequences(conn):
    """Make Tryton's sequences go on after the numbers given by SQL: the
    party codes and each clinic's history numbers"""
    nexts = conn.execute("""
        SELECT c.history_sequence, max(n.number::integer) + 1
        FROM company_company c
        JOIN clinic_patient_number n ON n.company = c.id
        WHERE c.history_sequence IS NOT NULL
        GROUP BY c.history_sequence""").fetchall()
    nexts += conn.execute("""
        SELECT s.party_sequence, (SELECT max(code_digit) + 1
            FROM party_party)
        FROM party_configuration_party_sequence s
        WHERE s.party_sequence IS NOT NULL""").fetchall()
    for sequence, number in nexts:
        conn.execute('UPDATE ir_sequence SET number_next_internal = %s '
            'WHERE id = %s', (number, sequence))
        # On PostgreSQL, an incremental sequence is a database sequence
        name = 'ir_sequence_%d' % sequence
        if conn.execute('SELECT to_regclass(%s)', (name,)).fetchone()[0]:
            conn.execute('SELECT setval(%s, %s, false)', (name, number))


def build_summary(durations, args):
    "The lines that say how the database was built"
    d = durations
    per_clinic = args.patients // args.clinics
    lines = ["build: %.0f s = module activation %.0f s%s + demo generator "
        "(ORM) %.0f s for %d clinics x %d patients" % (
            sum(d[k] for k in ['activation', 'generation', 'copy',
                    'vacuum']),
            d['activation'],
            ' (then pg_trgm and its indexes)' if args.trigram else '',
            d['generation'], args.clinics, d['generated'])]
    lines.append("  + SQL copies (INSERT ... SELECT) of each clinic's "
        "patients (party, address, phone, DNI, history number) up to %d "
        "each, %g of them with a number in a second clinic: %.0f s" % (
            per_clinic, args.second_clinic, d['copy']))
    lines.append("  + VACUUM ANALYZE %.0f s" % d['vacuum'])
    return lines


# --- Measure ---------------------------------------------------------------

class Bench:
    "The central's lookups in its contact list, through the ORM and in SQL"

    def __init__(self, config, database, args):
        self.database = database
        self.args = args
        _pg.open_pool(config, database)
        self.setup()

    def setup(self):
        "Set the sharing, find or make the central's administrator; as root"
        from trytond.pool import Pool
        from trytond.transaction import Transaction

        from demo import franchise as demo

        with Transaction().start(self.database, 0,
                context={'language': 'en'}) as transaction:
            pool = Pool()
            Company = pool.get('company.company')
            User = pool.get('res.user')
            clinics = Company.search(
                [('clinic_role', '=', 'clinic')], order=[('id', 'ASC')])
            central, = Company.search([('clinic_role', '=', 'central')])
            self.n_clinics = len(clinics)
            self.central_name = central.rec_name
            for index, clinic in enumerate(clinics):
                shares = dict(demo.POLICIES[index % len(demo.POLICIES)])
                if self.args.sharing == 'central':
                    _, clinics_too = shares.get('contacts', (False, False))
                    shares['contacts'] = (True, clinics_too)
                demo.set_policy(clinic, shares)
            self.login = 'central.admin'
            users = User.search([('login', '=', self.login)])
            if users:
                user, = users
            else:
                _, name, groups = [
                    u for u in demo.CENTRAL_USERS if u[0] == self.login][0]
                user = demo.create_user(self.login, name, groups,
                    [central, *clinics], central)
            user.company = central
            user.company_filter = self.args.company_filter
            user.save()
            self.user_id = user.id
            transaction.commit()

        with Transaction().start(self.database, self.user_id):
            User = Pool().get('res.user')
            self.context = User.get_preferences(context_only=True)
        with Transaction().start(self.database, self.user_id,
                context=self.context, readonly=True):
            from trytond.transaction import check_access
            Sharing = Pool().get('clinic.sharing.policy')
            with check_access():
                # The companies whose patients the 'contacts' policy opens
                self.companies = Sharing.readable_companies('contacts')
        self.count_data()

    def count_data(self):
        """How many patients and numbers there are and the user reads; the
        extensions, trigram indexes and JIT setting of the database"""
        from trytond.transaction import Transaction
        with Transaction().start(self.database, 0, readonly=True) as t:
            cursor = t.connection.cursor()
            cursor.execute('SELECT count(DISTINCT party), count(*), '
                'count(*) FILTER (WHERE company = ANY(%s)) '
                'FROM clinic_patient_number', (self.companies,))
            self.n_patients, self.n_numbers, self.n_readable = (
                cursor.fetchone())
            cursor.execute("SELECT extname FROM pg_extension "
                "WHERE extname IN ('pg_trgm', 'unaccent') ORDER BY 1")
            self.extensions = [e for e, in cursor]
            cursor.execute("""
                SELECT t.relname, substring(pg_get_indexdef(i.indexrelid)
                    FROM 'USING gin \\((.*) gin_trgm_ops\\)')
                FROM pg_index i
                JOIN pg_class t ON t.oid = i.indrelid
                JOIN pg_class x ON x.oid = i.indexrelid
                JOIN pg_am a ON a.oid = x.relam
                WHERE a.amname = 'gin' AND t.relname = ANY(%s)
                ORDER BY 1, 2""", (SEARCHED_TABLES,))
            self.trigram_indexes = ['%s(%s)' % (
                    table, expression.replace('::character varying', ''))
                for table, expression in cursor]
            cursor.execute('SHOW jit')
            self.jit, = cursor.fetchone()

    def sample_rows(self, count, seed):
        """Return count patients' rows (code, number, name, phone) drawn
        at random from the numbers the user reads"""
        from trytond.transaction import Transaction
        with Transaction().start(self.database, 0, readonly=True) as t:
            cursor = t.connection.cursor()
            cursor.execute('SELECT id FROM clinic_patient_number '
                'WHERE company = ANY(%s) ORDER BY id', (self.companies,))
            ids = [i for i, in cursor]
            drawn = random.Random(seed).sample(ids, min(count, len(ids)))
            cursor.execute("""
                SELECT n.id, n.code, n.number, p.name, (
                    SELECT m.value_compact FROM party_contact_mechanism m
                    WHERE m.party = p.id AND m.type IN ('phone', 'mobile')
                    ORDER BY m.id LIMIT 1)
                FROM clinic_patient_number n
                JOIN party_party p ON p.id = n.party
                WHERE n.id = ANY(%s)""", (drawn,))
            rows = {r[0]: dict(zip(
                        ['id', 'code', 'number', 'name', 'phone'], r))
                for r in cursor}
        return [rows[i] for i in drawn]

    @staticmethod
    def domain(text):
        "What the web client sends for text typed in the search box"
        return [('rec_name', 'ilike', '%' + text + '%')]

    def orm(self, text):
        from trytond.pool import Pool
        from trytond.transaction import Transaction, check_access
        with Transaction().start(self.database, self.user_id,
                context=self.context, readonly=True):
            Number = Pool().get('clinic.patient.number')
            with check_access():
                start = time.perf_counter()
                ids = list(map(int, Number.search(
                            self.domain(text), limit=self.args.limit)))
                middle = time.perf_counter()
                rows = Number.read(ids, FIELDS)
                end = time.perf_counter()
        return (end - start, middle - start), ids, rows

    def sql(self, text):
        from trytond.transaction import Transaction
        with Transaction().start(self.database, 0, readonly=True) as t:
            cursor = t.connection.cursor()
            start = time.perf_counter()
            cursor.execute(SQL_PAGE, {
                    'companies': self.companies, 'text': '%' + text + '%',
                    # party's search_rec_name: codes from the start
                    'code': text + '%', 'limit': self.args.limit})
            rows = cursor.fetchall()
            end = time.perf_counter()
        return (end - start, None), [r[0] for r in rows], rows

    def orm_query(self, text):
        "The SQL and parameters of the ORM's search of text"
        from trytond.pool import Pool
        from trytond.transaction import Transaction, check_access
        with Transaction().start(self.database, self.user_id,
                context=self.context, readonly=True):
            Number = Pool().get('clinic.patient.number')
            with check_access():
                return tuple(Number.search(self.domain(text),
                        limit=self.args.limit, query=True))

    def explain(self, text):
        "EXPLAIN ANALYZE of the ORM's search of text"
        from trytond.transaction import Transaction
        query, params = self.orm_query(text)
        with Transaction().start(self.database, 0, readonly=True) as t:
            cursor = t.connection.cursor()
            cursor.execute('EXPLAIN (ANALYZE, BUFFERS) ' + query, params)
            return '\n'.join(line for line, in cursor)

    def check(self, texts):
        """The ORM and the SQL find the same numbers, in the same order,
        and show the same clinic, code, patient, identifier and phone"""
        for text in texts:
            _, orm_ids, orm_rows = self.orm(text)
            _, sql_ids, sql_rows = self.sql(text)
            if orm_ids != sql_ids:
                raise SystemExit("ORM and SQL differ for %r: %s / %s" % (
                        text, orm_ids, sql_ids))
            # (read returns the rows in its own order)
            shown = {r['id']: (r['company.']['rec_name'], r['code'],
                    r['party.']['rec_name'], r['identifier'],
                    r['phone'] or None) for r in orm_rows}
            if shown != {r[0]: tuple(r[i] for i in [2, 3, 5, 6, 7])
                    for r in sql_rows}:
                raise SystemExit("ORM and SQL show different values for "
                    "%r:\n%s\n%s" % (text, shown, sql_rows))

    def measure(self, texts, warmup):
        """Return {variant: [(total, search), ...]}, {variant: rows} of the
        runs after warmup, one text each"""
        variants = [('orm', self.orm), ('sql', self.sql)]
        times = {name: [] for name, _ in variants}
        rows = {name: [] for name, _ in variants}
        for index, text in enumerate(texts):
            # Take turns, starting with the other variant each time
            shift = index % len(variants)
            for name, function in variants[shift:] + variants[:shift]:
                timing, ids, _ = function(text)
                if index >= warmup:
                    times[name].append(timing)
                    rows[name].append(len(ids))
        return times, rows


# The contact list's page in SQL.  A history number matches by its code or
# number, or by its patient's rec_name as party.party searches it (name
# anywhere, code and identifiers from the start, phones anywhere); written
# as a UNION so that each part may use its own index (trigram indexes, where
# there are some: the expressions are those Tryton indexes).  The companies
# are those the rules open to the user: a patient with a number there is
# readable, and so are its identifiers and phones.  Tryton's order
# (company, number, id) and limit; the columns the list shows.
SQL_PAGE = """
    WITH matched AS (
        SELECT n.id FROM clinic_patient_number n
        WHERE COALESCE(n.code, '') ILIKE %(text)s
            OR COALESCE(n.number, '') ILIKE %(text)s
        UNION
        SELECT n.id FROM clinic_patient_number n
        JOIN (
            SELECT p.id AS party FROM party_party p
            WHERE p.active AND (COALESCE(p.name, '') ILIKE %(text)s
                OR p.code ILIKE %(code)s)
            UNION
            SELECT i.party FROM party_identifier i
            WHERE i.active AND (i.code ILIKE %(code)s
                OR i.code_compact ILIKE %(code)s)
            UNION
            SELECT m.party FROM party_contact_mechanism m
            WHERE m.active AND (m.value ILIKE %(text)s
                OR m.value_compact ILIKE %(text)s)
            ) AS found ON found.party = n.party)
    SELECT n.id, n.company, cp.name, n.code, n.party, p.name,
        (SELECT i.code FROM party_identifier i
            WHERE i.party = p.id AND i.active
            ORDER BY i.sequence NULLS FIRST, i.id LIMIT 1),
        (SELECT m.value FROM party_contact_mechanism m
            WHERE m.party = p.id AND m.active AND m.type IN ('phone', 'mobile')
            ORDER BY m.type = 'mobile', m.sequence NULLS FIRST, m.id LIMIT 1),
        EXTRACT(EPOCH FROM COALESCE(n.write_date, n.create_date))
    FROM clinic_patient_number n
    JOIN matched ON matched.id = n.id
    JOIN party_party p ON p.id = n.party
    JOIN company_company c ON c.id = n.company
    JOIN party_party cp ON cp.id = c.party
    WHERE n.company = ANY(%(companies)s)
    ORDER BY n.company, n.number, n.id
    LIMIT %(limit)s"""


def report(bench, results, build_lines, version, args):
    print()
    print("Patient search in the central's contact list "
        "(clinic.patient.number), PostgreSQL %s" % version)
    print("  " + _pg.versions_line())
    print("  %s patients, %s history numbers over %d clinics" % (
            format(bench.n_patients, ','), format(bench.n_numbers, ','),
            bench.n_clinics))
    print("  extensions: %s; jit: %s; trigram indexes: %s" % (
            ', '.join(bench.extensions) or 'none', bench.jit,
            ', '.join(bench.trigram_indexes) or 'none'))
    print("  user %s at %s (company filter %s): the rules open the "
        "numbers of %d companies, %s numbers (sharing %s)" % (
            bench.login, bench.central_name, args.company_filter,
            len(bench.companies), format(bench.n_readable, ','),
            args.sharing))
    for line in build_lines:
        print("  " + line)
    print("  %d runs per lookup after %d warm-up runs, a different value "
        "of the data each; each run a fresh transaction" % (
            args.repeat, args.warmup))
    print("  ORM: search([('rec_name', 'ilike', '%%text%%')], limit=%d) "
        "+ read(%s)" % (args.limit, ', '.join(FIELDS)))
    print()
    header = '%-38s %5s %15s %15s %15s  %s' % (
        'lookup', 'rows', 'ORM p50 / p95', '(search alone)',
        'SQL p50 / p95', 'target ORM p95 < %d ms' % TARGET_MS)
    print(header)
    print('-' * len(header))
    met = True
    for label, times, rows in results:
        orm = [t for t, _ in times['orm']]
        search = [s for _, s in times['orm']]
        sql = [t for t, _ in times['sql']]
        ok = percentile_ms(orm, 95) < TARGET_MS
        met &= ok
        print('%-38s %5.1f %7.1f %7.1f %7.1f %7.1f %7.1f %7.1f  %s' % (
                label, sum(rows['orm']) / len(rows['orm']),
                percentile_ms(orm, 50), percentile_ms(orm, 95),
                percentile_ms(search, 50), percentile_ms(search, 95),
                percentile_ms(sql, 50), percentile_ms(sql, 95),
                'met' if ok else 'NOT met'))
    print()
    print("Target (p95 of the ORM's search+read under %d ms): %s" % (
            TARGET_MS, 'met' if met else 'NOT met'))
    return met


def measure_lookups(bench, args):
    "Return [(label, times, rows)] of each lookup, a new value each run"
    rows = bench.sample_rows(args.warmup + args.repeat, seed=8)
    results = []
    for key, label, typed in LOOKUPS:
        texts = [typed(row) for row in rows]
        if args.show_sql:
            print("%s %r: %s" % (key, texts[0], bench.orm_query(texts[0])))
        if args.explain:
            print("%s %r:\n%s\n" % (key, texts[0], bench.explain(texts[0])))
        bench.check(texts[:3])
        log("  %s..." % label)
        times, counts = bench.measure(texts, args.warmup)
        results.append((label, times, counts))
    return results


def main(argv=None):
    args = parse_args(argv)

    def build_database(config, folder, database):
        return build_summary(build(config, folder, database, args), args)

    with _pg.franchise_database(args, build_database) as (
            uri, config, database, build_lines):
        log("Measuring (%d warm-up + %d runs of each lookup)..." % (
                args.warmup, args.repeat))
        bench = Bench(config, database, args)
        results = measure_lookups(bench, args)
        met = report(bench, results, build_lines, _pg.server_version(uri),
            args)
    return _pg.exit_status(args, met)


if __name__ == '__main__':
    sys.exit(main())

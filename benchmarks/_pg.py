"""What the benchmarks share: a PostgreSQL database of a demo franchise.

A throwaway cluster (scripts/pg_cluster.sh) or a server of yours; the
database created there, built (trytond-admin, then the demo generator),
described in its comment, then kept or dropped; the command-line options
that go with it; the timing helpers.  The benchmarks import it as ``_pg``
(they run from this folder: ``python benchmarks/NAME.py``).
"""
import argparse
import contextlib
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlsplit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)  # the benchmarks use the demo package
from demo.__main__ import MODULES  # noqa: E402

PG_CLUSTER = os.path.join(ROOT, 'scripts', 'pg_cluster.sh')
# Every benchmark activates the demo's modules (MODULES): on the suite's
# throwaway cluster they then start from the suite's own template of them
ADMIN_PASSWORD = 'admin-Bench-8'
# Whether activate starts from a template of the activated modules
# (--activation-template)
ACTIVATION_TEMPLATE = False


# --- Options ---------------------------------------------------------------

def add_database_options(parser, database):
    "The options that say where the database is and what becomes of it"
    parser.add_argument('--database-uri', metavar='URI',
        help="an existing PostgreSQL server, e.g. "
        "postgresql://postgres@127.0.0.1:5432/ (default: start a throwaway "
        "cluster with scripts/pg_cluster.sh)")
    parser.add_argument('--database', default=database,
        help="name of the database to build (default %(default)s)")
    parser.add_argument('--reuse', metavar='DBNAME',
        help="measure an already built database (see --keep) instead of "
        "building one; needs --database-uri")
    parser.add_argument('--keep', action='store_true',
        help="keep the database (and a throwaway cluster running) to "
        "measure it again with --reuse")
    parser.add_argument('--activation-template', action='store_true',
        help="start from a template of the activated modules kept on the "
        "server (made by the first run that needs it, named after the "
        "modules): for runs one after the other on a throwaway cluster, "
        "as CI's tiny runs; drop it after changing the modules' code")


def add_run_options(parser, repeat, warmup):
    "The options that say how many times to measure"
    parser.add_argument('--repeat', type=int, default=repeat,
        help="measured runs of each variant (default %(default)s)")
    parser.add_argument('--warmup', type=int, default=warmup,
        help="unmeasured runs of each variant first (default %(default)s)")


def add_tiny_option(parser, **sizes):
    """--tiny: sizes so small that a run takes a few minutes, build
    included, yet goes the whole way (build, the ORM's measurement, the
    raw-SQL yardstick, the printed table). CI runs each script so to see
    that it still works: the figures of a tiny run say nothing of the
    target, so its exit status says only whether it ran to its table."""
    parser.add_argument('--tiny', action='store_true',
        help="run the whole way at a tiny size (%s), whatever the size "
        "options say; exit 0 once the table is printed, target met or not"
        % ', '.join('--%s %s' % (n.replace('_', '-'), v)
            for n, v in sizes.items()))
    parser.set_defaults(tiny_sizes=sizes)


def apply_tiny(args):
    "Set the tiny sizes on args where --tiny was given"
    if args.tiny:
        for name, value in args.tiny_sizes.items():
            setattr(args, name, value)


def exit_status(args, met):
    "0 when the target is met, or when a tiny run printed its table"
    return 0 if met or args.tiny else 1


def check_database_options(parser, args):
    global ACTIVATION_TEMPLATE
    ACTIVATION_TEMPLATE = getattr(args, 'activation_template', False)
    if args.reuse and not args.database_uri:
        parser.error("--reuse needs --database-uri (a kept database lives "
            "in a running cluster: the URI printed by --keep)")
    if args.repeat < 1 or args.warmup < 0:
        parser.error("--repeat must be positive, --warmup not negative")


def positive(text):
    "An argparse type: an integer above 0"
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be positive: %s" % text)
    return value


def log(message):
    print(message, file=sys.stderr, flush=True)


def venv_command(name):
    return os.path.join(os.path.dirname(sys.executable), name)


def run(command, **kwargs):
    "Run command, showing its output only when it fails"
    result = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, **kwargs)
    if result.returncode:
        sys.stderr.write(result.stdout)
        raise SystemExit("failed: %s" % ' '.join(command))
    return result.stdout


# --- PostgreSQL ------------------------------------------------------------

class Cluster:
    "A throwaway cluster of scripts/pg_cluster.sh, started and stopped here"

    def __init__(self):
        script = ('. "$1"; pg_cluster_start >&2 || exit 1; '
            'printf "%s\\n" "$PG_URI" "$PG_TMP" "$PG_BIN"')
        result = subprocess.run(['bash', '-c', script, 'bash', PG_CLUSTER],
            stdout=subprocess.PIPE, text=True, check=True)
        self.uri, self.tmp, self.bin = result.stdout.split()

    def stop(self):
        script = '. "$1"; PG_TMP="$2"; PG_BIN="$3"; pg_cluster_stop'
        subprocess.run(['bash', '-c', script, 'bash', PG_CLUSTER, self.tmp,
                self.bin], check=False)

    def stop_command(self):
        owner = 'runuser -u postgres -- ' if os.getuid() == 0 else ''
        return '%s%s/pg_ctl -D %s/data stop && rm -rf %s' % (
            owner, self.bin, self.tmp, self.tmp)


def admin_uri(uri):
    "The URI of the server's maintenance database"
    return urlsplit(uri)._replace(path='/postgres').geturl()


def database_exists(uri, name):
    import psycopg
    with psycopg.connect(admin_uri(uri), autocommit=True) as conn:
        return bool(conn.execute(
                'SELECT 1 FROM pg_database WHERE datname = %s',
                (name,)).fetchone())


def create_database(uri, name, template='template0'):
    import psycopg
    from psycopg import sql
    with psycopg.connect(admin_uri(uri), autocommit=True) as conn:
        conn.execute(sql.SQL(
                "CREATE DATABASE {} TEMPLATE {} ENCODING 'UTF8'")
            .format(sql.Identifier(name), sql.Identifier(template)))


def drop_database(uri, name):
    import psycopg
    from psycopg import sql
    with psycopg.connect(admin_uri(uri), autocommit=True) as conn:
        conn.execute(sql.SQL('DROP DATABASE IF EXISTS {} WITH (FORCE)')
            .format(sql.Identifier(name)))


def describe_database(uri, name, text=None):
    "Set (or return) what the database holds: its build, in its comment"
    import psycopg
    from psycopg import sql
    with psycopg.connect(admin_uri(uri), autocommit=True) as conn:
        if text is not None:
            conn.execute(sql.SQL('COMMENT ON DATABASE {} IS {}').format(
                    sql.Identifier(name), sql.Literal(text)))
        return conn.execute(
            'SELECT shobj_description(oid, %s) FROM pg_database '
            'WHERE datname = %s', ('pg_database', name)).fetchone()[0]


def server_version(uri):
    import psycopg
    with psycopg.connect(admin_uri(uri), autocommit=True) as conn:
        return conn.execute('SHOW server_version').fetchone()[0]


def database_uri(config, database):
    "The URI of database on the server of the trytond configuration"
    import configparser
    parser = configparser.ConfigParser()
    parser.read(config)
    return urlsplit(parser.get('database', 'uri'))._replace(
        path='/' + database).geturl()


def table_columns(conn, table, skip=()):
    "The columns of table, in their order, but those of skip"
    return [c for c, in conn.execute(
            'SELECT column_name FROM information_schema.columns '
            'WHERE table_schema = current_schema() AND table_name = %s '
            'ORDER BY ordinal_position', (table,))
        if c not in skip]


def vacuum_analyze(uri):
    "Give the planner its statistics, as autovacuum would after a while"
    import psycopg
    with psycopg.connect(uri, autocommit=True) as conn:
        conn.execute('VACUUM ANALYZE')


# --- Build -----------------------------------------------------------------

def write_config(uri, folder):
    path = os.path.join(folder, 'trytond.conf')
    with open(path, 'w') as fp:
        # As config/postgresql.conf: the caches of the process are
        # invalidated through LISTEN/NOTIFY
        fp.write('[database]\nuri = %s\n\n[cache]\nclean_timeout = 0\n'
            % uri)
    return path


def activate(config, folder, database):
    """Activate MODULES on database with trytond-admin, or copy their
    template (--activation-template); return the seconds"""
    start = time.monotonic()
    uri = urlsplit(database_uri(config, database))._replace(
        path='/').geturl()
    template = 'bench_activated_%s' % hashlib.sha1(
        ' '.join(sorted(MODULES)).encode()).hexdigest()[:12]
    if ACTIVATION_TEMPLATE:
        for name in [suite_template(), template]:
            if database_exists(uri, name):
                log("Copying the activated modules of template %s..."
                    % name)
                drop_database(uri, database)
                create_database(uri, database, template=name)
                return time.monotonic() - start
    run_admin(config, folder, database)
    if ACTIVATION_TEMPLATE:
        create_database(uri, template, template=database)
    return time.monotonic() - start


def suite_template():
    """The name of the template of MODULES activated that the test suite
    keeps on PostgreSQL (DB_CACHE=postgresql://cache, as Tryton's
    test_tryton names it: its tests of every module start from it)"""
    name = hashlib.shake_128('-'.join(MODULES).encode()).hexdigest(20)
    return 'test-%s' % name


def update_indexes(config, folder, database):
    """Have trytond-admin make every model's indexes again (--indexes):
    after an extension that changes their kind, such as pg_trgm"""
    run([venv_command('trytond-admin'), '-c', config, '-d', database,
            '--indexes'])


def run_admin(config, folder, database):
    "Activate MODULES on database with trytond-admin"
    passfile = os.path.join(folder, 'admin-password')
    with open(passfile, 'w') as fp:
        fp.write(ADMIN_PASSWORD)
    log("Activating %s on %s..." % (', '.join(MODULES), database))
    run([venv_command('trytond-admin'), '-c', config, '-d', database,
            '--all', '--activate-dependencies', '-u', *MODULES,
            '--email', 'admin@localhost'],
        env=dict(os.environ, TRYTONPASSFILE=passfile))


def generate(config, database, *options):
    "Run the demo generator (python -m demo build); return the seconds"
    start = time.monotonic()
    run([sys.executable, '-m', 'demo', 'build', '-c', config,
            '-d', database, *options])
    return time.monotonic() - start


@contextlib.contextmanager
def franchise_database(args, build):
    """Yield (uri, config, database, build_lines) of the database to measure

    The server is --database-uri or a throwaway cluster. With --reuse, the
    database is the one named, and build_lines what its comment says of its
    build; otherwise it is --database, created (it must not exist) and
    built by build(config, folder, database), which returns the lines that
    describe the build (kept in the database's comment). At the end the
    database is dropped and the cluster removed, unless --keep.
    """
    folder = tempfile.mkdtemp(prefix='clinic-bench.')
    cluster = uri = None
    database = args.reuse or args.database
    built = False
    try:
        if args.database_uri:
            uri = args.database_uri
            if not uri.endswith('/'):
                uri = urlsplit(uri)._replace(path='/').geturl()
        else:
            log("Starting a throwaway PostgreSQL cluster...")
            cluster = Cluster()
            uri = cluster.uri
        config = write_config(uri, folder)
        if args.reuse:
            if not database_exists(uri, database):
                raise SystemExit("no database %r at %s" % (database, uri))
            build_lines = ["reused database %s, built before:" % database]
            build_lines += ['  ' + line for line in (
                    describe_database(uri, database) or '?').splitlines()]
        else:
            if database_exists(uri, database):
                raise SystemExit("database %r exists: measure it with "
                    "--reuse %s or drop it" % (database, database))
            create_database(uri, database)
            built = True
            build_lines = build(config, folder, database)
            describe_database(uri, database, '\n'.join(build_lines))
        yield uri, config, database, build_lines
    finally:
        stop_cache_listener(database)
        if args.keep:
            if built or args.reuse:
                log("\nKept database %s: rerun with --database-uri %s "
                    "--reuse %s" % (database, uri, database))
            if cluster:
                log("The cluster keeps running; stop it with: %s"
                    % cluster.stop_command())
        elif built and not cluster:
            drop_database(uri, database)  # FORCE: ends our connections
        if cluster and not args.keep:
            cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


def stop_cache_listener(database):
    """Stop the thread by which Tryton listens to the database's cache
    notifications (clean_timeout = 0), if this process started one, so that
    it does not crash noisily when the database or the cluster goes away"""
    if 'trytond.cache' in sys.modules:
        from trytond.cache import Cache
        Cache.drop(database)


# --- Measure ---------------------------------------------------------------

def open_pool(config, database):
    "Load trytond's configuration and the pool of database in this process"
    from trytond import config as tryton_config
    tryton_config.update_etc(config)
    from trytond.pool import Pool
    Pool(database).init()


def median_ms(values):
    return statistics.median(values) * 1000


def percentile_ms(values, percent):
    """The percent-th percentile of values (seconds) in milliseconds, by
    linear interpolation between the closest ranks"""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0] * 1000
    rank = (len(ordered) - 1) * percent / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return (ordered[low] + (ordered[high] - ordered[low]) * (rank - low)
        ) * 1000


def versions_line():
    "Python, psycopg (and its libpq wrapper) and trytond versions"
    import platform

    import psycopg
    import trytond
    return "Python %s%s, psycopg %s (%s implementation), trytond %s" % (
        platform.python_version(),
        ' -O (no assert statements)' if sys.flags.optimize else '',
        psycopg.__version__, psycopg.pq.__impl__, trytond.__version__)

#!/usr/bin/env python3
"""How fast the agenda finds the first free slots, on PostgreSQL.

The issue's target: with 20 clinics, 200 practitioners and 500,000
appointments, finding the first 10 free slots for a specialty across all
the clinics over the next 14 days takes under 300 ms.  The script builds
the franchise with the demo generator (``python -m demo build``), gives
each clinic its practitioners (their specialties, weekly hours, chairs,
a closure and some leave) through the ORM, books the appointments by SQL,
then measures in this process, for each specialty asked:

  ORM  the central's franchise administrator (``central.admin``, who holds
       every company of the franchise, with the company filter 'all'), with
       its real context and ``check_access`` on, as an RPC call runs:
       clinic.availability.find_slots(specialty=..., limit=10)
  SQL  the same slots in one hand-written query: a generate_series of the
       slots of the practitioners' hours, anti-joined with the live
       appointments (of the person, in any clinic, and of the rooms) and
       the closures and leave, the same order and limit; run window by
       window of time as the ORM reads the appointments, with jit off

Each run is a fresh Tryton transaction (an empty record cache), after
warming the process caches as on a running server.  The ORM and the SQL
take turns; p50 and p95 are printed, with whether the ORM's p95 is under
the target.

Run it with the project's venv from the repository's root:

    .venv/bin/python benchmarks/availability.py              # full size
    .venv/bin/python benchmarks/availability.py --clinics 4 \\
        --practitioners 40 --appointments 20000 --keep       # a quick look

See benchmarks/README.md.
"""
import argparse
import cProfile
import datetime as dt
import io
import pstats
import sys
import time

import _pg
from _agenda_build import build, build_summary
from _pg import log, percentile_ms

TARGET_MS = 300


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Time the agenda's search of the first free slots of a "
        "specialty across the franchise's clinics, against raw SQL "
        "(PostgreSQL).")
    _pg.add_database_options(parser, 'availability')
    parser.add_argument('--clinics', type=_pg.positive, default=20)
    parser.add_argument('--practitioners', type=_pg.positive, default=200,
        help="in total, spread evenly over the clinics (default "
        "%(default)s)")
    parser.add_argument('--appointments', type=_pg.positive, default=500000,
        help="in total: the next --future-weeks booked at --future-rates, "
        "the weeks before today at --past-rate, back as far as it takes "
        "(default %(default)s)")
    parser.add_argument('--future-weeks', type=_pg.positive, default=8)
    parser.add_argument('--future-rates', default='0.9,0.8,0.6,0.4,0.2',
        help="the share of the half hours booked in each week from today; "
        "the last for the weeks after (default %(default)s)")
    parser.add_argument('--past-rate', type=float, default=0.75)
    parser.add_argument('--patients', type=_pg.positive, default=20,
        help="per clinic, made by the demo generator; the appointments "
        "take them in turn (default %(default)s)")
    parser.add_argument('--specialties',
        default='dentistry,orthodontics,physiotherapy',
        help="the specialties searched, one line each (keys of the demo's "
        "SPECIALTIES; default %(default)s)")
    parser.add_argument('--days', type=_pg.positive, default=14,
        help="how far the search looks (default %(default)s)")
    parser.add_argument('--limit', type=_pg.positive, default=10)
    _pg.add_run_options(parser, repeat=50, warmup=5)
    parser.add_argument('--explain', action='store_true',
        help="print the queries of one ORM search with their times, and "
        "EXPLAIN ANALYZE of the slowest and of the SQL")
    parser.add_argument('--profile', action='store_true',
        help="print the profile (cProfile) of one ORM search to stderr")
    _pg.add_tiny_option(parser, clinics=2, practitioners=20,
        appointments=2000, patients=3, future_weeks=2, repeat=2, warmup=1)
    args = parser.parse_args(argv)
    _pg.apply_tiny(args)
    _pg.check_database_options(parser, args)
    if args.practitioners < args.clinics:
        parser.error("at least one practitioner per clinic")
    try:
        args.rates = [float(r) for r in args.future_rates.split(',')]
    except ValueError:
        parser.error("--future-rates: numbers separated by commas")
    args.specialty_keys = args.specialties.split(',')
    return args


# --- Measure ---------------------------------------------------------------

# The first free slots in SQL that start in a window of time: the slots of
# the practitioners' hours every 15 minutes from the start of each line of
# hours (the benchmark's lines do not touch, so that they need no merging),
# from the first of the grid at or after %(start)s and before
# %(window_end)s, ending by %(end)s; anti-joined with the live appointments
# of the person in the window (any of their employees, any clinic, read
# first: PostgreSQL misjudges the rows of generate_series and would read
# all the appointments of every practitioner), the closures of the
# clinic and the leave of the practitioner; with the first free room of the
# clinic by name when it has rooms.  Overlaps are written as the exclusion
# constraints' GiST indexes read them, as the ORM does.  Bench.sql runs it
# window after window as the ORM reads the appointments (a day, then two,
# four...) until it has the slots asked for: a query over the 14 days at
# once computes every slot of every practitioner before it sorts them
# (2 to 3 s on 4 clinics, JIT compilation included).  It runs with JIT
# off: misled by generate_series, PostgreSQL would compile a query of a few
# milliseconds for 50 ms or more (the ORM's queries never reach its
# threshold).
SQL_SLOTS = """
    WITH practitioner AS (
        SELECT e.id, e.party, e.company, e.start_date, e.end_date,
            COALESCE(c.timezone, 'UTC') AS timezone
        FROM company_employee e
        JOIN company_company c ON c.id = e.company
        WHERE e.practitioner AND e.company = ANY(%(companies)s)
            AND e.id IN (SELECT s.employee
                FROM "company_employee-clinic_specialty" s
                WHERE s.specialty = %(specialty)s)),
    span AS (
        SELECT p.id, p.party, p.company,
            ((d.day + h.start_time) AT TIME ZONE p.timezone)
                AT TIME ZONE 'UTC' AS span_start,
            ((d.day + h.end_time) AT TIME ZONE p.timezone)
                AT TIME ZONE 'UTC' AS span_end
        FROM practitioner p
        JOIN clinic_schedule h ON h.employee = p.id
        CROSS JOIN LATERAL (
            SELECT first_day + i AS day
            FROM (SELECT ((%(start)s AT TIME ZONE 'UTC')
                        AT TIME ZONE p.timezone)::date AS first_day,
                    ((%(window_end)s AT TIME ZONE 'UTC')
                        AT TIME ZONE p.timezone)::date AS last_day) AS r
            CROSS JOIN generate_series(0, r.last_day - r.first_day) AS i)
            AS d
        WHERE extract(isodow FROM d.day) - 1 = h.weekday::integer
            AND (p.start_date IS NULL OR p.start_date <= d.day)
            AND (p.end_date IS NULL OR d.day <= p.end_date)),
    slot AS (
        SELECT s.id AS practitioner, s.party, s.company, g AS start,
            g + %(duration)s AS "end"
        FROM span s
        CROSS JOIN LATERAL generate_series(
            s.span_start + ceil(greatest(
                    extract(epoch FROM %(start)s - s.span_start), 0)
                / extract(epoch FROM %(step)s)) * %(step)s,
            least(s.span_end, %(end)s) - %(duration)s,
            %(step)s) AS g
        WHERE g < %(window_end)s),
    busy AS MATERIALIZED (
        SELECT e.party, a.start, a."end"
        FROM company_employee e
        JOIN clinic_appointment a
            ON numrange(a.practitioner, a.practitioner, '[]')
                && numrange(e.id, e.id, '[]')
            AND tsrange(a.start, a."end", '[)')
                && tsrange(%(start)s, %(window_end)s + %(duration)s, '[)')
        WHERE e.party IN (SELECT party FROM practitioner)
            AND a.state = ANY(%(live)s))
    SELECT sl.start, sl."end", sl.company, sl.practitioner, room.id
    FROM slot sl
    LEFT JOIN LATERAL (
        SELECT r.id FROM clinic_room r
        WHERE r.company = sl.company AND r.active
            AND NOT EXISTS (
                SELECT 1 FROM clinic_appointment a
                WHERE a.state = ANY(%(live)s) AND a.room IS NOT NULL
                    AND numrange(a.room, a.room, '[]')
                        && numrange(r.id, r.id, '[]')
                    AND tsrange(a.start, a."end", '[)')
                        && tsrange(sl.start, sl."end", '[)'))
        ORDER BY r.name, r.id LIMIT 1) AS room ON true
    WHERE NOT EXISTS (
            SELECT 1 FROM busy b
            WHERE b.party = sl.party
                AND b.start < sl."end" AND b."end" > sl.start)
        AND NOT EXISTS (
            SELECT 1 FROM clinic_schedule_exception x
            JOIN practitioner p ON p.id = sl.practitioner
            WHERE x.company = sl.company
                AND (x.employee IS NULL OR x.employee = sl.practitioner)
                AND ((x.start_date + COALESCE(x.start_time, '00:00'))
                        AT TIME ZONE p.timezone) AT TIME ZONE 'UTC'
                    < sl."end"
                AND (CASE WHEN x.end_time IS NULL
                        THEN (x.end_date + 1)::timestamp
                        ELSE x.end_date + x.end_time END
                        AT TIME ZONE p.timezone) AT TIME ZONE 'UTC'
                    > sl.start)
        AND (room.id IS NOT NULL OR NOT EXISTS (
                SELECT 1 FROM clinic_room r
                WHERE r.company = sl.company AND r.active))
    ORDER BY sl.start, sl.company, sl.practitioner
    LIMIT %(limit)s"""


class Bench:
    "The first free slots of a specialty, through the ORM and in SQL"

    def __init__(self, config, database, args):
        self.database = database
        self.args = args
        from trytond.pool import Pool
        if database not in Pool.database_list():
            _pg.open_pool(config, database)
        self.setup()

    def setup(self):
        """Find or make the central's franchise administrator, holding every
        company with the company filter 'all'; as root"""
        from trytond.pool import Pool
        from trytond.transaction import Transaction

        from demo import franchise as demo
        from demo.configuration import SPECIALTIES
        with Transaction().start(self.database, 0,
                context={'language': 'en'}) as transaction:
            pool = Pool()
            Company = pool.get('company.company')
            Specialty = pool.get('clinic.specialty')
            User = pool.get('res.user')
            clinics = Company.search(
                [('clinic_role', '=', 'clinic')], order=[('id', 'ASC')])
            central, = Company.search([('clinic_role', '=', 'central')])
            self.clinics = [c.id for c in clinics]
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
            user.company_filter = 'all'
            user.save()
            self.user_id = user.id
            self.specialties = {}
            for key in self.args.specialty_keys:
                name, code = SPECIALTIES[key]
                specialty, = Specialty.search(
                    [('code', '=', code)], order=[('id', 'ASC')], limit=1)
                self.specialties[key] = (specialty.id, name)
            transaction.commit()
        with Transaction().start(self.database, self.user_id):
            User = Pool().get('res.user')
            self.context = User.get_preferences(context_only=True)
        self.count_data()

    def count_data(self):
        "How many practitioners, rooms and appointments there are"
        from trytond.transaction import Transaction
        with Transaction().start(self.database, 0, readonly=True) as t:
            cursor = t.connection.cursor()
            cursor.execute('SELECT count(*), count(DISTINCT party) '
                'FROM company_employee WHERE practitioner')
            self.n_practitioners, self.n_persons = cursor.fetchone()
            cursor.execute('SELECT count(*) FROM clinic_room')
            self.n_rooms, = cursor.fetchone()
            cursor.execute("SELECT count(*), "
                "count(*) FILTER (WHERE start >= now() AT TIME ZONE 'UTC'), "
                "min(start)::date, max(start)::date "
                "FROM clinic_appointment")
            (self.n_appointments, self.n_future, self.first_day,
                self.last_day) = cursor.fetchone()
            cursor.execute('SELECT s.specialty, count(*) '
                'FROM "company_employee-clinic_specialty" s '
                'JOIN company_employee e ON e.id = s.employee '
                'WHERE e.practitioner GROUP BY s.specialty')
            self.per_specialty = dict(cursor)
            cursor.execute('SHOW jit')
            self.jit, = cursor.fetchone()

    def orm(self, specialty, start=None):
        """Return the seconds of the ORM's search and its slots as tuples
        (start, end, company, practitioner, room)"""
        from trytond.pool import Pool
        from trytond.transaction import Transaction, check_access
        with Transaction().start(self.database, self.user_id,
                context=self.context, readonly=True):
            pool = Pool()
            Availability = pool.get('clinic.availability')
            Specialty = pool.get('clinic.specialty')
            end = start + dt.timedelta(days=self.args.days) if start else None
            with check_access():
                begin = time.perf_counter()
                slots = Availability.find_slots(
                    specialty=Specialty(specialty), start=start, end=end,
                    limit=self.args.limit)
                seconds = time.perf_counter() - begin
            return seconds, [
                (s.start, s.end, s.company.id, s.practitioner.id,
                    s.room.id if s.room else None) for s in slots]

    def sql_windows(self, specialty, start=None):
        """Yield the parameters of SQL_SLOTS for each window of the search
        from start (default now), as the ORM's windows"""
        from clinic_agenda.availability import (
            DEFAULT_DURATION, FIRST_WINDOW, LIVE_STATES, STEP, utc_now)
        start = start or utc_now()
        end = start + dt.timedelta(days=self.args.days)
        size = FIRST_WINDOW
        while start < end:
            window_end = min(start + size, end)
            yield {
                'companies': self.clinics, 'specialty': specialty,
                'start': start, 'window_end': window_end, 'end': end,
                'duration': DEFAULT_DURATION, 'step': STEP,
                'live': LIVE_STATES, 'limit': self.args.limit}
            start, size = window_end, size * 2

    def sql(self, specialty, start=None):
        from trytond.transaction import Transaction
        rows = []
        with Transaction().start(self.database, 0, readonly=True) as t:
            cursor = t.connection.cursor()
            cursor.execute('SET LOCAL jit = off')
            begin = time.perf_counter()
            for parameters in self.sql_windows(specialty, start):
                parameters['limit'] -= len(rows)
                cursor.execute(SQL_SLOTS, parameters)
                rows.extend(cursor.fetchall())
                if len(rows) >= self.args.limit:
                    break
            seconds = time.perf_counter() - begin
        return seconds, [tuple(r) for r in rows]

    def check(self, specialty):
        """The ORM and the SQL find the same slots from the same moment (the
        next minute, which no run reaches)"""
        from clinic_agenda.availability import utc_now
        start = (utc_now() + dt.timedelta(minutes=2)).replace(
            second=0, microsecond=0)
        _, orm_slots = self.orm(specialty, start)
        _, sql_slots = self.sql(specialty, start)
        if orm_slots != sql_slots:
            raise SystemExit("ORM and SQL differ for specialty %s:\n%s\n%s"
                % (specialty, orm_slots, sql_slots))
        return orm_slots

    def measure(self, specialty):
        "Return {variant: [seconds]} of the runs after the warm-up"
        variants = [('orm', self.orm), ('sql', self.sql)]
        times = {name: [] for name, _ in variants}
        for index in range(self.args.warmup + self.args.repeat):
            shift = index % len(variants)
            for name, function in variants[shift:] + variants[:shift]:
                seconds, _ = function(specialty)
                if index >= self.args.warmup:
                    times[name].append(seconds)
        return times

    def profile(self, specialty):
        profiler = cProfile.Profile()
        profiler.enable()
        self.orm(specialty)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(
            'cumulative').print_stats(30)
        log(out.getvalue())

    def explain(self, specialty):
        """Print the queries of one ORM search with their times, then
        EXPLAIN ANALYZE of the slowest one and of the SQL"""
        from trytond.transaction import Transaction
        queries = []
        with Transaction().start(self.database, 0, readonly=True) as t:
            cursor_class = type(t.connection.cursor())
        execute = cursor_class.execute

        def timed(cursor, query, params=None, *args, **kwargs):
            begin = time.perf_counter()
            result = execute(cursor, query, params, *args, **kwargs)
            queries.append((time.perf_counter() - begin, query, params))
            return result
        cursor_class.execute = timed
        try:
            self.orm(specialty)
        finally:
            cursor_class.execute = execute
        print("\nThe %d queries of one ORM search (ms, first 120 "
            "characters):" % len(queries))
        for seconds, query, _ in queries:
            print("%8.2f  %s" % (seconds * 1000,
                    ' '.join(str(query).split())[:120]))
        _, query, params = max(queries, key=lambda q: q[0])
        with Transaction().start(self.database, 0, readonly=True) as t:
            cursor = t.connection.cursor()
            cursor.execute('SET LOCAL jit = off')
            cursor.execute('EXPLAIN (ANALYZE, BUFFERS) ' + query, params)
            print("\nEXPLAIN ANALYZE of the slowest:\n"
                + '\n'.join(line for line, in cursor))
            cursor.execute('EXPLAIN (ANALYZE, BUFFERS) ' + SQL_SLOTS,
                next(self.sql_windows(specialty)))
            print("\nEXPLAIN ANALYZE of the SQL (first window):\n"
                + '\n'.join(line for line, in cursor))


def report(bench, results, build_lines, version, args):
    print()
    print("First %d free slots of a specialty across %d clinics over the "
        "next %d days (clinic.availability.find_slots), PostgreSQL %s" % (
            args.limit, len(bench.clinics), args.days, version))
    print("  " + _pg.versions_line())
    print("  %d practitioners (%d persons), %d rooms; %s appointments from "
        "%s to %s, %s of them from now on; jit: %s" % (
            bench.n_practitioners, bench.n_persons, bench.n_rooms,
            format(bench.n_appointments, ','), bench.first_day,
            bench.last_day, format(bench.n_future, ','), bench.jit))
    print("  user %s, who holds every company (company filter 'all'); "
        "the SQL runs with jit off" % bench.login)
    for line in build_lines:
        print("  " + line)
    print("  %d runs per specialty after %d warm-up runs; each run a fresh "
        "transaction; ORM and SQL take turns" % (args.repeat, args.warmup))
    print()
    header = '%-16s %13s %6s %17s %17s  %s' % (
        'specialty', 'practitioners', 'slots', 'ORM p50 / p95',
        'SQL p50 / p95', 'target ORM p95 < %d ms' % TARGET_MS)
    print(header)
    print('-' * len(header))
    met = True
    for name, practitioners, slots, times in results:
        ok = percentile_ms(times['orm'], 95) < TARGET_MS
        met &= ok
        print('%-16s %13d %6d %8.1f %8.1f %8.1f %8.1f  %s' % (
                name, practitioners, slots,
                percentile_ms(times['orm'], 50),
                percentile_ms(times['orm'], 95),
                percentile_ms(times['sql'], 50),
                percentile_ms(times['sql'], 95),
                'met' if ok else 'NOT met'))
    print()
    print("Target (p95 of the ORM's search under %d ms): %s" % (
            TARGET_MS, 'met' if met else 'NOT met'))
    return met


def main(argv=None):
    args = parse_args(argv)

    def build_database(config, folder, database):
        return build_summary(build(config, folder, database, args), args)

    with _pg.franchise_database(args, build_database) as (
            uri, config, database, build_lines):
        bench = Bench(config, database, args)
        results = []
        for key in args.specialty_keys:
            specialty, name = bench.specialties[key]
            slots = bench.check(specialty)
            if args.profile:
                bench.profile(specialty)
            if args.explain:
                bench.explain(specialty)
            log("Measuring %s (%d warm-up + %d runs)..." % (
                    name, args.warmup, args.repeat))
            results.append((name, bench.per_specialty.get(specialty, 0),
                    len(slots), bench.measure(specialty)))
        met = report(bench, results, build_lines, _pg.server_version(uri),
            args)
    return _pg.exit_status(args, met)


if __name__ == '__main__':
    sys.exit(main())

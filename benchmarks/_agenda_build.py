"""Building the availability benchmark's franchise on PostgreSQL: the demo
franchise, its practitioners with their specialties, weekly hours, chairs, a
closure and some leave (through the ORM), then the appointments (by SQL).

Used by availability.py; see its docstring and benchmarks/README.md.
"""
import datetime as dt
import time

import _pg
from _pg import log

# The specialties of the practitioners of each clinic, by rank: four
# dentists (one also an orthodontist), two orthodontists, two aesthetic
# doctors, a nutritionist and a physiotherapist (keys of the demo's
# SPECIALTIES).  Ranks beyond the list repeat it.
RANK_SPECIALTIES = [
    ['dentistry'], ['dentistry', 'orthodontics'], ['dentistry'],
    ['dentistry'], ['orthodontics'], ['orthodontics'], ['aesthetics'],
    ['aesthetics'], ['nutrition'], ['physiotherapy']]
# The chairs of each clinic: the practitioner of rank r < CHAIRS books the
# chair r; the others book no room (but a free chair is needed to see them)
CHAIRS = 4
# Monday to Friday, 9-14 and 16-20 on the clinic's clock (the demo's week)
MORNING = [(str(d), dt.time(9), dt.time(14)) for d in range(5)]
AFTERNOON = [(str(d), dt.time(16), dt.time(20)) for d in range(5)]


def build(config, folder, database, args):
    """Activate the modules, build the franchise, its practitioners (ORM)
    and its appointments (SQL)"""
    uri = _pg.database_uri(config, database)
    durations = {'activation': _pg.activate(config, folder, database)}
    log("  %.0f s. Building the franchise: %d clinics x %d patients..." % (
            durations['activation'], args.clinics, args.patients))
    durations['generation'] = _pg.generate(config, database,
        '--clinics', str(args.clinics), '--patients', str(args.patients),
        '--appointments', '0', '--invoices', '0', '--budgets', '0',
        '--histories', '0', '--no-users')
    per_clinic = args.practitioners // args.clinics
    log("  %.0f s. The practitioners (ORM): %d per clinic..." % (
            durations['generation'], per_clinic))
    start = time.monotonic()
    _pg.open_pool(config, database)
    create_practitioners(database, per_clinic)
    durations['practitioners'] = time.monotonic() - start
    log("  %.0f s. Booking %d appointments by SQL..." % (
            durations['practitioners'], args.appointments))
    start = time.monotonic()
    durations['past_days'] = book_appointments(uri, args)
    durations['booking'] = time.monotonic() - start
    log("  %.0f s. VACUUM ANALYZE..." % durations['booking'])
    start = time.monotonic()
    _pg.vacuum_analyze(uri)
    durations['vacuum'] = time.monotonic() - start
    log("  %.0f s." % durations['vacuum'])
    return durations


def create_practitioners(database, per_clinic):
    """Give every clinic per_clinic practitioners with their specialties
    (RANK_SPECIALTIES) and weekly hours, CHAIRS chairs, and the franchise a
    closure and some leave.  The demo's practitioner of each clinic is the
    first; the last of each pair of clinics is one person, mornings in the
    first clinic and afternoons in the second."""
    from trytond.pool import Pool
    from trytond.transaction import Transaction

    from demo.configuration import SPECIALTIES
    with Transaction().start(database, 0,
            context={'language': 'en'}) as transaction:
        pool = Pool()
        Company = pool.get('company.company')
        Employee = pool.get('company.employee')
        Party = pool.get('party.party')
        Specialty = pool.get('clinic.specialty')
        specialties = {
            key: Specialty.search([('code', '=', code)],
                order=[('id', 'ASC')], limit=1)[0].id
            for key, (_, code) in SPECIALTIES.items()}
        clinics = Company.search(
            [('clinic_role', '=', 'clinic')], order=[('id', 'ASC')])
        shared_person = None
        for index, clinic in enumerate(clinics):
            demo_practitioner, = Employee.search(
                [('company', '=', clinic.id)], limit=1)
            for rank in range(per_clinic):
                hours = MORNING + AFTERNOON
                party = None
                if rank == per_clinic - 1 and rank and len(clinics) > 1:
                    if index % 2 == 0 and index + 1 < len(clinics):
                        hours = MORNING
                    elif index % 2 == 1:
                        hours, party = AFTERNOON, shared_person
                values = {
                    'practitioner': True,
                    'specialties': [('add', [specialties[k]
                                for k in RANK_SPECIALTIES[
                                    rank % len(RANK_SPECIALTIES)]])],
                    'schedules': [('create', [{
                                    'weekday': d, 'start_time': s,
                                    'end_time': e} for d, s, e in hours])],
                    }
                if rank == 0:
                    Employee.write([demo_practitioner], values)
                    continue
                if party is None:
                    party, = Party.create([{
                                'name': "Dr. %s %02d" % (
                                    clinic.history_prefix, rank),
                                'company': clinic.id}])
                employee, = Employee.create([{
                            'party': party.id, 'company': clinic.id,
                            **values}])
                if hours == MORNING:
                    shared_person = party
            create_chairs(clinic)
            create_exceptions(clinic, index)
        transaction.commit()


def create_chairs(clinic):
    from trytond.pool import Pool
    Room = Pool().get('clinic.room')
    Room.create([{
                'name': "Gabinete %d" % (n + 1), 'kind': 'chair',
                'company': clinic.id} for n in range(CHAIRS)])


def create_exceptions(clinic, index):
    """Every fifth clinic closes on the third day from today; the third
    practitioner of every clinic is on leave the next two days"""
    from trytond.pool import Pool
    pool = Pool()
    Employee = pool.get('company.employee')
    Exception_ = pool.get('clinic.schedule.exception')
    today = dt.date.today()
    values = []
    if index % 5 == 0:
        day = today + dt.timedelta(days=3)
        values.append({'company': clinic.id, 'kind': 'closure',
                'start_date': day, 'end_date': day})
    employees = Employee.search([('company', '=', clinic.id)],
        order=[('id', 'ASC')], offset=2, limit=1)
    for employee in employees:
        values.append({'company': clinic.id, 'employee': employee.id,
                'kind': 'leave', 'start_date': today,
                'end_date': today + dt.timedelta(days=1)})
    Exception_.create(values)


def book_appointments(uri, args):
    """Book the appointments by SQL: the half hours of the practitioners'
    hours, from today for --future-weeks at --future-rates, then before
    today at --past-rate, as many days back as it takes to make
    --appointments; return how many days back.  A practitioner of the
    first CHAIRS ranks of a clinic books their own chair.  Past ones are
    done (some no-show or cancelled), the next ones booked or confirmed
    (some cancelled).  Rows as the ORM makes them, ids from the sequence."""
    import psycopg
    today = dt.date.today()
    with psycopg.connect(uri) as conn:
        conn.execute('SELECT setseed(0.42)')
        conn.execute(CREATE_CELLS_TABLES)
        future = insert_cells(conn, args, today,
            today + dt.timedelta(weeks=args.future_weeks), None)
        needed = max(args.appointments - future, 0)
        weekly = conn.execute(
            'SELECT count(*) FROM bench_cell_week').fetchone()[0]
        past_days = 7 * (int(needed / max(weekly * args.past_rate, 1)) + 1)
        insert_cells(conn, args, today - dt.timedelta(days=past_days),
            today, needed)
    return past_days


CREATE_CELLS_TABLES = """
    CREATE TEMPORARY TABLE bench_practitioner ON COMMIT DROP AS
    SELECT e.id, e.company, COALESCE(c.timezone, 'UTC') AS timezone,
        row_number() OVER (PARTITION BY e.company ORDER BY e.id) - 1 AS rank,
        (SELECT array_agg(n.party ORDER BY n.id)
            FROM clinic_patient_number n WHERE n.company = e.company)
            AS patients,
        (SELECT min(p.id) FROM product_product p
            JOIN product_template t ON t.id = p.template
            WHERE t.duration = interval '30 minutes') AS service
    FROM company_employee e JOIN company_company c ON c.id = e.company
    WHERE e.practitioner;
    ALTER TABLE bench_practitioner ADD COLUMN chair INTEGER;
    UPDATE bench_practitioner b SET chair = (
        SELECT r.id FROM clinic_room r WHERE r.company = b.company
        ORDER BY r.name, r.id OFFSET b.rank LIMIT 1)
    WHERE b.rank < %d;
    -- the half hours of a week of each practitioner, for the estimates
    CREATE TEMPORARY TABLE bench_cell_week ON COMMIT DROP AS
    SELECT h.employee, k FROM clinic_schedule h
    JOIN bench_practitioner b ON b.id = h.employee
    CROSS JOIN generate_series(0, 47) AS k
    WHERE k * interval '30 minutes' < h.end_time - h.start_time
    """ % CHAIRS


def insert_cells(conn, args, first_day, end_day, limit):
    """Book the half hours of the days [first_day, end_day) at their rate;
    keep the limit latest if limit is given; return how many"""
    rates = args.rates
    cursor = conn.execute("""
        INSERT INTO clinic_appointment (id, party, company, practitioner,
            room, service, start, "end", origin, state, booked_by,
            create_uid, create_date)
        SELECT nextval('clinic_appointment_id_seq'),
            b.patients[1 + (c.n %% array_length(b.patients, 1))],
            b.company, b.id, b.chair, b.service, c.start,
            c.start + interval '30 minutes', 'desk',
            CASE WHEN c.day < %(today)s THEN
                CASE WHEN c.draw < 0.85 THEN 'done'
                    WHEN c.draw < 0.95 THEN 'no_show' ELSE 'cancelled' END
            ELSE
                CASE WHEN c.draw < 0.8 THEN 'booked'
                    WHEN c.draw < 0.95 THEN 'confirmed' ELSE 'cancelled' END
            END, 0, 0, now()
        FROM (
            SELECT * FROM (
                -- a draw per half hour: in the WHERE clause of this query,
                -- random() would be drawn once per day
                SELECT h.employee, d.day, row_number() OVER () AS n,
                    random() AS draw, random() AS pick,
                    ((d.day + h.start_time + k * interval '30 minutes')
                        AT TIME ZONE p.timezone) AT TIME ZONE 'UTC' AS start
                FROM clinic_schedule h
                JOIN bench_practitioner p ON p.id = h.employee
                CROSS JOIN (
                    SELECT %(first)s::date + i AS day
                    FROM generate_series(
                        0, %(end)s::date - %(first)s::date - 1) AS i) AS d
                CROSS JOIN generate_series(0, 47) AS k
                WHERE extract(isodow FROM d.day) - 1 = h.weekday::integer
                    AND k * interval '30 minutes'
                        < h.end_time - h.start_time) AS cell
            WHERE cell.pick < CASE WHEN cell.day < %(today)s THEN %(past)s
                ELSE COALESCE((%(rates)s::float[])[
                        1 + (cell.day - %(today)s::date) / 7],
                    %(later)s) END
            ORDER BY cell.start DESC
            LIMIT %(limit)s) AS c
        JOIN bench_practitioner b ON b.id = c.employee
        ORDER BY c.start, b.company, b.id""", {
            'today': dt.date.today(), 'first': first_day, 'end': end_day,
            'past': args.past_rate, 'rates': rates, 'later': rates[-1],
            'limit': limit})
    return cursor.rowcount


def build_summary(durations, args):
    "The lines that say how the database was built"
    d = durations
    total = sum(d[k] for k in ['activation', 'generation', 'practitioners',
            'booking', 'vacuum'])
    return [
        "build: %.0f s = module activation %.0f s + demo generator (ORM) "
        "%.0f s for %d clinics x %d patients" % (
            total, d['activation'], d['generation'], args.clinics,
            args.patients),
        "  + practitioners, hours, %d chairs per clinic, a closure and "
        "leave (ORM) %.0f s" % (CHAIRS, d['practitioners']),
        "  + appointments (SQL: the half hours of the hours, the next %d "
        "weeks at %s, %d days back at %g) %.0f s" % (
            args.future_weeks, args.future_rates, d['past_days'],
            args.past_rate, d['booking']),
        "  + VACUUM ANALYZE %.0f s" % d['vacuum'],
        ]

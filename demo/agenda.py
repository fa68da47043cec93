"The demo's agenda: a chair per clinic, the practitioner's week, bookings."
import datetime as dt
from itertools import cycle
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from trytond.pool import Pool
from trytond.transaction import Transaction

# Monday to Friday, mornings and afternoons, on the clinic's clock
WORKING_HOURS = [
    (str(weekday), start, end)
    for weekday in range(5)
    for start, end in [(dt.time(9), dt.time(14)), (dt.time(16), dt.time(20))]]
# The morning slots the demo books, one appointment each
SLOTS = [dt.time(9 + hour) for hour in range(5)]
# The check-up interval of the service booked, and how long ago the first
# patient's last visit was: they are due for a check-up
RECALL_MONTHS = 6
LAST_VISIT_MONTHS = 7
LAST_VISIT_TIME = dt.time(10)


# When the desk booked the appointments of the agenda
BOOKED_AGO = dt.timedelta(days=30)


def module_activated(name):
    "Whether the module name is activated in the database"
    Module = Pool().get('ir.module')
    return bool(Module.search([
                ('name', '=', name), ('state', '=', 'activated')]))


def agenda_activated():
    "Whether the agenda module is activated in the database"
    return module_activated('clinic_agenda')


def create_agenda(clinic, practitioner, patients, service, count):
    """A chair and the practitioner's week in the clinic, count
    appointments of the clinic's patients on the next working days, and the
    first patient's last visit, done months ago: due for a check-up"""
    pool = Pool()
    Employee = pool.get('company.employee')
    Room = pool.get('clinic.room')
    Appointment = pool.get('clinic.appointment')
    Template = pool.get('product.template')
    specialty = service.template.specialty
    if not service.template.recall_interval:
        Template.write([service.template], {'recall_interval': RECALL_MONTHS})
    Employee.write([practitioner], {
            'practitioner': True,
            'specialties': [('add', [specialty.id] if specialty else [])],
            'schedules': [('create', [{
                            'weekday': weekday,
                            'start_time': start,
                            'end_time': end,
                            } for weekday, start, end in WORKING_HOURS])],
            })
    chair, = Room.create([{'name': "Gabinete 1", 'company': clinic.id}])
    moments = booking_moments(clinic, count)
    last_visit = past_moment(clinic, LAST_VISIT_MONTHS)

    def booking(patient, start):
        return {
            'party': patient.id,
            'company': clinic.id,
            'practitioner': practitioner.id,
            'room': chair.id,
            'service': service.id,
            'start': start,
            'end': start + service.template.duration,
            }
    with Transaction().set_context(company=clinic.id, _skip_warnings=True):
        visit, *appointments = Appointment.create(
            [booking(patients[0], last_visit)]
            + [booking(p, s) for p, s in zip(cycle(patients), moments)])
        for step in [Appointment.confirm, Appointment.arrive,
                Appointment.start_visit, Appointment.finish_visit]:
            step([visit])
    # (the desk booked them weeks ago, before the demo's campaign went)
    created_ago(Appointment, [visit, *appointments], BOOKED_AGO)
    return appointments


def created_ago(Model, records, delay):
    """Date the creation of the records delay ago: the demo tells a story
    that took weeks, built in one transaction"""
    table = Model.__table__()
    cursor = Transaction().connection.cursor()
    cursor.execute(*table.update([table.create_date],
            [dt.datetime.now() - delay],
            where=table.id.in_([r.id for r in records])))


def clinic_today(zone):
    """Return the date on the clinic's clock: past midnight there, it is
    already tomorrow while UTC still says today"""
    return dt.datetime.now(zone).date()


def past_moment(clinic, months):
    "Return a weekday morning months ago in clinic, as a naive UTC"
    zone = ZoneInfo(clinic.timezone or 'UTC')
    day = clinic_today(zone) - relativedelta(months=months)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    local = dt.datetime.combine(day, LAST_VISIT_TIME, tzinfo=zone)
    return local.astimezone(dt.timezone.utc).replace(tzinfo=None)


def booking_moments(clinic, count):
    "Return count morning starts (naive UTC) on the next working days"
    zone = ZoneInfo(clinic.timezone or 'UTC')
    day = clinic_today(zone)
    moments = []
    while len(moments) < count:
        day += dt.timedelta(days=1)
        if day.weekday() >= 5:
            continue
        for time in SLOTS[:count - len(moments)]:
            local = dt.datetime.combine(day, time, tzinfo=zone)
            moments.append(local.astimezone(dt.timezone.utc).replace(
                    tzinfo=None))
    return moments

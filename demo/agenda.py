"The demo's agenda: a chair per clinic, the practitioner's week, bookings."
import datetime as dt
from itertools import cycle
from zoneinfo import ZoneInfo

from trytond.pool import Pool
from trytond.transaction import Transaction

# Monday to Friday, mornings and afternoons, on the clinic's clock
WORKING_HOURS = [
    (str(weekday), start, end)
    for weekday in range(5)
    for start, end in [(dt.time(9), dt.time(14)), (dt.time(16), dt.time(20))]]
# The morning slots the demo books, one appointment each
SLOTS = [dt.time(9 + hour) for hour in range(5)]


def agenda_activated():
    "Whether the agenda module is activated in the database"
    Module = Pool().get('ir.module')
    return bool(Module.search([
                ('name', '=', 'clinic_agenda'), ('state', '=', 'activated')]))


def create_agenda(clinic, practitioner, patients, service, count):
    """A chair and the practitioner's week in the clinic, then count
    appointments of the clinic's patients on the next working days"""
    pool = Pool()
    Employee = pool.get('company.employee')
    Room = pool.get('clinic.room')
    Appointment = pool.get('clinic.appointment')
    specialty = service.template.specialty
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
    with Transaction().set_context(company=clinic.id, _skip_warnings=True):
        return Appointment.create([{
                    'party': patient.id,
                    'company': clinic.id,
                    'practitioner': practitioner.id,
                    'room': chair.id,
                    'service': service.id,
                    'start': start,
                    'end': start + service.template.duration,
                    } for patient, start in zip(cycle(patients), moments)])


def booking_moments(clinic, count):
    "Return count morning starts (naive UTC) on the next working days"
    zone = ZoneInfo(clinic.timezone or 'UTC')
    day = dt.date.today()
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

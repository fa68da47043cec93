"The demo's practitioners, their signed history entries, patients' documents."
from itertools import cycle

from trytond.pool import Pool
from trytond.transaction import Transaction

VISITS = [
    # reason, findings, diagnosis, treatment
    ("Revisión anual", "Sin caries; algo de sarro", "Gingivitis leve",
        "Limpieza dental"),
    ("Dolor en molar inferior derecho", "Caries profunda en 46",
        "Pulpitis reversible", "Empaste de composite en 46"),
    ("Sensibilidad al frío", "Retracción gingival en 13 y 23",
        "Hipersensibilidad dentinaria", "Barniz de flúor"),
    ]


def create_practitioner(clinic, user=None):
    "Return the clinic's practitioner, the employee of user if any"
    pool = Pool()
    Employee = pool.get('company.employee')
    Party = pool.get('party.party')
    User = pool.get('res.user')
    name = user.name if user else "Dra. %s" % clinic.party.name.replace(
        'Clínica ', '')
    party, = Party.create([{'name': name, 'company': clinic.id}])
    employee, = Employee.create([{'party': party.id, 'company': clinic.id}])
    if user:
        User.write([user], {
                'employees': [('add', [employee.id])],
                'employee': employee.id,
                })
    return employee


def create_histories(clinic, patients, practitioner, count):
    "One signed entry for each of the clinic's first count patients"
    pool = Pool()
    Entry = pool.get('clinic.history.entry')
    with Transaction().set_context(company=clinic.id):
        entries = Entry.create([{
                    'party': patient.id,
                    'company': clinic.id,
                    'practitioner': practitioner.id,
                    'reason': reason,
                    'findings': findings,
                    'diagnosis': diagnosis,
                    'treatment': treatment,
                    } for patient, (reason, findings, diagnosis, treatment)
                in zip(patients[:count], cycle(VISITS))])
        Entry.sign(entries)
    return entries


def create_documents(clinic, patients, count):
    "The signed data protection consent of the clinic's first patients"
    pool = Pool()
    Document = pool.get('clinic.patient.document')
    return Document.create([{
                'party': patient.id,
                'company': clinic.id,
                'name': 'consentimiento-%s.txt' % patient.id,
                'data': ("Consentimiento de protección de datos firmado por "
                    "%s" % patient.name).encode('utf-8'),
                } for patient in patients[:count]])

"The demo's dental charts: what the dentist found, planned and did."
from trytond.pool import Pool
from trytond.transaction import Transaction

from .agenda import module_activated

# tooth, surfaces, kind code, status: an adult's chart with work to do
CHART = [
    (16, ['occlusal'], 'filling', 'existing'),
    (36, [], 'missing', 'existing'),
    (21, ['mesial'], 'caries', 'existing'),
    (21, ['mesial'], 'filling', 'planned'),
    (46, [], 'crown', 'planned'),
    ]


def dental_activated():
    "Whether the odontogram module is activated in the database"
    return module_activated('clinic_dental')


def create_dental_charts(clinic, patients, practitioner, count):
    "The CHART of each of the clinic's first count patients"
    pool = Pool()
    Finding = pool.get('clinic.dental.finding')
    Kind = pool.get('clinic.dental.finding.kind')
    kinds = {k.code: k for k in Kind.search([])}
    with Transaction().set_context(company=clinic.id):
        return Finding.create([{
                    'patient': patient.id,
                    'company': clinic.id,
                    'practitioner': practitioner.id,
                    'tooth': tooth,
                    'surfaces': surfaces,
                    'kind': kinds[kind].id,
                    'status': status,
                    } for patient in patients[:count]
                for tooth, surfaces, kind, status in CHART])

"""The demo's dental charts: what the dentist found, planned and did, what
the services a dentist plans chart on the teeth, and a periodontal chart."""
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
# service name: the kind of finding it charts ("Charted as")
CHARTED_AS = {
    "Empaste": 'filling',
    "Endodoncia": 'root_canal',
    "Corona": 'crown',
    "Implante": 'implant',
    "Extracción": 'missing',
    }
# The package planned on the first patient's tooth with Plan Treatment, and
# the service of it already done: the root canal is done, the crown waits
PLANNED_PACKAGE = "Endodoncia + corona"
PLANNED_TOOTH = '26'
DONE_SERVICE = "Endodoncia"
# The periodontal chart of the first patient: healthy sulci (mm) but for
# deeper, bleeding pockets between the molars
HEALTHY_DEPTH = 2
MOLAR_POCKET = 5
MOLAR_POCKET_SITES = {'db', 'dl'}


def dental_activated():
    "Whether the odontogram module is activated in the database"
    return module_activated('clinic_dental')


def kinds_by_code():
    Kind = Pool().get('clinic.dental.finding.kind')
    return {k.code: k for k in Kind.search([])}


def chart_services(services):
    "Say what the services of CHARTED_AS chart (services by name)"
    Template = Pool().get('product.template')
    kinds = kinds_by_code()
    actions = []
    for name, code in CHARTED_AS.items():
        actions.extend([[services[name]], {'dental_kind': kinds[code].id}])
    Template.write(*actions)


def create_dental_charts(clinic, patients, practitioner, count, packages):
    """The CHART of each of the clinic's first count patients and, on the
    first one's PLANNED_TOOTH, the PLANNED_PACKAGE of packages (by name):
    return the treatments of the package planned (none done yet)"""
    pool = Pool()
    Finding = pool.get('clinic.dental.finding')
    kinds = kinds_by_code()
    with Transaction().set_context(company=clinic.id):
        Finding.create([{
                    'patient': patient.id,
                    'company': clinic.id,
                    'practitioner': practitioner.id,
                    'tooth': tooth,
                    'surfaces': surfaces,
                    'kind': kinds[kind].id,
                    'status': status,
                    } for patient in patients[:count]
                for tooth, surfaces, kind, status in CHART])
    if not (count and patients):
        return []
    planned = plan_package(
        clinic, patients[0], practitioner, packages[PLANNED_PACKAGE])
    create_perio_chart(clinic, patients[0], practitioner)
    return planned


def plan_package(clinic, patient, practitioner, package):
    "Plan package on the patient's PLANNED_TOOTH as Plan Treatment does"
    pool = Pool()
    Start = pool.get('clinic.dental.plan.start')
    Finding = pool.get('clinic.dental.finding')
    with Transaction().set_context(
            company=clinic.id, employee=practitioner.id):
        start = Start(
            patient=patient, company=clinic, teeth=PLANNED_TOOTH,
            surfaces=[], service=None, package=package, kind=None,
            notes=None)
        return Finding.create(start.finding_values())


def do_planned_service(clinic, practitioner, planned):
    """The practitioner does the DONE_SERVICE of the planned treatments
    (the root canal: the crown waits); budgets that accepted it invoice it"""
    Finding = Pool().get('clinic.dental.finding')
    with Transaction().set_context(
            company=clinic.id, employee=practitioner.id):
        Finding.do([
                f for f in planned if f.service.template.name == DONE_SERVICE])


def create_perio_chart(clinic, patient, practitioner):
    """A closed periodontal chart of the patient's teeth in the mouth, with
    the molars' pockets (MOLAR_POCKET_SITES) deeper and bleeding"""
    from clinic_dental.perio import SITE_CODES, is_molar
    pool = Pool()
    Chart = pool.get('clinic.dental.perio.chart')
    Line = pool.get('clinic.dental.perio.tooth')
    with Transaction().set_context(
            company=clinic.id, employee=practitioner.id):
        chart, = Chart.create([{
                    'patient': patient.id,
                    'company': clinic.id,
                    'practitioner': practitioner.id,
                    }])
        Chart.fill_teeth([chart])
        lines = Chart(chart.id).lines
        for line in lines:
            for site in SITE_CODES:
                pocket = is_molar(line.tooth) and site in MOLAR_POCKET_SITES
                setattr(line, 'depth_' + site,
                    MOLAR_POCKET if pocket else HEALTHY_DEPTH)
                setattr(line, 'bleeding_' + site, pocket)
        Line.save(lines)
        Chart.close([chart])
    return chart

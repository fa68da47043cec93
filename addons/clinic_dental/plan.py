# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Treatment plans: services and packages planned onto teeth, and the chart
as it stood on a past date.

A service says what it charts ("Charted as"): planning a filling service on
16 charts a planned filling on 16, linked to the service, whose price and tax
the budget and the invoice take later.
"""
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from . import tooth as fdi
from .exceptions import PlanError
from .finding import surface_selection


class Template(metaclass=PoolMeta):
    __name__ = 'product.template'

    dental_kind = fields.Many2One(
        'clinic.dental.finding.kind', "Charted as", ondelete='RESTRICT',
        states={
            'invisible': Eval('type') != 'service',
            },
        help="The kind of dental finding a planned or done service charts "
        "on the teeth.")


class Product(metaclass=PoolMeta):
    "Registered after the template so that it reads its new fields"
    __name__ = 'product.product'


class PlanStart(ModelView):
    "Plan a service or a package on teeth"
    __name__ = 'clinic.dental.plan.start'
    __string__ = "Plan Treatment"

    patient = fields.Many2One(
        'party.party', "Patient", required=True,
        context={
            'company': Eval('company', -1),
            },
        depends={'company'})
    company = fields.Many2One(
        'company.company', "Clinic", required=True, readonly=True)
    teeth = fields.Char(
        "Teeth", required=True, strip=True,
        help="The FDI numbers of the teeth, separated by commas: 11, 21.")
    surfaces = fields.MultiSelection(
        'get_surfaces', "Surfaces", sort=False,
        help="The surfaces to treat, for the kinds charted on surfaces.")
    service = fields.Many2One(
        'product.product', "Service",
        domain=[('type', '=', 'service')],
        states={
            'readonly': Bool(Eval('package')),
            },
        context={
            'company': Eval('company', -1),
            },
        depends={'company'})
    package = fields.Many2One(
        'clinic.service.package', "Package",
        states={
            'readonly': Bool(Eval('service')),
            },
        help="One treatment is planned for each service of the package "
        "and each tooth.")
    kind = fields.Many2One(
        'clinic.dental.finding.kind', "Kind",
        help="What to chart for the services that are not charted as any "
        "kind.")
    notes = fields.Text("Notes")

    @fields.depends('teeth')
    def get_surfaces(self):
        "The surfaces the teeth written have, all of them before"
        return surface_selection(fdi.written_teeth(self.teeth))

    @fields.depends('service', 'kind')
    def on_change_service(self):
        if self.service and self.service.dental_kind:
            self.kind = self.service.dental_kind

    def finding_values(self):
        "Return the values of the planned findings"
        return plan_values(self)


class PlanTreatment(Wizard):
    "Plan a service or a package on a patient's teeth"
    __name__ = 'clinic.dental.plan'
    # (it plans findings in the user's clinic; the patient or the finding
    # it runs on stays as it is)
    changes_active_records = False

    start = StateView(
        'clinic.dental.plan.start', 'clinic_dental.plan_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Plan", 'plan', 'tryton-ok', default=True),
            ])
    plan = StateTransition()

    def default_start(self, fields):
        defaults = {
            'company': Transaction().context.get('company'),
            }
        if self.model and self.record:
            if self.model.__name__ == 'party.party':
                defaults['patient'] = self.record.id
            elif self.model.__name__ == 'clinic.dental.finding':
                defaults['patient'] = self.record.patient.id
                defaults['teeth'] = str(self.record.tooth)
        return defaults

    def transition_plan(self):
        Finding = Pool().get('clinic.dental.finding')
        self.created = Finding.create(self.start.finding_values())
        return 'end'


def plan_values(start):
    "Return the values of the planned findings of the plan start"
    try:
        teeth = fdi.parse_teeth(start.teeth)
    except ValueError:
        teeth = None
    if not teeth:
        raise PlanError(gettext(
                'clinic_dental.msg_plan_teeth', teeth=start.teeth or ''))
    if bool(start.service) == bool(start.package):
        raise PlanError(gettext('clinic_dental.msg_plan_service_or_package'))
    if start.service:
        services = [start.service]
    else:
        services = [
            l.service for l in
            list(start.package.shared_lines) + list(start.package.own_lines)]
        if not services:
            raise PlanError(gettext(
                    'clinic_dental.msg_plan_package_empty',
                    package=start.package.rec_name))
    values = []
    for service in services:
        kind = service.dental_kind or start.kind
        if not kind:
            raise PlanError(gettext(
                    'clinic_dental.msg_plan_kind', service=service.rec_name))
        if kind.applies_to == 'group':
            # A bridge is one treatment on its teeth
            groups = [(teeth[0], ', '.join(map(str, teeth[1:])))]
        else:
            groups = [(t, None) for t in teeth]
        for tooth, others in groups:
            values.append({
                    'patient': start.patient.id,
                    'company': start.company.id,
                    'tooth': tooth,
                    'teeth': others,
                    'surfaces': (list(start.surfaces or [])
                        if kind.applies_to == 'surface' else []),
                    'kind': kind.id,
                    'service': service.id,
                    'status': 'planned',
                    'notes': start.notes,
                    })
    return values


class OdontogramAtDate(ModelView):
    "The odontogram as it stood on a date"
    __name__ = 'clinic.dental.odontogram.at_date'
    __string__ = "Odontogram at a Date"

    patient = fields.Many2One('party.party', "Patient", readonly=True)
    date = fields.Date("Date", required=True)
    odontogram = fields.Function(
        fields.Binary("Odontogram"), 'on_change_with_odontogram')

    @fields.depends('patient', 'date')
    def on_change_with_odontogram(self, name=None):
        pool = Pool()
        Party = pool.get('party.party')
        if self.patient and self.date:
            return Party.draw_odontograms(
                [self.patient], date=self.date)[self.patient.id]


class ShowOdontogramAtDate(Wizard):
    "Show the patient's odontogram on a past date"
    __name__ = 'clinic.dental.odontogram.show_at_date'
    changes_active_records = False

    start = StateView(
        'clinic.dental.odontogram.at_date',
        'clinic_dental.odontogram_at_date_view_form', [
            Button("Close", 'end', 'tryton-close', default=True),
            ])

    def default_start(self, fields):
        pool = Pool()
        Date = pool.get('ir.date')
        Finding = pool.get('clinic.dental.finding')
        defaults = {'date': Date.today()}
        if self.model and self.record:
            if self.model.__name__ == 'party.party':
                defaults['patient'] = self.record.id
            elif isinstance(self.record, Finding):
                defaults['patient'] = self.record.patient.id
        return defaults


def finding_as_of(finding, date):
    """Return the status the finding had on date, or None if it was not
    charted yet"""
    if finding.status == 'existing':
        charted = finding.date
    else:
        # A treatment is charted when it is planned: its date becomes the
        # day it is done, the day it was planned is its creation
        charted = finding.create_date.date() if finding.create_date else None
        if finding.date and (charted is None or finding.date < charted):
            charted = finding.date
    if charted and charted > date:
        return None
    if finding.status == 'done':
        done = finding.done_date or finding.date
        if done and done > date:
            return 'planned'
    return finding.status


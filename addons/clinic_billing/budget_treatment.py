# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The odontogram's planned treatments on budgets (with clinic_dental).

"Add Planned Treatments" puts the patient's planned treatments on a draft
budget, one line each with its tooth and surfaces. When the dentist marks a
treatment done, its accepted budget lines are done too, and the budgets
invoiced as treatments are done invoice them.
"""
from trytond.model import ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import without_check_access
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .budget_package import check_draft


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'add_treatments': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-add',
                    'depends': ['state'],
                    },
                })

    @classmethod
    @ModelView.button_action('clinic_billing.wizard_add_treatments')
    def add_treatments(cls, sales):
        pass


class SaleLine(metaclass=PoolMeta):
    __name__ = 'sale.line'

    treatment = fields.Many2One(
        'clinic.dental.finding', "Treatment", ondelete='RESTRICT',
        domain=[
            ('patient', '=', Eval('customer', -1)),
            ('status', 'in', ['planned', 'done']),
            ],
        states={
            'invisible': Eval('type') != 'line',
            'readonly': Eval('sale_state') != 'draft',
            },
        help="The treatment of the odontogram the line budgets.")
    teeth = fields.Char(
        "Teeth", readonly=True,
        help="The tooth and surfaces of the treatment, as budgeted.")

    def get_done_by_treatment(self, name):
        return bool(self.treatment)

    @classmethod
    def for_treatment(cls, sale, treatment):
        "Return a new line of the budget for the planned treatment"
        line = cls.for_service(sale, treatment.service,
            description='%s: %s' % (
                treatment.service.rec_name, teeth_label(treatment)))
        line.treatment = treatment
        line.teeth = teeth_label(treatment)
        line.done_date = treatment.done_date
        return line


def teeth_label(treatment):
    "The tooth, the other teeth and the surfaces of a treatment"
    teeth = ', '.join(map(str, treatment.all_teeth))
    surfaces = ''.join(
        treatment.surface_string(s)[:1].upper()
        for s in treatment.surfaces or [])
    return '%s %s' % (teeth, surfaces) if surfaces else teeth


class Finding(metaclass=PoolMeta):
    __name__ = 'clinic.dental.finding'

    budget_lines = fields.One2Many(
        'sale.line', 'treatment', "Budget Lines", readonly=True)

    @classmethod
    def do(cls, findings):
        """Marking treatments done marks their accepted budget lines done,
        by the treatment's practitioner (on budgets not yet answered too:
        accepted, they invoice them)"""
        pool = Pool()
        SaleLine = pool.get('sale.line')
        super().do(findings)
        with without_check_access():
            lines = SaleLine.search([
                    ('treatment', 'in', [f.id for f in findings]),
                    ('accepted', '=', True),
                    ('sale.state', 'in', [
                            'draft', 'quotation', 'confirmed', 'processing']),
                    ])
            for finding in cls.browse(findings):
                done = [l for l in lines if l.treatment == finding]
                if done:
                    SaleLine.mark_done(done, finding.done_date,
                        practitioner=finding.practitioner)

    @classmethod
    def copy(cls, findings, default=None):
        default = default.copy() if default else {}
        default.setdefault('budget_lines')
        return super().copy(findings, default=default)


class AddTreatmentsStart(ModelView):
    "Add planned treatments to a budget"
    __name__ = 'clinic.budget.add_treatments.start'
    __string__ = "Add Planned Treatments"

    patient = fields.Many2One('party.party', "Patient", readonly=True)
    treatments = fields.Many2Many(
        'clinic.dental.finding', None, None, "Treatments",
        domain=[
            ('patient', '=', Eval('patient', -1)),
            ('status', '=', 'planned'),
            ('service', '!=', None),
            ],
        help="The planned treatments of the odontogram to budget.")


class AddTreatments(Wizard):
    "Add the patient's planned treatments to a draft budget"
    __name__ = 'clinic.budget.add_treatments'

    start = StateView(
        'clinic.budget.add_treatments.start',
        'clinic_billing.add_treatments_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Add", 'add', 'tryton-ok', default=True),
            ])
    add = StateTransition()

    def default_start(self, fields):
        Finding = Pool().get('clinic.dental.finding')
        budget = self.record
        budgeted = {l.treatment for l in budget.line_lines if l.treatment}
        planned = Finding.search([
                ('patient', '=', budget.party.id),
                ('company', '=', budget.company.id),
                ('status', '=', 'planned'),
                ('service', '!=', None),
                ], order=[('tooth', 'ASC'), ('id', 'ASC')])
        return {
            'patient': budget.party.id,
            'treatments': [f.id for f in planned if f not in budgeted],
            }

    def transition_add(self):
        SaleLine = Pool().get('sale.line')
        budget = self.record
        check_draft(budget)
        SaleLine.save([
                SaleLine.for_treatment(budget, t)
                for t in self.start.treatments])
        return 'end'

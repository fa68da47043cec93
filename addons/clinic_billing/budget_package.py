# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Add Package: one step puts every service of a package on a budget"
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .exceptions import BudgetError


class AddPackageStart(ModelView):
    "Add a package to a budget"
    __name__ = 'clinic.budget.add_package.start'
    __string__ = "Add Package"

    package = fields.Many2One(
        'clinic.service.package', "Package", required=True,
        help="Each of its services becomes a line of the budget, "
        "with its quantity.")


class AddPackage(Wizard):
    "Add the services of a package to a draft budget"
    __name__ = 'clinic.budget.add_package'

    start = StateView(
        'clinic.budget.add_package.start',
        'clinic_billing.add_package_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Add", 'add', 'tryton-ok', default=True),
            ])
    add = StateTransition()

    def transition_add(self):
        SaleLine = Pool().get('sale.line')
        budget = self.record
        check_draft(budget)
        package = self.start.package
        lines = [
            SaleLine.for_service(budget, l.service, quantity=l.quantity)
            for l in list(package.shared_lines) + list(package.own_lines)]
        SaleLine.save(lines)
        return 'end'


def check_draft(budget):
    "Refuse to add lines to a budget that is no longer a draft"
    if budget.state != 'draft':
        raise BudgetError(gettext(
                'clinic_billing.msg_budget_add_not_draft',
                budget=budget.rec_name))

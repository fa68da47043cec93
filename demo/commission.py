"""The demo's practitioners' commissions (clinic_billing on Tryton's
commission module): the franchise's plan pays each practitioner RATE of
what the services they do are invoiced, and the practitioners invoice it
with the fee service FEE_SERVICE, an expense of the clinic on 623.

Each clinic's dentist has an agent on the plan; the root canal they did
for the first patient, invoiced and posted, earned them their first
commission, ready for the month's settlement."""
from decimal import Decimal

from trytond.pool import Pool
from trytond.transaction import Transaction

from .configuration import chart_record, create_tax_category

PLAN = "Odontólogos"
RATE = Decimal('0.10')
FEE_SERVICE = "Honorarios profesionales"
FEE_CATEGORY = "Honorarios profesionales (exentos)"
FEE_TAX = 'tax_template_iva_rep_exento'
EXPENSE_TEMPLATE = 'account_template_623'


def create_commission_plan(configuring, companies):
    """Return the plan configuring defines for the companies (configuring
    first), with its fee service"""
    Plan = Pool().get('commission.plan')
    plan, = Plan.create([{
                'name': PLAN,
                'commission_product': create_fee_service(
                    configuring, companies).id,
                'commission_method': 'posting',
                'lines': [('create', [{'formula': 'amount * %s' % RATE}])],
                }])
    return plan


def create_fee_service(configuring, companies):
    "Return the service practitioners invoice their commissions with"
    pool = Pool()
    Category = pool.get('product.category')
    ModelData = pool.get('ir.model.data')
    Template = pool.get('product.template')
    Uom = pool.get('product.uom')
    category = create_tax_category(FEE_CATEGORY, FEE_TAX, companies)
    for company in companies:
        with Transaction().set_context(company=company.id):
            category = Category(category.id)
            category.account_expense = chart_record(
                'account.account', EXPENSE_TEMPLATE, company)
            category.save()
    unit = Uom(ModelData.get_id('product', 'uom_unit'))
    with Transaction().set_context(company=configuring.id):
        template, = Template.create([{
                    'name': FEE_SERVICE, 'type': 'service',
                    'company': configuring.id, 'default_uom': unit.id,
                    'salable': True, 'sale_uom': unit.id,
                    'list_price': Decimal(0),
                    'account_category': category.id,
                    'products': [('create', [{}])],
                    }])
    return template.products[0]


def create_agent(clinic, practitioner, plan):
    "The practitioner earns in the clinic through an agent on plan"
    Agent = Pool().get('commission.agent')
    Agent.create([{
                'party': practitioner.party.id, 'employee': practitioner.id,
                'company': clinic.id, 'plan': plan.id,
                'currency': clinic.currency.id,
                }])


def post_budget_invoices(clinic, budgets):
    """Post the invoices the budgets made: the front desk's step as the
    patient leaves, which gives the practitioners their commissions"""
    pool = Pool()
    Invoice = pool.get('account.invoice')
    Date = pool.get('ir.date')
    with Transaction().set_context(company=clinic.id):
        invoices = [i for b in budgets for i in b.invoices
            if i.state == 'draft']
        Invoice.write(invoices, {'invoice_date': Date.today()})
        Invoice.post(invoices)

"""The demo's billing (clinic_billing): budgets invoiced as the treatments
are done, and the first patient's budget of the odontogram's planned
treatments, which the patient accepted but for one line.

What a receptionist finds on a fresh demo: the root canal of the budget,
done, is on a posted invoice; the crown, accepted, waits for the dentist; the
cleaning, declined, is never invoiced. Each clinic takes payments in cash,
by card and by transfer. Under Billing > Debtors, the last patient owes the
rest of a visit due OVERDUE_DAYS ago, of which they paid part by card, and
was called about it once.
"""
import datetime as dt
from decimal import Decimal

from trytond.pool import Pool
from trytond.transaction import Transaction

from .agenda import module_activated

# The clinics' sale invoice method: "As Treatments Are Done"
INVOICE_METHOD = 'treatment'
# The service the front desk adds to the first patient's budget beside the
# planned treatments, and which the patient declines
DECLINED_SERVICE = "Limpieza dental"
# How long ago the debtor's invoice fell due (the 31-60 days column), and
# the reminder call about it
OVERDUE_DAYS = 40
DEBTOR_CALL = "Llamada: pagará el viernes en recepción."
# The part of the overdue visit the debtor paid by card
DEBTOR_PAID_PART = Decimal('0.4')
# Each clinic's payment methods: name, kind and account of the money
PAYMENT_METHODS = [
    ("Efectivo", 'cash', '570'),
    ("Tarjeta", 'card', '572'),
    ("Transferencia", 'transfer', '572'),
    ]


def billing_activated():
    "Whether the budgets module is activated in the database"
    return module_activated('clinic_billing')


def set_invoice_method(clinics):
    """Have the clinics' budgets invoiced as the treatments are done: the
    sale configuration's invoice method, set for each clinic (clinic_billing
    keeps it per company)"""
    Configuration = Pool().get('sale.configuration')
    configuration = Configuration(1)
    for clinic in clinics:
        configuration.set_multivalue(
            'sale_invoice_method', INVOICE_METHOD, company=clinic.id)


def budget_values(clinic, patient):
    "The values of a new budget of the clinic for the patient"
    address = patient.addresses[0].id
    return {
        'company': clinic.id,
        'party': patient.id,
        'invoice_address': address,
        'shipment_address': address,
        'currency': clinic.currency.id,
        }


def create_treatment_budget(clinic, patient, treatments, declined):
    """The patient's budget of the planned treatments, a line each as "Add
    Planned Treatments" puts them, and of the declined service: sent, the
    declined service's line cleared, accepted"""
    pool = Pool()
    Sale = pool.get('sale.sale')
    Line = pool.get('sale.line')
    Product = pool.get('product.product')
    with Transaction().set_context(company=clinic.id):
        budget, = Sale.create([budget_values(clinic, patient)])
        lines = [Line.for_treatment(budget, t) for t in sorted(
                treatments, key=lambda t: (t.tooth, t.id))]
        # the service read as the clinic sells it: its taxes, its price
        declined_line = Line.for_service(budget, Product(declined.id))
        Line.save(lines + [declined_line])
        Sale.quote([budget])
        Line.write([declined_line], {'accepted': False})
        Sale.confirm([budget])
    return budget


def process_budgets(clinic, budgets):
    """Invoice what the accepted budgets owe now: the processing that
    accepting them and marking a treatment done queue, which trytond runs
    after the request; the demo build runs no queue, so those tasks stay
    queued and would find nothing more to invoice"""
    Sale = Pool().get('sale.sale')
    with Transaction().set_context(company=clinic.id):
        Sale.process(budgets)


def create_payment_methods(clinic):
    "Return the clinic's payment methods (PAYMENT_METHODS) by kind"
    pool = Pool()
    Method = pool.get('account.invoice.payment.method')
    Journal = pool.get('account.journal')
    Account = pool.get('account.account')
    journal, = Journal.search([('type', '=', 'cash')], limit=1)
    accounts = {a.code: a.id for a in Account.search([
                ('company', '=', clinic.id),
                ('code', 'in', [c for _, _, c in PAYMENT_METHODS]),
                ])}
    methods = Method.create([{
                'company': clinic.id, 'name': name, 'kind': kind,
                'journal': journal.id,
                'debit_account': accounts[code],
                'credit_account': accounts[code],
                } for name, kind, code in PAYMENT_METHODS])
    return {m.kind: m for m in methods}


def make_debtor(clinic, invoice, card):
    """Post the draft invoice due OVERDUE_DAYS ago (its payment term counted
    from then), have part of it paid by card today, and log the reminder
    call to its patient about the rest"""
    pool = Pool()
    Invoice = pool.get('account.invoice')
    Contact = pool.get('clinic.debtor.contact')
    Date = pool.get('ir.date')
    with Transaction().set_context(company=clinic.id):
        today = Date.today()
        invoice.payment_term_date = today - dt.timedelta(days=OVERDUE_DAYS)
        invoice.save()
        Invoice.post([invoice])
        paid = (invoice.total_amount * DEBTOR_PAID_PART).quantize(
            Decimal('0.01'))
        invoice.pay_invoice(paid, card, today)
        Contact.create([{
                    'company': clinic.id,
                    'party': invoice.party.id,
                    'date': today - dt.timedelta(days=OVERDUE_DAYS // 2),
                    'channel': 'phone',
                    'note': DEBTOR_CALL,
                    }])
    return invoice

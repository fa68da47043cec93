"""The demo's cash boxes (clinic_billing on Tryton's account_statement):
each clinic's "Caja" on its cash account, with today's box open, holding
the float the front desk took from the bank this morning and the cash a
patient paid for their visit."""
from decimal import Decimal

from trytond.pool import Pool
from trytond.transaction import Transaction

FLOAT = Decimal('150')
FLOAT_NOTE = "Fondo de caja del banco"
# cash, bank, shortage and surplus accounts of the clinics' chart
CASH, BANK, SHORTAGE, SURPLUS = '570', '572', '678', '778'


def create_cash_box(clinic):
    """Return the clinic's cash box on 570, with today's box open at 0
    and the float taken from the bank"""
    pool = Pool()
    Box = pool.get('account.statement.journal')
    Journal = pool.get('account.journal')
    Account = pool.get('account.account')
    Statement = pool.get('account.statement')
    Date = pool.get('ir.date')
    journal, = Journal.search([('type', '=', 'statement')], limit=1)
    accounts = {a.code: a.id for a in Account.search([
                ('company', '=', clinic.id),
                ('code', 'in', [CASH, BANK, SHORTAGE, SURPLUS]),
                ])}
    with Transaction().set_context(company=clinic.id):
        today = Date.today()
        box, = Box.create([{
                    'name': "Caja %s" % clinic.party.name.replace(
                        "Clínica ", ""),
                    'journal': journal.id, 'company': clinic.id,
                    'currency': clinic.currency.id,
                    'account': accounts[CASH], 'validation': 'balance',
                    'cash_box': True,
                    'shortage_account': accounts[SHORTAGE],
                    'surplus_account': accounts[SURPLUS],
                    }])
        Statement.create([{
                    'name': "%s %s" % (box.name, today),
                    'company': clinic.id, 'journal': box.id, 'date': today,
                    'start_balance': Decimal(0),
                    'lines': [('create', [{
                                    'date': today, 'amount': FLOAT,
                                    'account': accounts[BANK],
                                    'description': FLOAT_NOTE,
                                    }])],
                    }])
    return box


def pay_in_cash(clinic, invoice, cash):
    """Have the patient of the posted invoice pay it all in cash today with
    the payment method cash: today's box counts it"""
    Date = Pool().get('ir.date')
    with Transaction().set_context(company=clinic.id):
        invoice.pay_invoice(invoice.amount_to_pay, cash, Date.today())

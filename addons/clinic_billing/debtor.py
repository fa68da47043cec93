# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The debtors of each clinic: the patients whose invoices are overdue, with
the ageing of what they owe and the last time the clinic reminded them."""
import datetime as dt

from sql import Literal, Null, Union
from sql.aggregate import Min, Sum
from sql.conditionals import Case

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool
from trytond.pyson import Eval, PYSONEncoder
from trytond.transaction import Transaction, without_check_access
from trytond.wizard import StateAction, Wizard

from clinic_base.sharing import SharedByPolicy
from clinic_base.table_query import stamp_columns

from .exceptions import DebtorContactError

# The ageing buckets: (field, first day overdue, last day overdue or None)
AGEING = [
    ('overdue_30', 1, 30),
    ('overdue_60', 31, 60),
    ('overdue_90', 61, 90),
    ('overdue_more', 91, None),
    ]


def _amount(string, help=''):
    return Monetary(
        string, currency='currency', digits='currency', help=help)


class Debtor(SharedByPolicy, ModelSQL, ModelView):
    "A patient with overdue invoices at a clinic"
    __name__ = 'clinic.debtor'
    __string__ = "Debtor"
    _sharing_category = 'invoices'

    company = fields.Many2One('company.company', "Clinic")
    party = fields.Many2One(
        'party.party', "Patient",
        context={'company': Eval('company', -1)}, depends={'company'})
    currency = fields.Many2One('currency.currency', "Currency")
    overdue_amount = _amount(
        "Overdue", help="What the patient owes on invoices past their "
        "due date.")
    total_due = _amount(
        "Total Due", help="All the patient owes the clinic, overdue or not, "
        "less the payments not yet matched with an invoice.")
    oldest_due_date = fields.Date(
        "Oldest Due Date", help="The due date of the oldest overdue amount.")
    days_overdue = fields.Function(
        fields.Integer(
            "Days Overdue", help="Days since the oldest due date."),
        'get_days_overdue', searcher='search_days_overdue')
    overdue_30 = _amount("1-30 Days")
    overdue_60 = _amount("31-60 Days")
    overdue_90 = _amount("61-90 Days")
    overdue_more = _amount("Over 90 Days")
    last_contact_date = fields.Function(
        fields.Date("Last Contact"), 'get_last_contact')
    last_contact_note = fields.Function(
        fields.Text("Last Contact Note"), 'get_last_contact')
    last_promised_date = fields.Function(
        fields.Date(
            "Promised Payment",
            help="The day the patient promised to pay at the last contact."),
        'get_last_contact')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('overdue_amount', 'DESC'), ('id', 'ASC')]

    @classmethod
    def today(cls):
        "Return the day the ageing is computed at (context date or today)"
        Date = Pool().get('ir.date')
        return Transaction().context.get('date') or Date.today()

    @classmethod
    def table_query(cls):
        pool = Pool()
        Line = pool.get('account.move.line')
        Move = pool.get('account.move')
        Account = pool.get('account.account')
        Type = pool.get('account.account.type')
        Company = pool.get('company.company')
        line, move, account = Line.__table__(), Move.__table__(), (
            Account.__table__())
        type_, company = Type.__table__(), Company.__table__()
        due = cls._due_dates()
        today = cls.today()
        amount = line.debit - line.credit
        overdue = due.due_date < today

        def total(condition):
            return cls.overdue_amount.sql_cast(
                Sum(Case((condition, amount), else_=0)))

        columns = [
            Min(line.id).as_('id'),
            move.company.as_('company'),
            line.party.as_('party'),
            company.currency.as_('currency'),
            total(overdue).as_('overdue_amount'),
            cls.total_due.sql_cast(Sum(amount)).as_('total_due'),
            Min(Case((overdue, due.due_date), else_=Null)).as_(
                'oldest_due_date'),
            *stamp_columns(cls),
            ]
        for name, first, last in AGEING:
            condition = due.due_date <= today - dt.timedelta(days=first)
            if last is not None:
                condition &= due.due_date >= today - dt.timedelta(days=last)
            columns.append(total(condition).as_(name))
        return (line
            .join(move, condition=line.move == move.id)
            .join(account, condition=line.account == account.id)
            .join(type_, condition=account.type == type_.id)
            .join(company, condition=move.company == company.id)
            .join(due, 'LEFT', condition=due.line == line.id)
            .select(*columns,
                where=(move.state == 'posted')
                & (line.reconciliation == Null)
                & (line.party != Null)
                & (type_.receivable == Literal(True)),
                group_by=[move.company, line.party, company.currency],
                having=total(overdue) > 0))

    @classmethod
    def _due_dates(cls):
        """Return the query of the due date of each line of a customer
        invoice: its own maturity for the lines to pay, that of the oldest
        unpaid line of the invoice for the partial payments"""
        pool = Pool()
        Line = pool.get('account.move.line')
        PaymentLine = pool.get('account.invoice-account.move.line')
        line, payment = Line.__table__(), PaymentLine.__table__()
        to_pay = cls._lines_to_pay()
        first = (to_pay
            .join(line, condition=line.id == to_pay.line)
            .select(to_pay.invoice, Min(line.maturity_date).as_('due_date'),
                where=line.reconciliation == Null,
                group_by=[to_pay.invoice]))
        own = (to_pay
            .join(line, condition=line.id == to_pay.line)
            .select(line.id.as_('line'), line.maturity_date.as_('due_date')))
        paid = (payment
            .join(first, condition=first.invoice == payment.invoice)
            .select(payment.line.as_('line'), first.due_date))
        dates = Union(own, paid, all_=True)
        return dates.select(
            dates.line, Min(dates.due_date).as_('due_date'),
            group_by=[dates.line])

    @classmethod
    def _lines_to_pay(cls):
        "Return the query of (invoice, line) of the customer invoices"
        pool = Pool()
        Invoice = pool.get('account.invoice')
        Line = pool.get('account.move.line')
        Additional = pool.get('account.invoice-additional-account.move')
        invoice, line = Invoice.__table__(), Line.__table__()
        additional = Additional.__table__()
        customer = invoice.type == 'out'
        of_move = (invoice
            .join(line, condition=(line.move == invoice.move)
                & (line.account == invoice.account))
            .select(invoice.id.as_('invoice'), line.id.as_('line'),
                where=customer))
        of_additional = (invoice
            .join(additional, condition=additional.invoice == invoice.id)
            .join(line, condition=(line.move == additional.move)
                & (line.account == invoice.account))
            .select(invoice.id.as_('invoice'), line.id.as_('line'),
                where=customer))
        return Union(of_move, of_additional, all_=True)

    def get_days_overdue(self, name):
        if self.oldest_due_date:
            return (self.today() - self.oldest_due_date).days

    @classmethod
    def search_days_overdue(cls, name, clause):
        "Search the days overdue on the oldest due date, the other way round"
        _, operator, value = clause[:3]
        inverse = {
            '=': '=', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=',
            }
        if operator not in inverse or value is None:
            return [('oldest_due_date', operator, None)]
        day = cls.today() - dt.timedelta(days=int(value))
        return [('oldest_due_date', inverse[operator], day)]

    @classmethod
    def get_last_contact(cls, debtors, names):
        Contact = Pool().get('clinic.debtor.contact')
        result = {n: dict.fromkeys(map(int, debtors)) for n in names}
        keys = {(d.company.id, d.party.id): d.id for d in debtors}
        # The debtor's own rules let the user read its row: its contacts
        # belong to the same clinic and follow the same policy.
        with without_check_access():
            contacts = Contact.search([
                    ('company', 'in', list({c for c, _ in keys})),
                    ('party', 'in', list({p for _, p in keys})),
                    ], order=[('date', 'ASC'), ('id', 'ASC')])
        fields_ = {
            'last_contact_date': 'date',
            'last_contact_note': 'note',
            'last_promised_date': 'promised_date',
            }
        for contact in contacts:
            debtor = keys.get((contact.company.id, contact.party.id))
            if debtor is None:
                continue
            for name in names:
                result[name][debtor] = getattr(contact, fields_[name])
        return result


class DebtorContact(SharedByPolicy, ModelSQL, ModelView):
    "A reminder to a debtor: a call, an e-mail, a letter or a talk"
    __name__ = 'clinic.debtor.contact'
    __string__ = "Debtor Contact"
    _sharing_category = 'invoices'

    company = fields.Many2One(
        'company.company', "Clinic", required=True, ondelete='CASCADE')
    party = fields.Many2One(
        'party.party', "Patient", required=True, ondelete='CASCADE',
        context={'company': Eval('company', -1)}, depends={'company'})
    date = fields.Date("Date", required=True)
    employee = fields.Many2One(
        'company.employee', "Contacted By",
        domain=[('company', '=', Eval('company', -1))],
        help="The employee who reminded the patient.")
    channel = fields.Selection([
            ('phone', "Phone"),
            ('email', "E-Mail"),
            ('in_person', "In Person"),
            ('letter', "Letter"),
            ], "Channel", required=True, sort=False)
    note = fields.Text(
        "Note", help="What was said: the answer of the patient.")
    promised_date = fields.Date(
        "Promised Payment",
        help="The day the patient promised to pay, if any.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()

    @classmethod
    def default_employee(cls):
        return Transaction().context.get('employee')

    @classmethod
    def default_channel(cls):
        return 'phone'

    @classmethod
    def validate_fields(cls, contacts, field_names):
        super().validate_fields(contacts, field_names)
        if not field_names or {'date', 'promised_date'} & set(field_names):
            for contact in contacts:
                contact.check_promised_date()

    def check_promised_date(self):
        "Refuse a payment promised before the contact it was promised at"
        if self.promised_date and self.promised_date < self.date:
            Lang = Pool().get('ir.lang')
            lang = Lang.get()
            raise DebtorContactError(gettext(
                    'clinic_billing.msg_debtor_contact_promised_before',
                    patient=self.party.rec_name,
                    promised=lang.strftime(self.promised_date),
                    date=lang.strftime(self.date)))


class OpenDebtorMixin:
    "Open the records of the debtor's patient at the debtor's clinic"
    __slots__ = ()
    changes_active_records = False  # (it opens a list)

    def debtor_domain(self):
        debtor = self.record
        return [
            ('company', '=', debtor.company.id),
            ('party', '=', debtor.party.id),
            ]

    def do_open_(self, action):
        debtor = self.record
        action['pyson_domain'] = PYSONEncoder().encode(self.debtor_domain())
        action['name'] += ' (%s)' % debtor.party.rec_name
        return action, {}


class OpenContacts(OpenDebtorMixin, Wizard):
    "Open the contacts of a debtor"
    __name__ = 'clinic.debtor.open_contacts'
    start_state = 'open_'
    open_ = StateAction('clinic_billing.act_debtor_contact')


class OpenInvoices(OpenDebtorMixin, Wizard):
    "Open the unpaid invoices of a debtor"
    __name__ = 'clinic.debtor.open_invoices'
    start_state = 'open_'
    open_ = StateAction('account_invoice.act_invoice_out_form')

    def debtor_domain(self):
        return super().debtor_domain() + [
            ('type', '=', 'out'),
            ('state', '=', 'posted'),
            ]

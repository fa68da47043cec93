# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Practitioners' commissions, on Tryton's commission module.

A practitioner earns through their commission agent (``commission.agent``
with the practitioner as its employee) at the percentages of the agent's
plan. Who did a service is recorded on its budget line when it is done,
carried to the invoice line, and the commission of each invoice line goes
to that practitioner's agent: two practitioners on one invoice each get
theirs. The clinic settles a period's commissions per practitioner with
Tryton's "Create Commission Invoices", which makes each agent's supplier
invoice.
"""
import datetime as dt

from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from clinic_base.sharing import SharedByPolicy

from .exceptions import CommissionError


class Employee(metaclass=PoolMeta):
    __name__ = 'company.employee'

    commission_agents = fields.One2Many(
        'commission.agent', 'employee', "Commission Agents", readonly=True,
        help="The agents through which the practitioner earns commissions.")


class Agent(SharedByPolicy, metaclass=PoolMeta):
    __name__ = 'commission.agent'
    _sharing_category = 'invoices'

    employee = fields.Many2One(
        'company.employee', "Practitioner", ondelete='RESTRICT',
        domain=[
            ('company', '=', Eval('company', -1)),
            ],
        states={
            'invisible': Eval('type_') != 'agent',
            },
        help="The practitioner who earns the commissions of the services "
        "they do.")

    @fields.depends('employee')
    def on_change_employee(self):
        if self.employee:
            self.party = self.employee.party

    @classmethod
    def validate_fields(cls, agents, field_names):
        super().validate_fields(agents, field_names)
        if field_names and not {'employee', 'party'} & set(field_names):
            return
        for agent in agents:
            if agent.employee and agent.employee.party != agent.party:
                raise CommissionError(gettext(
                        'clinic_billing.msg_agent_employee_party',
                        agent=agent.rec_name,
                        employee=agent.employee.rec_name))

    @classmethod
    def of_practitioner(cls, employee, company):
        "Return the commission agent of the practitioner in the company"
        agents = cls.search([
                ('employee', '=', employee.id),
                ('company', '=', company.id),
                ('type_', '=', 'agent'),
                ], order=[('id', 'DESC')], limit=1)
        return agents[0] if agents else None


class PractitionerMixin:
    "Who did the service of the line"
    __slots__ = ()

    practitioner = fields.Many2One(
        'company.employee', "Done By", ondelete='RESTRICT',
        domain=[
            ('company', '=', Eval('company', -1)),
            ],
        help="The practitioner who did the service: they earn its "
        "commission.")


class SaleLine(PractitionerMixin, metaclass=PoolMeta):
    __name__ = 'sale.line'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.practitioner.states = cls.done_date.states.copy()

    @classmethod
    def mark_done(cls, lines, date, practitioner=None):
        "Record too who did the lines"
        if practitioner:
            cls.write(lines, {'practitioner': practitioner.id})
        super().mark_done(lines, date)

    def get_invoice_line(self):
        lines = super().get_invoice_line()
        for line in lines:
            if line.type == 'line':
                line.practitioner = self.practitioner
        return lines

    @classmethod
    def copy(cls, lines, default=None):
        default = default.copy() if default else {}
        default.setdefault('practitioner')
        return super().copy(lines, default=default)


class InvoiceLine(PractitionerMixin, metaclass=PoolMeta):
    __name__ = 'account.invoice.line'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.practitioner.states = {
            'invisible': ((Eval('type') != 'line')
                | (Eval('invoice_type') == 'in')),
            'readonly': Eval('invoice_state') != 'draft',
            }

    @property
    def practitioner_agent(self):
        "The commission agent of who did the line, if they have one"
        Agent = Pool().get('commission.agent')
        if self.practitioner:
            return Agent.of_practitioner(
                self.practitioner, self.invoice.company)

    @property
    def agent_plans_used(self):
        """The practitioner's agent earns the line's commission instead of
        the invoice's agent"""
        used = super().agent_plans_used
        agent = self.practitioner_agent
        if agent:
            used = [(a, p) for a, p in used if a != self.invoice.agent]
            used.insert(0, (agent, agent.plan))
        return used

    def _credit(self):
        line = super()._credit()
        line.practitioner = self.practitioner
        return line


class Commission(SharedByPolicy, metaclass=PoolMeta):
    __name__ = 'commission'
    _sharing_category = 'invoices'

    company = fields.Function(
        fields.Many2One('company.company', "Clinic"),
        'get_agent_field', searcher='search_agent_field')
    practitioner = fields.Function(
        fields.Many2One('company.employee', "Practitioner"),
        'get_agent_field', searcher='search_agent_field')
    patient = fields.Function(
        fields.Many2One('party.party', "Patient",
            context={
                'company': Eval('company', -1),
                },
            depends={'company'}),
        'get_patient', searcher='search_patient')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('date', 'DESC NULLS FIRST'))
        cls.product.context = {'company': Eval('company', -1)}
        cls.product.depends |= {'company'}

    def get_agent_field(self, name):
        field = {'practitioner': 'employee'}.get(name, name)
        value = getattr(self.agent, field)
        return value.id if value else None

    @classmethod
    def search_agent_field(cls, name, clause):
        field = {'practitioner': 'employee'}.get(name, name)
        return [('agent.' + field + clause[0][len(name):],)
            + tuple(clause[1:])]

    def get_patient(self, name):
        InvoiceLine = Pool().get('account.invoice.line')
        if isinstance(self.origin, InvoiceLine) and self.origin.invoice:
            return self.origin.invoice.party.id

    @classmethod
    def search_patient(cls, name, clause):
        nested = clause[0][len(name):]
        return [('origin.invoice.party' + nested,) + tuple(clause[1:3])
            + ('account.invoice.line',)]

    def get_defining_company(self):
        return self.agent.company

    @classmethod
    def defining_company_of(cls, values):
        Agent = Pool().get('commission.agent')
        if values.get('agent') is not None:
            return Agent(values['agent']).company.id


class CreateInvoiceAsk(metaclass=PoolMeta):
    __name__ = 'commission.create_invoice.ask'

    practitioners = fields.Many2Many(
        'company.employee', None, None, "Practitioners",
        domain=[
            ('company', '=', Eval('context', {}).get('company', -1)),
            ('commission_agents', '!=', None),
            ],
        help="Settle only the commissions of these practitioners.\n"
        "If empty, those of every practitioner and agent.")

    @classmethod
    def default_from_(cls):
        "The previous month"
        return cls.default_to().replace(day=1)

    @classmethod
    def default_to(cls):
        Date = Pool().get('ir.date')
        return Date.today().replace(day=1) - dt.timedelta(days=1)

    def check_period(self):
        "Refuse a period that ends before it starts"
        if self.from_ and self.to and self.to < self.from_:
            raise CommissionError(gettext(
                    'clinic_billing.msg_settlement_period',
                    from_=self.from_, to=self.to))


class CreateInvoice(metaclass=PoolMeta):
    __name__ = 'commission.create_invoice'

    def get_domain(self):
        "Settle the commissions of the user's clinic only"
        domain = super().get_domain()
        domain.append(
            ('agent.company', '=', Transaction().context.get('company')))
        if self.ask.practitioners:
            domain.append(('agent.employee', 'in',
                    [p.id for p in self.ask.practitioners]))
        return domain

    def do_create_(self, action):
        self.ask.check_period()
        return super().do_create_(action)


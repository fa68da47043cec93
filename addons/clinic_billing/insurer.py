# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""What insurers pay: the co-payment of insured patients.

An insurer's coverage of a service is the amount, before taxes, that the
insurer pays each time the service is done (the fixed fee of its agreement
with the franchise, as Spanish dental insurers pay by act). When the budget
of a patient with an insurer is invoiced, the patient's invoice carries what
is left to the patient (the co-payment) and a second customer invoice, to
the insurer, carries the insurer's part, with the same taxes, in the same
clinic's series. The insurer's invoice is linked to the patient's, its lines
have no sale origin, so the budget's invoiced quantities count the
patient's invoice alone.

Coverages are configuration: the franchise's configuring company defines
them for every clinic, a clinic may add its own, which prevail.
"""
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Unique, fields
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import without_check_access

from clinic_base.sharing import SharedConfiguration


class Coverage(SharedConfiguration, ModelSQL, ModelView):
    "What an insurer pays for a service"
    __name__ = 'clinic.insurer.coverage'
    __string__ = "Insurer Coverage"

    insurer = fields.Many2One(
        'party.party', "Insurer", required=True, ondelete='RESTRICT',
        context={
            'company': Eval('company', -1),
            },
        depends={'company'})
    service = fields.Many2One(
        'product.product', "Service", required=True, ondelete='RESTRICT',
        domain=[('type', '=', 'service')],
        context={
            'company': Eval('company', -1),
            },
        depends={'company'})
    amount = fields.Numeric(
        "Insurer Pays", digits=(16, 2), required=True,
        domain=[('amount', '>=', 0)],
        help="What the insurer pays, before taxes, each time the service "
        "is done; the patient pays the rest of the price.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('insurer_service_unique',
                Unique(t, t.company, t.insurer, t.service),
                'clinic_billing.msg_insurer_coverage_unique'),
            ]
        cls._order = [
            ('insurer', 'ASC'), ('service', 'ASC'), ('id', 'ASC')]
        cls.company.required = True

    def get_rec_name(self, name):
        return '%s - %s' % (self.insurer.rec_name, self.service.rec_name)

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, *operands = clause
        if operator.startswith('!') or operator.startswith('not '):
            bool_op = 'AND'
        else:
            bool_op = 'OR'
        return [bool_op,
            ('insurer.rec_name', operator, *operands),
            ('service.rec_name', operator, *operands),
            ]

    @classmethod
    def amount_for(cls, company, insurer, service):
        """Return what insurer pays per unit of service sold by company:
        the company's own coverage, else its configuring company's, else
        nothing"""
        Company = Pool().get('company.company')
        if not (company and insurer and service):
            return Decimal(0)
        scope = Company.configuration_scope(company) or [company]
        with without_check_access():
            coverages = cls.search([
                    ('insurer', '=', insurer.id),
                    ('service', '=', service.id),
                    ('company', 'in', [c.id for c in scope]),
                    ])
        own = [c for c in coverages if c.company == company]
        coverage = (own or coverages or [None])[0]
        return coverage.amount if coverage else Decimal(0)


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'

    insurer = fields.Function(fields.Many2One(
            'party.party', "Insurer",
            context={
                'company': Eval('company', -1),
                },
            depends={'company'}),
        'get_insurer')
    insurer_amount = fields.Function(Monetary(
            "Insurer Pays", currency='currency', digits='currency',
            help="What the patient's insurer pays of the accepted lines, "
            "taxes included."),
        'get_insurer_amounts')
    patient_amount = fields.Function(Monetary(
            "Patient Pays", currency='currency', digits='currency',
            help="What is left to the patient, taxes included."),
        'get_insurer_amounts')
    insurer_invoices = fields.Function(fields.Many2Many(
            'account.invoice', None, None, "Insurer Invoices",
            states={
                'invisible': ~Eval('insurer_invoices'),
                }),
        'get_insurer_invoices')

    def get_insurer(self, name):
        insurer = getattr(self.party, 'insurer', None) if self.party else None
        return insurer.id if insurer else None

    @classmethod
    def get_insurer_amounts(cls, sales, names):
        result = {n: {} for n in names}
        for sale in sales:
            insurer = sum(
                (l.insurer_total for l in sale.line_lines), Decimal(0))
            insurer = sale.currency.round(insurer)
            patient = (sale.total_amount or Decimal(0)) - insurer
            for name, value in [
                    ('insurer_amount', insurer),
                    ('patient_amount', patient)]:
                if name in result:
                    result[name][sale.id] = value
        return result

    def get_insurer_invoices(self, name):
        return [i.id for p in self.invoices for i in p.insurer_invoices]

    @property
    def _invoices_for_state(self):
        "The budget is paid once the patient and the insurer have paid"
        return list(super()._invoices_for_state) + list(self.insurer_invoices)

    def create_invoice(self):
        """Return the patient's invoice with the insurer's invoice of the
        insurer's part attached"""
        invoice = super().create_invoice()
        if not invoice or not self.insurer:
            return invoice
        parts = list(filter(None, (
                    l.origin.split_insurer_part(l) for l in invoice.lines
                    if l.id is None or l.id < 0
                    if getattr(l.origin, '__name__', None) == 'sale.line')))
        if parts:
            insurer_invoice = self._get_insurer_invoice()
            insurer_invoice.lines = parts
            invoice.insurer_invoices = [insurer_invoice]
        return invoice

    def _get_insurer_invoice(self):
        "Return the invoice to the insurer of the patient's budget"
        Invoice = Pool().get('account.invoice')
        insurer = self.insurer
        invoice = Invoice(
            company=self.company, type='out', party=insurer,
            invoice_address=insurer.address_get(type='invoice'),
            currency=self.currency,
            account=insurer.account_receivable_used,
            payment_term=insurer.customer_payment_term,
            reference=self.party.insurance_policy,
            description=gettext(
                'clinic_billing.msg_insurer_invoice_description',
                patient=self.party.rec_name,
                policy=self.party.insurance_policy or '-'))
        invoice.set_journal()
        return invoice


class SaleLine(metaclass=PoolMeta):
    __name__ = 'sale.line'

    insurer_unit_price = fields.Function(Monetary(
            "Insurer Pays", currency='currency', digits='currency',
            states={
                'invisible': Eval('type') != 'line',
                },
            help="What the patient's insurer pays of each unit, before "
            "taxes."),
        'get_insurer_unit_price')

    def get_insurer_unit_price(self, name):
        pool = Pool()
        Coverage = pool.get('clinic.insurer.coverage')
        if self.type != 'line' or not self.sale or self.unit_price is None:
            return None
        amount = Coverage.amount_for(
            self.sale.company, self.sale.insurer, self.product)
        return self.sale.currency.round(
            min(amount, max(self.unit_price, Decimal(0))))

    @property
    def insurer_total(self):
        "What the insurer pays of the line if accepted, taxes included"
        pool = Pool()
        Tax = pool.get('account.tax')
        Date = pool.get('ir.date')
        price = self.insurer_unit_price
        if not price or self.declined or not self.quantity:
            return Decimal(0)
        quantity = Decimal(str(self.quantity))
        taxes = Tax.compute(
            self.taxes, price, self.quantity,
            self.sale.sale_date or Date.today())
        return price * quantity + sum(t['amount'] for t in taxes)

    def split_insurer_part(self, invoice_line):
        """Take the insurer's part off the patient's invoice_line and return
        the insurer's invoice line for it, or None"""
        InvoiceLine = Pool().get('account.invoice.line')
        price = self.insurer_unit_price
        if not price:
            return None
        invoice_line.unit_price -= price
        return InvoiceLine(
            type='line', company=invoice_line.company,
            currency=invoice_line.currency, invoice_type='out',
            product=invoice_line.product, unit=invoice_line.unit,
            quantity=invoice_line.quantity, unit_price=price,
            account=invoice_line.account, taxes=invoice_line.taxes,
            description=invoice_line.description)


class Invoice(metaclass=PoolMeta):
    __name__ = 'account.invoice'

    patient_invoice = fields.Many2One(
        'account.invoice', "Patient Invoice", readonly=True,
        ondelete='CASCADE',
        states={
            'invisible': ~Eval('patient_invoice'),
            },
        help="The patient's invoice of the co-payment: this invoice bills "
        "the insurer's part of the same services.")
    insurer_invoices = fields.One2Many(
        'account.invoice', 'patient_invoice', "Insurer Invoices",
        readonly=True,
        states={
            'invisible': ~Eval('insurer_invoices'),
            },
        help="The invoices of the insurer's part of the services billed "
        "to the patient.")

    def get_sales(self, name):
        """An insurer's invoice is of the budgets of its patient's invoice:
        paying it brings them up to date"""
        sales = set(super().get_sales(name))
        if self.patient_invoice:
            sales.update(s.id for s in self.patient_invoice.sales)
        return list(sales)

    @classmethod
    def copy(cls, invoices, default=None):
        default = default.copy() if default else {}
        default.setdefault('patient_invoice')
        default.setdefault('insurer_invoices')
        return super().copy(invoices, default=default)

"""The demo franchise: the clinics sell the central's services with their
own taxes of the Spanish clinic chart, their dentists chart and plan
treatments, and each clinic's first patient accepted a budget of them but
for one line, invoiced as the treatments are done."""
import unittest
from decimal import Decimal

from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME, drop_db
from trytond.transaction import Transaction, TransactionError

from demo.billing import (
    DEBTOR_CALL, DEBTOR_PAID_PART, OVERDUE_DAYS, PAYMENT_METHODS)
from demo.cash_box import FLOAT, FLOAT_NOTE
from demo.commission import PLAN, RATE
from demo.configuration import SERVICES
from demo.franchise import Sizes, build
from demo.insurer import COVERED_AMOUNT, COVERED_SERVICE, INSURER

from .fixture import FRANCHISE, as_user, company_id, setup_franchises

L10N = 'clinic_l10n_es'
SERVICE_PRICES = {name: price for name, _, _, price, _ in SERVICES}
# each demo clinic and the login of its receptionist
RECEPTIONISTS = [
    ("Clínica Madrid", 'mad.reception'),
    ("Clínica Barcelona", 'bcn.reception'),
    ("Clínica Valencia", 'vlc.reception'),
    ]


def chart_template(model, xml_id):
    "Return the template of the Spanish clinic chart named xml_id"
    pool = Pool()
    ModelData = pool.get('ir.model.data')
    return pool.get(model)(ModelData.get_id(L10N, xml_id))


def visit_invoices(domain=()):
    "The franchise's invoices of visits: those no budget made"
    Invoice = Pool().get('account.invoice')
    return [i for i in Invoice.search([
                ('company.franchise.name', '=', FRANCHISE), *domain])
        if not i.sales]


def accepted_budget(clinic):
    """The clinic's budget its first patient accepted (the one confirmed),
    as the clinic's user finds it among the budgets"""
    Sale = Pool().get('sale.sale')
    budget, = Sale.search([
            ('company', '=', clinic),
            ('state', 'in', ['confirmed', 'processing']),
            # (not the insured cleaning, invoiced at once)
            ('invoice_method', '=', 'treatment'),
            ])
    return budget


def run_and_roll_back(func):
    """Run func as root and roll back what it did, starting over with the
    locks it asks for, as the demo's run_alone does"""
    extras = {}
    while True:
        with Transaction().start(DB_NAME, 0, **extras) as transaction:
            try:
                return func()
            except TransactionError as error:
                error.fix(extras)
            finally:
                transaction.rollback()


class DemoTestCase(unittest.TestCase):
    "The demo franchise as the fixture builds it"

    @classmethod
    def setUpClass(cls):
        drop_db()
        setup_franchises()

    @classmethod
    def tearDownClass(cls):
        drop_db()

    def test_central_campaign_with_results(self):
        """The central's campaign wrote to the patients of Madrid and
        Barcelona (the clinics with the CRM) who consented, counted the
        others as excluded, and shows the opens, the click and the request
        that followed"""
        with Transaction().start(DB_NAME, 0, readonly=True):
            pool = Pool()
            Campaign = pool.get('marketing.automation.scenario')
            campaign, = Campaign.search([
                    ('company.party.name', '=', "Central " + FRANCHISE)])
            self.assertEqual(
                [(campaign.name, campaign.state, campaign.sent,
                        campaign.excluded, campaign.opened,
                        campaign.clicked, campaign.requests,
                        campaign.appointments)],
                # (the agenda's appointments were booked before it went)
                [("Revisión anual", 'running', 2, 2, 2, 1, 1, 0)])
            self.assertEqual(
                sorted((r.record.history_numbers[0].company.rec_name,
                        bool(r.excluded), r.email_sent)
                    for r in campaign.recipients), [
                    ("Clínica Barcelona", False, True),
                    ("Clínica Barcelona", True, False),
                    ("Clínica Madrid", False, True),
                    ("Clínica Madrid", True, False),
                    ])

    def test_builds_the_sizes_of_the_benchmarks(self):
        """The generator builds any size it accepts, zeros included: each
        benchmark's franchise with what it asked for"""
        for benchmark, sizes in BENCHMARK_SIZES.items():
            with self.subTest(benchmark=benchmark):
                counts = run_and_roll_back(
                    lambda: franchise_counts(build(
                            sizes, name=benchmark, users=False)))
                self.assertEqual(counts, {
                        'clinics': sizes.clinics,
                        'patients': sizes.patients,
                        'draft invoices': sizes.invoices,
                        'budgets': sizes.budgets,
                        'appointments': sizes.appointments,
                        'users': 0,
                        })

    def test_invoices_taxed_by_each_clinic(self):
        "An invoice of the central's first visit carries its clinic's tax"
        with Transaction().start(DB_NAME, 0):
            invoices = visit_invoices()
            self.assertEqual(
                {i.company for i in invoices},
                set(invoices[0].company.franchise.clinics))
            for invoice in invoices:
                line, = invoice.lines
                self.assertEqual(line.product.name, "Primera visita")
                self.assertEqual(
                    line.product.template.company,
                    invoice.company.franchise.central)
                self.assertEqual(line.unit_price, Decimal(45))
                self.assertEqual(line.account.code, '705')
                self.assertEqual(line.account.company, invoice.company)
                self.assertEqual(invoice.account.code, '4300')
                tax, = invoice.taxes
                self.assertEqual(tax.tax.company, invoice.company)
                self.assertEqual(tax.tax.template, chart_template(
                        'account.tax.template', 'tax_template_iva_rep_exento'))
                self.assertEqual(tax.tax.aeat_exemption_key, 'E1')

    def test_invoices_post(self):
        "The clinics' exempt invoices post: patient 4300 against sales 705"
        def post():
            Invoice = Pool().get('account.invoice')
            invoices = visit_invoices([('state', '=', 'draft')])
            # one company at a time, as the clinics post theirs (Tryton
            # 8.0's Move.post fails on moves of several companies at once)
            for invoice in invoices:
                Invoice.post([invoice])
            return [(i.state, sorted((l.account.code, l.debit, l.credit)
                        for l in i.move.lines)) for i in invoices]

        posted = run_and_roll_back(post)
        self.assertTrue(posted)
        for state, lines in posted:
            self.assertEqual(state, 'posted')
            self.assertEqual(
                lines, [('4300', Decimal(45), 0), ('705', 0, Decimal(45))])

    def test_clinics_have_the_clinic_chart(self):
        "Every company of the franchise has its own clinic chart"
        with Transaction().start(DB_NAME, 0):
            pool = Pool()
            Account = pool.get('account.account')
            Company = pool.get('company.company')
            Tax = pool.get('account.tax')
            root = chart_template('account.account.template',
                'account_template_root')
            for company in Company.search([
                        ('franchise.name', '=', FRANCHISE)]):
                with Transaction().set_context(company=company.id):
                    self.assertTrue(Account.search([
                                ('template', '=', root.id),
                                ('company', '=', company.id)]))
                    self.assertTrue(Tax.search([
                                ('template', '=', chart_template(
                                        'account.tax.template',
                                        'tax_template_iva_rep_21').id),
                                ('company', '=', company.id)]))

    def test_aesthetics_taxed_21(self):
        "An aesthetic treatment sells with each clinic's IVA 21%"
        with Transaction().start(DB_NAME, 0):
            pool = Pool()
            Product = pool.get('product.product')
            Company = pool.get('company.company')
            vat21 = chart_template(
                'account.tax.template', 'tax_template_iva_rep_21')
            for clinic in Company.search([
                        ('franchise.name', '=', FRANCHISE),
                        ('clinic_role', '=', 'clinic')]):
                with Transaction().set_context(company=clinic.id):
                    botox, = Product.search([
                            ('name', '=', "Bótox"),
                            ('template.company.franchise', '=',
                                clinic.franchise.id)])
                    tax, = botox.customer_taxes_used
                    self.assertEqual(tax.template, vat21)
                    self.assertEqual(tax.company, clinic)
                    self.assertEqual(tax.rate, Decimal('0.21'))

    def test_budgets_taxed_by_each_clinic(self):
        "Every line of the clinics' budgets carries its clinic's tax"
        with Transaction().start(DB_NAME, 0):
            Sale = Pool().get('sale.sale')
            sales = Sale.search([('company.franchise.name', '=', FRANCHISE)])
            self.assertTrue(sales)
            for sale in sales:
                self.assertTrue(sale.lines)
                for line in sale.lines:
                    tax, = line.taxes
                    self.assertEqual(tax.company, sale.company)

    def test_budgets_sent(self):
        "Each clinic's demo budgets of a first visit wait for an answer"
        with Transaction().start(DB_NAME, 0):
            Sale = Pool().get('sale.sale')
            sent = Sale.search([
                    ('company.franchise.name', '=', FRANCHISE),
                    ('state', '=', 'quotation'),
                    ])
            self.assertEqual({s.budget_state for s in sent}, {'sent'})
            self.assertEqual(
                sorted((s.company.party.name, l.product.name)
                    for s in sent for l in s.lines),
                sorted((c, "Primera visita") for c, _ in RECEPTIONISTS))

    def test_clinics_invoice_as_treatments_are_done(self):
        "A new budget of each clinic is invoiced as the treatments are done"
        clinics = [company_id(name) for name, _ in RECEPTIONISTS]
        with Transaction().start(DB_NAME, 0):
            Sale = Pool().get('sale.sale')
            for clinic in clinics:
                self.assertEqual(
                    Sale.default_invoice_method(company=clinic), 'treatment')

    def test_first_patient_budget_accepted_but_one_line(self):
        """The receptionist finds the first patient's budget of the planned
        treatments accepted, with the cleaning declined"""
        for name, login in RECEPTIONISTS:
            clinic = company_id(name)
            with self.subTest(clinic=name), as_user(login):
                budget = accepted_budget(clinic)
                self.assertEqual(budget.budget_state, 'accepted')
                self.assertEqual(budget.invoice_method, 'treatment')
                self.assertEqual(
                    sorted((l.product.name, l.teeth, l.accepted)
                        for l in budget.lines),
                    [("Corona", '26', True), ("Endodoncia", '26', True),
                        ("Limpieza dental", None, False)])
                self.assertEqual(
                    {l.treatment.patient for l in budget.lines
                        if l.treatment},
                    {budget.party})

    def test_dentist_earns_the_root_canal(self):
        """Each clinic's dentist earns the plan's rate of the root canal
        they did, to settle; the clinic's manager sees it"""
        for name, login in RECEPTIONISTS:
            clinic = company_id(name)
            manager = login.replace('reception', 'manager')
            with self.subTest(clinic=name), as_user(manager):
                Commission = Pool().get('commission')
                # the other clinics' are shared with some
                commission, = Commission.search([('company', '=', clinic)])
                invoice_line = commission.origin
                self.assertEqual(commission.company.id, clinic)
                self.assertEqual(commission.agent.plan.name, PLAN)
                self.assertEqual(
                    commission.practitioner, invoice_line.practitioner)
                # the practitioner is the clinic's dentist, a person
                doctor = Pool().get('res.user').search(
                    [('login', '=', login.replace('reception', 'doctor'))])
                self.assertEqual(
                    [commission.practitioner.party.name],
                    [u.name for u in doctor])
                self.assertRegex(doctor[0].name, r'^Dra?\. \w+ \w+$')
                self.assertEqual(commission.amount,
                    (invoice_line.amount * RATE).quantize(Decimal('0.01')))
                # not yet on the practitioner's settlement invoice
                self.assertIsNone(commission.invoice_line)

    def test_first_patient_invoice_holds_the_done_treatment(self):
        """The accepted budget's posted invoice holds only the root canal,
        done, exempt into 705"""
        for name, login in RECEPTIONISTS:
            clinic = company_id(name)
            with self.subTest(clinic=name), as_user(login):
                budget = accepted_budget(clinic)
                invoice, = budget.invoices
                self.assertEqual(invoice.state, 'posted')
                self.assertEqual(invoice.party, budget.party)
                line, = invoice.lines
                self.assertEqual(line.description, "Endodoncia: 26")
                self.assertEqual(line.origin.treatment.status, 'done')
                self.assertEqual(line.amount, Decimal(250))
                self.assertEqual(line.account.code, '705')
                tax, = line.taxes
                self.assertEqual(tax.company.id, clinic)
                self.assertEqual(tax.template, chart_template(
                        'account.tax.template', 'tax_template_iva_rep_exento'))
                self.assertEqual(tax.aeat_exemption_key, 'E1')
                self.assertEqual(
                    (invoice.untaxed_amount, invoice.tax_amount,
                        invoice.total_amount),
                    (Decimal(250), Decimal(0), Decimal(250)))

    def test_crown_accepted_not_invoiced(self):
        """The crown is accepted but waits for the dentist: not done, not
        invoiced; the declined cleaning is never invoiced"""
        for name, login in RECEPTIONISTS:
            clinic = company_id(name)
            with self.subTest(clinic=name), as_user(login):
                budget = accepted_budget(clinic)
                waiting = [l for l in budget.lines
                    if l.product.name != "Endodoncia"]
                self.assertEqual(
                    sorted((l.product.name, l.done_date, l.invoice_lines)
                        for l in waiting),
                    [("Corona", None, ()), ("Limpieza dental", None, ())])
                crown, = [l for l in waiting if l.treatment]
                self.assertEqual(crown.treatment.status, 'planned')

    def test_last_patient_is_a_debtor(self):
        """The receptionist's Debtors list has the clinic's last patient,
        with the rest of the visit paid in part by card overdue in the 31-60
        days column, and the call"""
        for name, login in RECEPTIONISTS:
            clinic = company_id(name)
            with self.subTest(clinic=name), as_user(login):
                pool = Pool()
                Debtor = pool.get('clinic.debtor')
                Invoice = pool.get('account.invoice')
                # (the other clinics' debtors too, where their policy
                # shares their invoices)
                debtor, = Debtor.search([('company', '=', clinic)])
                invoice, = Invoice.search([
                        ('party', '=', debtor.party.id),
                        ('state', '=', 'posted'),
                        ])
                payment, = invoice.payment_lines
                self.assertEqual(payment.move.payment_method.kind, 'card')
                self.assertEqual(
                    invoice.total_amount - invoice.amount_to_pay,
                    (invoice.total_amount * DEBTOR_PAID_PART).quantize(
                        Decimal('0.01')))
                self.assertEqual(
                    (debtor.overdue_amount, debtor.overdue_60,
                        debtor.days_overdue),
                    (invoice.amount_to_pay, invoice.amount_to_pay,
                        OVERDUE_DAYS))
                self.assertEqual(debtor.last_contact_note, DEBTOR_CALL)

    def test_clinics_take_payments(self):
        "Each clinic pays in cash, by card and by transfer into its accounts"
        for name, login in RECEPTIONISTS:
            clinic = company_id(name)
            with self.subTest(clinic=name), Transaction().start(DB_NAME, 0):
                Method = Pool().get('account.invoice.payment.method')
                methods = Method.search([('company', '=', clinic)])
                self.assertEqual(
                    sorted((m.name, m.kind, m.debit_account.code)
                        for m in methods),
                    sorted(PAYMENT_METHODS))
                self.assertEqual(
                    {m.debit_account.company.id for m in methods}, {clinic})

    def test_todays_cash_box_open_with_the_float(self):
        """Each clinic's receptionist finds today's box open at 0, with the
        bank's float in it and expected at the closing"""
        for name, login in RECEPTIONISTS:
            clinic = company_id(name)
            with self.subTest(clinic=name), as_user(login):
                Statement = Pool().get('account.statement')
                box, = Statement.search([('company', '=', clinic)])
                line, = box.lines
                self.assertEqual(
                    (box.state, box.journal.account.code, box.start_balance,
                        line.description, line.account.code),
                    ('draft', '570', 0, FLOAT_NOTE, '572'))
                self.assertEqual(box.expected_balance, FLOAT)

    def test_insured_patient_pays_the_co_payment(self):
        """Each clinic's first patient is insured: their cleaning made
        the co-payment's invoice and Sanitas' invoice of its agreed part,
        both posted"""
        for name, login in RECEPTIONISTS:
            clinic = company_id(name)
            with self.subTest(clinic=name), as_user(
                    login.replace('reception', 'manager')):
                Invoice = Pool().get('account.invoice')
                insurer_invoice, = Invoice.search([
                        ('company', '=', clinic),
                        ('party.name', '=', INSURER)])
                patient_invoice = insurer_invoice.patient_invoice
                self.assertEqual(
                    (insurer_invoice.state, patient_invoice.state),
                    ('posted', 'posted'))
                self.assertEqual(
                    insurer_invoice.untaxed_amount, COVERED_AMOUNT)
                self.assertEqual(
                    patient_invoice.untaxed_amount
                    + insurer_invoice.untaxed_amount,
                    Decimal(SERVICE_PRICES[COVERED_SERVICE]))
                self.assertEqual(
                    patient_invoice.party.insurer.name, INSURER)

    def test_clinic_line_in_central_package(self):
        "Madrid adds its own check-up to the central's package"
        with Transaction().start(DB_NAME, 0):
            Package = Pool().get('clinic.service.package')
            package, = Package.search([
                    ('name', '=', "Implante completo"),
                    ('company.franchise.name', '=', FRANCHISE)])
            self.assertEqual(package.company.clinic_role, 'central')
            self.assertEqual(
                sorted((l.service.name, l.company.party.name)
                    for l in package.lines
                    if l.company != package.company),
                [("Revisión Madrid", "Clínica Madrid")])

    def test_dental_services_charted(self):
        "The services a dentist plans say what they chart"
        with Transaction().start(DB_NAME, 0):
            Template = Pool().get('product.template')
            charted = {
                (t.name, t.dental_kind.code) for t in Template.search([
                        ('company.franchise.name', '=', FRANCHISE),
                        ('dental_kind', '!=', None)])}
            self.assertEqual(charted, {
                    ("Empaste", 'filling'), ("Endodoncia", 'root_canal'),
                    ("Corona", 'crown'), ("Implante", 'implant'),
                    ("Extracción", 'missing')})

    def test_first_patient_package_planned(self):
        """Each clinic's first patient has the root canal of the package done
        on 26 and its crown planned, beside the existing findings"""
        with Transaction().start(DB_NAME, 0):
            pool = Pool()
            Company = pool.get('company.company')
            Finding = pool.get('clinic.dental.finding')
            for clinic in Company.search([
                        ('franchise.name', '=', FRANCHISE),
                        ('clinic_role', '=', 'clinic')]):
                findings = Finding.search([
                        ('company', '=', clinic.id),
                        ('tooth', '=', 26)])
                self.assertEqual(
                    sorted((f.kind.code, f.status, f.service.name)
                        for f in findings),
                    [('crown', 'planned', "Corona"),
                        ('root_canal', 'done', "Endodoncia")])
                patient = findings[0].patient
                self.assertEqual(
                    {f.status for f in Finding.search([
                                ('patient', '=', patient.id)])},
                    {'existing', 'planned', 'done'})

    def test_crown_invoiced_once_done(self):
        """When the dentist does the crown, the budget's processing that
        trytond queues invoices it on an invoice of its own"""
        clinic = company_id("Clínica Madrid")

        def do_crown():
            pool = Pool()
            Finding = pool.get('clinic.dental.finding')
            Queue = pool.get('ir.queue')
            transaction = Transaction()
            budget = accepted_budget(clinic)
            crown, = [l.treatment for l in budget.lines
                if l.product.name == "Corona"]
            queued = len(transaction.tasks)
            try:
                with transaction.set_context(company=clinic):
                    Finding.do([crown])
                for task_id in transaction.tasks[queued:]:
                    Queue(task_id).run()
            finally:
                del transaction.tasks[queued:]
            return sorted([l.description for l in i.lines]
                for i in accepted_budget(clinic).invoices)

        self.assertEqual(run_and_roll_back(do_crown),
            [["Corona: 26"], ["Endodoncia: 26"]])


# The sizes the benchmarks ask of the generator (benchmarks/*.py's build),
# at one clinic, and nothing at all
BENCHMARK_SIZES = {
    'rule_overhead': Sizes(clinics=1, patients=3, invoices=2, budgets=0,
        post_invoices=False),
    'patient_search': Sizes(clinics=1, patients=3, invoices=0, budgets=0,
        histories=0),
    'availability': Sizes(clinics=1, patients=3, appointments=0, invoices=0,
        budgets=0, histories=0),
    'nothing': Sizes(clinics=1, patients=0, appointments=0, invoices=0,
        budgets=0, histories=0),
    }


def franchise_counts(built):
    "Count what the generator made for the franchise built"
    pool = Pool()
    clinics = [c.id for c in built.clinics]
    in_clinics = [('company', 'in', clinics)]

    def count(model, *domain):
        return pool.get(model).search_count([*in_clinics, *domain])
    return {
        'clinics': len(clinics),
        'patients': count('clinic.patient.number'),
        # the insured patient's and the debtor's are posted
        'draft invoices': count('account.invoice', ('state', '=', 'draft')),
        # (the insured patient's, ordered, and the treatment plan's,
        # accepted, are budgets of their stories)
        'budgets': count('sale.sale', ('state', '=', 'quotation')),
        # (the first patient's last visit, months ago, is done)
        'appointments': count('clinic.appointment', ('state', '!=', 'done')),
        'users': pool.get('res.user').search_count(
            [('companies', 'in', clinics)]),
        }

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The debtors list: who owes a clinic on overdue invoices, the ageing of
what they owe, the last reminder, and who may see it"""
import datetime as dt
import unittest
from decimal import Decimal

from trytond.modules.account.tests import get_fiscalyear
from trytond.modules.account_invoice.tests import set_invoice_sequences
from trytond.modules.company.tests import create_company, set_company
from trytond.pool import Pool
from trytond.pyson import PYSONDecoder
from trytond.transaction import Transaction

from clinic_base.tests.tools import acting_as, create_user, share
from clinic_l10n_es.tests.tools import account, today, year_start

from ..exceptions import DebtorContactError
from .tools import (
    BillingModules, create_patient, create_payment_method, in_clinic,
    run_queued_tasks)

D = Decimal


def day():
    """The day the debtors are looked at, as the context date says: July
    1st, later in the year than the invoices (dated at the year's start)"""
    return today().replace(month=7, day=1)


def days_before(days):
    return day() - dt.timedelta(days=days)


class DebtorTestCase(BillingModules, unittest.TestCase):
    "The debtors of the clinics and the reminders they get"

    def setup_clinic(self):
        "Lucía, a patient, and Madrid's cash payment method"
        self.lucia = create_patient()
        self.method = create_payment_method(self.madrid)

    def invoice(self, amount, due, company=None, party=None):
        "Post an invoice of amount, due on due, of Madrid to Lucía"
        pool = Pool()
        Invoice = pool.get('account.invoice')
        Party = pool.get('party.party')
        company = company or self.madrid
        with Transaction().set_context(company=company.id):
            # Read in the company's context: its receivable account
            party = Party((party or self.lucia).id)
            invoice = Invoice(
                company=company, type='out', party=party,
                invoice_date=year_start(), payment_term_date=due)
            invoice.on_change_type()
            invoice.on_change_party()
            invoice.lines = [{
                    'account': account(company, '705'),
                    'description': "Tratamiento", 'quantity': 1,
                    'unit_price': D(amount),
                    }]
            invoice.save()
            with Transaction().set_context(_skip_warnings=True):
                Invoice.post([invoice])
        return Invoice(invoice.id)

    def pay(self, invoice, amount):
        """Pay amount of the invoice in cash with Tryton's Pay wizard; a
        part of what is due is paid as a partial payment"""
        Pay = Pool().get('account.invoice.pay', type='wizard')
        with Transaction().set_context(
                active_model='account.invoice', active_id=invoice.id,
                active_ids=[invoice.id]):
            session_id, _, _ = Pay.create()
            try:
                start = Pay.execute(session_id, {}, 'start')
                start = own_values(start['view']['defaults'])
                start.update(amount=D(amount), payment_method=self.method.id,
                    date=year_start())
                result = Pay.execute(session_id, {'start': start}, 'choice')
                if result.get('view', {}).get('state') == 'ask':
                    ask = own_values(result['view']['defaults'])
                    ask['type'] = 'partial'
                    Pay.execute(
                        session_id, {'start': start, 'ask': ask}, 'pay')
            finally:
                Pay.delete(session_id)
        run_queued_tasks()

    def debtors(self):
        "The debtors on day() (July 1st) as (clinic, patient, overdue, total due)"
        Debtor = Pool().get('clinic.debtor')
        with Transaction().set_context(date=day()):
            return [
                (d.company.rec_name, d.party.rec_name, d.overdue_amount,
                    d.total_due)
                for d in Debtor.search([])]

    def debtor(self):
        "Lucía as Madrid's only debtor on day()"
        Debtor = Pool().get('clinic.debtor')
        with Transaction().set_context(date=day()):
            debtor, = Debtor.search([])
            return Debtor(debtor.id)

    def ageing(self, debtor):
        return (debtor.overdue_30, debtor.overdue_60, debtor.overdue_90,
            debtor.overdue_more)

    def contact(self, date, note, promised_date=None):
        Contact = Pool().get('clinic.debtor.contact')
        contact = Contact(
            company=self.madrid, party=self.lucia, date=date, note=note,
            promised_date=promised_date)
        contact.save()
        return contact

    # The ageing

    @in_clinic
    def test_partly_paid_overdue_ages_by_its_due_date(self):
        """An invoice of 100 € due 45 days ago, 40 € of it paid, shows
        60 € overdue in 31-60 days, 45 days overdue"""
        self.pay(self.invoice(100, days_before(45)), 40)
        with Transaction().set_context(date=day()):
            debtor = self.debtor()
            self.assertEqual(
                (debtor.company, debtor.party, debtor.overdue_amount,
                    debtor.total_due),
                (self.madrid, self.lucia, D('60.00'), D('60.00')))
            self.assertEqual(self.ageing(debtor), (0, D('60.00'), 0, 0))
            self.assertIsInstance(debtor.overdue_60, Decimal)
            self.assertEqual(
                (debtor.oldest_due_date, debtor.days_overdue),
                (days_before(45), 45))

    @in_clinic
    def test_each_invoice_in_its_bucket(self):
        """Invoices due 1, 30, 61, 90 and 91 days ago each go to their
        bucket; the total due counts the invoice not yet due too"""
        for amount, days in [
                (1, 1), (2, 30), (4, 31), (8, 61), (16, 90), (32, 91),
                (64, 0), (128, -10)]:
            self.invoice(amount, days_before(days))
        debtor = self.debtor()
        self.assertEqual(
            self.ageing(debtor), (D(3), D(4), D(24), D(32)))
        self.assertEqual(
            (debtor.overdue_amount, debtor.total_due), (D(63), D(255)))
        self.assertEqual(debtor.days_overdue, 91)
        Debtor = Pool().get('clinic.debtor')
        with Transaction().set_context(date=day()):
            self.assertEqual(
                Debtor.search([('days_overdue', '>', 90)]), [debtor])
            self.assertEqual(Debtor.search([('days_overdue', '>', 91)]), [])

    @in_clinic
    def test_not_yet_due_is_no_debtor(self):
        "An invoice due today or later is not overdue: no debtor"
        self.invoice(100, day())
        self.invoice(50, days_before(-30))
        self.assertEqual(self.debtors(), [])

    @in_clinic
    def test_paid_invoice_disappears(self):
        """Paid in two parts, the overdue invoice leaves the list; another
        overdue invoice of the patient stays"""
        invoice = self.invoice(100, days_before(45))
        self.invoice(30, days_before(10))
        self.pay(invoice, 40)
        self.pay(invoice, 60)
        self.assertEqual(
            Pool().get('account.invoice')(invoice.id).state, 'paid')
        self.assertEqual(
            self.debtors(),
            [("Clínica Madrid", "Lucía Pérez", D('30.00'), D('30.00'))])
        self.assertEqual(self.ageing(self.debtor()), (D(30), 0, 0, 0))

    @in_clinic
    def test_two_clinics_two_rows(self):
        """Lucía owes Madrid and Barcelona, Pedro owes Madrid: a row per
        clinic and patient, the largest overdue amount first"""
        barcelona = self.barcelona()
        pedro = create_patient("Pedro Gómez")
        self.invoice(100, days_before(45))
        self.invoice(250, days_before(5), company=barcelona)
        self.invoice(70, days_before(100), party=pedro)
        self.assertEqual(self.debtors(), [
                ("Clínica Barcelona", "Lucía Pérez", D(250), D(250)),
                ("Clínica Madrid", "Lucía Pérez", D(100), D(100)),
                ("Clínica Madrid", "Pedro Gómez", D(70), D(70)),
                ])

    # The last contact

    @in_clinic
    def test_last_contact_is_the_latest(self):
        """The debtor shows the date, note and promise of the latest
        contact, even when an older one was logged after it"""
        self.invoice(100, days_before(45))
        self.assertEqual(self.debtor().last_contact_date, None)
        self.contact(days_before(3), "Pagará el viernes", days_before(-4))
        self.contact(days_before(10), "No contesta")
        debtor = self.debtor()
        self.assertEqual(
            (debtor.last_contact_date, debtor.last_contact_note,
                debtor.last_promised_date),
            (days_before(3), "Pagará el viernes", days_before(-4)))

    @in_clinic
    def test_promise_before_contact_refused(self):
        """A payment promised for a day before the contact is refused: the
        message names the patient and both days"""
        lang = Pool().get('ir.lang').get()
        with self.assertRaises(DebtorContactError) as cm:
            self.contact(day(), "Pagará", days_before(1))
        for text in ["Lucía Pérez", lang.strftime(day()),
                lang.strftime(days_before(1))]:
            self.assertIn(text, cm.exception.message)

    @in_clinic
    def test_receptionist_logs_a_call(self):
        """Madrid's receptionist reads the debtors and logs a call, by
        default today, by phone, in Madrid; she only reads the list"""
        pool = Pool()
        Contact = pool.get('clinic.debtor.contact')
        Debtor = pool.get('clinic.debtor')
        Access = pool.get('ir.model.access')
        self.invoice(100, days_before(45))
        marta = create_user(
            'mad.reception', [self.madrid], self.madrid,
            ['group_receptionist'])
        with acting_as(marta), Transaction().set_context(date=day()):
            debtor, = Debtor.search([])
            contact, = Contact.create([{
                        'party': self.lucia.id, 'note': "Llamada",
                        }])
            self.assertEqual(
                (contact.company, contact.channel, contact.date),
                (self.madrid, 'phone', Pool().get('ir.date').today()))
            self.assertEqual(
                [Access.check('clinic.debtor', mode, raise_exception=False)
                    for mode in ['read', 'write', 'create', 'delete']],
                [True, False, False, False])

    @in_clinic
    def test_relates_open_the_patients_records(self):
        """From Lucía's row, Madrid's receptionist opens with Contacts her
        contacts at Madrid and with Unpaid Invoices her posted invoices,
        not the paid ones nor Pedro's"""
        pool = Pool()
        Contact = pool.get('clinic.debtor.contact')
        Invoice = pool.get('account.invoice')
        pedro = create_patient("Pedro Gómez")
        unpaid = self.invoice(100, days_before(45))
        self.pay(self.invoice(20, days_before(45)), 20)
        self.invoice(70, days_before(45), party=pedro)
        call = self.contact(days_before(3), "Pagará")
        Contact.create([{
                    'company': self.madrid.id, 'party': pedro.id,
                    'date': days_before(2), 'note': "No contesta"}])
        Debtor = pool.get('clinic.debtor')
        marta = create_user(
            'mad.reception', [self.madrid], self.madrid,
            ['group_receptionist'])
        with Transaction().set_context(date=day()):
            lucia, = Debtor.search([('party', '=', self.lucia.id)])
        for wizard, Model, expected in [
                ('clinic.debtor.open_contacts', Contact, [call]),
                ('clinic.debtor.open_invoices', Invoice, [unpaid])]:
            with self.subTest(wizard=wizard), acting_as(marta):
                domain = self.open_relate(wizard, lucia)
                self.assertEqual(Model.search(domain), expected)

    def open_relate(self, name, debtor):
        "Return the domain of the action the relate opens on the debtor"
        Wizard = Pool().get(name, type='wizard')
        with Transaction().set_context(
                active_model='clinic.debtor', active_id=debtor.id,
                active_ids=[debtor.id], date=day()):
            session_id, _, _ = Wizard.create()
            try:
                result = Wizard.execute(session_id, {}, 'open_')
            finally:
                Wizard.delete(session_id)
        (action, _), = result['actions']
        return PYSONDecoder().decode(action['pyson_domain'])

    # Who sees the debtors

    @in_clinic
    def test_other_clinic_does_not_see_debtors(self):
        """Barcelona's receptionist sees neither Madrid's debtors nor their
        contacts; Madrid's sees both"""
        pool = Pool()
        Debtor = pool.get('clinic.debtor')
        Contact = pool.get('clinic.debtor.contact')
        barcelona = self.barcelona()
        self.invoice(100, days_before(45))
        self.contact(days_before(3), "Pagará")
        users = {
            'Madrid': (self.madrid, 1),
            'Barcelona': (barcelona, 0),
            }
        for name, (company, seen) in users.items():
            user = create_user(
                'reception.' + name, [company], company,
                ['group_receptionist'])
            with self.subTest(clinic=name), acting_as(user), \
                    Transaction().set_context(date=day()):
                self.assertEqual(len(Debtor.search([])), seen)
                self.assertEqual(len(Contact.search([])), seen)

    @in_clinic
    def test_central_sees_debtors_if_shared(self):
        """The central's accountant sees Madrid's debtors and their last
        contact only once Madrid shares its invoices with the central"""
        pool = Pool()
        Debtor = pool.get('clinic.debtor')
        self.invoice(100, days_before(45))
        self.contact(days_before(3), "Pagará")
        accountant = create_user(
            'central.accounts', [self.central], self.central,
            ['group_accountant'])
        with acting_as(accountant), Transaction().set_context(date=day()):
            self.assertEqual(Debtor.search([]), [])
        share(self.madrid, 'invoices', central=True)
        with acting_as(accountant), Transaction().set_context(date=day()):
            debtor, = Debtor.search([('company', '=', self.madrid.id)])
            self.assertEqual(
                (debtor.overdue_amount, debtor.last_contact_note),
                (D(100), "Pagará"))

    def barcelona(self):
        """Return Barcelona, another clinic of the franchise, with the
        clinics' chart and an open year"""
        pool = Pool()
        Company = pool.get('company.company')
        Template = pool.get('account.account.template')
        FiscalYear = pool.get('account.fiscalyear')
        barcelona = create_company(
            "Clínica Barcelona", currency=self.madrid.currency)
        Company.write([barcelona], {
                'franchise': self.madrid.franchise.id,
                'clinic_role': 'clinic', 'history_prefix': 'BCN'})
        Template.create_clinic_charts([barcelona])
        with set_company(barcelona):
            fiscalyear = set_invoice_sequences(
                get_fiscalyear(barcelona, today()))
            for sequence in fiscalyear.invoice_sequences:
                sequence.company = barcelona
            fiscalyear.save()
            FiscalYear.create_period([fiscalyear])
        return Company(barcelona.id)


def own_values(defaults):
    "The values of the wizard's form, without what the client shows"
    return {k: v for k, v in defaults.items() if '.' not in k}

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Check-up recalls: who is due, when, and who sees them"
import datetime as dt
import unittest

from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.pyson import PYSONDecoder
from trytond.tests.test_tryton import activate_module, drop_db
from trytond.transaction import Transaction

from clinic_base.tests.tools import (
    acting_as, create_franchise, create_user, share, with_transaction)

from ..recall import add_months, last_visit_due_by
from .tools import create_practitioner, create_service, utc

# Mondays, when Dra. Torres works in Madrid
JUNE_VISIT = '2025-06-02'
MARCH_VISIT = '2025-03-03'
FUTURE_MONDAY = '2030-01-07'


class RecallFunctionsTestCase(unittest.TestCase):
    "Months after a day, and back"

    def test_add_months(self):
        "Six months after the 31st of August is the last day of February"
        self.assertEqual(
            add_months(dt.date(2030, 8, 31), 6), dt.date(2031, 2, 28))
        self.assertEqual(
            add_months(dt.date(2030, 1, 15), 6), dt.date(2030, 7, 15))

    def test_last_visit_due_by(self):
        """The visits of the 28th to the 31st of August are all due by the
        28th of February"""
        self.assertEqual(
            last_visit_due_by(dt.date(2031, 2, 28), 6), dt.date(2030, 8, 31))
        self.assertEqual(
            last_visit_due_by(dt.date(2031, 2, 27), 6), dt.date(2030, 8, 27))
        self.assertEqual(
            last_visit_due_by(dt.date(2030, 7, 15), 6), dt.date(2030, 1, 15))


class RecallTestCase(unittest.TestCase):
    "The recall list of a clinic"

    @classmethod
    def setUpClass(cls):
        drop_db()
        activate_module(['clinic_agenda'])
        # The scenarios that follow create the database anew
        cls.addClassCleanup(drop_db)

    def setup_clinic(self):
        """Madrid and Barcelona (Europe/Madrid): a cleaning calls for a
        check-up after 6 months, a filling for none; Dra. Torres works in
        Madrid on Mondays from midnight to 14:00; Lucía and Pedro are
        patients"""
        pool = Pool()
        Party = pool.get('party.party')
        _, self.central, (self.madrid, self.barcelona) = create_franchise()
        for clinic in [self.madrid, self.barcelona]:
            clinic.timezone = 'Europe/Madrid'
            clinic.save()
        self.cleaning = create_service("Cleaning", 30)
        self.cleaning.template.recall_interval = 6
        self.cleaning.template.save()
        self.filling = create_service("Filling", 30)
        self.dentist = create_practitioner(
            "Dra. Ana Torres", self.madrid, hours=[('0', '00:00', '14:00')])
        self.lucia, self.pedro = Party.create([
                {'name': "Lucía García", 'company': self.madrid.id},
                {'name': "Pedro Ruiz", 'company': self.madrid.id},
                ])

    def book(self, party, day, time='10:00', service=None):
        "Book party with Dra. Torres at time of day on Madrid's clock"
        Appointment = Pool().get('clinic.appointment')
        start = utc(day, time)
        appointment, = Appointment.create([{
                    'party': party.id, 'company': self.madrid.id,
                    'practitioner': self.dentist.id,
                    'service': (service or self.cleaning).id,
                    'start': start, 'end': start + dt.timedelta(minutes=30),
                    }])
        return appointment

    def visit(self, party, day, time='10:00', service=None):
        "Return the appointment of party on day, done"
        Appointment = Pool().get('clinic.appointment')
        appointment = self.book(party, day, time, service)
        Appointment.arrive([appointment])
        Appointment.start_visit([appointment])
        Appointment.finish_visit([appointment])
        return appointment

    def due_by(self, day):
        "Return the recalls of Madrid due by day, as (patient, due date)"
        Recall = Pool().get('clinic.recall')
        return [(r.party.name, r.due_date) for r in Recall.search([
                    ('company', '=', self.madrid.id),
                    ('due_date', '<=', day),
                    ])]

    @with_transaction()
    def test_due_after_the_interval(self):
        """A cleaning done on the 2nd of June is due for its check-up on the
        2nd of December; a filling calls for none"""
        Recall = Pool().get('clinic.recall')
        self.setup_clinic()
        cleaning = self.visit(self.lucia, JUNE_VISIT)
        self.visit(self.pedro, JUNE_VISIT, '11:00', self.filling)
        december_2 = dt.date(2025, 12, 2)
        self.assertEqual(
            self.due_by(december_2), [("Lucía García", december_2)])
        self.assertEqual(self.due_by(december_2 - dt.timedelta(1)), [])
        recall, = Recall.search([])
        self.assertEqual(recall.service, self.cleaning)
        self.assertEqual(recall.last_visit, cleaning.start)
        self.assertEqual(recall.recall_interval, 6)
        self.assertIsNone(recall.next_appointment)

    @with_transaction()
    def test_only_the_last_visit(self):
        "Of two cleanings, the check-up follows the last one"
        Recall = Pool().get('clinic.recall')
        self.setup_clinic()
        self.visit(self.lucia, MARCH_VISIT)
        june = self.visit(self.lucia, JUNE_VISIT)
        recall, = Recall.search([])
        self.assertEqual(recall.last_visit, june.start)
        self.assertEqual(recall.due_date, dt.date(2025, 12, 2))
        self.assertEqual(self.due_by(dt.date(2025, 9, 3)), [])

    @with_transaction()
    def test_not_done_visits_do_not_count(self):
        "A cleaning booked, or cancelled, calls for no check-up"
        pool = Pool()
        Appointment = pool.get('clinic.appointment')
        Recall = pool.get('clinic.recall')
        self.setup_clinic()
        self.book(self.lucia, JUNE_VISIT)
        Appointment.cancel([self.book(self.pedro, JUNE_VISIT, '11:00')])
        self.assertEqual(Recall.search([]), [])

    @with_transaction()
    def test_not_due_with_an_appointment_to_come(self):
        """Lucía has an appointment to come in Madrid: she need not be
        called"""
        Recall = Pool().get('clinic.recall')
        self.setup_clinic()
        self.visit(self.lucia, JUNE_VISIT)
        self.visit(self.pedro, JUNE_VISIT, '11:00')
        coming = self.book(self.lucia, FUTURE_MONDAY, service=self.filling)
        to_call = Recall.search([('next_appointment', '=', None)])
        self.assertEqual([r.party for r in to_call], [self.pedro])
        booked, = Recall.search([('next_appointment', '!=', None)])
        self.assertEqual(booked.party, self.lucia)
        self.assertEqual(booked.next_appointment, coming.start)

    @with_transaction()
    def test_interval_change(self):
        "A check-up asked after 12 months instead of 6 is due 6 months later"
        self.setup_clinic()
        self.visit(self.lucia, JUNE_VISIT)
        self.cleaning.template.recall_interval = 12
        self.cleaning.template.save()
        self.assertEqual(self.due_by(dt.date(2025, 12, 2)), [])
        self.assertEqual(
            self.due_by(dt.date(2026, 6, 2)),
            [("Lucía García", dt.date(2026, 6, 2))])
        self.cleaning.template.recall_interval = None
        self.cleaning.template.save()
        self.assertEqual(self.due_by(dt.date(2030, 1, 1)), [])

    @with_transaction()
    def test_day_on_the_clinics_clock(self):
        """A visit at 00:30 on Monday in Madrid (Sunday in UTC) is due six
        months after the Monday"""
        self.setup_clinic()
        visit = self.visit(self.lucia, JUNE_VISIT, '00:30')
        self.assertEqual(visit.start.date(), dt.date(2025, 6, 1))
        december_2 = dt.date(2025, 12, 2)
        self.assertEqual(
            self.due_by(december_2), [("Lucía García", december_2)])
        self.assertEqual(self.due_by(dt.date(2025, 12, 1)), [])

    @with_transaction()
    def test_search_due_date_operators(self):
        "The due date is searched with any comparison"
        Recall = Pool().get('clinic.recall')
        self.setup_clinic()
        self.visit(self.lucia, JUNE_VISIT)
        self.visit(self.pedro, MARCH_VISIT, '11:00')
        september_3, december_2 = dt.date(2025, 9, 3), dt.date(2025, 12, 2)

        def patients(operator, day):
            return sorted(r.party.name for r in Recall.search(
                    [('due_date', operator, day)]))
        self.assertEqual(patients('=', december_2), ["Lucía García"])
        self.assertEqual(patients('!=', december_2), ["Pedro Ruiz"])
        self.assertEqual(patients('<', december_2), ["Pedro Ruiz"])
        self.assertEqual(patients('>', september_3), ["Lucía García"])
        self.assertEqual(
            patients('>=', september_3), ["Lucía García", "Pedro Ruiz"])

    @with_transaction()
    def test_most_overdue_first(self):
        "The list starts with the check-up due first"
        Recall = Pool().get('clinic.recall')
        self.setup_clinic()
        self.visit(self.lucia, JUNE_VISIT)
        self.visit(self.pedro, MARCH_VISIT, '11:00')
        self.assertEqual(
            [(r.party.name, r.due_date) for r in Recall.search([])],
            [("Pedro Ruiz", dt.date(2025, 9, 3)),
                ("Lucía García", dt.date(2025, 12, 2))])

    @with_transaction()
    def test_only_the_clinics_the_policy_opens(self):
        """Barcelona's receptionist sees Madrid's recalls only once Madrid
        shares its patients with the other clinics; the central's, once
        it shares them with the central"""
        Recall = Pool().get('clinic.recall')
        self.setup_clinic()
        self.visit(self.lucia, JUNE_VISIT)
        mad_reception = create_user('mad.reception', [self.madrid],
            self.madrid, ['group_receptionist'])
        bcn_reception = create_user('bcn.reception', [self.barcelona],
            self.barcelona, ['group_receptionist'])
        central_admin = create_user('central.admin',
            [self.central, self.madrid, self.barcelona], self.central,
            ['group_franchise_admin'])

        def seen_by(user):
            with acting_as(user):
                return [r.party.name for r in Recall.search([])]
        self.assertEqual(seen_by(mad_reception), ["Lucía García"])
        self.assertEqual(seen_by(bcn_reception), [])
        self.assertEqual(seen_by(central_admin), [])
        share(self.madrid, 'contacts', clinics=True)
        self.assertEqual(seen_by(bcn_reception), ["Lucía García"])
        self.assertEqual(seen_by(central_admin), [])
        share(self.madrid, 'contacts', central=True)
        self.assertEqual(seen_by(central_admin), ["Lucía García"])

    @with_transaction()
    def test_practitioner_has_no_recall_list(self):
        "The recall list is the front desk's, not the practitioners'"
        Recall = Pool().get('clinic.recall')
        self.setup_clinic()
        doctor = create_user('mad.doctor', [self.madrid], self.madrid,
            ['group_practitioner'])
        with acting_as(doctor), self.assertRaises(AccessError):
            Recall.search([])

    @with_transaction()
    def test_book_the_check_up(self):
        """The receptionist opens Lucía, and a new appointment of hers for
        the cleaning in Madrid"""
        Recall = Pool().get('clinic.recall')
        self.setup_clinic()
        self.visit(self.lucia, JUNE_VISIT)
        receptionist = create_user('mad.reception', [self.madrid],
            self.madrid, ['group_receptionist'])
        with acting_as(receptionist):
            recall, = Recall.search([])
            patient = Recall.open_patient([recall])
            booking = Recall.book([recall])
        self.assertEqual(patient['res_model'], 'party.party')
        self.assertEqual(patient['res_id'], [self.lucia.id])
        self.assertEqual(booking['res_model'], 'clinic.appointment')
        self.assertEqual(PYSONDecoder().decode(booking['pyson_context']), {
                'default_party': self.lucia.id,
                'default_company': self.madrid.id,
                'default_service': self.cleaning.id,
                })

    @with_transaction()
    def test_list_due_within_a_month_by_default(self):
        "The list shows, by default, the check-ups due in the next 30 days"
        pool = Pool()
        Context = pool.get('clinic.recall.context')
        Date = pool.get('ir.date')
        self.setup_clinic()
        with Transaction().set_context(company=self.madrid.id):
            self.assertEqual(Context.default_company(), self.madrid.id)
        self.assertEqual(
            Context.default_due_by(), Date.today() + dt.timedelta(days=30))

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Treatment plans: services and packages on teeth, done into the clinical
history, done treatments kept, the chart at a past date"""
import datetime as dt
import unittest

from lxml import etree

from trytond.model.modelview import AccessButtonError
from trytond import backend
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME, activate_module
from trytond.transaction import Transaction

from clinic_base.tests.tools import acting_as, create_user, with_transaction

from ..exceptions import PlanError, ToothError, TreatmentError
from ..plan import finding_as_of
from . import test_finding
from .test_finding import kind


class PlanTestCase(unittest.TestCase):
    "Services and packages planned on teeth and done"

    setup_clinic = test_finding.FindingTestCase.setup_clinic
    chart = test_finding.FindingTestCase.chart

    @classmethod
    def setUpClass(cls):
        activate_module(['clinic_dental'])

    @classmethod
    def tearDownClass(cls):
        # Leave no connection to the test database on PostgreSQL: the
        # scenarios that follow drop and recreate it from the cache
        super().tearDownClass()
        if backend.name == 'postgresql':
            backend.Database(DB_NAME).close()

    def service(self, name, code=None):
        "Return a franchise-wide service charted as the kind of code"
        pool = Pool()
        Template = pool.get('product.template')
        ModelData = pool.get('ir.model.data')
        template, = Template.create([{
                    'name': name, 'type': 'service',
                    'default_uom': ModelData.get_id('product', 'uom_unit'),
                    'dental_kind': kind(code).id if code else None,
                    'products': [('create', [{}])],
                    }])
        return template.products[0]

    def package(self, name, services):
        Package = Pool().get('clinic.service.package')
        package, = Package.create([{
                    'name': name,
                    'lines': [('create', [
                                {'service': s.id, 'quantity': 1}
                                for s in services])],
                    }])
        return package

    def plan(self, teeth, service=None, package=None, surfaces=(),
            kind=None):
        "Plan on Lucía's teeth in Madrid as the wizard does"
        pool = Pool()
        Start = pool.get('clinic.dental.plan.start')
        Finding = pool.get('clinic.dental.finding')
        start = Start(
            patient=self.lucia, company=self.madrid, teeth=teeth,
            surfaces=list(surfaces), service=service, package=package,
            kind=kind, notes=None)
        return Finding.create(start.finding_values())

    def setup_plan(self):
        self.setup_clinic()
        self.composite = self.service("Composite filling", 'filling')
        self.endo = self.service("Root canal treatment", 'root_canal')
        self.prosthesis = self.service("Ceramic work")

    @with_transaction()
    def test_plan_service(self):
        "A service on two teeth: two planned findings of its kind"
        self.setup_plan()
        findings = self.plan("16, 26", self.composite, surfaces=['occlusal'])
        self.assertEqual(
            [(f.tooth, f.kind.code, f.surfaces, f.status, f.service)
                for f in findings],
            [(16, 'filling', ('occlusal',), 'planned', self.composite),
                (26, 'filling', ('occlusal',), 'planned', self.composite)])

    @with_transaction()
    def test_plan_package(self):
        "A package: one planned finding per service line and tooth"
        self.setup_plan()
        package = self.package("Endodontics", [self.endo, self.composite])
        findings = self.plan("36 46", package=package, surfaces=['occlusal'])
        self.assertEqual(
            sorted((f.tooth, f.kind.code, f.surfaces, f.service.id)
                for f in findings),
            [(36, 'filling', ('occlusal',), self.composite.id),
                (36, 'root_canal', (), self.endo.id),
                (46, 'filling', ('occlusal',), self.composite.id),
                (46, 'root_canal', (), self.endo.id)])

    @with_transaction()
    def test_teeth_hint_beside_the_field(self):
        """Plan Treatment shows how to write the teeth beside the field,
        not only in its help"""
        Start = Pool().get('clinic.dental.plan.start')
        arch = etree.fromstring(
            Start.fields_view_get(view_type='form')['arch'])
        field, = arch.xpath('//field[@name="teeth"]')
        self.assertEqual([e.get('string') for e in field.itersiblings()],
            ["FDI numbers, separated by commas: 11, 21"])

    @with_transaction()
    def test_plan_bad_input(self):
        "Teeth, surfaces and kinds are checked, with clear messages"
        self.setup_plan()
        with self.assertRaisesRegex(PlanError, 'not "16, x"'):
            self.plan("16, x", self.composite, surfaces=['occlusal'])
        with self.assertRaisesRegex(ToothError, '19 is not a tooth'):
            self.plan("19", self.composite, surfaces=['occlusal'])
        with self.assertRaisesRegex(ToothError, '46 has no Incisal'):
            self.plan("46", self.composite, surfaces=['incisal'])
        with self.assertRaisesRegex(PlanError, 'either a service'):
            self.plan("16", self.composite, self.package(
                    "Pack", [self.composite]))
        with self.assertRaisesRegex(PlanError, 'either a service'):
            self.plan("16")
        with self.assertRaisesRegex(
                PlanError, '"Ceramic work" is not charted'):
            self.plan("11", self.prosthesis)
        crown, = self.plan("11", self.prosthesis, kind=kind('crown'))
        self.assertEqual(crown.kind.code, 'crown')

    @with_transaction()
    def test_done_into_history(self):
        """Done adds the service and a line to the day's draft entry of the
        practitioner, and links it; a signed entry is not added to"""
        pool = Pool()
        Finding = pool.get('clinic.dental.finding')
        Entry = pool.get('clinic.history.entry')
        self.setup_plan()
        first, second, third = self.plan(
            "16, 26, 27", self.composite, surfaces=['occlusal', 'mesial'])
        with Transaction().set_context(employee=self.dentist.id):
            Finding.do([first])
        entry = first.history_entry
        self.assertEqual(
            (entry.party, entry.company, entry.practitioner, entry.date,
                entry.state),
            (self.lucia, self.madrid, self.dentist,
                pool.get('ir.date').today(), 'draft'))
        self.assertEqual(list(entry.services), [self.composite])
        self.assertEqual(
            entry.treatment,
            "Tooth 16: Filling (Mesial, Occlusal) - Composite filling")
        self.assertEqual(first.done_date, entry.date)
        with Transaction().set_context(employee=self.dentist.id):
            Finding.do([second])
        self.assertEqual(second.history_entry, entry)
        entry = Entry(entry.id)
        self.assertEqual(list(entry.services), [self.composite])
        self.assertEqual(entry.treatment.splitlines()[1],
            "Tooth 26: Filling (Mesial, Occlusal) - Composite filling")
        # Done twice stays refused
        with self.assertRaisesRegex(TreatmentError, 'cannot be marked done'):
            Finding.do([second])
        # Once signed, the entry is final: a new one is started
        with Transaction().set_context(employee=self.dentist.id):
            Entry.sign([entry])
            Finding.do([third])
        self.assertNotEqual(third.history_entry, entry)
        self.assertEqual(third.history_entry.state, 'draft')
        self.assertEqual(Entry.search([], count=True), 2)

    @with_transaction()
    def test_done_as_practitioner(self):
        "A practitioner marks done under the history rules of the clinic"
        pool = Pool()
        Finding = pool.get('clinic.dental.finding')
        Entry = pool.get('clinic.history.entry')
        self.setup_plan()
        planned, = self.plan("21", self.composite, surfaces=['mesial'])
        user = create_user(
            'mad.dentist', [self.madrid], self.madrid,
            ['group_practitioner'])
        with acting_as(user), \
                Transaction().set_context(employee=self.dentist.id):
            Finding.do([Finding(planned.id)])
            entry, = Entry.search([])
            self.assertEqual(list(entry.services), [self.composite])
        reception = create_user(
            'mad.reception', [self.madrid], self.madrid,
            ['group_receptionist'])
        other, = self.plan("22", self.composite, surfaces=['mesial'])
        with acting_as(reception), \
                Transaction().set_context(employee=self.dentist.id):
            with self.assertRaises(AccessButtonError):
                Finding.do([Finding(other.id)])

    @with_transaction()
    def test_done_not_deleted(self):
        "A treatment done is a clinical record: never deleted"
        Finding = Pool().get('clinic.dental.finding')
        self.setup_plan()
        done, planned = self.plan(
            "16, 26", self.composite, surfaces=['occlusal'])
        with Transaction().set_context(employee=self.dentist.id):
            Finding.do([done])
        with self.assertRaisesRegex(TreatmentError, 'cannot be deleted'):
            Finding.delete([done])
        Finding.delete([planned])
        self.assertEqual(Finding.search([]), [done])

    @with_transaction()
    def test_chart_at_date(self):
        """On a past date: later findings left out, later treatments
        planned"""
        pool = Pool()
        Finding = pool.get('clinic.dental.finding')
        Party = pool.get('party.party')
        Start = pool.get('clinic.dental.odontogram.at_date')
        Date = pool.get('ir.date')
        self.setup_plan()
        today = Date.today()
        old = today - dt.timedelta(days=400)
        week = today - dt.timedelta(days=7)
        filling = self.chart(16, 'filling', ['occlusal'], date=old)
        caries = self.chart(21, 'caries', ['mesial'], date=week)
        crown, = self.plan("46", self.service("Crown", 'crown'))
        endo, = self.plan("36", self.endo)
        with Transaction().set_context(employee=self.dentist.id):
            Finding.do([endo])
        # Planned a month ago, done yesterday
        Finding.write([endo], {
                'date': today - dt.timedelta(days=1),
                'done_date': today - dt.timedelta(days=1),
                })
        table = Finding.__table__()
        Transaction().connection.cursor().execute(*table.update(
                [table.create_date],
                [dt.datetime.combine(
                        today - dt.timedelta(days=30), dt.time())],
                where=table.id.in_([endo.id, crown.id])))
        Transaction().cache.clear()
        endo, crown = Finding.browse([endo.id, crown.id])
        self.assertEqual(
            [finding_as_of(f, week - dt.timedelta(days=1))
                for f in [filling, caries, crown, endo]],
            ['existing', None, 'planned', 'planned'])
        self.assertEqual(
            [finding_as_of(f, today) for f in [filling, caries, crown, endo]],
            ['existing', 'existing', 'planned', 'done'])
        self.assertEqual(
            [finding_as_of(f, old - dt.timedelta(days=1))
                for f in [filling, caries, crown, endo]],
            [None, None, None, None])
        user = create_user(
            'mad.dentist', [self.madrid], self.madrid,
            ['group_practitioner'])
        with acting_as(user):
            lucia = Party(self.lucia.id)
            before = week - dt.timedelta(days=1)
            svg = Party.draw_odontograms([lucia], date=before)[lucia.id]
            self.assertIn(b'data-kind="Filling"', svg)
            self.assertNotIn(b'data-kind="Caries"', svg)
            self.assertNotIn(b'data-status="done"', svg)
            self.assertIn(b'data-status="planned"', svg)
            self.assertIn(b'data-kind="Caries"', lucia.odontogram)
            self.assertIn(b'data-status="done"', lucia.odontogram)
            start = Start(patient=lucia, date=before)
            self.assertEqual(start.on_change_with_odontogram(), svg)

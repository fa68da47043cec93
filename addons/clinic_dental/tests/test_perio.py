# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The periodontal chart: its figures, bad input, closing, the teeth taken
from the odontogram and the clinical-history policy"""
import unittest
from types import SimpleNamespace
from xml.etree import ElementTree as ET

from trytond.model.exceptions import AccessError
from trytond.model.modelsql import SQLConstraintError
from trytond.model.modelview import AccessButtonError
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module

from clinic_base.tests.tools import (
    acting_as, create_franchise, create_user, share, with_transaction)

from .. import perio, perio_drawing
from ..exceptions import PerioChartClosedError, PerioError, ToothError
from .test_finding import kind


def finding(tooth, present=True, absent=False):
    return SimpleNamespace(tooth=tooth, present=present, absent=absent)


class PerioFiguresTestCase(unittest.TestCase):
    "The figures of a chart and the teeth to chart, as plain data"

    def test_summarize(self):
        "Only probed sites count; CAL is depth plus recession"
        sites = [
            perio.Site(3, 2, False),
            perio.Site(4, 1, True),
            perio.Site(6, -1, True),
            perio.Site(3, None, False),
            perio.Site(None, 2, True),
            ]
        summary = perio.summarize(sites)
        self.assertEqual(summary.sites_probed, 4)
        self.assertEqual(summary.mean_depth, 4.0)
        self.assertEqual(summary.deep_sites, 2)
        self.assertEqual(summary.very_deep_sites, 1)
        self.assertEqual(summary.bleeding_percent, 50.0)
        self.assertEqual(summary.mean_attachment, 4.5)

    def test_summarize_nothing_probed(self):
        "A chart without depths has no means to show"
        self.assertEqual(perio.summarize([]), perio.EMPTY)
        self.assertEqual(
            perio.summarize([perio.Site(None, 1, True)]).mean_depth, None)

    def test_teeth_in_mouth_adult(self):
        """All 32 permanent teeth in chart order, less those charted
        absent"""
        teeth = perio.teeth_in_mouth([])
        self.assertEqual(len(teeth), 32)
        self.assertEqual(teeth[:3], [18, 17, 16])
        self.assertEqual(teeth[16:19], [48, 47, 46])
        teeth = perio.teeth_in_mouth([
                finding(36, present=False, absent=True),
                finding(16),
                ])
        self.assertNotIn(36, teeth)
        self.assertIn(16, teeth)
        self.assertEqual(len(teeth), 31)

    def test_teeth_in_mouth_child(self):
        """A permanent tooth whose deciduous predecessor is still there is
        not charted; the first permanent molars are"""
        teeth = perio.teeth_in_mouth(
            [finding(t) for t in [55, 54, 85]]
            + [finding(74, present=False, absent=True), finding(74)])
        self.assertNotIn(15, teeth)
        self.assertNotIn(14, teeth)
        self.assertNotIn(45, teeth)
        self.assertIn(34, teeth)
        self.assertIn(16, teeth)

    def test_chart_sequence(self):
        "Lines sort the way the chart is read"
        self.assertLess(
            perio.chart_sequence(18), perio.chart_sequence(11))
        self.assertLess(
            perio.chart_sequence(28), perio.chart_sequence(48))
        self.assertLess(
            perio.chart_sequence(41), perio.chart_sequence(31))


class PerioChartTestCase(unittest.TestCase):
    "Periodontal charts in the database"

    @classmethod
    def setUpClass(cls):
        activate_module(['clinic_dental'])

    def setup_clinic(self):
        """Madrid and Barcelona, a dentist user in Madrid and a patient
        registered there, Lucía"""
        pool = Pool()
        Party = pool.get('party.party')
        Employee = pool.get('company.employee')
        _, self.central, (self.madrid, self.barcelona) = create_franchise()
        self.lucia, dentist = Party.create([
                {'name': "Lucía", 'company': self.madrid.id},
                {'name': "Dra. Ana"}])
        self.employee, = Employee.create([{
                    'party': dentist.id, 'company': self.madrid.id}])
        self.dentist = create_user(
            'mad.dentist', [self.madrid], self.madrid,
            ['group_practitioner'])

    def new_chart(self, teeth=()):
        """Return a draft chart of Lucía in Madrid with a line per tooth
        (values by tooth)"""
        Chart = Pool().get('clinic.dental.perio.chart')
        chart, = Chart.create([{
                    'patient': self.lucia.id, 'company': self.madrid.id,
                    'practitioner': self.employee.id,
                    'lines': [('create', [
                                {'tooth': t, **v}
                                for t, v in dict(teeth).items()])],
                    }])
        return chart

    def line(self, chart, tooth, **values):
        Line = Pool().get('clinic.dental.perio.tooth')
        line, = Line.create([{'chart': chart.id, 'tooth': tooth, **values}])
        return line

    @with_transaction()
    def test_figures(self):
        "The chart sums up its sites"
        self.setup_clinic()
        chart = self.new_chart({
                16: {'depth_db': 5, 'depth_b': 3, 'depth_mb': 6,
                    'recession_db': 1, 'bleeding_db': True,
                    'bleeding_mb': True},
                11: {'depth_db': 2, 'depth_b': 2, 'depth_mb': 2,
                    'recession_b': -1},
                })
        self.assertEqual(chart.sites_probed, 6)
        self.assertEqual(chart.mean_depth, 3.3)
        self.assertEqual(chart.deep_sites, 2)
        self.assertEqual(chart.very_deep_sites, 1)
        self.assertEqual(chart.bleeding_percent, 33.3)
        self.assertEqual(chart.mean_attachment, 3.3)
        # Lines in chart order: 16 before 11
        self.assertEqual([l.tooth for l in chart.lines], [16, 11])

    @with_transaction()
    def test_bad_measures(self):
        "Out of range measures are refused, naming the field and the tooth"
        self.setup_clinic()
        chart = self.new_chart()
        for tooth, values, message in [
                (16, {'depth_mb': 16}, '"Depth MB" of tooth 16 is 16 mm'),
                (15, {'depth_l': -1}, '"Depth L" of tooth 15'),
                (26, {'recession_db': -6}, '"Recession DB" of tooth 26'),
                (25, {'recession_ml': 16}, 'from -5 to 15 mm'),
                (31, {'mobility': 4}, '"Mobility" of tooth 31 is 4'),
                (37, {'furcation': 4}, '"Furcation" of tooth 37'),
                ]:
            with self.assertRaisesRegex(PerioError, message):
                self.line(chart, tooth, **values)
        with self.assertRaisesRegex(PerioError, '11 is not a molar'):
            self.line(chart, 11, furcation=1)
        self.line(chart, 46, furcation=2, mobility=3, depth_mb=15,
            recession_b=-5)

    @with_transaction()
    def test_bad_teeth(self):
        """A tooth outside FDI or a deciduous tooth is refused, and a tooth
        is charted once"""
        self.setup_clinic()
        chart = self.new_chart()
        with self.assertRaisesRegex(ToothError, '19 is not a tooth in FDI'):
            self.line(chart, 19)
        with self.assertRaisesRegex(ToothError, '55 is a deciduous tooth'):
            self.line(chart, 55)
        self.line(chart, 16)
        with self.assertRaisesRegex(SQLConstraintError, 'only once'):
            self.line(chart, 16)

    @with_transaction()
    def test_close(self):
        """A closed chart and its teeth are frozen: no change, no deletion,
        no new tooth, and no way back to draft"""
        pool = Pool()
        Chart = pool.get('clinic.dental.perio.chart')
        Line = pool.get('clinic.dental.perio.tooth')
        self.setup_clinic()
        empty = self.new_chart()
        chart = self.new_chart({16: {'depth_db': 4}})
        with acting_as(self.dentist):
            with self.assertRaisesRegex(PerioError, 'no probing depth'):
                Chart.close([Chart(empty.id)])
            Chart.close([Chart(chart.id)])
        self.assertEqual(chart.state, 'done')
        with self.assertRaisesRegex(PerioChartClosedError, 'closed'):
            Chart.write([chart], {'notes': "Later"})
        with self.assertRaisesRegex(PerioChartClosedError, 'closed'):
            Chart.delete([chart])
        line, = chart.lines
        with self.assertRaisesRegex(PerioChartClosedError, 'Tooth 16'):
            Line.write([line], {'depth_db': 3})
        with self.assertRaisesRegex(PerioChartClosedError, 'Tooth 16'):
            Line.delete([line])
        with self.assertRaisesRegex(PerioChartClosedError, 'Tooth 17'):
            self.line(chart, 17)
        with acting_as(self.dentist):
            with self.assertRaises(AccessButtonError):
                Chart.fill_teeth([Chart(chart.id)])
        self.assertNotIn('draft', {
                start for start, end in Chart._transitions if end == 'draft'})
        # The draft chart is deleted
        Chart.delete([empty])

    @with_transaction()
    def test_fill_teeth(self):
        """Fill Teeth adds the permanent teeth the odontogram shows in the
        mouth, once"""
        pool = Pool()
        Chart = pool.get('clinic.dental.perio.chart')
        Finding = pool.get('clinic.dental.finding')
        self.setup_clinic()
        Finding.create([{
                    'patient': self.lucia.id, 'company': self.madrid.id,
                    'tooth': tooth, 'kind': kind(code).id, 'surfaces': [],
                    'status': 'existing'}
                for tooth, code in [
                    (18, 'unerupted'), (28, 'unerupted'), (36, 'missing'),
                    (46, 'crown'), (48, 'missing')]])
        chart = self.new_chart({16: {'depth_db': 3}})
        with acting_as(self.dentist):
            Chart.fill_teeth([Chart(chart.id)])
            Chart.fill_teeth([Chart(chart.id)])
        chart = Chart(chart.id)
        teeth = [l.tooth for l in chart.lines]
        self.assertEqual(len(teeth), 28)
        self.assertEqual(len(set(teeth)), 28)
        self.assertEqual(teeth[:2], [17, 16])
        for gone in [18, 28, 36, 48]:
            self.assertNotIn(gone, teeth)
        self.assertIn(46, teeth)
        # What was typed stays
        self.assertEqual(chart.lines[1].depth_db, 3)

    @with_transaction()
    def test_history(self):
        "The patient's charts, newest first"
        pool = Pool()
        Party = pool.get('party.party')
        Chart = pool.get('clinic.dental.perio.chart')
        Date = pool.get('ir.date')
        self.setup_clinic()
        older = self.new_chart({16: {'depth_db': 6}})
        older.date = Date.today().replace(year=Date.today().year - 1)
        older.save()
        newer = self.new_chart({16: {'depth_db': 3}})
        with acting_as(self.dentist):
            lucia = Party(self.lucia.id)
            self.assertEqual(
                [c.id for c in lucia.perio_charts], [newer.id, older.id])
            self.assertEqual(
                [c.mean_depth for c in lucia.perio_charts], [3, 6])
            self.assertEqual(Chart.search([]), [newer, older])

    @with_transaction()
    def test_policy(self):
        """A chart and its teeth are read where Madrid shares its clinical
        histories, and changed only in Madrid"""
        pool = Pool()
        Chart = pool.get('clinic.dental.perio.chart')
        Line = pool.get('clinic.dental.perio.tooth')
        Party = pool.get('party.party')
        self.setup_clinic()
        chart = self.new_chart({16: {'depth_db': 5}})
        line, = chart.lines
        barcelona = create_user(
            'bcn.dentist', [self.barcelona], self.barcelona,
            ['group_practitioner'])
        reception = create_user(
            'mad.reception', [self.madrid], self.madrid,
            ['group_receptionist'])
        with acting_as(self.dentist):
            self.assertEqual(Chart.search([]), [chart])
            Line.write([Line(line.id)], {'depth_db': 4})
        with acting_as(reception):
            # (the front desk reads no periodontal measurement)
            with self.assertRaises(AccessError):
                Line.search([])
            with self.assertRaises(AccessError):
                Line.write([Line(line.id)], {'depth_db': 3})
        with acting_as(barcelona):
            self.assertEqual(Chart.search([]), [])
            self.assertEqual(Line.search([]), [])
            with self.assertRaises(AccessError):
                Chart.read([chart.id], ['mean_depth'])
            with self.assertRaises(AccessError):
                Line.read([line.id], ['depth_db'])
            self.assertEqual(Party.search([('id', '=', self.lucia.id)]), [])
        share(self.madrid, 'histories', clinics=True)
        with acting_as(barcelona):
            self.assertEqual(Chart.search([]), [chart])
            self.assertEqual(Line.search([]), [line])
            self.assertEqual(Chart(chart.id).mean_depth, 4)
            lucia, = Party.search([('id', '=', self.lucia.id)])
            self.assertEqual(lucia.perio_charts, (chart,))
            with self.assertRaises(AccessError):
                Chart.write([Chart(chart.id)], {'notes': "Mine"})
            with self.assertRaises(AccessError):
                Line.write([Line(line.id)], {'depth_db': 2})
            with self.assertRaises(AccessError):
                Line.create([{'chart': chart.id, 'tooth': 17}])
            # The buttons too (clinic_base's guard of the write rules)
            with self.assertRaises(AccessError):
                Chart.close([Chart(chart.id)])
            with self.assertRaises(AccessError):
                Chart.fill_teeth([Chart(chart.id)])
        self.assertEqual(Chart(chart.id).state, 'draft')


class PerioDrawingTestCase(unittest.TestCase):
    "The chart's depths drawn"

    def test_draw(self):
        """A bar per probed site, in the pocket's colour, a dot where it
        bled; the patient's right on the left"""
        depths = dict(zip(perio.SITE_CODES, [2, 4, 7, None, 3, 3]))
        line = SimpleNamespace(tooth=16, sites=lambda: [
                perio.Site(depths[c], None, c == 'mb')
                for c in perio.SITE_CODES])
        svg = ET.fromstring(perio_drawing.draw([line]))
        ns = {'svg': perio_drawing.SVG}
        teeth = [g.get('data-tooth')
            for g in svg.iterfind('svg:g[@class="tooth"]', ns)]
        self.assertEqual((len(teeth), teeth[0], teeth[16]), (32, '18', '48'))
        tooth = svg.find('svg:g[@data-tooth="16"]', ns)
        bars = {r.get('data-site'): r
            for r in tooth.iterfind('svg:rect[@class="depth"]', ns)}
        self.assertEqual(sorted(bars), ['b', 'db', 'l', 'mb', 'ml'])
        self.assertEqual(bars['db'].get('fill'), perio_drawing.HEALTHY)
        self.assertEqual(bars['b'].get('fill'), perio_drawing.POCKET)
        self.assertEqual(bars['mb'].get('fill'), perio_drawing.DEEP_POCKET)
        # On the patient's right, distal is to the left of mesial
        self.assertLess(
            float(bars['db'].get('x')), float(bars['mb'].get('x')))
        bleeding, = tooth.iterfind('svg:circle[@class="bleeding"]', ns)
        self.assertEqual(bleeding.get('data-site'), 'mb')
        other = svg.find('svg:g[@data-tooth="26"]', ns)
        self.assertEqual(other.findall('svg:rect', ns), [])

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"The teeth in FDI notation, the odontogram drawn from them, the DMFT index"
import unittest
from types import SimpleNamespace
from xml.etree import ElementTree as ET

from .. import tooth as fdi
from ..dmft import dmft
from ..odontogram import SVG, Mark, draw

NS = {'svg': SVG}


def numbers_left_to_right(svg, teeth):
    "Return the teeth sorted by the x of their number on the picture"
    root = ET.fromstring(svg)
    places = {}
    for group in root.iterfind('svg:g[@class="tooth"]', NS):
        number = group.find('svg:text[@class="number"]', NS)
        places[int(group.get('data-tooth'))] = (
            float(number.get('y')), float(number.get('x')))
    return sorted(teeth, key=lambda t: places[t][1]), places


def findings_of(svg, tooth):
    "Return the finding elements drawn on the tooth"
    root = ET.fromstring(svg)
    group = root.find('svg:g[@data-tooth="%s"]' % tooth, NS)
    return [e for e in group if 'finding' in (e.get('class') or '')]


class ToothTestCase(unittest.TestCase):
    "FDI notation"

    def test_teeth(self):
        "32 permanent and 20 deciduous teeth"
        self.assertEqual(len(fdi.PERMANENT), 32)
        self.assertEqual(len(fdi.DECIDUOUS), 20)
        for number in [11, 18, 28, 38, 48, 51, 55, 65, 75, 85]:
            self.assertTrue(fdi.is_tooth(number), number)
        for number in [0, 10, 19, 49, 50, 56, 86, 91, 111]:
            self.assertFalse(fdi.is_tooth(number), number)

    def test_quadrant_position(self):
        "The first digit is the quadrant, the second the position"
        self.assertEqual((fdi.quadrant(36), fdi.position(36)), (3, 6))
        self.assertTrue(fdi.is_upper(26))
        self.assertTrue(fdi.is_upper(55))
        self.assertFalse(fdi.is_upper(46))
        self.assertFalse(fdi.is_upper(75))
        self.assertTrue(fdi.is_deciduous(64))
        self.assertFalse(fdi.is_deciduous(24))

    def test_front_back(self):
        "Incisors and canines are front teeth, premolars and molars back"
        self.assertEqual(
            [t for t in fdi.arch_row((1, 2)) if fdi.is_front(t)],
            [13, 12, 11, 21, 22, 23])
        self.assertTrue(fdi.is_front(53))
        self.assertFalse(fdi.is_front(54))

    def test_successor(self):
        "A deciduous tooth gives way to the permanent tooth at its place"
        self.assertEqual(fdi.successor(55), 15)
        self.assertEqual(fdi.successor(81), 41)
        self.assertEqual(fdi.predecessor(15), 55)
        self.assertEqual(fdi.predecessor(43), 83)
        self.assertIsNone(fdi.predecessor(16))
        self.assertIsNone(fdi.successor(16))
        self.assertEqual(fdi.counterpart(85), 45)
        self.assertEqual(fdi.counterpart(45), 85)

    def test_surfaces(self):
        "Occlusal for back teeth, incisal for front; palatal upper, lingual"
        self.assertEqual(set(fdi.surfaces(16)), {
                'mesial', 'distal', 'vestibular', 'occlusal', 'palatal'})
        self.assertEqual(set(fdi.surfaces(11)), {
                'mesial', 'distal', 'vestibular', 'incisal', 'palatal'})
        self.assertEqual(set(fdi.surfaces(36)), {
                'mesial', 'distal', 'vestibular', 'occlusal', 'lingual'})
        self.assertEqual(set(fdi.surfaces(83)), {
                'mesial', 'distal', 'vestibular', 'incisal', 'lingual'})
        self.assertNotIn('incisal', fdi.surfaces(46))
        self.assertNotIn('palatal', fdi.surfaces(31))

    def test_rows(self):
        "The chart rows as the dentist sees them"
        upper, upper_deciduous, lower_deciduous, lower = fdi.chart_rows()
        self.assertEqual(upper[:3], [18, 17, 16])
        self.assertEqual(upper[7:9], [11, 21])
        self.assertEqual(upper[-1], 28)
        self.assertEqual(lower[0], 48)
        self.assertEqual(lower[-1], 38)
        self.assertEqual(upper_deciduous, [
                55, 54, 53, 52, 51, 61, 62, 63, 64, 65])
        self.assertEqual(lower_deciduous, [
                85, 84, 83, 82, 81, 71, 72, 73, 74, 75])
        self.assertEqual(len(fdi.chart_rows(deciduous=False)), 2)

    def test_parse_teeth(self):
        self.assertEqual(fdi.parse_teeth('15, 16 17'), [15, 16, 17])
        self.assertEqual(fdi.parse_teeth(None), [])
        with self.assertRaises(ValueError):
            fdi.parse_teeth('15, a')


class OdontogramTestCase(unittest.TestCase):
    "The chart drawn as SVG"

    def test_adult_order(self):
        "An adult's chart: 18 far left above, 28 far right; 48 to 38 below"
        svg = draw([])
        upper = fdi.arch_row((1, 2))
        lower = fdi.arch_row((4, 3))
        ordered, places = numbers_left_to_right(svg, upper)
        self.assertEqual(ordered, upper)
        self.assertEqual(ordered[0], 18)
        ordered, _ = numbers_left_to_right(svg, lower)
        self.assertEqual(ordered, lower)
        self.assertLess(places[16][0], places[46][0])
        self.assertNotIn(55, places)

    def test_mixed_dentition(self):
        "A finding on a deciduous tooth draws the deciduous rows"
        svg = draw([Mark(tooth=55, surfaces=('occlusal',), kind="Caries")])
        row = fdi.arch_row((5, 6))
        ordered, places = numbers_left_to_right(svg, row)
        self.assertEqual(ordered, row)
        self.assertIn(16, places)
        # Between the permanent rows
        self.assertLess(places[16][0], places[55][0])
        self.assertLess(places[85][0], places[45][0])

    def test_surfaces_sides(self):
        """Mesial faces the midline: right of the picture in quadrant 1,
        left in quadrant 2; vestibular is outside the arch"""
        svg = draw([
                Mark(tooth=16, surfaces=('mesial',), kind="Caries"),
                Mark(tooth=26, surfaces=('mesial',), kind="Caries"),
                ])

        def centre_x(tooth):
            polygon, = findings_of(svg, tooth)
            xs = [float(p.split(',')[0])
                for p in polygon.get('points').split()]
            return sum(xs) / len(xs)

        root = ET.fromstring(svg)

        def box(tooth):
            group = root.find('svg:g[@data-tooth="%s"]' % tooth, NS)
            centre = group.find('svg:polygon[@data-surface="occlusal"]', NS)
            xs = [float(p.split(',')[0])
                for p in centre.get('points').split()]
            return min(xs), max(xs)
        self.assertGreater(centre_x(16), box(16)[1])
        self.assertLess(centre_x(26), box(26)[0])

    def test_statuses_differ(self):
        "Planned, done and existing findings are drawn differently"
        svg = draw([
                Mark(tooth=16, surfaces=('occlusal',), status='existing',
                    colour='#808080', kind="Filling"),
                Mark(tooth=17, surfaces=('occlusal',), status='planned',
                    colour='#808080', kind="Filling"),
                Mark(tooth=27, surfaces=('occlusal',), status='done',
                    colour='#808080', kind="Filling"),
                ])
        existing, = findings_of(svg, 16)
        planned, = findings_of(svg, 17)
        done, = findings_of(svg, 27)
        styles = {
            (e.get('fill'), e.get('stroke'))
            for e in [existing, planned, done]}
        self.assertEqual(len(styles), 3)
        self.assertEqual(existing.get('fill'), '#808080')
        self.assertEqual(planned.get('data-status'), 'planned')
        self.assertEqual(done.get('data-status'), 'done')

    def test_whole_tooth_symbols(self):
        "A missing tooth is crossed out, a crown circled, others written"
        svg = draw([
                Mark(tooth=36, status='existing', applies_to='tooth',
                    symbol='X', kind="Missing"),
                Mark(tooth=46, status='existing', applies_to='tooth',
                    symbol='O', kind="Crown"),
                Mark(tooth=47, status='planned', applies_to='tooth',
                    symbol='RC', kind="Root Canal"),
                ])
        cross, = findings_of(svg, 36)
        circle, = findings_of(svg, 46)
        text, = findings_of(svg, 47)
        self.assertEqual(cross.tag, '{%s}path' % SVG)
        self.assertEqual(circle.tag, '{%s}circle' % SVG)
        self.assertEqual(text.text, 'RC')

    def test_planned_over_an_existing_finding(self):
        """A filling planned on the caries of 24 hatches it: the caries'
        colour shows between the hatching's lines"""
        svg = draw([
                Mark(tooth=24, surfaces=('occlusal',), colour='#ff8800',
                    kind="Caries"),
                Mark(tooth=24, surfaces=('occlusal',), status='planned',
                    kind="Filling"),
                ])
        caries, filling = findings_of(svg, 24)
        self.assertEqual(caries.get('fill'), '#ff8800')
        self.assertEqual(filling.get('fill'), 'url(#hatch-planned)')
        root = ET.fromstring(svg)
        hatch, = root.iterfind('.//svg:pattern[@id="hatch-planned"]', NS)
        self.assertEqual(
            [e.get('fill') for e in hatch if e.get('fill') not in {
                    None, 'none'}], [],
            "the hatching has no background hiding what is under it")

    def test_legend_shows_the_symbols(self):
        """The legend draws the symbol of each whole-tooth kind charted,
        in its status: a planned crown's dotted circle"""
        svg = draw([Mark(tooth=46, status='planned', applies_to='tooth',
                    symbol='O', kind="Crown")], legend={'planned': "Planned"})
        root = ET.fromstring(svg)
        legend, = root.iterfind('svg:g[@class="legend"]', NS)
        circle, = legend.iterfind('.//svg:circle', NS)
        self.assertEqual(circle.get('stroke-dasharray'), '4,2')
        # (the chart's findings are the teeth's, not the legend's)
        self.assertEqual(
            len(root.findall('.//*[@data-kind="Crown"]', NS)), 1)
        self.assertIn("Crown (Planned)",
            [t.text for t in legend.iterfind('svg:text', NS)])

    def test_group(self):
        "The teeth of a bridge are joined by a bar"
        svg = draw([Mark(tooth=14, applies_to='group', symbol='O',
                    teeth=(15, 16), kind="Bridge")])
        root = ET.fromstring(svg)
        bar, = root.iterfind('svg:line[@data-kind="Bridge"]', NS)
        self.assertLess(float(bar.get('x1')), float(bar.get('x2')))

    def test_names_escaped(self):
        "A kind's name is text, not markup"
        svg = draw([Mark(tooth=16, surfaces=('occlusal',),
                    kind='<Caries & "more">')])
        ET.fromstring(svg)


class DmftTestCase(unittest.TestCase):
    "The DMFT index"

    def finding(self, tooth, dmft, status='existing'):
        return SimpleNamespace(
            tooth=tooth, status=status, kind=SimpleNamespace(dmft=dmft))

    def test_each_tooth_once(self):
        "Missing, else decayed (unless filled since), else filled"
        findings = [
            self.finding(16, 'filled'), self.finding(16, 'filled'),
            self.finding(21, 'decayed'),
            self.finding(36, 'missing'), self.finding(36, 'decayed'),
            self.finding(46, 'decayed'), self.finding(46, 'filled'),
            self.finding(47, 'decayed'), self.finding(47, 'filled', 'done'),
            self.finding(26, 'decayed', 'planned'),
            self.finding(11, 'none'),
            self.finding(75, 'decayed'),
            ]
        self.assertEqual(dmft(findings), {
                'decayed': 2, 'missing': 1, 'filled': 2})
        self.assertEqual(dmft(findings, 'deciduous'), {
                'decayed': 1, 'missing': 0, 'filled': 0})

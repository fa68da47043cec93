# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The odontogram's SVG keeps only what the chart is made of"""
import unittest

from ..odontogram import Mark, draw
from ..svg_clean import clean

HOSTILE = b'''<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"
    xmlns:xlink="http://www.w3.org/1999/xlink">
  <script>alert(document.cookie)</script>
  <g class="tooth">
    <rect width="12" height="12" fill="#ff0000" onclick="steal()"/>
    <circle r="3" fill="url(http://evil.example/x.svg#a)"
        stroke="javascript:alert(1)"/>
    <animate attributeName="href" to="javascript:alert(1)"/>
    <a xlink:href="javascript:alert(1)"><text>click</text></a>
    <text x="1" y="2" font-family="url(x)">18</text>
    <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div>
    </foreignObject>
  </g>
</svg>'''


class SVGCleanTestCase(unittest.TestCase):
    "The cleaner of the odontogram's SVG"

    def test_script_and_animation_dropped(self):
        """A script, an animation, a link, a foreign object, event
        handlers and paints that reach out are dropped; the shapes and the
        tooth's number stay"""
        cleaned = clean(HOSTILE).decode()
        for hostile in ['script', 'alert', 'animate', 'onload', 'onclick',
                'javascript', 'evil', 'foreignObject', '<a ', 'href',
                'url(x)', 'click']:
            self.assertNotIn(hostile, cleaned)
        for kept in ['<rect', 'fill="#ff0000"', '<circle', '>18</text>']:
            self.assertIn(kept, cleaned)

    def test_chart_kept_whole(self):
        "What the server draws passes the cleaner unchanged"
        chart = draw([
                Mark(tooth=24, surfaces=('occlusal',), colour='#ff8800',
                    kind="Caries"),
                Mark(tooth=24, surfaces=('occlusal',), status='planned',
                    kind="Filling"),
                Mark(tooth=36, status='planned', applies_to='tooth',
                    symbol='O', kind="Crown"),
                Mark(tooth=11, applies_to='group', status='done',
                    teeth=(11, 12, 13), kind="Bridge"),
                ], legend={'planned': "Planificado"})
        self.assertEqual(clean(chart), chart)
        for drawn in ['class="finding existing"', 'class="finding planned"',
                'fill="url(#hatch-planned)"', '<circle', 'Planificado',
                'Caries']:
            self.assertTrue(drawn in chart.decode(), drawn)

    def test_not_svg_refused(self):
        "Anything but an SVG picture is refused"
        with self.assertRaises(ValueError):
            clean(b'<html><script>alert(1)</script></html>')

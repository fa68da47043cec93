# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The periodontal chart drawn as SVG: a bar per site for its probing depth.

The teeth are drawn from the dentist's view, as on the odontogram: the
patient's right on the left of the picture. Each arch has a vestibular strip
on the outside (top of the upper arch, bottom of the lower) and a lingual or
palatal strip on the inside, with the tooth numbers between. A bar hangs
from the gingival line as deep as the pocket, green under 4 mm, orange from
4 mm, red from 6 mm; a red dot over it marks a site that bled. Teeth without
a line are left empty.
"""
from xml.etree import ElementTree as ET

from . import perio
from . import tooth as fdi

SVG = 'http://www.w3.org/2000/svg'
BAR = 9  # width of a site's bar
CELL = 3 * BAR + 8  # width of a tooth
MIDLINE = 12
MM = 5  # pixels per millimetre of depth
STRIP = perio.DEPTH_RANGE[1] * MM + 8  # height of a strip of bars
LABEL = 18  # height of the row of tooth numbers
MARGIN = 16
HEALTHY = '#4c9a2a'
POCKET = '#f0a30a'
DEEP_POCKET = '#d62728'
BLEEDING = '#d62728'
GUIDE = '#bbbbbb'
OUTLINE = '#444444'
BUCCAL = ['db', 'b', 'mb']
LINGUAL = ['dl', 'l', 'ml']


def draw(lines):
    """Return the SVG picture (bytes) of the depths of the lines: objects
    with a tooth and their sites() in perio.SITES order"""
    sites = {line.tooth: dict(zip(perio.SITE_CODES, line.sites()))
        for line in lines}
    upper, lower = fdi.chart_rows(deciduous=False)
    width = 2 * MARGIN + 16 * CELL + MIDLINE
    arch = 2 * STRIP + LABEL
    height = 2 * MARGIN + 2 * arch + MARGIN
    svg = ET.Element('svg', {
            'xmlns': SVG, 'width': str(width), 'height': str(height),
            'viewBox': '0 0 %s %s' % (width, height),
            'font-family': 'sans-serif', 'font-size': '11'})
    top = MARGIN
    draw_arch(svg, upper, sites, top, [BUCCAL, LINGUAL])
    draw_arch(svg, lower, sites, top + arch + MARGIN, [LINGUAL, BUCCAL])
    return ET.tostring(svg, encoding='utf-8')


def draw_arch(svg, row, sites, top, sides):
    """Draw the two strips of an arch, the outer one first for the upper
    arch, the inner one first for the lower, with the numbers between"""
    label_y = top + STRIP
    for index, tooth in enumerate(row):
        x = tooth_x(index)
        group = ET.SubElement(svg, 'g', {
                'class': 'tooth', 'data-tooth': str(tooth)})
        label = ET.SubElement(group, 'text', {
                'x': str(x + CELL // 2), 'y': str(label_y + LABEL - 5),
                'text-anchor': 'middle',
                'fill': OUTLINE if tooth in sites else GUIDE})
        label.text = str(tooth)
        for strip, side in zip([top, label_y + LABEL], sides):
            draw_sites(group, tooth, sites.get(tooth), side, x, strip)


def tooth_x(index):
    "Return the left edge of the tooth at index of its row"
    return MARGIN + index * CELL + (MIDLINE if index >= 8 else 0)


def draw_sites(group, tooth, sites, side, x, top):
    """Draw the bars of the three sites of one side of a tooth, distal to
    the back of the mouth, that is to the picture's edge"""
    ET.SubElement(group, 'line', {
            'x1': str(x + 2), 'x2': str(x + CELL - 2),
            'y1': str(top), 'y2': str(top), 'stroke': GUIDE})
    if sites is None:
        return
    order = side if tooth // 10 in fdi.RIGHT_QUADRANTS else side[::-1]
    for place, code in enumerate(order):
        site = sites[code]
        if site.depth is None:
            continue
        bar_x = x + 4 + place * BAR
        ET.SubElement(group, 'rect', {
                'class': 'depth', 'data-site': code,
                'data-depth': str(site.depth),
                'x': str(bar_x), 'y': str(top),
                'width': str(BAR - 2), 'height': str(site.depth * MM),
                'fill': depth_colour(site.depth)})
        if site.bleeding:
            ET.SubElement(group, 'circle', {
                    'class': 'bleeding', 'data-site': code,
                    'cx': str(bar_x + (BAR - 2) / 2), 'cy': str(top + 3),
                    'r': '3', 'fill': BLEEDING, 'stroke': 'white'})


def depth_colour(depth):
    if depth >= perio.VERY_DEEP:
        return DEEP_POCKET
    if depth >= perio.DEEP:
        return POCKET
    return HEALTHY

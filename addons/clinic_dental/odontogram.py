# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The odontogram: the dental chart drawn as SVG from a patient's findings.

The chart is drawn from the dentist's view: the patient's right on the left of
the picture (18 at the far left of the upper row, 48 of the lower). Each tooth
is a square of five areas: the centre is the occlusal or incisal surface, the
sides toward and away from the midline are mesial and distal, the outer side
of the arch (top of the upper teeth, bottom of the lower) is vestibular, the
inner one palatal or lingual. The deciduous rows are drawn between the
permanent ones when the patient has a finding on a deciduous tooth: a mixed or
child dentition; an adult's chart shows the permanent teeth only.

Existing findings fill their area with the kind's colour, planned treatments
hatch it in red, done treatments fill it in blue, referred ones hatch it in
grey. Whole-tooth kinds draw their symbol over the tooth in the same colours;
the teeth of a group (a bridge, a prosthesis) are joined by a bar.
"""
from collections import namedtuple
from xml.etree import ElementTree as ET

from . import tooth as fdi
from .svg_clean import clean

SVG = 'http://www.w3.org/2000/svg'
SIZE = 36  # side of a tooth's square
INSET = 10  # depth of the side areas
GAP = 6  # between two teeth
MIDLINE = 14  # extra space between the two quadrants of an arch
ROW = 70  # from one row to the next
MARGIN = 20
PLANNED = '#d62728'
DONE = '#1f5fbf'
REFERRED = '#7f7f7f'
OUTLINE = '#444444'
# The legend's entries, column by column, each this many lines
LEGEND_LINES = 3
LEGEND_COLUMN = 170
# The order in which findings are drawn: the last one shows on top
STATUS_ORDER = {'existing': 0, 'referred': 1, 'planned': 2, 'done': 3}

# What the chart needs of a finding: its tooth and surfaces, its status and
# how its kind is drawn
Mark = namedtuple('Mark', [
        'tooth', 'surfaces', 'status', 'colour', 'symbol', 'applies_to',
        'kind', 'teeth'], defaults=[(), 'existing', '#000000', None,
        'surface', '', ()])


def draw(marks, deciduous=None, legend=None):
    """Return the SVG picture (bytes) of the marks (Mark tuples).

    deciduous draws the deciduous rows; by default when a mark is on a
    deciduous tooth. legend maps the status codes to their translated names
    for the legend under the chart."""
    marks = sorted(marks, key=lambda m: STATUS_ORDER.get(m.status, 0))
    if deciduous is None:
        deciduous = any(
            fdi.is_deciduous(t) for m in marks for t in mark_teeth(m))
    rows = fdi.chart_rows(deciduous=deciduous)
    width = 2 * MARGIN + 16 * (SIZE + GAP) + MIDLINE
    height = 2 * MARGIN + len(rows) * ROW + 40 + LEGEND_LINES * 18
    svg = ET.Element('svg', {
            'xmlns': SVG, 'width': str(width), 'height': str(height),
            'viewBox': '0 0 %s %s' % (width, height),
            'class': 'odontogram'})
    add_patterns(svg)
    places = {}
    for index, row in enumerate(rows):
        upper = index < len(rows) / 2
        y = MARGIN + index * ROW + (16 if upper else 0)
        for tooth, x in zip(row, row_positions(row, width)):
            places[tooth] = (x, y)
            draw_tooth(svg, tooth, x, y, upper, marks)
    for mark in marks:
        if mark.applies_to == 'group':
            draw_group(svg, mark, places)
    draw_legend(svg, MARGIN, height - MARGIN - LEGEND_LINES * 18, marks,
        legend or {})
    return clean(ET.tostring(svg, encoding='utf-8'))


def mark_teeth(mark):
    "Return the teeth the mark is drawn on"
    return [mark.tooth] + [t for t in mark.teeth if t != mark.tooth]


def row_positions(row, width):
    "Return the x of each tooth of the row, centred, split at the midline"
    half = len(row) // 2
    span = len(row) * (SIZE + GAP) - GAP + MIDLINE
    start = (width - span) / 2
    return [start + i * (SIZE + GAP) + (MIDLINE if i >= half else 0)
        for i in range(len(row))]


def add_patterns(svg):
    """Define the hatching of planned and referred treatments: lines only,
    so that the finding a treatment is planned on shows between them"""
    defs = ET.SubElement(svg, 'defs')
    for name, colour in [('planned', PLANNED), ('referred', REFERRED)]:
        pattern = ET.SubElement(defs, 'pattern', {
                'id': 'hatch-' + name, 'width': '6', 'height': '6',
                'patternUnits': 'userSpaceOnUse',
                'patternTransform': 'rotate(45)'})
        ET.SubElement(pattern, 'line', {
                'x1': '0', 'y1': '0', 'x2': '0', 'y2': '6',
                'stroke': colour, 'stroke-width': '3'})


def surface_areas(tooth, x, y):
    "Return the polygon points of each surface of the tooth at (x, y)"
    s, a = SIZE, INSET
    top = [(x, y), (x + s, y), (x + s - a, y + a), (x + a, y + a)]
    bottom = [(x, y + s), (x + s, y + s), (x + s - a, y + s - a),
        (x + a, y + s - a)]
    left = [(x, y), (x + a, y + a), (x + a, y + s - a), (x, y + s)]
    right = [(x + s, y), (x + s - a, y + a), (x + s - a, y + s - a),
        (x + s, y + s)]
    centre = [(x + a, y + a), (x + s - a, y + a), (x + s - a, y + s - a),
        (x + a, y + s - a)]
    upper = fdi.is_upper(tooth)
    # The patient's right quadrants lie left of the midline: mesial right
    toward_midline = fdi.quadrant(tooth) in fdi.RIGHT_QUADRANTS
    _, _, vestibular, middle, inner = fdi.surfaces(tooth)
    return {
        'mesial': right if toward_midline else left,
        'distal': left if toward_midline else right,
        vestibular: top if upper else bottom,
        inner: bottom if upper else top,
        middle: centre,
        }


def points(polygon):
    return ' '.join('%g,%g' % p for p in polygon)


def status_style(status, colour):
    "Return the SVG attributes that draw a surface in the status"
    if status == 'planned':
        return {'fill': 'url(#hatch-planned)', 'stroke': PLANNED,
            'stroke-width': '2'}
    if status == 'referred':
        return {'fill': 'url(#hatch-referred)', 'stroke': REFERRED,
            'stroke-width': '1'}
    if status == 'done':
        return {'fill': DONE, 'stroke': OUTLINE, 'stroke-width': '1'}
    return {'fill': colour, 'stroke': OUTLINE, 'stroke-width': '1'}


def status_colour(status, colour):
    "Return the colour of a symbol in the status"
    return {
        'planned': PLANNED, 'done': DONE, 'referred': REFERRED,
        }.get(status, colour)


def draw_tooth(svg, tooth, x, y, upper, marks):
    "Draw the tooth, its number and its marks"
    group = ET.SubElement(svg, 'g', {
            'class': 'tooth', 'id': 'tooth-%s' % tooth,
            'data-tooth': str(tooth)})
    number = ET.SubElement(group, 'text', {
            'class': 'number', 'x': '%g' % (x + SIZE / 2),
            'y': '%g' % (y - 5 if upper else y + SIZE + 14),
            'text-anchor': 'middle', 'font-size': '11',
            'font-family': 'sans-serif'})
    number.text = str(tooth)
    areas = surface_areas(tooth, x, y)
    for surface, polygon in areas.items():
        ET.SubElement(group, 'polygon', {
                'class': 'surface', 'data-surface': surface,
                'points': points(polygon), 'fill': 'white',
                'stroke': OUTLINE, 'stroke-width': '1'})
    for mark in marks:
        if mark.applies_to == 'surface' and mark.tooth == tooth:
            for surface in mark.surfaces:
                if surface in areas:
                    draw_surface_mark(group, mark, surface, areas[surface])
        elif mark.applies_to != 'surface' and mark.tooth == tooth:
            draw_symbol(group, mark, x, y)


def draw_group(svg, mark, places):
    """Join the teeth of a group mark (a bridge, a prosthesis) by a bar
    through their centres, row by row"""
    rows = {}
    for tooth in mark_teeth(mark):
        if tooth in places:
            x, y = places[tooth]
            rows.setdefault(y, []).append(x)
    for y, xs in rows.items():
        if len(xs) < 2:
            continue
        ET.SubElement(svg, 'line', {
                'class': 'finding group %s' % mark.status,
                'data-status': mark.status, 'data-kind': mark.kind,
                'x1': '%g' % (min(xs) + SIZE / 2),
                'x2': '%g' % (max(xs) + SIZE / 2),
                'y1': '%g' % (y + SIZE / 2), 'y2': '%g' % (y + SIZE / 2),
                'stroke': status_colour(mark.status, mark.colour),
                'stroke-width': '4', 'stroke-opacity': '0.6'})


def draw_surface_mark(group, mark, surface, polygon):
    attributes = {
        'class': 'finding %s' % mark.status, 'data-status': mark.status,
        'data-surface': surface, 'data-kind': mark.kind,
        'points': points(polygon)}
    attributes.update(status_style(mark.status, mark.colour))
    ET.SubElement(group, 'polygon', attributes)


def draw_symbol(group, mark, x, y):
    "Draw the symbol of a whole-tooth mark over the tooth"
    colour = status_colour(mark.status, mark.colour)
    common = {
        'class': 'finding symbol %s' % mark.status,
        'data-status': mark.status, 'data-kind': mark.kind}
    symbol = (mark.symbol or '').strip()
    dash = {'stroke-dasharray': '4,2'} if mark.status == 'planned' else {}
    if symbol.upper() == 'X':
        path = 'M%g,%g L%g,%g M%g,%g L%g,%g' % (
            x - 2, y - 2, x + SIZE + 2, y + SIZE + 2,
            x + SIZE + 2, y - 2, x - 2, y + SIZE + 2)
        ET.SubElement(group, 'path', {
                **common, 'd': path, 'stroke': colour,
                'stroke-width': '3', 'fill': 'none', **dash})
    elif symbol.upper() == 'O':
        ET.SubElement(group, 'circle', {
                **common, 'cx': '%g' % (x + SIZE / 2),
                'cy': '%g' % (y + SIZE / 2), 'r': '%g' % (SIZE / 2 + 1),
                'stroke': colour, 'stroke-width': '3', 'fill': 'none',
                **dash})
    else:
        text = ET.SubElement(group, 'text', {
                **common, 'x': '%g' % (x + SIZE / 2),
                'y': '%g' % (y + SIZE / 2 + 6), 'text-anchor': 'middle',
                'font-size': '16', 'font-weight': 'bold',
                'font-family': 'sans-serif', 'fill': colour})
        text.text = symbol or '?'


def draw_legend(svg, x, y, marks, legend):
    """Draw a swatch per status (with its name from legend), per kind
    charted as existing (in its colour), then the symbol of each
    whole-tooth kind as the chart draws it (in its status)"""
    group = ET.SubElement(svg, 'g', {'class': 'legend'})
    entries = [
        (swatch(status_style(s, '#ffffff')), legend.get(s, s))
        for s in ['planned', 'done', 'referred']]
    kinds, symbols = {}, {}
    for mark in marks:
        if mark.applies_to != 'surface':
            symbols.setdefault((mark.kind, mark.status), mark)
        elif mark.status == 'existing':
            kinds.setdefault(mark.kind, mark.colour)
    entries += [(swatch(status_style('existing', c)), k)
        for k, c in kinds.items()]
    entries += [(symbol_swatch(m), '%s (%s)' % (
                m.kind, legend.get(m.status, m.status)))
        for m in symbols.values()]
    for index, (draw_swatch, name) in enumerate(entries):
        column, line = divmod(index, LEGEND_LINES)
        left, top = x + column * LEGEND_COLUMN, y + line * 18
        draw_swatch(group, left, top)
        text = ET.SubElement(group, 'text', {
                'x': '%g' % (left + 16), 'y': '%g' % (top + 10),
                'font-size': '11', 'font-family': 'sans-serif'})
        text.text = name


def swatch(style):
    "Return what draws a legend's square in the style"
    def draw_swatch(group, left, top):
        ET.SubElement(group, 'rect', {
                'x': '%g' % left, 'y': '%g' % top, 'width': '12',
                'height': '12', **style})
    return draw_swatch


def symbol_swatch(mark):
    """Return what draws the mark's symbol in the legend: a cross or a
    circle drawn small, letters at the legend's size"""
    def draw_swatch(group, left, top):
        if (mark.symbol or '').strip().upper() in {'X', 'O'}:
            small = ET.SubElement(group, 'g', {
                    'transform': 'translate(%g,%g) scale(%g)' % (
                        left, top, 12 / SIZE)})
            draw_symbol(small, mark, 0, 0)
            for element in small:
                # a picture of the symbol, not a finding of the chart
                for name in ['class', 'data-status', 'data-kind']:
                    element.attrib.pop(name, None)
            return
        text = ET.SubElement(group, 'text', {
                'x': '%g' % (left + 6), 'y': '%g' % (top + 10),
                'text-anchor': 'middle', 'font-size': '9',
                'font-weight': 'bold', 'font-family': 'sans-serif',
                'fill': status_colour(mark.status, mark.colour)})
        text.text = (mark.symbol or '').strip() or '?'
    return draw_swatch

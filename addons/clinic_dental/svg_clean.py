# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The odontogram's SVG, cleaned by an allow-list of what the server draws.

The chart is drawn by the server (odontogram.py) with ElementTree, which
escapes what it writes; what a finding kind brings (its colour, its symbol,
its name) ends in attribute values and texts that the browser shows. The
cleaner is the last word before the picture leaves the server: it keeps the
elements and the attributes that the chart is made of, paints only as
``#rgb`` / ``#rrggbb`` colours or the chart's own hatchings, values without
links or script, and drops anything else (scripts, animations, event
handlers, links, external references, foreign elements).
"""
import re
from xml.etree import ElementTree as ET

from defusedxml.ElementTree import fromstring

SVG = 'http://www.w3.org/2000/svg'
# The elements of the chart and the attributes each may carry
ELEMENTS = {'svg', 'defs', 'pattern', 'g', 'rect', 'line', 'polygon',
    'circle', 'path', 'text'}
ATTRIBUTES = {
    'width', 'height', 'viewBox', 'x', 'y', 'x1', 'x2', 'y1', 'y2', 'cx',
    'cy', 'r', 'points', 'd', 'id', 'class', 'patternUnits',
    'patternTransform', 'transform', 'fill', 'stroke', 'stroke-width', 'stroke-opacity',
    'stroke-dasharray', 'font-size', 'font-family', 'font-weight',
    'text-anchor', 'data-tooth', 'data-surface', 'data-status', 'data-kind',
    }
PAINTS = {'fill', 'stroke'}
PAINT = re.compile(
    r'(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|none|white|url\(#hatch-[a-z]+\))\Z')
# A value that can name no link, script or style: words, numbers and the
# punctuation of coordinates and transforms
VALUE = re.compile(r'[\w .,#%()\-]*\Z')
LINKING = re.compile(r'url|script|expression', re.IGNORECASE)


def clean(svg):
    "Return the SVG picture (bytes) with only what the chart is made of"
    root = fromstring(svg)
    if local_name(root.tag) != 'svg':
        raise ValueError("not an SVG picture")
    clean_element(root)
    ET.register_namespace('', SVG)
    return ET.tostring(root, encoding='utf-8')


def clean_element(element):
    "Drop the element's foreign attributes and children, recursively"
    for name in list(element.attrib):
        if not allowed(name, element.attrib[name]):
            del element.attrib[name]
    for child in list(element):
        if local_name(child.tag) in ELEMENTS and not callable(child.tag):
            clean_element(child)
        else:
            element.remove(child)


def allowed(name, value):
    "Whether the attribute name=value draws the chart and nothing else"
    if name not in ATTRIBUTES:
        return False
    if name in PAINTS:
        return bool(PAINT.match(value))
    return bool(VALUE.match(value)) and not LINKING.search(value)


def local_name(tag):
    "The tag without its namespace ('{http://...}svg' is 'svg')"
    return tag.rsplit('}', 1)[-1] if isinstance(tag, str) else ''

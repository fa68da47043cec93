# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The periodontal chart as plain data: the six sites probed around a tooth,
the ranges of the measures and the figures that sum up a chart.

Each tooth is probed at three sites on its buccal (vestibular) side and three
on its lingual (palatal on the upper teeth) side. At each site the chart
keeps the probing depth, the recession of the gingival margin (negative for
an overgrown margin, which covers the enamel) and whether it bled on
probing. The clinical attachment level (CAL) of a site is its depth plus its
recession.
"""
from collections import namedtuple

from . import tooth as fdi

# The sites in the order a hygienist probes them: code, abbreviation, name
SITES = [
    ('db', "DB", "disto-buccal"),
    ('b', "B", "mid-buccal"),
    ('mb', "MB", "mesio-buccal"),
    ('dl', "DL", "disto-lingual (palatal)"),
    ('l', "L", "mid-lingual (palatal)"),
    ('ml', "ML", "mesio-lingual (palatal)"),
    ]
SITE_CODES = [code for code, _, _ in SITES]

# The ranges accepted, both ends included: millimetres, then grades
DEPTH_RANGE = (0, 15)
RECESSION_RANGE = (-5, 15)
MOBILITY_RANGE = (0, 3)
FURCATION_RANGE = (0, 3)

# From these depths (mm) a pocket counts as deep, and as very deep
DEEP = 4
VERY_DEEP = 6

Site = namedtuple('Site', ['depth', 'recession', 'bleeding'])
Summary = namedtuple('Summary', [
        'sites_probed', 'mean_depth', 'deep_sites', 'very_deep_sites',
        'bleeding_percent', 'mean_attachment'])
EMPTY = Summary(0, None, 0, 0, None, None)


def summarize(sites):
    """Return the Summary of the sites, in mm and % to one decimal: only the
    sites with a depth count (a site without recession has its margin at
    the enamel junction: 0 mm)"""
    probed = [s for s in sites if s.depth is not None]
    if not probed:
        return EMPTY
    count = len(probed)

    def mean(values):
        return round(sum(values) / count, 1)
    return Summary(
        sites_probed=count,
        mean_depth=mean(s.depth for s in probed),
        deep_sites=sum(s.depth >= DEEP for s in probed),
        very_deep_sites=sum(s.depth >= VERY_DEEP for s in probed),
        bleeding_percent=round(
            100 * sum(bool(s.bleeding) for s in probed) / count, 1),
        mean_attachment=mean(s.depth + (s.recession or 0) for s in probed))


def in_range(value, bounds):
    "Tell whether value is empty or within bounds, both ends included"
    low, high = bounds
    return value is None or low <= value <= high


def is_molar(tooth):
    "Tell whether the tooth is a molar: the teeth whose furcation is graded"
    return fdi.position(tooth) >= 6


def teeth_in_mouth(findings):
    """Return the permanent teeth that the findings show in the mouth, in
    the order of the chart (upper row from 18, then lower row from 48).

    As on the odontogram, a tooth without findings is there and a tooth
    charted absent (missing, extracted, unerupted) is not; a permanent tooth
    whose deciduous predecessor is present, and that is not charted present
    itself, has not come in yet."""
    present = {f.tooth for f in findings if f.present}
    absent = {f.tooth for f in findings if f.absent}
    in_mouth = []
    for tooth in chart_order():
        deciduous = fdi.predecessor(tooth)
        waiting = (deciduous in present - absent and tooth not in present)
        if tooth not in absent and not waiting:
            in_mouth.append(tooth)
    return in_mouth


def chart_order():
    "Return the permanent teeth in the order they are charted"
    return [t for row in fdi.chart_rows(deciduous=False) for t in row]


def chart_sequence(tooth):
    "Return the place of the tooth in the chart, for sorting its lines"
    order = chart_order()
    return order.index(tooth) if tooth in order else len(order)

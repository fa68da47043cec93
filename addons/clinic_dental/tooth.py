# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The teeth in FDI notation (ISO 3950), as plain data.

A tooth is its two-digit FDI number: the quadrant then the position counted
from the midline. Quadrants 1 to 4 hold the 32 permanent teeth (upper right,
upper left, lower left, lower right of the patient), quadrants 5 to 8 the 20
deciduous teeth in the same order. A deciduous tooth is followed by the
permanent tooth at the same position of the quadrant four lower (55 -> 15).
"""

PERMANENT_QUADRANTS = (1, 2, 3, 4)
DECIDUOUS_QUADRANTS = (5, 6, 7, 8)
UPPER_QUADRANTS = {1, 2, 5, 6}
# The quadrants of the patient's right: the left of the dentist's picture
RIGHT_QUADRANTS = {1, 4, 5, 8}

PERMANENT = tuple(
    q * 10 + p for q in PERMANENT_QUADRANTS for p in range(1, 9))
DECIDUOUS = tuple(
    q * 10 + p for q in DECIDUOUS_QUADRANTS for p in range(1, 6))
TEETH = PERMANENT + DECIDUOUS

# The surfaces, in the order a form offers them (their names are messages:
# finding.surface_name)
SURFACES = (
    'mesial', 'distal', 'occlusal', 'incisal', 'vestibular', 'palatal',
    'lingual')


def is_tooth(number):
    "Tell whether number is a tooth of FDI notation"
    return number in TEETH


def quadrant(tooth):
    return tooth // 10


def position(tooth):
    "Return the place of the tooth from the midline: 1 central incisor"
    return tooth % 10


def is_deciduous(tooth):
    return quadrant(tooth) in DECIDUOUS_QUADRANTS


def is_upper(tooth):
    return quadrant(tooth) in UPPER_QUADRANTS


def is_front(tooth):
    "Tell whether the tooth is an incisor or a canine: it cuts, not grinds"
    return position(tooth) <= 3


def successor(tooth):
    "Return the permanent tooth that follows a deciduous tooth"
    if is_deciduous(tooth):
        return tooth - 40


def predecessor(tooth):
    "Return the deciduous tooth that a permanent tooth follows, if any"
    if not is_deciduous(tooth) and position(tooth) <= 5:
        return tooth + 40


def counterpart(tooth):
    "Return the tooth of the other dentition at the same place, if any"
    return successor(tooth) if is_deciduous(tooth) else predecessor(tooth)


def surfaces(tooth):
    """Return the surfaces of the tooth: mesial, distal, vestibular, then
    occlusal (back teeth) or incisal (front), palatal (upper) or lingual
    (lower)"""
    return (
        'mesial', 'distal', 'vestibular',
        'incisal' if is_front(tooth) else 'occlusal',
        'palatal' if is_upper(tooth) else 'lingual')


def arch_row(quadrants):
    """Return the teeth of two quadrants of one arch as the dentist sees
    them, left to right: the patient's right quadrant from the back to the
    midline, then the left one from the midline to the back"""
    right, left = sorted(
        quadrants, key=lambda q: q not in RIGHT_QUADRANTS)
    size = 8 if right in PERMANENT_QUADRANTS else 5
    return ([right * 10 + p for p in range(size, 0, -1)]
        + [left * 10 + p for p in range(1, size + 1)])


def chart_rows(deciduous=True):
    """Return the rows of the chart, top to bottom: upper permanent, upper
    deciduous, lower deciduous, lower permanent"""
    rows = [arch_row((1, 2))]
    if deciduous:
        rows += [arch_row((5, 6)), arch_row((8, 7))]
    rows.append(arch_row((4, 3)))
    return rows


def parse_teeth(text):
    """Return the tooth numbers written in text, separated by commas or
    spaces; ValueError if one is not a number"""
    return [int(t) for t in (text or '').replace(',', ' ').split()]


def written_teeth(text):
    """Return the tooth numbers written in text, or none where one is not a
    number (a form's text half typed)"""
    try:
        return parse_teeth(text)
    except ValueError:
        return []

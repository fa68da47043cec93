# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The kinds of dental findings: caries, filling, crown, missing tooth...

The kinds are one list for the whole database, kept by the franchise
administrator: every clinic charts with the same symbols and colours, so that
a chart reads the same wherever the patient goes.
"""
import re

from trytond.i18n import gettext
from trytond.model import DeactivableMixin, ModelSQL, ModelView, Unique, fields

from .exceptions import FindingError

COLOUR = re.compile(r'^#[0-9a-fA-F]{6}$')


class FindingKind(DeactivableMixin, ModelSQL, ModelView):
    "A kind of dental finding or treatment"
    __name__ = 'clinic.dental.finding.kind'
    __string__ = "Dental Finding Kind"

    name = fields.Char("Name", required=True, translate=True)
    code = fields.Char("Code", required=True, strip=True)
    applies_to = fields.Selection([
            ('surface', "Surfaces"),
            ('tooth', "Whole Tooth"),
            ('group', "Group of Teeth"),
            ], "Applies To", required=True, sort=False,
        help="Surfaces: charted on some surfaces of a tooth.\n"
        "Whole tooth: on the tooth.\n"
        "Group of teeth: on a tooth and the other teeth it joins "
        "(a bridge, a prosthesis).")
    symbol = fields.Char(
        "Symbol", size=3, strip=True,
        help="Drawn over the tooth: X crosses it out, O circles it, any "
        "other text is written on it.")
    colour = fields.Char(
        "Colour", required=True,
        help="The colour of the finding on the chart, as #RRGGBB.")
    dmft = fields.Selection([
            ('none', "Not Counted"),
            ('decayed', "Decayed"),
            ('missing', "Missing"),
            ('filled', "Filled"),
            ], "DMFT", required=True, sort=False,
        help="How a tooth with this finding counts in the DMFT index.")
    absent = fields.Boolean(
        "Tooth Absent",
        help="The tooth is not in the mouth (missing, extracted, "
        "unerupted): the tooth of the other dentition at its place may be.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('code_unique', Unique(t, t.code),
                'clinic_dental.msg_finding_kind_code_unique'),
            ]
        cls._order = [('name', 'ASC'), ('id', 'ASC')]

    @classmethod
    def default_applies_to(cls):
        return 'surface'

    @classmethod
    def default_colour(cls):
        return '#000000'

    @classmethod
    def default_dmft(cls):
        return 'none'

    @classmethod
    def default_absent(cls):
        return False

    @classmethod
    def validate_fields(cls, kinds, field_names):
        super().validate_fields(kinds, field_names)
        if field_names is None or 'colour' in field_names:
            for kind in kinds:
                if not COLOUR.match(kind.colour or ''):
                    raise FindingError(gettext(
                            'clinic_dental.msg_finding_kind_colour',
                            kind=kind.rec_name, colour=kind.colour))

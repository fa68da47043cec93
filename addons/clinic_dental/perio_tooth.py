# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""A line of the periodontal chart: one permanent tooth, its mobility and
furcation, and the depth, recession and bleeding of its six sites.

A line is part of its chart: read and written where the chart is (the record
rules go through ``chart.company``) and frozen once the chart is closed.
"""
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool

from clinic_base.access_log import ReadsLogged
from clinic_base.sharing import SharedByPolicy

from . import perio
from . import tooth as fdi
from .exceptions import PerioChartClosedError, PerioError, ToothError


def site_fields(make):
    "Return the fields that make builds for the six sites, in SITES order"
    return tuple(make(abbreviation, name)
        for _, abbreviation, name in perio.SITES)


def depth_field(abbreviation, site):
    return fields.Integer(
        "Depth %s" % abbreviation,
        help="The probing depth at the %s site, in mm (0 to 15)." % site)


def recession_field(abbreviation, site):
    return fields.Integer(
        "Recession %s" % abbreviation,
        help="The recession of the gingival margin at the %s site, in mm: "
        "negative where the gingiva grows over the crown (-5 to 15)." % site)


def bleeding_field(abbreviation, site):
    return fields.Boolean(
        "Bleeding %s" % abbreviation,
        help="The %s site bled on probing." % site)


class PerioTooth(ReadsLogged, SharedByPolicy, ModelSQL, ModelView):
    "A tooth of a periodontal chart"
    __name__ = 'clinic.dental.perio.tooth'
    __string__ = "Periodontal Chart Tooth"
    _sharing_category = 'histories'

    chart = fields.Many2One(
        'clinic.dental.perio.chart', "Chart", required=True,
        ondelete='CASCADE')
    tooth = fields.Integer(
        "Tooth", required=True,
        help="The FDI number of the permanent tooth: 11-18, 21-28, 31-38, "
        "41-48.")
    sequence = fields.Integer("Sequence", readonly=True)
    mobility = fields.Integer(
        "Mobility",
        help="Miller's grade: 0 none, 1 slight, 2 up to 1 mm sideways, "
        "3 more than 1 mm or vertical.")
    furcation = fields.Integer(
        "Furcation",
        help="On molars, the furcation involvement: 0 none to 3 through "
        "and through.")
    (depth_db, depth_b, depth_mb,
        depth_dl, depth_l, depth_ml) = site_fields(depth_field)
    (recession_db, recession_b, recession_mb,
        recession_dl, recession_l, recession_ml) = site_fields(
        recession_field)
    (bleeding_db, bleeding_b, bleeding_mb,
        bleeding_dl, bleeding_l, bleeding_ml) = site_fields(bleeding_field)

    def logged_owner(self):
        "Logged as a read of its chart"
        return self.chart.company, self.chart.patient, self.chart

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('chart_tooth_unique', Unique(t, t.chart, t.tooth),
                'clinic_dental.msg_perio_tooth_unique'),
            ]
        cls._order = [
            ('chart', 'ASC'), ('sequence', 'ASC'), ('id', 'ASC')]

    @classmethod
    def preprocess_values(cls, mode, values):
        "Keep the lines in the order of the chart"
        values = super().preprocess_values(mode, values)
        if values.get('tooth') is not None:
            values['sequence'] = perio.chart_sequence(values['tooth'])
        return values

    def get_rec_name(self, name):
        return gettext('clinic_dental.msg_perio_tooth_rec_name',
            tooth=self.tooth, chart=self.chart.rec_name)

    def get_defining_company(self):
        return self.chart.company

    @classmethod
    def defining_company_of(cls, values):
        Chart = Pool().get('clinic.dental.perio.chart')
        if values.get('chart') is not None:
            return Chart(values['chart']).company.id

    def sites(self):
        "Return the perio.Site of each of the six sites"
        return [perio.Site(
                getattr(self, 'depth_' + code),
                getattr(self, 'recession_' + code),
                getattr(self, 'bleeding_' + code))
            for code in perio.SITE_CODES]

    @classmethod
    def validate_fields(cls, lines, field_names):
        super().validate_fields(lines, field_names)
        for line in lines:
            line.check_tooth()
            line.check_measures()
            line.check_furcation()

    def check_tooth(self):
        "The tooth is a permanent tooth of FDI notation"
        if not fdi.is_tooth(self.tooth):
            raise ToothError(gettext(
                    'clinic_dental.msg_tooth_not_fdi', tooth=self.tooth))
        if fdi.is_deciduous(self.tooth):
            raise ToothError(gettext(
                    'clinic_dental.msg_perio_tooth_deciduous',
                    tooth=self.tooth))

    def check_measures(self):
        "Each measure lies within what a probe or a grade can say"
        for prefix, bounds, message in [
                ('depth_', perio.DEPTH_RANGE, 'msg_perio_mm_range'),
                ('recession_', perio.RECESSION_RANGE, 'msg_perio_mm_range'),
                ]:
            for code in perio.SITE_CODES:
                self.check_range(prefix + code, bounds, message)
        self.check_range(
            'mobility', perio.MOBILITY_RANGE, 'msg_perio_grade_range')
        self.check_range(
            'furcation', perio.FURCATION_RANGE, 'msg_perio_grade_range')

    def check_range(self, name, bounds, message):
        value = getattr(self, name)
        if not perio.in_range(value, bounds):
            raise PerioError(gettext(
                    'clinic_dental.' + message,
                    field=self.field_string(name), tooth=self.tooth,
                    value=value, low=bounds[0], high=bounds[1]))

    def check_furcation(self):
        "Only molars have a furcation graded"
        if self.furcation and not perio.is_molar(self.tooth):
            raise PerioError(gettext(
                    'clinic_dental.msg_perio_furcation_molar',
                    tooth=self.tooth))

    @classmethod
    def field_string(cls, name):
        "Return the translated label of the field"
        return cls.fields_get([name])[name]['string']

    @classmethod
    def check_modification(cls, mode, lines, values=None, external=False):
        super().check_modification(
            mode, lines, values=values, external=external)
        if mode == 'write' and not values:
            return
        for line in lines:
            if line.chart.state == 'done':
                raise PerioChartClosedError(gettext(
                        'clinic_dental.msg_perio_tooth_closed',
                        tooth=line.tooth, chart=line.chart.rec_name))

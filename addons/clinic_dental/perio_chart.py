# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The periodontal chart: probing depths, recessions, bleeding and mobility
of a patient's teeth on one day, summed up in the figures a periodontist
follows from one chart to the next.

The charts of a patient over time are the history of the periodontium. A
chart is part of the clinical history: read across clinics only as the
clinic's policy for clinical histories says, written only by the clinic that
charted it, and frozen once closed.
"""
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.pool import Pool
from trytond.pyson import Eval

from clinic_base.access_log import ReadsLogged
from clinic_base.clinical_record import ClinicalRecord
from clinic_base.sharing import SharedByPolicy

from . import perio, perio_drawing
from .exceptions import PerioChartClosedError, PerioError

CLOSED = {
    'readonly': Eval('state') == 'done',
    }


def summary_field(field):
    return fields.Function(field, 'get_summary')


class PerioChart(ClinicalRecord, ReadsLogged, SharedByPolicy, Workflow,
        ModelSQL, ModelView):
    "A periodontal chart of a patient"
    __name__ = 'clinic.dental.perio.chart'
    __string__ = "Periodontal Chart"
    _sharing_category = 'histories'
    _transition_state = 'state'

    patient = fields.Many2One(
        'party.party', "Patient", required=True, ondelete='RESTRICT',
        context={
            'company': Eval('company', -1),
            },
        depends={'company'}, states=CLOSED)
    company = fields.Many2One(
        'company.company', "Clinic", required=True, ondelete='RESTRICT',
        domain=[('clinic_role', '=', 'clinic')], states=CLOSED)
    date = fields.Date("Date", required=True, states=CLOSED)
    practitioner = fields.Many2One(
        'company.employee', "Practitioner", ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))], states=CLOSED,
        help="Who probed the teeth.")
    notes = fields.Text("Notes", states=CLOSED)
    lines = fields.One2Many(
        'clinic.dental.perio.tooth', 'chart', "Teeth", states=CLOSED)
    drawing = fields.Function(fields.Binary(
            "Depths",
            help="The probing depth of each site, a red dot where it bled."),
        'get_drawing')
    state = fields.Selection([
            ('draft', "Draft"),
            ('done', "Closed"),
            ], "State", readonly=True, required=True, sort=False)
    sites_probed = summary_field(fields.Integer(
            "Sites Probed", help="The sites with a probing depth."))
    mean_depth = summary_field(fields.Float(
            "Mean Depth", digits=(16, 1),
            help="The mean probing depth of the sites probed, in mm."))
    deep_sites = summary_field(fields.Integer(
            "Sites ≥ 4 mm",
            help="The sites probed 4 mm deep or more: pockets."))
    very_deep_sites = summary_field(fields.Integer(
            "Sites ≥ 6 mm",
            help="The sites probed 6 mm deep or more: deep pockets."))
    bleeding_percent = summary_field(fields.Float(
            "Bleeding %", digits=(16, 1),
            help="Bleeding on probing (BOP): the share of the sites probed "
            "that bled."))
    mean_attachment = summary_field(fields.Float(
            "Mean CAL", digits=(16, 1),
            help="The mean clinical attachment level of the sites probed: "
            "depth plus recession, in mm."))

    def logged_owner(self):
        return self.company, self.patient, self

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(t, (t.patient, Index.Range()), (t.date, Index.Range())))
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'done'),
            }
        cls._buttons.update({
                'fill_teeth': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'close': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'draft'

    def get_rec_name(self, name):
        Lang = Pool().get('ir.lang')
        return '%s - %s' % (
            self.patient.rec_name, Lang.get().strftime(self.date))

    @classmethod
    def get_summary(cls, charts, names):
        result = {n: {} for n in names}
        for chart in charts:
            summary = perio.summarize(
                site for line in chart.lines for site in line.sites())
            for name in names:
                result[name][chart.id] = getattr(summary, name)
        return result

    def get_drawing(self, name):
        return perio_drawing.draw(self.lines)

    @classmethod
    @ModelView.button
    def fill_teeth(cls, charts):
        """Add a line for each permanent tooth that the patient's odontogram
        shows in the mouth and that the chart does not have yet"""
        pool = Pool()
        Party = pool.get('party.party')
        Line = pool.get('clinic.dental.perio.tooth')
        cls.check_draft(charts)
        findings = Party.readable_findings([c.patient for c in charts])
        lines = []
        for chart in charts:
            charted = {line.tooth for line in chart.lines}
            lines.extend(
                Line(chart=chart, tooth=tooth)
                for tooth in perio.teeth_in_mouth(findings[chart.patient.id])
                if tooth not in charted)
        Line.save(lines)

    @classmethod
    @ModelView.button
    def close(cls, charts):
        "Close the charts: from then on they are part of the clinical record"
        for chart in charts:
            if not chart.sites_probed:
                raise PerioError(gettext(
                        'clinic_dental.msg_perio_chart_nothing_probed',
                        chart=chart.rec_name))
        cls._close(charts)

    @classmethod
    @Workflow.transition('done')
    def _close(cls, charts):
        pass

    @classmethod
    def check_draft(cls, charts):
        for chart in charts:
            if chart.state == 'done':
                raise PerioChartClosedError(gettext(
                        'clinic_dental.msg_perio_chart_closed',
                        chart=chart.rec_name))

    @classmethod
    def check_modification(cls, mode, charts, values=None, external=False):
        super().check_modification(
            mode, charts, values=values, external=external)
        # (writing nothing changes nothing: the matrix of access checks
        # does it on closed charts too)
        if mode == 'delete' or (mode == 'write' and values):
            cls.check_draft(charts)

    @classmethod
    def copy(cls, charts, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('state', 'draft')
        default.setdefault('date', cls.default_date())
        default.setdefault('practitioner', None)
        return super().copy(charts, default=default)

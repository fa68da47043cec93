# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The patient's dental tab: findings, the odontogram and the DMFT index;
and the periodontal page: the patient's periodontal charts.

The picture and the index are computed from the findings the user may read
under the clinical-history policy, never from all of them.
"""
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import check_access

from . import odontogram
from .dmft import dmft
from .plan import finding_as_of

DMFT_FIELDS = {
    'dmft_decayed': ('permanent', 'decayed'),
    'dmft_missing': ('permanent', 'missing'),
    'dmft_filled': ('permanent', 'filled'),
    'dmft_total': ('permanent', None),
    'dmft_deciduous_decayed': ('deciduous', 'decayed'),
    'dmft_deciduous_missing': ('deciduous', 'missing'),
    'dmft_deciduous_filled': ('deciduous', 'filled'),
    'dmft_deciduous_total': ('deciduous', None),
    }


# The picture and the index are computed from the findings: a form leaves
# them out for a user who may not read findings (Tryton removes a field that
# depends on a field removed)
FROM_FINDINGS = ['dental_findings']


def dmft_field(string, help):
    return fields.Function(
        fields.Integer(string, help=help, depends=FROM_FINDINGS), 'get_dmft')


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    dental_findings = fields.One2Many(
        'clinic.dental.finding', 'patient', "Dental Findings",
        readonly=True)
    perio_charts = fields.One2Many(
        'clinic.dental.perio.chart', 'patient', "Periodontal Charts",
        readonly=True, order=[('date', 'DESC'), ('id', 'DESC')],
        help="The history of the periodontium: the newest chart first.")
    odontogram = fields.Function(
        fields.Binary("Odontogram", depends=FROM_FINDINGS), 'get_odontogram')
    dmft_decayed = dmft_field(
        "Decayed", "Permanent teeth with untreated caries.")
    dmft_missing = dmft_field(
        "Missing", "Permanent teeth missing or extracted.")
    dmft_filled = dmft_field(
        "Filled", "Permanent teeth filled or crowned, without caries.")
    dmft_total = dmft_field(
        "DMFT", "Decayed, missing and filled permanent teeth.")
    dmft_deciduous_decayed = dmft_field(
        "Decayed (Deciduous)", "Deciduous teeth with untreated caries.")
    dmft_deciduous_missing = dmft_field(
        "Missing (Deciduous)", "Deciduous teeth missing or extracted.")
    dmft_deciduous_filled = dmft_field(
        "Filled (Deciduous)", "Deciduous teeth filled, without caries.")
    dmft_deciduous_total = dmft_field(
        "dmft", "Decayed, missing and filled deciduous teeth.")

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('/form/notebook/page[@id="dental"]', 'states', {
                    'invisible': ~Eval('history_numbers'),
                    }),
            ('/form/notebook/page[@id="periodontal"]', 'states', {
                    'invisible': ~Eval('history_numbers'),
                    }),
            ]

    @classmethod
    def readable_findings(cls, parties):
        """Return the dental findings of the parties that the user reads,
        by party id"""
        pool = Pool()
        Finding = pool.get('clinic.dental.finding')
        ModelAccess = pool.get('ir.model.access')
        result = {p.id: [] for p in parties}
        with check_access():
            if not ModelAccess.check(
                    Finding.__name__, 'read', raise_exception=False):
                return result  # a role that reads no dental chart
            findings = Finding.search([
                    ('patient', 'in', [p.id for p in parties]),
                    ])
        for finding in findings:
            result[finding.patient.id].append(finding)
        return result

    @classmethod
    def get_odontogram(cls, parties, name):
        return cls.draw_odontograms(parties)

    @classmethod
    def draw_odontograms(cls, parties, date=None):
        """Return the odontograms of the parties by id, as they stood on
        date if given: see finding_as_of for what is reconstructed"""
        pool = Pool()
        Finding = pool.get('clinic.dental.finding')
        legend = dict(
            Finding.fields_get(['status'])['status']['selection'])
        result = {}
        for party_id, findings in cls.readable_findings(parties).items():
            marks = []
            for finding in findings:
                status = finding.status
                if date is not None:
                    status = finding_as_of(finding, date)
                    if status is None:
                        continue
                marks.append(finding_mark(finding, status))
            result[party_id] = odontogram.draw(marks, legend=legend)
        return result

    @classmethod
    def get_dmft(cls, parties, names):
        result = {n: {} for n in names}
        for party_id, findings in cls.readable_findings(parties).items():
            counts = {
                dentition: dmft(findings, dentition)
                for dentition in ['permanent', 'deciduous']}
            for name in names:
                dentition, letter = DMFT_FIELDS[name]
                count = counts[dentition]
                result[name][party_id] = (
                    count[letter] if letter else sum(count.values()))
        return result


def finding_mark(finding, status=None):
    "Return the odontogram mark of the finding, with its status or status"
    kind = finding.kind
    return odontogram.Mark(
        tooth=finding.tooth, surfaces=tuple(finding.surfaces or ()),
        status=status or finding.status, colour=kind.colour, symbol=kind.symbol,
        applies_to=kind.applies_to, kind=kind.name,
        teeth=tuple(finding.all_teeth[1:]))

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Dental findings: what a dentist charts on a tooth, on some of its surfaces
or on a group of teeth, and the treatments planned and done there.

A finding is part of the patient's clinical history: it is read across
clinics only as the clinic's policy for clinical histories says, and written
only by the clinic that charted it.
"""
from sql import For

from trytond import backend
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.tools import grouped_slice
from trytond.transaction import Transaction, without_check_access

from clinic_base.access_log import ReadsLogged
from clinic_base.clinical_record import ClinicalRecord
from clinic_base.sharing import SharedByPolicy

from . import tooth as fdi
from .exceptions import (
    DentitionError, FindingError, ToothError, TreatmentError)

STATUSES = [
    ('existing', "Existing"),
    ('planned', "Planned"),
    ('done', "Done"),
    ('referred', "Referred"),
    ]
# The statuses of what is in the mouth now
PRESENT_STATUSES = {'existing', 'done'}
DONE = {
    'readonly': Eval('status') == 'done',
    }


def surface_name(surface):
    "Return the surface's name in the user's language"
    return gettext('clinic_dental.msg_surface_%s' % surface)


def surface_selection(teeth):
    """Return the selection of the surfaces the FDI teeth have (all of
    them where none is a tooth): 24 has no incisal nor lingual surface"""
    own = {s for t in teeth if fdi.is_tooth(t) for s in fdi.surfaces(t)}
    return [(s, surface_name(s)) for s in fdi.SURFACES
        if s in own or not own]


class Finding(ClinicalRecord, ReadsLogged, SharedByPolicy, Workflow,
        ModelSQL, ModelView):
    "A dental finding or treatment on a patient's teeth"
    __name__ = 'clinic.dental.finding'
    __string__ = "Dental Finding"
    _sharing_category = 'histories'
    _transition_state = 'status'

    patient = fields.Many2One(
        'party.party', "Patient", required=True, ondelete='RESTRICT',
        context={
            'company': Eval('company', -1),
            },
        depends={'company'}, states=DONE)
    company = fields.Many2One(
        'company.company', "Clinic", required=True, ondelete='RESTRICT',
        domain=[('clinic_role', '=', 'clinic')], states=DONE)
    tooth = fields.Integer(
        "Tooth", required=True, states=DONE,
        help="The FDI number of the tooth: 11-48 permanent, "
        "51-85 deciduous.")
    surfaces = fields.MultiSelection(
        'get_surfaces', "Surfaces", sort=False,
        states={
            'readonly': Eval('status') == 'done',
            'invisible': Eval('applies_to') != 'surface',
            })
    teeth = fields.Char(
        "Other Teeth", strip=True,
        states={
            'readonly': Eval('status') == 'done',
            'invisible': Eval('applies_to') != 'group',
            },
        help="The other teeth of the bridge or prosthesis, "
        "separated by commas: 15, 16.")
    kind = fields.Many2One(
        'clinic.dental.finding.kind', "Kind", required=True,
        ondelete='RESTRICT', states=DONE)
    applies_to = fields.Function(
        fields.Selection('get_applies_to_selection', "Applies To"),
        'on_change_with_applies_to')
    status = fields.Selection(
        STATUSES, "Status", required=True, sort=False,
        states={
            'readonly': Eval('id', -1) >= 0,
            },
        help="Existing: found in the mouth.\n"
        "Planned: a treatment to do.\n"
        "Done: a treatment done here.\n"
        "Referred: a treatment sent to another professional.")
    status_string = status.translated('status')
    date = fields.Date(
        "Date", states=DONE,
        help="When the finding was charted or the treatment done.")
    practitioner = fields.Many2One(
        'company.employee', "Practitioner", ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))], states=DONE,
        help="Who charted the finding or did the treatment.")
    service = fields.Many2One(
        'product.product', "Service", ondelete='RESTRICT',
        domain=[('type', '=', 'service')],
        context={
            'company': Eval('company', -1),
            },
        depends={'company'}, states=DONE)
    # (lazy: the front desk and the accountants, who budget and bill the
    # treatments, may not read the notes nor the entry: a client reads
    # them only when they are asked for)
    notes = fields.Text("Notes", loading='lazy')
    done_date = fields.Date(
        "Done On", readonly=True,
        help="When the planned treatment was marked done.")
    history_entry = fields.Many2One(
        'clinic.history.entry', "Clinical History Entry", readonly=True,
        ondelete='RESTRICT', loading='lazy',
        help="The entry of the clinical history that records the treatment "
        "done.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(t, (t.patient, Index.Range()), (t.tooth, Index.Range())))
        cls._order = [('patient', 'ASC'), ('tooth', 'ASC'), ('id', 'ASC')]
        cls._transitions |= {
            ('planned', 'done'),
            ('planned', 'referred'),
            ('referred', 'planned'),
            }
        cls._buttons.update({
                'do': {
                    'invisible': Eval('status') != 'planned',
                    'depends': ['status'],
                    },
                'refer': {
                    'invisible': Eval('status') != 'planned',
                    'depends': ['status'],
                    },
                'plan': {
                    'invisible': Eval('status') != 'referred',
                    'icon': 'tryton-back',
                    'depends': ['status'],
                    },
                })

    def logged_owner(self):
        return self.company, self.patient, self

    @classmethod
    def default_status(cls):
        return 'existing'

    @classmethod
    def get_applies_to_selection(cls):
        pool = Pool()
        Kind = pool.get('clinic.dental.finding.kind')
        return Kind.fields_get(['applies_to'])['applies_to']['selection']

    @fields.depends('kind')
    def on_change_with_applies_to(self, name=None):
        if self.kind:
            return self.kind.applies_to

    @fields.depends('tooth')
    def get_surfaces(self):
        "The surfaces of the tooth, all of them before it is chosen"
        return surface_selection([self.tooth] if self.tooth else [])

    @fields.depends('kind', 'surfaces', 'teeth')
    def on_change_kind(self):
        if self.kind and self.kind.applies_to != 'surface':
            self.surfaces = []
        if self.kind and self.kind.applies_to != 'group':
            self.teeth = None

    def get_rec_name(self, name):
        return '%s %s (%s)' % (
            self.tooth, self.kind.rec_name, self.patient.rec_name)

    @property
    def all_teeth(self):
        "The tooth and the other teeth of its group"
        others = fdi.written_teeth(self.teeth)
        return [self.tooth] + [t for t in others if t != self.tooth]

    @property
    def present(self):
        "Tell whether the finding shows the tooth in the mouth"
        return (self.status in PRESENT_STATUSES and not self.kind.absent)

    @property
    def absent(self):
        "Tell whether the finding shows the tooth out of the mouth"
        return self.status in PRESENT_STATUSES and self.kind.absent

    @classmethod
    def _validate(cls, findings, field_names=None):
        # the tooth and its surfaces first, in messages that name them
        # (Tryton's check of the surfaces' choices names neither); without a
        # tooth or a kind, Tryton's check of required fields speaks
        if field_names is None or field_names & {'tooth', 'surfaces', 'kind'}:
            for finding in findings:
                if finding.tooth is not None and finding.kind:
                    finding.check_tooth()
                    finding.check_surfaces()
        super()._validate(findings, field_names)

    @classmethod
    def validate_fields(cls, findings, field_names):
        super().validate_fields(findings, field_names)
        for finding in findings:
            finding.check_teeth()
            finding.check_done()
        cls.check_dentition(findings)

    def check_tooth(self):
        if not fdi.is_tooth(self.tooth):
            raise ToothError(gettext(
                    'clinic_dental.msg_tooth_not_fdi', tooth=self.tooth))

    def check_surfaces(self):
        "The surfaces are those of the tooth, and given if the kind needs"
        if self.kind.applies_to == 'surface' and not self.surfaces:
            raise FindingError(gettext(
                    'clinic_dental.msg_finding_surfaces_required',
                    kind=self.kind.rec_name, tooth=self.tooth))
        own = fdi.surfaces(self.tooth)
        for surface in self.surfaces or ():
            if surface not in own:
                raise ToothError(gettext(
                        'clinic_dental.msg_tooth_surface',
                        tooth=self.tooth,
                        surface=surface_name(surface),
                        surfaces=', '.join(map(surface_name, own))))

    @staticmethod
    def surface_string(surface):
        "Return the surface's name in the user's language"
        return surface_name(surface)

    def check_teeth(self):
        "The other teeth of a group are FDI teeth of the same dentition"
        if self.kind.applies_to != 'group':
            return
        try:
            others = fdi.parse_teeth(self.teeth)
        except ValueError:
            others = None
        if not others:
            raise FindingError(gettext(
                    'clinic_dental.msg_finding_teeth',
                    kind=self.kind.rec_name, teeth=self.teeth or ''))
        for other in others:
            if not fdi.is_tooth(other):
                raise ToothError(gettext(
                        'clinic_dental.msg_tooth_not_fdi', tooth=other))

    def check_done(self):
        "A done treatment says when and by whom"
        if self.status == 'done' and not (self.date and self.practitioner):
            raise FindingError(gettext(
                    'clinic_dental.msg_finding_done_who_when',
                    finding=self.rec_name))

    @classmethod
    def check_dentition(cls, findings):
        """A deciduous tooth and the permanent one at its place are not both
        in the mouth"""
        for finding in findings:
            if not finding.present:
                continue
            other = fdi.counterpart(finding.tooth)
            if other is None:
                continue
            charted = cls.tooth_findings(finding.patient, [
                    finding.tooth, other])
            if (cls.is_present(charted, finding.tooth)
                    and cls.is_present(charted, other)):
                raise DentitionError(gettext(
                        'clinic_dental.msg_dentition_both_present',
                        patient=finding.patient.rec_name,
                        tooth=finding.tooth, other=other))

    @classmethod
    def tooth_findings(cls, patient, teeth):
        "Return all the findings of the patient on the teeth, unfiltered"
        with without_check_access():
            return cls.search([
                    ('patient', '=', patient.id),
                    ('tooth', 'in', teeth),
                    ])

    @staticmethod
    def is_present(findings, tooth):
        """Tell whether the findings show the tooth in the mouth: charted
        and not absent"""
        on_tooth = [f for f in findings if f.tooth == tooth]
        return (any(f.present for f in on_tooth)
            and not any(f.absent for f in on_tooth))

    @classmethod
    @ModelView.button
    def do(cls, findings):
        """Mark the planned treatments done today, by the user's employee
        (or the practitioner already named), and record them in the
        patient's clinical history"""
        cls.lock_rows(findings)
        findings = cls.browse([f.id for f in findings])
        for finding in findings:
            if finding.status != 'planned':
                raise TreatmentError(gettext(
                        'clinic_dental.msg_finding_not_planned',
                        finding=finding.rec_name,
                        status=finding.status_string))
        cls._mark_done(findings)
        cls.record_in_history(findings)

    @classmethod
    @Workflow.transition('done')
    def _mark_done(cls, findings):
        pool = Pool()
        Date = pool.get('ir.date')
        employee = Transaction().context.get('employee')
        for finding in findings:
            finding.date = finding.done_date = Date.today()
            if employee:
                finding.practitioner = employee
        cls.save(findings)

    @classmethod
    def lock_rows(cls, findings):
        """Lock the findings' rows: of two clicks at once, the second waits
        and then finds the treatment done. (ModelSQL.lock asks for the
        transaction to be retried, which only the RPC dispatcher does.)"""
        transaction = Transaction()
        if not transaction.database.has_select_for():
            return
        table = cls.__table__()
        cursor = transaction.connection.cursor()
        for sub_ids in grouped_slice(
                [f.id for f in findings], backend.MAX_QUERY_PARAMS):
            cursor.execute(*table.select(table.id,
                    where=fields.SQL_OPERATORS['in'](table.id, list(sub_ids)),
                    for_=For('UPDATE')))

    @classmethod
    def record_in_history(cls, findings):
        """Add the treatments done to the draft entry of the day of their
        patient, clinic and practitioner, or to a new one, and link them"""
        pool = Pool()
        Entry = pool.get('clinic.history.entry')
        entries = {}
        for finding in findings:
            key = (finding.patient, finding.company, finding.practitioner,
                finding.done_date)
            if key not in entries:
                found = Entry.search([
                        ('party', '=', finding.patient.id),
                        ('company', '=', finding.company.id),
                        ('practitioner', '=', finding.practitioner.id),
                        ('date', '=', finding.done_date),
                        ('state', '=', 'draft'),
                        ('amends', '=', None),
                        ], order=[('id', 'ASC')], limit=1)
                if found:
                    entry, = found
                else:
                    entry = Entry(
                        party=finding.patient, company=finding.company,
                        practitioner=finding.practitioner,
                        date=finding.done_date, services=[],
                        treatment=None)
                entries[key] = entry
            entry = entries[key]
            services = list(entry.services or [])
            if finding.service and finding.service not in services:
                services.append(finding.service)
            entry.services = services
            entry.treatment = '\n'.join(
                filter(None, [entry.treatment, finding.history_line]))
            finding.history_entry = entry
        Entry.save(list(entries.values()))
        cls.save(findings)

    @property
    def history_line(self):
        "The line of the clinical history that records the treatment"
        line = gettext(
            'clinic_dental.msg_history_treatment_line',
            teeth=', '.join(map(str, self.all_teeth)),
            kind=self.kind.rec_name)
        if self.surfaces:
            line += ' (%s)' % ', '.join(
                map(surface_name, self.surfaces))
        if self.service:
            line += ' - %s' % self.service.rec_name
        return line

    @classmethod
    def check_modification(cls, mode, findings, values=None, external=False):
        super().check_modification(
            mode, findings, values=values, external=external)
        if mode == 'delete':
            for finding in findings:
                if finding.status == 'done':
                    raise TreatmentError(gettext(
                            'clinic_dental.msg_finding_done_delete',
                            finding=finding.rec_name))

    @classmethod
    @ModelView.button
    @Workflow.transition('referred')
    def refer(cls, findings):
        "Send the planned treatments to another professional"
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('planned')
    def plan(cls, findings):
        "Take the referred treatments back into the plan"
        pass

    @classmethod
    def copy(cls, findings, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('status', 'existing')
        default.setdefault('practitioner', None)
        default.setdefault('done_date', None)
        default.setdefault('history_entry', None)
        return super().copy(findings, default=default)

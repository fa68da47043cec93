# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Clinical histories: dated entries by a practitioner of a clinic.

An entry is written as a draft and signed by its practitioner; once signed it
is never edited but amended by a new entry that points to it, written by the
same practitioner. The entries are seen across clinics only as the clinic's
policy for clinical histories says.
"""
import datetime as dt

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.pool import PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .access_log import ReadsLogged
from .clinical_record import ClinicalRecord
from .exceptions import ClinicalHistoryError
from .sharing import SharedByPolicy

STATES = {
    'readonly': Eval('state') != 'draft',
    }


class HistoryEntry(
        ClinicalRecord, ReadsLogged, SharedByPolicy, Workflow, ModelSQL,
        ModelView):
    "An entry of a patient's clinical history"
    __name__ = 'clinic.history.entry'
    _sharing_category = 'histories'
    _patient_field = 'party'
    # What a list does not show: reading it is opening the entry

    party = fields.Many2One(
        'party.party', "Patient", required=True, ondelete='RESTRICT',
        context={
            'company': Eval('company', -1),
            },
        depends={'company'}, states=STATES)
    company = fields.Many2One(
        'company.company', "Clinic", required=True, ondelete='RESTRICT',
        domain=[('clinic_role', '=', 'clinic')], states=STATES)
    date = fields.Date("Date", required=True, states=STATES)
    practitioner = fields.Many2One(
        'company.employee', "Practitioner", required=True,
        ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))], states=STATES)
    specialty = fields.Many2One(
        'clinic.specialty', "Specialty", ondelete='RESTRICT', states=STATES)
    reason = fields.Text("Reason for Visit", states=STATES)
    findings = fields.Text("Findings", states=STATES)
    diagnosis = fields.Text("Diagnosis", states=STATES)
    treatment = fields.Text("Treatment Done", states=STATES)
    notes = fields.Text("Notes", states=STATES)
    services = fields.Many2Many(
        'clinic.history.entry-product.product', 'entry', 'service',
        "Services Done", domain=[('type', '=', 'service')],
        context={
            'company': Eval('company', -1),
            },
        depends={'company'}, states=STATES)
    amends = fields.Many2One(
        'clinic.history.entry', "Amends", ondelete='RESTRICT',
        readonly=True,
        domain=[
            ('party', '=', Eval('party', -1)),
            ('state', '=', 'signed'),
            ],
        help="The signed entry this one corrects.")
    amendments = fields.One2Many(
        'clinic.history.entry', 'amends', "Amendments", readonly=True)
    signed_by = fields.Many2One(
        'res.user', "Signed By", readonly=True, ondelete='RESTRICT')
    signed_at = fields.Timestamp("Signed At", readonly=True)
    state = fields.Selection([
            ('draft', "Draft"),
            ('signed', "Signed"),
            ], "State", readonly=True, required=True, sort=False)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.party, Index.Range()), (t.date, Index.Range())),
                Index(t, (t.state, Index.Equality()),
                    where=t.state == 'draft'),
                })
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {('draft', 'signed')}
        cls._buttons.update({
                'sign': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'amend': {
                    'invisible': Eval('state') != 'signed',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'draft'

    def get_rec_name(self, name):
        return '%s %s (%s)' % (
            self.date, self.party.rec_name, self.practitioner.rec_name)

    @classmethod
    @ModelView.button
    @Workflow.transition('signed')
    def sign(cls, entries):
        "The practitioner signs: the entry is final"
        for entry in entries:
            entry.check_practitioner('msg_history_sign_other')
        cls.write(entries, {
                'signed_by': Transaction().user,
                'signed_at': dt.datetime.now(),
                })

    @classmethod
    @ModelView.button
    def amend(cls, entries):
        "Start a new draft entry that corrects the signed entries"
        cls.create_amendments(entries)

    @classmethod
    def create_amendments(cls, entries):
        "Return new draft entries amending the signed entries"
        for entry in entries:
            entry.check_practitioner('msg_history_amend_other')
        return cls.copy(entries, default={
                'amends': lambda data: data['id'],
                'date': cls.default_date(),
                })

    def check_practitioner(self, message):
        "Only the entry's practitioner signs or amends it (or root)"
        if not Transaction().user:
            return
        if Transaction().context.get('employee') != self.practitioner.id:
            raise ClinicalHistoryError(gettext(
                    'clinic_base.' + message,
                    entry=self.rec_name,
                    practitioner=self.practitioner.rec_name))

    @classmethod
    def copy(cls, entries, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('signed_by', None)
        default.setdefault('signed_at', None)
        default.setdefault('amendments', None)
        return super().copy(entries, default=default)

    @classmethod
    def check_modification(cls, mode, entries, values=None, external=False):
        super().check_modification(
            mode, entries, values=values, external=external)
        if mode == 'delete' or (
                mode == 'write' and values.keys() - {'state', 'signed_by',
                    'signed_at'}):
            for entry in entries:
                if entry.state == 'signed':
                    raise ClinicalHistoryError(gettext(
                            'clinic_base.msg_history_signed_readonly',
                            entry=entry.rec_name))


class HistoryEntryService(ModelSQL):
    "A service done in a clinical history entry"
    __name__ = 'clinic.history.entry-product.product'

    entry = fields.Many2One(
        'clinic.history.entry', "Entry", required=True, ondelete='CASCADE')
    service = fields.Many2One(
        'product.product', "Service", required=True, ondelete='RESTRICT')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('entry')


class Party(metaclass=PoolMeta):
    "The clinical history of a patient: the entries the user reads"
    __name__ = 'party.party'

    history_entries = fields.One2Many(
        'clinic.history.entry', 'party', "Clinical History", readonly=True)

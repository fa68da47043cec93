# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Patients: Tryton parties with what a clinic needs to know of them.

A party becomes a patient of a clinic when the clinic gives it a clinical
history number. Its national id (DNI/NIE) is a party identifier and its
phones and e-mails are contact mechanisms: Tryton validates both.
"""
from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval
from trytond.transaction import Transaction, check_access

from .closed import checked, exporting
from .exceptions import PatientError

# The pages of Tryton's modules on a party's form that a patient's leaves
# out
NOT_A_PATIENTS = ['banking', 'stock', 'sale', 'commissions']
IS_A_PATIENT = Bool(Eval('history_numbers', []))
SEXES = [
    (None, ""),
    ('female', "Female"),
    ('male', "Male"),
    ('other', "Other"),
    ]


def consent_date(consent):
    "The date field that goes with a consent field"
    return fields.Date(
        "Date",
        states={
            'invisible': ~Eval(consent),
            'required': Bool(Eval(consent)),
            })


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    birth_date = fields.Date("Birth Date")
    sex = fields.Selection(SEXES, "Sex", sort=False)
    referral = fields.Many2One(
        'clinic.picklist.value', "How They Know Us", ondelete='RESTRICT',
        domain=[('picklist', '=', 'referral')])
    referrer = fields.Many2One(
        'party.party', "Referred By", ondelete='SET NULL',
        help="The patient or professional who sent them to us.")
    allergies = fields.Text(
        "Allergies", help="Shown at the top of the patient's file.")
    medical_alerts = fields.Text(
        "Medical Alerts",
        help="Conditions and medication that the practitioner must know "
        "before treating: shown at the top of the patient's file.")
    has_alerts = fields.Function(
        fields.Boolean("Alerts"), 'on_change_with_has_alerts')
    consent_data_protection = fields.Boolean(
        "Data Protection Consent",
        help="The patient signed the data protection consent.")
    consent_data_protection_date = consent_date('consent_data_protection')
    consent_communications = fields.Boolean(
        "Communications Consent",
        help="The patient agrees to receive news and offers.")
    consent_communications_date = consent_date('consent_communications')
    insurer = fields.Many2One(
        'party.party', "Insurer", ondelete='RESTRICT')
    insurance_policy = fields.Char(
        "Policy Number",
        states={
            'invisible': ~Eval('insurer'),
            })
    history_numbers = fields.One2Many(
        'clinic.patient.number', 'party', "History Numbers",
        help="The patient's clinical history number in each clinic.")
    history_number = fields.Function(
        fields.Char("History Number",
            help="The patient's clinical history number in this clinic."),
        'get_history_number', searcher='search_history_number')

    # What the contacts policy opens of a patient: a shared document shows
    # whom it is for (the name, id number and address), not these
    _contact_fields = {
        'birth_date', 'sex', 'referral', 'referrer', 'allergies',
        'medical_alerts', 'has_alerts', 'consent_data_protection',
        'consent_data_protection_date', 'consent_communications',
        'consent_communications_date', 'insurer', 'insurance_policy',
        'phone', 'mobile', 'fax', 'email', 'website',
        }

    @classmethod
    def read(cls, ids, fields_names):
        rows = super().read(ids, fields_names)
        masked = [n for n in fields_names
            if n.split('.', 1)[0] in cls._contact_fields]
        # (as the user reads them, or exports them: an export writes its
        # rows out from the records' attributes, read without the checks)
        if masked and (checked() or exporting()):
            hidden = cls.contacts_hidden(ids)
            # (the transaction's cache, which the records' attributes read,
            # is filled with what was read before it is masked)
            cache = Transaction().get_cache()[cls.__name__]
            for row in rows:
                if row['id'] in hidden:
                    for name in masked:
                        base, dot, _ = name.partition('.')
                        row[base] = cache[row['id']][base] = None
                        if dot:
                            row[base + '.'] = None
        return rows

    @classmethod
    def contacts_hidden(cls, ids):
        """Return the ids of the parties whose contacts the user may not
        read: those the user reads only through a shared document (the
        party's rules without the documents' arms)"""
        pool = Pool()
        ModelAccess = pool.get('ir.model.access')
        Rule = pool.get('ir.rule')
        with check_access():
            if not ModelAccess.check(
                    cls.__name__, 'read', raise_exception=False):
                return set(ids)
            every = Rule.domain_get(cls.__name__)
            with Transaction().set_context(
                    _contacts_only=True, active_test=False):
                if Rule.domain_get(cls.__name__) == every:
                    return set()  # no document opens a party to the user
                opened = cls.search([('id', 'in', list(ids))], order=[])
        return set(ids) - {p.id for p in opened}

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # a patient is no supplier
        cls.supplier.states = {
            **cls.supplier.states, 'invisible': IS_A_PATIENT}

    @classmethod
    def view_attributes(cls):
        # a patient's form shows a patient: not what Tryton's modules give
        # a customer or a supplier (banking, stock, sales, commissions)
        return super().view_attributes() + [
            ('/form/group[@id="alerts"]', 'states', {
                    'invisible': ~Eval('has_alerts'),
                    }),
            ] + [('/form/notebook/page[@id="%s"]' % page, 'states', {
                    'invisible': IS_A_PATIENT,
                    }) for page in NOT_A_PATIENTS]

    @fields.depends('allergies', 'medical_alerts')
    def on_change_with_has_alerts(self, name=None):
        return bool(self.allergies or self.medical_alerts)

    @classmethod
    def get_history_number(cls, parties, name):
        pool = Pool()
        HistoryNumber = pool.get('clinic.patient.number')
        company = Transaction().context.get('company')
        result = dict.fromkeys((p.id for p in parties), None)
        for number in HistoryNumber.search([
                    ('party', 'in', [p.id for p in parties]),
                    ('company', '=', company),
                    ]):
            result[number.party.id] = number.code
        return result

    @classmethod
    def search_history_number(cls, name, clause):
        _, operator, value = clause[:3]
        return ['OR',
            ('history_numbers.code', operator, value),
            ('history_numbers.number', operator, value),
            ]

    @classmethod
    def validate_fields(cls, parties, field_names):
        super().validate_fields(parties, field_names)
        cls.check_birth_date(parties, field_names)

    @classmethod
    def check_birth_date(cls, parties, field_names=None):
        pool = Pool()
        Date = pool.get('ir.date')
        if field_names and 'birth_date' not in field_names:
            return
        today = Date.today()
        for party in parties:
            if party.birth_date and party.birth_date > today:
                raise PatientError(gettext(
                        'clinic_base.msg_birth_date_future',
                        patient=party.rec_name,
                        date=party.birth_date))

    @classmethod
    def copy(cls, parties, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('history_numbers', None)
        return super().copy(parties, default=default)


class PatientPhone:
    """Mixin of a model whose records are a patient's (its party): the
    patient's phone, else mobile, as the user reads the patient's contacts,
    for the lists the front desk calls from"""
    __slots__ = ()
    phone = fields.Function(
        fields.Char("Phone", help="The patient's phone, else mobile."),
        'get_phone')

    @classmethod
    def get_phone(cls, records, name):
        phones = patient_phones({r.party.id for r in records if r.party})
        return {r.id: phones.get(r.party.id) if r.party else None
            for r in records}


def patient_phones(party_ids):
    """Return the phone, else mobile, of each party of party_ids whose
    contacts the user reads (Party.read hides those of the others)"""
    pool = Pool()
    ModelAccess = pool.get('ir.model.access')
    Party = pool.get('party.party')
    with check_access(), Transaction().set_context(active_test=False):
        if not ModelAccess.check('party.party', 'read', raise_exception=False):
            return {}
        readable = Party.search([('id', 'in', list(party_ids))])
        rows = Party.read([p.id for p in readable], ['phone', 'mobile'])
    return {r['id']: r['phone'] or r['mobile'] for r in rows}

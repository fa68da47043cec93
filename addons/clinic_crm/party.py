# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""A lead is a party: the clinic that has them as a lead, how to reach them,
and their requests. How they know us, their referrer and their consents
are the patient's fields (clinic_base), kept when the lead becomes one.

Qualified, the lead is a patient of its clinic (qualify.py): the party gets
the clinic's history number, or is replaced by the patient it already was
(``party.replace``, which here moves its activities too)."""
from sql import Null

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction, check_access

from clinic_base.patient_registration import parties_matching

from .company import check_crm_on
from .exceptions import LeadContactError, QualifyError
from .qualify import opportunities_of

# The contact mechanisms a lead is reached by
REACHING = {'phone', 'mobile', 'email'}
# What a patient takes from the lead that was the same person, where it has
# nothing of its own
LEAD_FIELDS = ['lead_company', 'preferred_clinic', 'contact_times',
    'referral', 'referrer']


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    lead_company = fields.Many2One(
        'company.company', "Lead of", ondelete='RESTRICT',
        domain=[('clinic_role', '=', 'clinic')],
        help="The clinic that has the person as a lead: a potential "
        "patient it works with the CRM.")
    preferred_clinic = fields.Many2One(
        'company.company', "Preferred Clinic", ondelete='RESTRICT',
        domain=[('clinic_role', '=', 'clinic')])
    contact_times = fields.Char(
        "Preferred Contact Times",
        help="When the person prefers to be called: \"mornings\", "
        "\"after 18:00\".")
    crm_requests = fields.One2Many(
        'sale.opportunity', 'party', "Requests",
        help="What the lead asked the clinic about, the latest first.")
    crm_activities = fields.One2Many(
        'clinic.crm.activity', 'party', "Activities",
        help="The calls, letters, e-mails and visits with the person.")
    previous_activity = fields.Function(fields.Many2One(
            'clinic.crm.activity', "Previous Activity",
            help="The last activity done with the person."),
        'get_activities')
    next_activity = fields.Function(fields.Many2One(
            'clinic.crm.activity', "Next Activity",
            help="The first activity scheduled with the person."),
        'get_activities')
    campaign_segment = fields.Function(fields.Many2One(
            'clinic.crm.segment', "Contact Segment",
            help="Find the contacts a segment selects."),
        'get_campaign_segment', searcher='search_campaign_segment')
    qualified = fields.Function(fields.Boolean(
            "Patient",
            help="The lead is a patient of the clinic: it was qualified."),
        'get_qualified', searcher='search_qualified')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'qualify': {
                    'invisible': (~Eval('lead_company')
                        | Eval('qualified', False)),
                    'icon': 'tryton-forward',
                    'depends': ['lead_company', 'qualified'],
                    },
                })

    @classmethod
    def default_lead_company(cls):
        "A new party of the Leads menu is a lead of the user's clinic"
        context = Transaction().context
        if context.get('crm_lead'):
            return context.get('company')

    @classmethod
    def get_activities(cls, parties, names):
        """The previous (the last done) and the next (the first scheduled)
        activity of each party, among those the user reads (Tryton computes
        without the rules: a private activity would show)"""
        pool = Pool()
        Activity = pool.get('clinic.crm.activity')
        ModelAccess = pool.get('ir.model.access')
        result = {n: dict.fromkeys((p.id for p in parties)) for n in names}
        ids = [p.id for p in parties]
        with check_access():
            if not ModelAccess.check(
                    Activity.__name__, 'read', raise_exception=False):
                return result
            return cls._activities(ids, names, result)

    @classmethod
    def _activities(cls, ids, names, result):
        Activity = Pool().get('clinic.crm.activity')
        for name, state, order in [
                ('previous_activity', 'done', 'DESC'),
                ('next_activity', 'scheduled', 'ASC')]:
            if name not in names:
                continue
            for activity in Activity.search([
                        ('party', 'in', ids), ('state', '=', state),
                        ], order=[('moment', order), ('id', order)]):
                if result[name][activity.party.id] is None:
                    result[name][activity.party.id] = activity.id
        return result

    def get_campaign_segment(self, name):
        return None

    @classmethod
    def search_campaign_segment(cls, name, clause):
        """The parties of the segments of ids (among those the user reads);
        none for any other clause"""
        pool = Pool()
        Segment = pool.get('clinic.crm.segment')
        ModelAccess = pool.get('ir.model.access')
        _, operator, value = clause[:3]
        ids = [value] if operator == '=' else value
        if (clause[0] != name or operator not in {'=', 'in'}
                or not isinstance(ids, (list, tuple))
                or not all(isinstance(i, int) for i in ids)):
            return [('id', '=', None)]
        with check_access():
            if not ModelAccess.check(
                    Segment.__name__, 'read', raise_exception=False):
                return [('id', '=', None)]
            segments = Segment.search([('id', 'in', ids)])
        return ['OR', ('id', '=', None),
            *(s.party_domain() for s in segments)]

    @classmethod
    def qualified_query(cls):
        "Return the query of the leads with a history number of their clinic"
        pool = Pool()
        HistoryNumber = pool.get('clinic.patient.number')
        party = cls.__table__()
        number = HistoryNumber.__table__()
        return party.join(number, condition=(number.party == party.id)
            & (number.company == party.lead_company)
            ).select(party.id, where=party.lead_company != Null)

    @classmethod
    def get_qualified(cls, parties, name):
        qualified = {p.id for p in cls.search([
                    ('id', 'in', [p.id for p in parties]),
                    ('qualified', '=', True),
                    ], order=[])}
        return {p.id: p.id in qualified for p in parties}

    @classmethod
    def search_qualified(cls, name, clause):
        _, operator, value = clause[:3]
        if (operator == '=') == bool(value):
            return [('id', 'in', cls.qualified_query())]
        return [('id', 'not in', cls.qualified_query())]

    @classmethod
    @ModelView.button_action('clinic_crm.wizard_lead_qualify')
    def qualify(cls, leads):
        "Make the lead a patient of the clinic"

    def check_qualifiable(self):
        "Refuse to qualify a party that is no lead, or a patient already"
        if not self.lead_company:
            raise QualifyError(gettext(
                    'clinic_crm.msg_qualify_not_lead', party=self.rec_name))
        if self.qualified:
            raise QualifyError(gettext(
                    'clinic_crm.msg_qualify_patient_already',
                    lead=self.rec_name, clinic=self.lead_company.rec_name))

    def patients_matching(self):
        """Return the patients the user sees with the lead's DNI/NIE, phone
        or e-mail: the person may be one already"""
        return parties_matching(
            [i.code_compact for i in self.identifiers],
            [m.value_compact for m in self.contact_mechanisms
                if m.type in REACHING],
            [('id', '!=', self.id), ('history_numbers', '!=', None)])

    def make_patient(self, clinic=None):
        """Give the person the history number of clinic (the lead's own by
        default) and make their requests opportunities"""
        HistoryNumber = Pool().get('clinic.patient.number')
        clinic = clinic or self.lead_company
        if not HistoryNumber.search([
                    ('party', '=', self.id), ('company', '=', clinic.id),
                    ]):
            HistoryNumber.create([{'party': self.id, 'company': clinic.id}])
        opportunities_of(self.crm_requests)

    def replace_with(self, patient):
        """Replace the lead by the patient who is the same person: Tryton's
        party replacement gives the patient the lead's requests, activities
        and contacts (those the patient had not are kept active); the
        patient takes the lead's CRM data it lacks"""
        pool = Pool()
        ContactMechanism = pool.get('party.contact_mechanism')
        Replace = pool.get('party.replace', type='wizard')
        Session = pool.get('ir.session.wizard')
        known = {m.value_compact for m in patient.contact_mechanisms}
        new_mechanisms = [m for m in self.contact_mechanisms
            if m.value_compact not in known]
        # (a session of its own, not Replace.create: the user replaces this
        # lead by the qualify wizard's groups, not by party.replace's)
        session, = Session.create([{}])
        replace = Replace(session.id)
        replace.ask.source = self
        replace.ask.destination = patient
        # (the user chose the patient among those of the same id or phone)
        with Transaction().set_context(_crm_same_person=True):
            replace.transition_replace()
        Session.delete([session])
        ContactMechanism.write(new_mechanisms, {'active': True})
        for name in LEAD_FIELDS:
            if not getattr(patient, name):
                setattr(patient, name, getattr(self, name))
        patient.save()

    @classmethod
    def validate_fields(cls, parties, field_names):
        super().validate_fields(parties, field_names)
        if field_names is None or field_names & {
                'lead_company', 'contact_mechanisms'}:
            leads = [p for p in parties if p.lead_company]
            check_crm_on(p.lead_company for p in leads)
            for lead in leads:
                lead.check_reachable()

    def check_reachable(self):
        "A lead has a phone or an e-mail: no one could answer them otherwise"
        if not any(m.type in REACHING and m.value
                for m in self.contact_mechanisms):
            raise LeadContactError(gettext(
                    'clinic_crm.msg_lead_unreachable', lead=self.rec_name))


class PartyReplace(metaclass=PoolMeta):
    __name__ = 'party.replace'

    @classmethod
    def fields_to_replace(cls):
        return super().fields_to_replace() + [
            ('clinic.crm.activity', 'party'),
            ]

    def check_similarity(self):
        # a lead qualified as the patient the user chose among those of its
        # id or phone is the same person (the context key is the server's:
        # a client cannot send it)
        if not Transaction().context.get('_crm_same_person'):
            super().check_similarity()

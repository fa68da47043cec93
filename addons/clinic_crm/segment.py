# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The contact segmenter: which patients and leads a campaign writes to.

A segment belongs to the company that made it (the central or a clinic) and
selects among the contacts of the clinics with the CRM that open them to
that company: its own, and those that share their patients (or their CRM
leads, for leads) with it. Within those, it filters by clinic, age, sex, a
treatment done or budgeted, the last visit and how they know us. Consent is
not a filter: the segment counts those who did not consent to
communications, and a campaign excludes them (campaign.py).
"""
import datetime as dt

from dateutil.relativedelta import relativedelta
from sql import Literal
from sql.aggregate import Max

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Bool, Eval, If
from trytond.transaction import Transaction

from clinic_base.patient import SEXES
from clinic_base.sharing import SharedByPolicy

from .exceptions import SegmentError

CONTACTS = [
    ('patients', "Patients"),
    ('leads', "Leads"),
    ('both', "Patients and Leads"),
    ]
TREATMENT_STATES = [
    ('done', "Done"),
    ('budgeted', "Budgeted"),
    ('either', "Done or Budgeted"),
    ]
# A budget that was given to the patient (not a draft, not cancelled)
BUDGET_STATES = ['quotation', 'confirmed', 'processing', 'done']


class Segment(SharedByPolicy, ModelSQL, ModelView):
    "The patients and leads a campaign writes to"
    __name__ = 'clinic.crm.segment'
    __string__ = "Contact Segment"

    name = fields.Char("Name", required=True)
    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT',
        help="Who made the segment: the central or a clinic.")
    contacts = fields.Selection(CONTACTS, "Contacts", required=True)
    clinics = fields.Many2Many(
        'clinic.crm.segment-company.company', 'segment', 'clinic', "Clinics",
        domain=[('clinic_role', '=', 'clinic')],
        help="Leave empty for every clinic that opens its contacts to the "
        "company.")
    age_from = fields.Integer(
        "From Age", domain=['OR', ('age_from', '=', None),
            ('age_from', '>=', 0)])
    age_to = fields.Integer(
        "To Age", domain=['OR', ('age_to', '=', None),
            If(Bool(Eval('age_from')),
                ('age_to', '>=', Eval('age_from')), ('age_to', '>=', 0))])
    sex = fields.Selection(SEXES, "Sex", sort=False)
    treatment = fields.Many2One(
        'product.product', "Treatment", ondelete='RESTRICT',
        domain=[('type', '=', 'service')],
        context={'company': Eval('company', -1)}, depends={'company'})
    treatment_state = fields.Selection(
        TREATMENT_STATES, "Treatment Was", sort=False,
        states={
            'invisible': ~Eval('treatment'),
            'required': Bool(Eval('treatment')),
            })
    last_visit_from = fields.Date(
        "Last Visit From",
        help="Only contacts whose last visit was on or after this day.")
    last_visit_to = fields.Date(
        "Last Visit To",
        domain=[If(Eval('last_visit_from') & Eval('last_visit_to'),
                ('last_visit_to', '>=', Eval('last_visit_from')), ())],
        help="Only contacts whose last visit was on or before this day.")
    referral = fields.Many2One(
        'clinic.picklist.value', "How They Know Us", ondelete='RESTRICT',
        domain=[('picklist', '=', 'referral')])
    contact_count = fields.Function(
        fields.Integer("Contacts Found"), 'get_counts')
    excluded_count = fields.Function(
        fields.Integer(
            "Without Consent",
            help="Contacts of the segment who did not consent to "
            "communications: a campaign counts them and writes them "
            "nothing."), 'get_counts')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'open_contacts': {
                    'icon': 'tryton-party',
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_contacts(cls):
        return 'both'

    @classmethod
    def default_treatment_state(cls):
        return 'either'

    @classmethod
    def validate_fields(cls, segments, field_names):
        super().validate_fields(segments, field_names)
        cls.check_clinics(segments, field_names)

    @classmethod
    def check_clinics(cls, segments, field_names=None):
        "Refuse a clinic that does not open its contacts to the company"
        if field_names and not (field_names & {'clinics', 'company'}):
            return
        for segment in segments:
            opened = set(segment.opened_clinics('contacts')) | set(
                segment.opened_clinics('leads'))
            for clinic in segment.clinics:
                if clinic.id not in opened:
                    raise SegmentError(gettext(
                            'clinic_crm.msg_segment_clinic_closed',
                            segment=segment.rec_name,
                            clinic=clinic.rec_name,
                            company=segment.company.rec_name))

    def opened_clinics(self, category):
        """Return the ids of the clinics with the CRM whose records of
        category ('contacts' or 'leads') the segment's company reads, among
        the segment's clinics if it names any"""
        pool = Pool()
        Company = pool.get('company.company')
        Sharing = pool.get('clinic.sharing.policy')
        opened = Sharing.clinics_opened_to(self.company.id, category)
        chosen = {c.id for c in self.clinics}
        return [c.id for c in Company.browse(opened)
            if c.clinic_role == 'clinic' and c.crm
            and (not chosen or c.id in chosen)]

    def party_domain(self):
        "Return the domain of the parties the segment selects"
        pool = Pool()
        Date = pool.get('ir.date')
        today = Date.today()
        clinics = self.opened_clinics('contacts')
        domain = [self.contacts_domain(clinics)]
        if self.age_from is not None:
            domain.append(('birth_date', '<=',
                    today - relativedelta(years=self.age_from)))
        if self.age_to is not None:
            domain.append(('birth_date', '>',
                    today - relativedelta(years=self.age_to + 1)))
        if self.sex:
            domain.append(('sex', '=', self.sex))
        if self.referral:
            domain.append(('referral', '=', self.referral.id))
        if self.treatment:
            domain.append(('id', 'in', self.treated_query(clinics)))
        if self.last_visit_from or self.last_visit_to:
            domain.append(('id', 'in', self.visits_query(clinics)))
        return domain

    def contacts_domain(self, clinics):
        "Return the domain of the segment's patients, leads or both"
        HistoryNumber = Pool().get('clinic.patient.number')
        number = HistoryNumber.__table__()
        # (the patients of the clinics, whose history numbers the user may
        # not read: the user's rules on the parties apply)
        patients = ('id', 'in', number.select(number.party,
                where=fields.SQL_OPERATORS['in'](number.company, clinics)))
        leads = [
            ('lead_company', 'in', self.opened_clinics('leads')),
            ('qualified', '=', False),
            ]
        return {
            'patients': patients,
            'leads': leads,
            'both': ['OR', patients, leads],
            }[self.contacts]

    def treated_query(self, clinics):
        """Return the query of the patients who had the treatment done in
        the clinics, or were given a budget with it there"""
        pool = Pool()
        Appointment = pool.get('clinic.appointment')
        Sale = pool.get('sale.sale')
        Line = pool.get('sale.line')
        in_ = fields.SQL_OPERATORS['in']
        visit = Appointment.__table__()
        sale = Sale.__table__()
        line = Line.__table__()
        done = visit.select(visit.party,
            where=(visit.state == 'done')
            & (visit.service == self.treatment.id)
            & in_(visit.company, clinics))
        budgeted = sale.join(line, condition=line.sale == sale.id).select(
            sale.party,
            where=(line.product == self.treatment.id)
            & in_(sale.state, BUDGET_STATES)
            & in_(sale.company, clinics))
        return {
            'done': done,
            'budgeted': budgeted,
            'either': done | budgeted,
            }[self.treatment_state or 'either']

    def visits_query(self, clinics):
        """Return the query of the patients whose last visit to the clinics
        was within the segment's days"""
        Appointment = Pool().get('clinic.appointment')
        visit = Appointment.__table__()
        last = Max(visit.start)
        having = Literal(True)
        if self.last_visit_from:
            having &= last >= dt.datetime.combine(
                self.last_visit_from, dt.time())
        if self.last_visit_to:
            having &= last < dt.datetime.combine(
                self.last_visit_to + dt.timedelta(days=1), dt.time())
        return visit.select(visit.party,
            where=(visit.state == 'done')
            & fields.SQL_OPERATORS['in'](visit.company, clinics),
            group_by=[visit.party], having=having)

    @classmethod
    def get_counts(cls, segments, names):
        "The contacts the segment selects, and those without consent"
        Party = Pool().get('party.party')
        counts = {n: {} for n in names}
        for segment in segments:
            domain = segment.party_domain()
            if 'contact_count' in names:
                counts['contact_count'][segment.id] = Party.search(
                    domain, count=True)
            if 'excluded_count' in names:
                counts['excluded_count'][segment.id] = Party.search(
                    [domain, ('consent_communications', '!=', True)],
                    count=True)
        return counts

    @classmethod
    @ModelView.button_action('clinic_crm.act_segment_contacts')
    def open_contacts(cls, segments):
        "List the contacts the segment selects"


class SegmentClinic(ModelSQL):
    "A clinic whose contacts a segment selects"
    __name__ = 'clinic.crm.segment-company.company'
    __string__ = "Segment Clinic"

    segment = fields.Many2One(
        'clinic.crm.segment', "Segment", required=True, ondelete='CASCADE')
    clinic = fields.Many2One(
        'company.company', "Clinic", required=True, ondelete='CASCADE')

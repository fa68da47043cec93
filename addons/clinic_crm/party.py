# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""A lead is a party: the clinic that has them as a lead, how to reach them,
and their requests. How they know us, their referrer and their consents
are the patient's fields (clinic_base), kept when the lead becomes one."""
from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction, check_access

from .company import check_crm_on
from .exceptions import LeadContactError

# The contact mechanisms a lead is reached by
REACHING = {'phone', 'mobile', 'email'}


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

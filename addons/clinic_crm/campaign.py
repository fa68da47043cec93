# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Campaigns: Tryton's marketing automation scenarios, kept by a company
(the central or a clinic) and written to the contacts of a segment
(segment.py).

A campaign of a segment is a scenario on the parties whose domain is the
segment's: Tryton's cron then makes a recipient of each contact and sends
each the personalised e-mail of its activities, with its links shortened and
its open pixel, both served by trytond's routes (/s/ and /m/). A contact who
did not consent to communications is a recipient excluded, counted and
never written to (recipient.py); running a campaign that will exclude some
asks the user first. The campaign shows per recipient whether the e-mail
went, was opened and clicked, and the requests and appointments that
followed it.
"""
from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval, PYSONEncoder
from trytond.transaction import Transaction

from clinic_base.sharing import SharedByPolicy

from .exceptions import CampaignWarning
from .recipient import RESULTS

DRAFT = {
    'readonly': Eval('state') != 'draft',
    }


def segment_domain(segment):
    "Return the scenario's domain of the parties of the segment's id"
    return PYSONEncoder().encode([('campaign_segment', '=', segment)])


def result_field(string, help):
    "A campaign's result: a sum over its recipients (recipient.py)"
    return fields.Function(fields.Integer(string, help=help), 'get_results')


class Scenario(SharedByPolicy, metaclass=PoolMeta):
    __name__ = 'marketing.automation.scenario'

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT',
        states={
            'readonly': Eval('id', -1) >= 0,
            },
        help="Who runs the campaign: the central or a clinic.")
    segment = fields.Many2One(
        'clinic.crm.segment', "Segment", ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))], states=DRAFT,
        help="The patients and leads the campaign writes to.")
    recipients = fields.One2Many(
        'marketing.automation.record', 'scenario', "Recipients",
        readonly=True)
    sent = result_field("E-Mails Sent", "The recipients written to.")
    opened = result_field(
        "Opened", "The recipients who opened the e-mail.")
    clicked = result_field(
        "Clicked", "The recipients who clicked a link of the e-mail.")
    excluded = result_field(
        "Excluded Without Consent",
        "The contacts of the segment who did not consent to "
        "communications: written nothing.")
    requests = result_field(
        "Requests",
        "The requests the recipients made in the days after the e-mail.")
    appointments = result_field(
        "Appointments",
        "The appointments booked for the recipients in the days after "
        "the e-mail.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # (a campaign of a segment is on its parties: nothing to set)
        for name in ['model', 'domain']:
            field = getattr(cls, name)
            field.states = {
                **field.states,
                'invisible': field.states.get('invisible', False)
                | Eval('segment', False),
                }
            field.depends.add('segment')

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @fields.depends('segment')
    def on_change_segment(self):
        if self.segment:
            self.model = 'party.party'
            self.domain = segment_domain(self.segment.id)

    @classmethod
    def preprocess_values(cls, mode, values):
        "A campaign of a segment writes to the parties of the segment"
        values = super().preprocess_values(mode, values)
        if values.get('segment'):
            values['model'] = 'party.party'
            values['domain'] = segment_domain(values['segment'])
        return values

    @classmethod
    def run(cls, scenarios):
        "Ask before running a campaign that leaves out contacts"
        Warning = Pool().get('res.user.warning')
        for scenario in scenarios:
            segment = scenario.segment
            if not segment or not segment.excluded_count:
                continue
            key = Warning.format('campaign_excluded', [scenario])
            if Warning.check(key):
                raise CampaignWarning(key, gettext(
                        'clinic_crm.msg_campaign_excluded',
                        campaign=scenario.rec_name,
                        excluded=segment.excluded_count,
                        contacts=segment.contact_count))
        super().run(scenarios)

    @classmethod
    def get_results(cls, scenarios, names):
        "Sum the results of the campaigns' recipients"
        Record = Pool().get('marketing.automation.record')
        totals = {n: dict.fromkeys((s.id for s in scenarios), 0)
            for n in names}
        records = Record.search([('scenario', 'in', [s.id for s in scenarios])])
        for record, results in zip(records, Record.results(records)):
            for name in names:
                totals[name][record.scenario.id] += int(
                    record.excluded if name == 'excluded'
                    else results[RESULTS[name]])
        return totals


class Activity(metaclass=PoolMeta):
    __name__ = 'marketing.automation.activity'

    company = fields.Many2One(
        'company.company', "Company", readonly=True, ondelete='CASCADE',
        help="The company of the campaign.")

    @classmethod
    def preprocess_values(cls, mode, values):
        "An activity is of its campaign's company"
        values = super().preprocess_values(mode, values)
        if values.get('parent'):
            values['company'] = cls.parent_company(values['parent'])
        return values

    @classmethod
    def parent_company(cls, parent):
        "Return the id of the company of the parent's campaign"
        pool = Pool()
        if isinstance(parent, str):
            parent = parent.split(',')
        model, id_ = parent
        company = pool.get(model)(int(id_)).company
        return company.id if company else None

    def execute_send_email(self, record_activity, **kwargs):
        """Write only to a contact with an e-mail who consents (Tryton
        would send to "None" where there is no address)"""
        record = record_activity.record.record
        if record and self._email_recipient(record):
            super().execute_send_email(record_activity, **kwargs)

    def _email_recipient(self, record):
        "No e-mail to a contact who did not consent to communications"
        if not record.marketing_party.consent_communications:
            return None
        return super()._email_recipient(record)

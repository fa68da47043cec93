# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""A campaign's recipients: the records of Tryton's marketing automation, a
contact each.

A contact who did not consent to communications is excluded as it becomes a
recipient: blocked, so Tryton writes it nothing, and counted. A recipient
who unsubscribes through the e-mail's link (Tryton blocks it) withdraws
their consent to communications, for every campaign.

What each recipient did is read from Tryton's records: the e-mail sent
(ir.email), opened and clicked (the record's activities, marked by the
shortened links' routes), and the requests and appointments made for the
contact in the ATTRIBUTION days after the e-mail went.
"""
import datetime as dt
from collections import defaultdict

from trytond.model import ModelView, dualmethod, fields
from trytond.pool import Pool, PoolMeta
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

# The days after the e-mail in which a request or an appointment of the
# recipient counts as the campaign's
ATTRIBUTION = dt.timedelta(days=30)
# A campaign's results: the recipients' field each sums
RESULTS = {
    'sent': 'email_sent',
    'opened': 'email_opened',
    'clicked': 'email_clicked',
    'requests': 'requests',
    'appointments': 'appointments',
    }
# What a campaign may have produced: the model and the states that count
PRODUCED = {
    'requests': ('sale.opportunity', None),
    'appointments': ('clinic.appointment', {'cancelled'}),
    }


# How far a recipient went, the furthest step first
STATUSES = [
    ('excluded', "Excluded Without Consent"),
    ('not_sent', "Not Sent"),
    ('sent', "Sent"),
    ('opened', "Opened"),
    ('clicked', "Clicked"),
    ]


class Record(metaclass=PoolMeta):
    __name__ = 'marketing.automation.record'

    contact = fields.Function(
        fields.Many2One('party.party', "Contact"), 'get_contact')
    status = fields.Function(
        fields.Selection(STATUSES, "Status", sort=False), 'get_results')
    excluded = fields.Boolean(
        "Without Consent", readonly=True,
        help="The contact did not consent to communications: the campaign "
        "writes them nothing.")
    email_sent = fields.Function(
        fields.Boolean("E-Mail Sent"), 'get_results')
    email_opened = fields.Function(
        fields.Boolean("Opened"), 'get_results')
    email_clicked = fields.Function(
        fields.Boolean("Clicked"), 'get_results')
    requests = fields.Function(
        fields.Integer(
            "Requests",
            help="The requests the contact made in the 30 days after the "
            "e-mail."), 'get_results')
    appointments = fields.Function(
        fields.Integer(
            "Appointments",
            help="The appointments booked for the contact in the 30 days "
            "after the e-mail."), 'get_results')

    @classmethod
    def default_excluded(cls):
        return False

    @classmethod
    def create(cls, vlist):
        records = super().create(vlist)
        cls.exclude_without_consent(records)
        return records

    @classmethod
    def exclude_without_consent(cls, records):
        "Block the recipients who did not consent to communications"
        excluded = [r for r in records
            if r.record and not r.record.marketing_party.consent_communications]
        if excluded:
            cls.write(excluded, {'blocked': True, 'excluded': True})

    @dualmethod
    @ModelView.button
    def block(cls, records):
        "A recipient who asks for no more withdraws their consent"
        Party = Pool().get('party.party')
        super().block(records)
        parties = {r.record.marketing_party for r in records if r.record}
        Party.write(
            [p for p in parties if p.consent_communications],
            {'consent_communications': False})

    def get_contact(self, name):
        if self.record:
            return self.record.marketing_party.id

    @classmethod
    def get_results(cls, records, names):
        results = cls.results(records)
        return {n: {r.id: res[n] for r, res in zip(records, results)}
            for n in names}

    @classmethod
    def results(cls, records):
        "Return what each of the records did, in their order"
        sent = cls.sent_moments(records)
        tracked = cls.tracked(records)
        parties = {r.id: r.record.marketing_party.id
            for r in records if r.id in sent and r.record}
        produced = {name: cls.produced(name, parties, sent)
            for name in PRODUCED}
        results = [{
                'email_sent': r.id in sent,
                'email_opened': r.id in tracked['email_opened'],
                'email_clicked': r.id in tracked['email_clicked'],
                **{n: produced[n].get(r.id, 0) for n in PRODUCED},
                } for r in records]
        for record, result in zip(records, results):
            result['status'] = cls.status_of(record, result)
        return results

    @staticmethod
    def status_of(record, result):
        "The furthest step the recipient went to"
        if record.excluded:
            return 'excluded'
        for status, step in [('clicked', 'email_clicked'),
                ('opened', 'email_opened'), ('sent', 'email_sent')]:
            if result[step]:
                return status
        return 'not_sent'

    @classmethod
    def sent_moments(cls, records):
        "Return {record id: when its first e-mail went}"
        Email = Pool().get('ir.email')
        email = Email.__table__()
        sent = {}
        for record, moment in rows_of(email, [email.create_date],
                email.marketing_automation_record, [r.id for r in records]):
            sent[record] = min(moment, sent.get(record, moment))
        return sent

    @classmethod
    def tracked(cls, records):
        "Return the ids of the records opened and of those clicked"
        RecordActivity = Pool().get('marketing.automation.record.activity')
        activity = RecordActivity.__table__()
        tracked = {'email_opened': set(), 'email_clicked': set()}
        for record, opened, clicked in rows_of(activity,
                [activity.email_opened, activity.email_clicked],
                activity.record, [r.id for r in records],
                activity.email_opened | activity.email_clicked):
            if opened:
                tracked['email_opened'].add(record)
            if clicked:
                tracked['email_clicked'].add(record)
        return tracked

    @classmethod
    def produced(cls, name, parties, sent):
        """Return {record id: how many records of the kind name were made
        for its party in the days after its e-mail}"""
        model, uncounted = PRODUCED[name]
        table = Pool().get(model).__table__()
        if not parties:
            return {}
        where = table.create_date >= min(sent[r] for r in parties)
        if uncounted:
            where &= fields.SQL_OPERATORS['not in'](
                table.state, list(uncounted))
        made = defaultdict(list)
        for party, moment in rows_of(table, [table.create_date],
                table.party, list(set(parties.values())), where):
            made[party].append(moment)
        return {record: sum(sent[record] <= m < sent[record] + ATTRIBUTION
                for m in made[party])
            for record, party in parties.items()}


def rows_of(table, columns, key, ids, where=None):
    """Yield the rows (key, *columns) of table whose key is one of ids (and
    that match where)"""
    cursor = Transaction().connection.cursor()
    for sub_ids in grouped_slice(ids):
        condition = fields.SQL_OPERATORS['in'](key, sub_ids)
        if where is not None:
            condition &= where
        cursor.execute(*table.select(key, *columns, where=condition))
        yield from cursor.fetchall()

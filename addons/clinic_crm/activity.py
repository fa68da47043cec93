# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Activities with a lead or a patient: a call, a letter, an e-mail, a visit,
a WhatsApp, scheduled for a moment with a responsible user, then done (with
its result) or cancelled.

A private activity is read only by its responsible user and by the CRM
managers: a record rule says so (crm.xml), on every path a user takes
(search, read, export, relations, RPC by id), with the user's id in the
rules' context (ir.py). A scheduled activity whose day has come rings its
responsible user's bell (bell.py)."""
import datetime as dt
from zoneinfo import ZoneInfo

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.transaction import Transaction

from clinic_base.sharing import SharedByPolicy

from .bell import silence_bell, sync_bell
from .company import check_crm_on
from .exceptions import ActivityError

TYPES = [
    ('call', "Call"),
    ('letter', "Letter"),
    ('email', "E-Mail"),
    ('visit', "Visit"),
    ('whatsapp', "WhatsApp"),
    ('sms', "SMS"),
    ]
STATES = [
    ('scheduled', "Scheduled"),
    ('done', "Done"),
    ('cancelled', "Cancelled"),
    ]
# How long ago an activity may be scheduled for: the moment it is typed
SCHEDULING_MARGIN = dt.timedelta(minutes=5)
CLOSED = {
    'readonly': Eval('state') != 'scheduled',
    }


class Activity(SharedByPolicy, Workflow, ModelSQL, ModelView):
    "A call, a letter, a visit... with a lead or a patient"
    __name__ = 'clinic.crm.activity'
    __string__ = "CRM Activity"
    _sharing_category = 'leads'
    _transition_state = 'state'

    company = fields.Many2One(
        'company.company', "Clinic", required=True, ondelete='RESTRICT',
        domain=[('clinic_role', '=', 'clinic')], states=CLOSED)
    party = fields.Many2One(
        'party.party', "Lead or Patient", required=True,
        ondelete='CASCADE', states=CLOSED,
        context={'company': Eval('company', -1)}, depends={'company'})
    type = fields.Selection(TYPES, "Type", required=True, states=CLOSED)
    subject = fields.Char("Subject", states=CLOSED)
    moment = fields.DateTime(
        "Date and Time", format='%H:%M', required=True, states=CLOSED)
    responsible = fields.Many2One(
        'res.user', "Responsible", required=True, ondelete='RESTRICT',
        states=CLOSED)
    private = fields.Boolean(
        "Private", states=CLOSED,
        help="Only the responsible user and the CRM managers see it.")
    result = fields.Text("Result")
    state = fields.Selection(STATES, "State", required=True, readonly=True)
    type_string = type.translated('type')
    overdue = fields.Function(
        fields.Boolean(
            "Overdue", help="Scheduled for a moment already past."),
        'get_overdue')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('moment', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('scheduled', 'done'),
            ('scheduled', 'cancelled'),
            ('cancelled', 'scheduled'),
            }
        cls._buttons.update({
                'do': {
                    'invisible': Eval('state') != 'scheduled',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': Eval('state') != 'scheduled',
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                'schedule': {
                    'invisible': Eval('state') != 'cancelled',
                    'icon': 'tryton-undo',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_responsible(cls):
        return Transaction().user or None

    @classmethod
    def default_type(cls):
        return 'call'

    @classmethod
    def default_state(cls):
        return 'scheduled'

    @classmethod
    def default_private(cls):
        return False

    @classmethod
    def view_attributes(cls):
        # a done activity in green, a cancelled one muted, one scheduled
        # for a past moment in red
        return super().view_attributes() + [
            ('/tree', 'visual', If(Eval('state') == 'done', 'success',
                    If(Eval('state') == 'cancelled', 'muted',
                        If(Eval('overdue', False), 'danger', '')))),
            ]

    def get_overdue(self, name):
        return bool(self.state == 'scheduled' and self.moment
            and self.moment < dt.datetime.now())

    def get_rec_name(self, name):
        return '%s - %s' % (self.party.rec_name,
            self.subject or self.type_string)

    @classmethod
    def on_modification(cls, mode, activities, field_names=None):
        super().on_modification(mode, activities, field_names=field_names)
        if mode == 'delete':
            silence_bell(activities)
        elif mode == 'create' or field_names & {
                'state', 'moment', 'responsible', 'company'}:
            sync_bell(activities)

    @classmethod
    def ring_due(cls):
        "Ring the bell of the activities whose day has come (a cron)"
        tomorrow = dt.datetime.now() + dt.timedelta(days=1)
        sync_bell(cls.search([
                    ('state', '=', 'scheduled'),
                    ('moment', '<', tomorrow),
                    ]))

    @classmethod
    def validate_fields(cls, activities, field_names):
        super().validate_fields(activities, field_names)
        if field_names is None or field_names & {'company', 'party'}:
            check_crm_on(a.company for a in activities)
        if field_names is None or field_names & {'moment', 'state'}:
            cls.check_not_past(activities)

    @classmethod
    def check_not_past(cls, activities):
        "An activity is not scheduled for a moment already past"
        Lang = Pool().get('ir.lang')
        now = dt.datetime.now()
        for activity in activities:
            if (activity.state == 'scheduled'
                    and activity.moment < now - SCHEDULING_MARGIN):
                lang = Lang.get()
                raise ActivityError(gettext(
                        'clinic_crm.msg_activity_scheduled_past',
                        activity=activity.rec_name,
                        moment=lang.strftime(
                            activity.wall_clock(activity.moment),
                            lang.date + ' %H:%M')))

    def wall_clock(self, moment):
        "Return the naive UTC moment as the clinic's clock reads it"
        zone = ZoneInfo(self.company.timezone or 'UTC')
        return (moment.replace(tzinfo=dt.timezone.utc).astimezone(zone)
            .replace(tzinfo=None))

    @classmethod
    @ModelView.button
    @Workflow.transition('done')
    def do(cls, activities):
        "The activity took place: its result says how it went"

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, activities):
        "The activity will not take place"

    @classmethod
    @ModelView.button
    @Workflow.transition('scheduled')
    def schedule(cls, activities):
        "The cancelled activity takes place after all"

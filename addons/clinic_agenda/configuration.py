# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The agenda's settings, per clinic.

Each value is kept per company (Tryton's ``CompanyValueMixin``): a clinic's
manager sets it for the clinic they are in, and the cron reads each clinic's
own value.
"""
import datetime as dt

from trytond.model import ModelSingleton, ModelSQL, ModelView, fields
from trytond.modules.company.model import (
    CompanyMultiValueMixin, CompanyValueMixin)
from trytond.pool import Pool
from trytond.pyson import TimeDelta

DEFAULT_REMINDER_LEAD = dt.timedelta(hours=24)

reminder_lead = fields.TimeDelta(
    "Remind Patients Before",
    domain=['OR',
        ('reminder_lead', '=', None),
        ('reminder_lead', '>', TimeDelta()),
        ],
    help="How long before an appointment its patient receives a reminder "
    "by e-mail. Leave empty to send no reminders from this clinic.")


class Configuration(
        ModelSingleton, ModelSQL, ModelView, CompanyMultiValueMixin):
    "The settings of the agenda"
    __name__ = 'clinic.agenda.configuration'

    reminder_lead = fields.MultiValue(reminder_lead)

    @classmethod
    def multivalue_model(cls, field):
        pool = Pool()
        if field == 'reminder_lead':
            return pool.get('clinic.agenda.configuration.reminder')
        return super().multivalue_model(field)

    @classmethod
    def default_reminder_lead(cls, **pattern):
        return cls.multivalue_model(
            'reminder_lead').default_reminder_lead()


class ConfigurationReminder(ModelSQL, CompanyValueMixin):
    "The reminder settings of a clinic"
    __name__ = 'clinic.agenda.configuration.reminder'

    reminder_lead = reminder_lead

    @classmethod
    def default_reminder_lead(cls):
        return DEFAULT_REMINDER_LEAD

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""What a clinical record (a history entry, a dental finding, a periodontal
chart) is by default: of the clinic the user works in, of today, by the
practitioner the user is; and what its date may be: not before the patient
was born (nor before ``MIN_DATE`` where the birth date is not known), nor
more than ``MAX_AHEAD`` after today."""
import datetime as dt

from trytond.i18n import gettext
from trytond.pool import Pool
from trytond.transaction import Transaction, without_check_access

from .exceptions import ClinicalDateError
from .value_rules import MIN_DATE

MAX_AHEAD = dt.timedelta(days=5 * 366)


class ClinicalRecord:
    "Mixin for records with a company, a date and a practitioner"
    __slots__ = ()
    # The field of the record's patient
    _patient_field = 'patient'

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()

    @classmethod
    def default_practitioner(cls):
        return Transaction().context.get('employee')

    @classmethod
    def validate_fields(cls, records, field_names):
        super().validate_fields(records, field_names)
        if field_names is None or field_names & {'date', cls._patient_field}:
            for record in records:
                record.check_clinical_date()

    def check_clinical_date(self):
        "Refuse a date before the patient was born or far ahead"
        pool = Pool()
        Date = pool.get('ir.date')
        Lang = pool.get('ir.lang')
        if not self.date:
            return
        with without_check_access():
            patient = getattr(self, self._patient_field)
            birth_date = patient.birth_date if patient else None
        earliest = max(MIN_DATE, birth_date or MIN_DATE)
        latest = Date.today() + MAX_AHEAD
        if not earliest <= self.date <= latest:
            lang = Lang.get()
            raise ClinicalDateError(gettext('clinic_base.msg_clinical_date',
                    model=self.__names__()['model'],
                    date=lang.strftime(self.date),
                    earliest=lang.strftime(earliest),
                    latest=lang.strftime(latest)))

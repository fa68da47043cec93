# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""What a clinical record (a history entry, a dental finding, a periodontal
chart) is by default: of the clinic the user works in, of today, by the
practitioner the user is."""
from trytond.pool import Pool
from trytond.transaction import Transaction


class ClinicalRecord:
    "Mixin for records with a company, a date and a practitioner"
    __slots__ = ()

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()

    @classmethod
    def default_practitioner(cls):
        return Transaction().context.get('employee')

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.exceptions import UserError
from trytond.model.exceptions import ValidationError


class ToothError(ValidationError):
    "A tooth or a surface that FDI notation does not have"
    pass


class DentitionError(ValidationError):
    "A deciduous and a permanent tooth in one place at the same time"
    pass


class FindingError(ValidationError):
    pass


class TreatmentError(UserError):
    "A treatment that cannot be marked done"
    pass


class PlanError(UserError):
    "A treatment plan that cannot be charted"
    pass


class PerioError(ValidationError):
    "A periodontal measure or chart that cannot be"
    pass


class PerioChartClosedError(UserError):
    "A change to a periodontal chart that is closed"
    pass

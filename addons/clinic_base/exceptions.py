# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.exceptions import UserError
from trytond.model.exceptions import ValidationError


class FranchiseValidationError(ValidationError):
    pass


class SharingPolicyError(ValidationError):
    pass


class ClinicRemovalError(ValidationError):
    pass


class SharedConfigurationError(ValidationError):
    pass


class PackageError(ValidationError):
    pass


class ServiceError(ValidationError):
    pass


class PatientError(ValidationError):
    pass


class ClinicalHistoryError(ValidationError):
    pass


class RegistrationError(UserError):
    "A patient's registration lacks what it needs"


class ArgumentError(UserError):
    "A call's argument is not what it may be"


class UnknownReferenceError(ArgumentError, KeyError):
    """An XML id that names no record: a user error for a client, a KeyError
    for Tryton's code that looks one up"""


class ClinicalDateError(ValidationError):
    pass


class BilledAmountError(ValidationError):
    pass

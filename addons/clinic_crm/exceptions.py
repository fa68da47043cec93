# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.exceptions import UserWarning
from trytond.model.exceptions import ValidationError


class CRMOffError(ValidationError):
    "A lead or a request in a clinic that has no CRM"
    pass


class LeadContactError(ValidationError):
    "A lead no one can reach"
    pass


class ActivityError(ValidationError):
    "An activity scheduled for a moment already past"
    pass


class QualifyError(ValidationError):
    "A party that cannot be qualified into a patient"
    pass


class SegmentError(ValidationError):
    "A segment of a clinic that does not open its contacts"
    pass


class CampaignWarning(UserWarning):
    "A campaign that leaves out contacts without consent"
    pass

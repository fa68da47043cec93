# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.exceptions import UserError


class ExemptionKeyError(UserError):
    "An exempt tax on a customer invoice without its AEAT exemption key"
    pass


class VATBookPeriodError(UserError):
    "A VAT book asked for a month or quarter that does not exist"
    pass


class VATBookCompanyError(UserError):
    "A VAT book asked for a company the user does not work for"
    pass

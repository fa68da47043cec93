# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.exceptions import UserError, UserWarning


class BudgetError(UserError):
    "A budget asked to do what its state does not allow"
    pass


class BudgetLineError(UserError):
    "A budget line changed where its budget no longer allows it"
    pass


class DebtorContactError(UserError):
    "A reminder to a debtor that does not hold together"
    pass


class DepositError(UserError):
    "A deposit that cannot be taken or kept"
    pass


class DepositNotRecalledWarning(UserWarning):
    "An invoice posted while its patient's deposit waits to be recalled"
    pass


class OverpaymentWarning(UserWarning):
    "More is paid than the invoice has due"
    pass


class CommissionError(UserError):
    "A practitioner's commission or its settlement that does not hold"
    pass


class CashBoxError(UserError):
    "A cash box that cannot be opened or closed as asked"
    pass

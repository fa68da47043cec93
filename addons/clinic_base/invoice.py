# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.pool import PoolMeta

from .button_rules import WizardWithinWriteRules
from .sharing import SharedByPolicy


class Invoice(SharedByPolicy, metaclass=PoolMeta):
    __name__ = 'account.invoice'
    _sharing_category = 'invoices'


class InvoiceLine(SharedByPolicy, metaclass=PoolMeta):
    __name__ = 'account.invoice.line'
    _sharing_category = 'invoices'


class InvoicePay(WizardWithinWriteRules, metaclass=PoolMeta):
    __name__ = 'account.invoice.pay'


class InvoiceCredit(WizardWithinWriteRules, metaclass=PoolMeta):
    __name__ = 'account.invoice.credit'


class InvoiceRefreshReport(WizardWithinWriteRules, metaclass=PoolMeta):
    __name__ = 'account.invoice.refresh_invoice_report'


class InvoiceReschedule(WizardWithinWriteRules, metaclass=PoolMeta):
    __name__ = 'account.invoice.lines_to_pay.reschedule'


class InvoiceDelegate(WizardWithinWriteRules, metaclass=PoolMeta):
    __name__ = 'account.invoice.lines_to_pay.delegate'

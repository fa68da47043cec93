# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.pool import PoolMeta

from .billed_amounts import BilledWithinLimits
from .sharing import SharedByPolicy


class Invoice(SharedByPolicy, metaclass=PoolMeta):
    __name__ = 'account.invoice'
    _sharing_category = 'invoices'


class InvoiceLine(BilledWithinLimits, SharedByPolicy, metaclass=PoolMeta):
    __name__ = 'account.invoice.line'
    _sharing_category = 'invoices'
    _billed_quantities = ('quantity',)
    _billed_amounts = ('unit_price',)


class InvoiceEdocument(metaclass=PoolMeta):
    __name__ = 'account.invoice.edocument'
    changes_active_records = False  # (it renders the invoice)

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.pool import PoolMeta

from .sharing import SharedByPolicy


class Invoice(SharedByPolicy, metaclass=PoolMeta):
    __name__ = 'account.invoice'
    _sharing_category = 'invoices'


class InvoiceLine(SharedByPolicy, metaclass=PoolMeta):
    __name__ = 'account.invoice.line'
    _sharing_category = 'invoices'


class InvoiceEdocument(metaclass=PoolMeta):
    __name__ = 'account.invoice.edocument'
    changes_active_records = False  # (it renders the invoice)

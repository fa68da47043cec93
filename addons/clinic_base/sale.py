# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.pool import PoolMeta

from .billed_amounts import BilledWithinLimits
from .sharing import SharedByPolicy


class Sale(SharedByPolicy, metaclass=PoolMeta):
    "Budgets: shared to be read, used only by the clinic that made them"
    __name__ = 'sale.sale'
    _sharing_category = 'budgets'


class SaleLine(BilledWithinLimits, SharedByPolicy, metaclass=PoolMeta):
    __name__ = 'sale.line'
    _sharing_category = 'budgets'
    _billed_quantities = ('quantity',)
    _billed_amounts = ('unit_price',)


class OpenProduct(metaclass=PoolMeta):
    __name__ = 'sale.open_product'
    changes_active_records = False  # (it opens a list)

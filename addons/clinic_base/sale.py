# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.pool import PoolMeta

from .sharing import SharedByPolicy


class Sale(SharedByPolicy, metaclass=PoolMeta):
    "Budgets: shared to be read, used only by the clinic that made them"
    __name__ = 'sale.sale'
    _sharing_category = 'budgets'


class SaleLine(SharedByPolicy, metaclass=PoolMeta):
    __name__ = 'sale.line'
    _sharing_category = 'budgets'


class OpenProduct(metaclass=PoolMeta):
    __name__ = 'sale.open_product'
    changes_active_records = False  # (it opens a list)

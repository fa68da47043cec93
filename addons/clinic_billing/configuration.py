# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Each clinic sets how its budgets are invoiced and how long they are
valid: Tryton keeps these sale settings once for the whole database."""
from trytond.modules.company.model import CompanyValueMixin
from trytond.pool import PoolMeta


class ConfigurationSaleMethod(CompanyValueMixin, metaclass=PoolMeta):
    "The invoice method of each clinic's budgets"
    __name__ = 'sale.configuration.sale_method'


class ConfigurationQuotation(CompanyValueMixin, metaclass=PoolMeta):
    "The validity of each clinic's budgets"
    __name__ = 'sale.configuration.quotation'

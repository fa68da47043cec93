# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.pool import PoolMeta


class SharingPolicy(metaclass=PoolMeta):
    __name__ = 'clinic.sharing.policy'

    @classmethod
    def document_models(cls):
        "A shared request of a lead shows the lead's name"
        return {**super().document_models(), 'leads': 'sale.opportunity'}

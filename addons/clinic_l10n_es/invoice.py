# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"A customer invoice states why each of its exempt taxes is exempt"
from trytond.i18n import gettext
from trytond.pool import PoolMeta

from .exceptions import ExemptionKeyError


class Invoice(metaclass=PoolMeta):
    __name__ = 'account.invoice'

    @classmethod
    def _check_taxes(cls, invoices):
        "Also refuse the exempt taxes without their AEAT exemption key"
        super()._check_taxes(invoices)
        for invoice in invoices:
            invoice.check_aeat_exemption_keys()

    def check_aeat_exemption_keys(self):
        "Raise ExemptionKeyError on a customer line whose exempt tax has no key"
        if self.type != 'out':
            return
        for line in self.line_lines:
            for tax in line.taxes:
                if (tax.aeat_operation == 'exempt'
                        and not tax.aeat_exemption_key):
                    raise ExemptionKeyError(gettext(
                            'clinic_l10n_es.msg_invoice_exemption_key',
                            invoice=self.rec_name,
                            line=line.rec_name,
                            tax=tax.rec_name))

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"The AEAT keys of a tax: what kind of operation it books and why"
from trytond.model import fields
from trytond.pool import PoolMeta
from trytond.pyson import Bool, Eval

OPERATIONS = [
    (None, ""),
    ('taxed', "Subject and not exempt"),
    ('exempt', "Exempt"),
    ('not_subject', "Not subject"),
    ('retention', "IRPF retention"),
    ]
# The keys of the AEAT's VAT books (SII / libros registro)
EXEMPTION_KEYS = [
    (None, ""),
    ('E1', "E1 - Exempt under article 20 LIVA"),
    ('E2', "E2 - Exempt under article 21 LIVA"),
    ('E3', "E3 - Exempt under article 22 LIVA"),
    ('E4', "E4 - Exempt under articles 23 and 24 LIVA"),
    ('E5', "E5 - Exempt under article 25 LIVA"),
    ('E6', "E6 - Exempt for other reasons"),
    ]
NOT_SUBJECT_KEYS = [
    (None, ""),
    ('N1', "N1 - Not subject under articles 7, 14 and others"),
    ('N2', "N2 - Not subject under the place of supply rules"),
    ]
AEAT_FIELDS = [
    'aeat_operation', 'aeat_exemption_key', 'aeat_not_subject_key']


class AEATMixin:
    "The AEAT fields a tax and its template share"
    __slots__ = ()
    aeat_operation = fields.Selection(
        OPERATIONS, "AEAT Operation",
        help="How the AEAT books and the VAT return see the operations "
        "taxed with it.")
    aeat_exemption_key = fields.Selection(
        EXEMPTION_KEYS, "AEAT Exemption Key",
        states={
            'invisible': Eval('aeat_operation') != 'exempt',
            },
        help="The reason of the exemption, as the AEAT's VAT books name "
        "it.")
    aeat_not_subject_key = fields.Selection(
        NOT_SUBJECT_KEYS, "AEAT Not Subject Key",
        states={
            'invisible': Eval('aeat_operation') != 'not_subject',
            },
        help="Why the operation is not subject to VAT, as the AEAT's VAT "
        "books name it.")


class TaxTemplate(AEATMixin, metaclass=PoolMeta):
    __name__ = 'account.tax.template'

    def _get_tax_value(self, tax=None):
        "Copy the AEAT fields to the tax, on creation and on update"
        value = super()._get_tax_value(tax=tax)
        for name in AEAT_FIELDS:
            if not tax or getattr(tax, name) != getattr(self, name):
                value[name] = getattr(self, name)
        return value


class Tax(AEATMixin, metaclass=PoolMeta):
    __name__ = 'account.tax'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        readonly = (
            Bool(Eval('template', -1)) & ~Eval('template_override', False))
        for name in AEAT_FIELDS:
            field = getattr(cls, name)
            field.states = field.states.copy()
            field.states['readonly'] = readonly

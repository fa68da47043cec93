# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from sql.conditionals import Coalesce

from trytond.model import Index, fields
from trytond.pool import PoolMeta
from trytond.transaction import Transaction

from .sharing import SharedByPolicy


class Party(SharedByPolicy, metaclass=PoolMeta):
    __name__ = 'party.party'
    _sharing_category = 'contacts'

    company = fields.Many2One(
        'company.company', "Registered By", ondelete='RESTRICT',
        help="The clinic that registered the contact: "
        "the other clinics and the central see it as its sharing policy "
        "says.")
    supplier = fields.Boolean(
        "Supplier",
        help="A supplier or laboratory: "
        "those of the franchise's configuring company are seen by every "
        "clinic.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # A contact is named: a blank name is no name
        cls.name.required = True
        cls.name.strip = True

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')


class ContactMechanism(SharedByPolicy, metaclass=PoolMeta):
    "Phones and e-mails follow the contacts policy strictly"
    __name__ = 'party.contact_mechanism'
    _sharing_category = 'contacts'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        # The party's search by phone looks in COALESCE(value_compact, '')
        cls._sql_indexes.add(
            Index(t, (Coalesce(t.value_compact, ''), Index.Similarity())))

    def format_value_compact(self, value=None, type_=None):
        # An e-mail address is found whatever its capitals: "Ana@Ruiz.es"
        # registered is "ana@ruiz.es" typed or writing to the clinic
        value = super().format_value_compact(value=value, type_=type_)
        if type_ == 'email' and value:
            value = value.strip().lower()
        return value


class Identifier(SharedByPolicy, metaclass=PoolMeta):
    """A DNI or NIE is seen with its party (Tryton's ``__access__``), and
    searched and exported through the rules"""
    __name__ = 'party.identifier'
    _sharing_category = 'contacts'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        # The party's search by id number looks in code_compact
        cls._sql_indexes.add(Index(t, (t.code_compact, Index.Similarity())))


class Address(SharedByPolicy, metaclass=PoolMeta):
    __name__ = 'party.address'
    _sharing_category = 'contacts'

    @classmethod
    def view_attributes(cls):
        # Spanish addresses have no post box, private bag nor post office
        return super().view_attributes() + [
            ('//label[@name="%s"]|//field[@name="%s"]' % (name, name),
                'states', {'invisible': True})
            for name in ['post_box', 'private_bag', 'post_office']]


class PartyInvoice(metaclass=PoolMeta):
    "The invoices of a party: a shared invoice shows whom it is for"
    __name__ = 'party.party'

    clinic_invoices = fields.One2Many(
        'account.invoice', 'party', "Invoices", readonly=True)


class PartySale(metaclass=PoolMeta):
    "The budgets of a party: a shared budget shows whom it is for"
    __name__ = 'party.party'

    clinic_sales = fields.One2Many(
        'sale.sale', 'party', "Budgets", readonly=True)


class PartyCheckVIES(metaclass=PoolMeta):
    __name__ = 'party.check_vies'
    changes_active_records = False  # (it asks the VIES, writes nothing)

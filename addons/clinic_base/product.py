# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Services and products: Tryton's products, defined by one company.

The company that defines a product sets its price for every company that uses
it, so that a price changed at the central applies at once in every clinic.
Its taxes come from its accounting category; a clinic uses its own chart's
taxes made from the same templates as the defining company's.
"""
from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access

from .exceptions import ServiceError
from .sharing import DefinedHere, SharedConfiguration


class Template(SharedConfiguration, metaclass=PoolMeta):
    __name__ = 'product.template'

    specialty = fields.Many2One(
        'clinic.specialty', "Specialty", ondelete='RESTRICT',
        states={
            'invisible': Eval('type') != 'service',
            })
    duration = fields.TimeDelta(
        "Duration",
        states={
            'invisible': Eval('type') != 'service',
            },
        help="How long the service takes: "
        "the default length of its appointments.")

    def get_multivalue(self, name, **pattern):
        if name == 'list_price' and self.company:
            pattern.setdefault('company', self.company.id)
        return super().get_multivalue(name, **pattern)

    def set_multivalue(self, name, value, save=True, **pattern):
        if name == 'list_price' and self.company:
            pattern.setdefault('company', self.company.id)
        return super().set_multivalue(name, value, save=save, **pattern)

    @classmethod
    def validate_fields(cls, templates, field_names):
        super().validate_fields(templates, field_names)
        cls.check_service_price_and_tax(templates)

    @classmethod
    def check_service_price_and_tax(cls, templates):
        "A clinic's service has a price and a tax"
        for template in templates:
            if template.type != 'service' or not template.company:
                continue
            with Transaction().set_context(company=template.company.id):
                template = cls(template.id)
                if template.list_price is None:
                    raise ServiceError(gettext(
                            'clinic_base.msg_service_price_required',
                            service=template.rec_name))
                if not template.account_category or not (
                        template.account_category.customer_taxes_used):
                    raise ServiceError(gettext(
                            'clinic_base.msg_service_tax_required',
                            service=template.rec_name,
                            company=template.company.rec_name))


class Product(DefinedHere, metaclass=PoolMeta):
    "A variant follows the template: its price is its defining company's"
    __name__ = 'product.product'
    _sharing_category = 'configuration'

    def get_defining_company(self):
        return self.template.company

    @classmethod
    def defining_company_of(cls, values):
        return template_company(values.get('template'))

    def get_multivalue(self, name, **pattern):
        if name == 'list_price' and self.template.company:
            pattern.setdefault('company', self.template.company.id)
        return super().get_multivalue(name, **pattern)

    def set_multivalue(self, name, value, save=True, **pattern):
        if name == 'list_price' and self.template.company:
            pattern.setdefault('company', self.template.company.id)
        return super().set_multivalue(name, value, save=save, **pattern)


class ListPrice(DefinedHere, metaclass=PoolMeta):
    "A list price is read where its product is, and set where it is defined"
    __name__ = 'product.list_price'
    _sharing_category = 'configuration'

    def get_defining_company(self):
        return self.template.company if self.template else self.company

    @classmethod
    def defining_company_of(cls, values):
        if values.get('template') is not None:
            return template_company(values['template'])
        return values.get('company')


def template_company(template_id):
    "Return the id of the company that defined the template, if any"
    pool = Pool()
    Template = pool.get('product.template')
    if template_id is None or template_id < 0:
        return None
    with without_check_access():
        company = Template(template_id).company
    return company.id if company else None


class Category(metaclass=PoolMeta):
    __name__ = 'product.category'

    def get_taxes(self, name):
        taxes = super().get_taxes(name)
        if taxes or self.taxes_parent or not self.accounting:
            return taxes
        return self.same_template_taxes(self.defined_taxes(name[:-5]))

    def defined_taxes(self, name):
        "The taxes set on the category, whichever company's chart they are of"
        if self.id is None or self.id < 0:
            return getattr(self, name)
        with without_check_access():
            return getattr(self.__class__(self.id), name)

    @classmethod
    def same_template_taxes(cls, taxes):
        """Return the current company's taxes made from the templates of
        taxes (another company's, defined by the configuring company)"""
        pool = Pool()
        Tax = pool.get('account.tax')
        company = Transaction().context.get('company')
        with without_check_access():
            templates = [
                t.template.id for t in Tax.browse([t.id for t in taxes])
                if t.template]
            if not company or not templates:
                return []
            return [t.id for t in Tax.search([
                        ('company', '=', company),
                        ('template', 'in', templates),
                        ('parent', '=', None),
                        ])]

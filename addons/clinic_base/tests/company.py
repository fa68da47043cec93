# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Tryton's company checks for every clinic module, with what they leave out
named and explained here, not skipped or narrowed per module.

``CompanyTestMixin.test_company_multivalue_context`` takes a model's first
Many2One to a company as the company of the record, and asks that every
field pointing to a model with per-company values reads it in that company.
``_not_the_records_company`` names the company fields that are not the
company of the record's values, and ``_defines_for_others`` the models
whose company defines them for the franchise's clinics;
``_skip_company_rule`` (Tryton's) the company fields that need no "company
in the user's companies" rule.
"""
from trytond.modules.company.model import CompanyMultiValueMixin
from trytond.modules.company.tests import CompanyTestMixin
from trytond.pool import Pool, isregisteredby

from ..sharing import DefinedHere
from .tools import with_transaction


class ClinicCompanyTestMixin(CompanyTestMixin):
    "Tryton's company checks, with their exclusions explained"

    @property
    def _not_the_records_company(self):
        """The (model, field) Many2One to a company that names something
        else than the company of the record's values"""
        return {
            # The clinic that registered the contact: a party's values per
            # company (accounts, payment terms) follow the user's current
            # company, as in Tryton's party module, for every clinic that
            # treats the patient
            ('party.party', 'company'),
            }

    def _defines_for_others(self, Model):
        """Whether Model's company is the one that defines the record for
        its clinics (a service, a product, a specialty the central
        configures), not the company of the values it points to: those
        (a product's price, its category's accounts) are the values of the
        company that uses it"""
        return issubclass(Model, DefinedHere)

    @property
    def _skip_company_rule(self):
        return super()._skip_company_rule | {
            # A franchise and its clinics' policies are seen across the
            # franchise (rules "User in franchise" and "Clinic in user's
            # franchise") and by the database administrators, not only by
            # the company a field points at
            ('clinic.franchise', 'central'),
            ('clinic.franchise', 'configuration_company'),
            ('clinic.sharing.policy', 'company'),
            # A line of the access log belongs to the clinic whose data was
            # read (its rule), not to the reader's company
            ('clinic.access.log', 'user_company'),
            # A calendar event is read as its source is: each source's rows
            # are the user's search of it, under its own rules
            ('clinic.calendar.event', 'company'),
            }

    @with_transaction()
    def test_company_multivalue_context(self):
        """Every field of the module's models that points to a model with
        values per company reads it in the record's company"""
        pool = Pool()
        Company = pool.get('company.company')
        for mname, Model in pool.iterobject():
            if (not isregisteredby(Model, self.module)
                    or issubclass(Model, Company)):
                continue
            company = next((n for n, f in Model._fields.items()
                    if f._type == 'many2one'
                    and issubclass(f.get_target(), Company)), None)
            if (company is None
                    or (mname, company) in self._not_the_records_company
                    or self._defines_for_others(Model)):
                continue
            for fname, field in Model._fields.items():
                if not hasattr(field, 'get_target'):
                    continue
                if issubclass(field.get_target(), CompanyMultiValueMixin):
                    self.assertIn('company', field.context,
                        msg='Missing %r value as company in "%s"."%s" '
                        'context' % (company, mname, fname))

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"The configuration a franchise shares: specialties, lists, packages, services"
import unittest
from decimal import Decimal

from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, drop_db
from trytond.transaction import Transaction

from ..exceptions import PackageError, ServiceError, SharedConfigurationError
from .tools import (
    MODULES, acting_as, create_chart, create_franchise, create_tax_category,
    create_tax_templates, create_user, share, with_transaction)

MANAGER = ['group_clinic_manager']


def names(Model):
    return sorted(r.name for r in Model.search([]))


class FranchiseMixin:
    "A franchise with users at the central and at two clinics"

    @classmethod
    def setUpClass(cls):
        drop_db()
        activate_module(MODULES)
        cls.addClassCleanup(drop_db)

    def franchise(self, mode='configuring'):
        "Users of the central and two clinics; the central's specialty"
        pool = Pool()
        Specialty = pool.get('clinic.specialty')
        franchise, central, (madrid, barcelona) = create_franchise()
        franchise.mode = mode
        franchise.save()
        self.central, self.madrid, self.barcelona = central, madrid, barcelona
        self.admin = create_user(
            'central', [central, madrid, barcelona], central,
            ['group_franchise_admin'])
        self.mad = create_user('mad', [madrid], madrid, MANAGER)
        self.bcn = create_user('bcn', [barcelona], barcelona, MANAGER)
        with Transaction().set_context(company=central.id):
            Specialty.create([{'name': "Dentistry"}])
        with Transaction().set_context(company=madrid.id):
            Specialty.create([{'name': "Madrid Nutrition"}])
        return franchise

    def seen(self, user, Model):
        with acting_as(user):
            return names(Model)

    def services(self):
        "Charts with taxes; the central's cleaning and Madrid's review"
        Uom = Pool().get('product.uom')
        self.franchise()
        taxes = create_tax_templates()
        for company in (self.central, self.madrid, self.barcelona):
            create_chart(company)
        self.exempt = create_tax_category(
            "Healthcare", taxes['exempt'], [self.central, self.madrid])
        self.unit, = Uom.search([('name', '=', "Unit")])
        self.cleaning = self.service("Cleaning", self.central, 60)
        self.review = self.service("Madrid review", self.madrid, 30)
        return taxes

    def service(self, name, company, price):
        Template = Pool().get('product.template')
        with Transaction().set_context(company=company.id):
            template, = Template.create([{
                        'name': name, 'type': 'service',
                        'default_uom': self.unit.id,
                        'list_price': Decimal(price),
                        'account_category': self.exempt.id,
                        'products': [('create', [{}])],
                        }])
        return template


class ConfigurationTestCase(FranchiseMixin, unittest.TestCase):
    "Configuration is shared down from the configuring company"

    @with_transaction()
    def test_configuring_central_shares_down(self):
        "Every clinic reads the central's; a clinic's own stays home"
        Specialty = Pool().get('clinic.specialty')
        self.franchise()
        self.assertEqual(
            self.seen(self.mad, Specialty), ["Dentistry", "Madrid Nutrition"])
        self.assertEqual(self.seen(self.bcn, Specialty), ["Dentistry"])
        self.assertEqual(self.seen(self.admin, Specialty), ["Dentistry"])

    @with_transaction()
    def test_clinic_own_configuration_follows_policy(self):
        "Madrid's own entries reach where its policy says"
        Specialty = Pool().get('clinic.specialty')
        self.franchise()
        share(self.madrid, 'configuration', clinics=True)
        self.assertIn("Madrid Nutrition", self.seen(self.bcn, Specialty))
        self.assertNotIn("Madrid Nutrition", self.seen(self.admin, Specialty))
        share(self.madrid, 'configuration', central=True)
        self.assertNotIn("Madrid Nutrition", self.seen(self.bcn, Specialty))
        self.assertIn("Madrid Nutrition", self.seen(self.admin, Specialty))

    @with_transaction()
    def test_shared_configuration_read_only(self):
        "A clinic cannot change or delete what the central defined"
        Specialty = Pool().get('clinic.specialty')
        self.franchise()
        with acting_as(self.mad):
            dentistry, = Specialty.search([('name', '=', "Dentistry")])
            with self.assertRaisesRegex(
                    SharedConfigurationError, 'Central Franchise'):
                Specialty.write([dentistry], {'name': "Mine"})
            with self.assertRaises(SharedConfigurationError):
                Specialty.delete([dentistry])
            own, = Specialty.search([('name', '=', "Madrid Nutrition")])
            Specialty.write([own], {'code': 'NUT'})

    @with_transaction()
    def test_dataless_clinics_configure_alone(self):
        "With a data-less central each clinic sees only its own"
        Specialty = Pool().get('clinic.specialty')
        self.franchise(mode='dataless')
        self.assertEqual(
            self.seen(self.mad, Specialty), ["Madrid Nutrition"])
        self.assertEqual(self.seen(self.bcn, Specialty), [])

    @with_transaction()
    def test_configuring_clinic_plays_the_central(self):
        "A clinic that configures for the others shares down like a central"
        Specialty = Pool().get('clinic.specialty')
        franchise = self.franchise(mode='dataless')
        franchise.configuration_company = self.madrid
        franchise.save()
        self.assertEqual(self.seen(self.bcn, Specialty), ["Madrid Nutrition"])
        self.assertEqual(
            self.seen(self.admin, Specialty),
            ["Dentistry", "Madrid Nutrition"])
        with acting_as(self.bcn):
            with self.assertRaises(SharedConfigurationError):
                Specialty.write(Specialty.search([]), {'code': 'X'})

    @with_transaction()
    def test_other_franchise_sees_nothing(self):
        "Configuration never crosses franchises"
        Specialty = Pool().get('clinic.specialty')
        self.franchise()
        _, _, (other, _) = create_franchise("Other")
        stranger = create_user('other', [other], other, MANAGER)
        self.assertEqual(self.seen(stranger, Specialty), [])


class PackageTestCase(FranchiseMixin, unittest.TestCase):
    "A package shared by the central: clinics add their own services"

    def package(self):
        "The central's package with a service line"
        Package = Pool().get('clinic.service.package')
        self.services()
        self.implant, = self.cleaning.products
        self.own, = self.review.products
        with Transaction().set_context(company=self.central.id):
            package, = Package.create([{
                        'name': "Implant pack",
                        'lines': [('create', [{
                                        'service': self.implant.id,
                                        'quantity': 1,
                                        }])],
                        }])
        return package

    @with_transaction()
    def test_clinic_adds_own_services(self):
        "Madrid's own line shows apart from the shared ones"
        Package = Pool().get('clinic.service.package')
        package = self.package()
        with acting_as(self.mad):
            package = Package(package.id)
            Package.write([package], {'own_lines': [('create', [{
                                'service': self.own.id, 'quantity': 2}])]})
            package = Package(package.id)
            self.assertEqual(
                [l.service for l in package.shared_lines], [self.implant])
            self.assertEqual(
                [l.service for l in package.own_lines], [self.own])
        with acting_as(self.admin):
            package = Package(package.id)
            self.assertEqual(
                [l.service for l in package.own_lines], [self.implant])
            self.assertEqual(package.shared_lines, ())

    @with_transaction()
    def test_clinic_cannot_deactivate_or_change_shared(self):
        "Deactivating, renaming or editing the central's lines is refused"
        pool = Pool()
        Package = pool.get('clinic.service.package')
        Line = pool.get('clinic.service.package.line')
        package = self.package()
        with acting_as(self.mad):
            package = Package(package.id)
            with self.assertRaisesRegex(PackageError, 'cannot deactivate'):
                Package.write([package], {'active': False})
            with self.assertRaisesRegex(PackageError, 'cannot rename'):
                Package.write([package], {'name': "Mine"})
            with self.assertRaises(SharedConfigurationError):
                Line.write(list(package.lines), {'quantity': 3})
            with self.assertRaises(SharedConfigurationError):
                Package.write([package], {
                        'lines': [('delete', [package.lines[0].id])]})
        self.assertEqual(Package(package.id).lines[0].quantity, 1)

    @with_transaction()
    def test_line_quantity_positive(self):
        "A zero or negative quantity is refused, naming the service"
        Package = Pool().get('clinic.service.package')
        package = self.package()
        for quantity in [0, -1]:
            with self.assertRaisesRegex(PackageError, 'Cleaning'):
                Package.write([package], {'lines': [('create', [{
                                    'service': self.implant.id,
                                    'quantity': quantity}])]})

    @with_transaction()
    def test_package_name_unique_in_scope(self):
        "A clinic cannot shadow the central's package; others may reuse"
        Package = Pool().get('clinic.service.package')
        self.package()
        with acting_as(self.mad):
            with self.assertRaisesRegex(PackageError, 'Implant pack'):
                Package.create([{'name': "implant PACK"}])
            Package.create([{'name': "Hygiene"}])
        with acting_as(self.bcn):
            Package.create([{'name': "Hygiene"}])


class ServiceTestCase(FranchiseMixin, unittest.TestCase):
    "A service carries its price and tax, set by the company defining it"

    @with_transaction()
    def test_clinic_uses_central_price_at_once(self):
        "The central's new price is the clinic's price"
        pool = Pool()
        Product = pool.get('product.product')
        Template = pool.get('product.template')
        self.services()
        product, = self.cleaning.products
        with acting_as(self.mad):
            self.assertEqual(Product(product.id).list_price_used, Decimal(60))
        with acting_as(self.admin):
            Template.write([Template(self.cleaning.id)], {
                    'list_price': Decimal('65')})
        with acting_as(self.mad):
            self.assertEqual(Product(product.id).list_price_used, Decimal(65))
            with self.assertRaises(SharedConfigurationError):
                Template.write([Template(self.cleaning.id)], {
                        'list_price': Decimal('1')})

    @with_transaction()
    def test_clinic_taxes_from_its_own_chart(self):
        "The clinic invoices with its own tax made from the same template"
        pool = Pool()
        Product = pool.get('product.product')
        Tax = pool.get('account.tax')
        taxes = self.services()
        product, = self.cleaning.products
        for company in (self.central, self.madrid):
            with Transaction().set_context(company=company.id):
                tax, = Product(product.id).customer_taxes_used
                self.assertEqual(
                    (Tax(tax.id).company, Tax(tax.id).template),
                    (company, taxes['exempt']))

    @with_transaction()
    def test_service_needs_price_and_tax(self):
        "A service without price or without tax is refused"
        Template = Pool().get('product.template')
        self.services()
        with Transaction().set_context(company=self.central.id):
            with self.assertRaisesRegex(ServiceError, 'no list price'):
                Template.create([{
                            'name': "Free", 'type': 'service',
                            'default_uom': self.unit.id,
                            'account_category': self.exempt.id,
                            }])
            with self.assertRaisesRegex(ServiceError, 'no tax'):
                Template.create([{
                            'name': "Untaxed", 'type': 'service',
                            'default_uom': self.unit.id,
                            'list_price': Decimal('10'),
                            }])

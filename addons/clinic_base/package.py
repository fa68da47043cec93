# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Service packages: the services budgeted or charted together in one step.

A package shared by the configuring company stays as it defined it; a clinic
adds its own lines to it, which are records of that clinic.
"""
from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, sequence_ordered, fields)
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import PackageError
from .sharing import SharedConfiguration


class Package(SharedConfiguration, DeactivableMixin, ModelSQL, ModelView):
    "A package of services"
    __name__ = 'clinic.service.package'

    name = fields.Char(
        "Name", required=True, strip=True,
        states={
            'readonly': ~Eval('defined_here', True),
            })
    lines = fields.One2Many(
        'clinic.service.package.line', 'package', "Services")
    shared_lines = fields.Function(fields.One2Many(
            'clinic.service.package.line', None, "Shared Services",
            help="The services other companies put in the package: "
            "they cannot be changed or removed here."),
        'get_lines', setter='set_lines')
    own_lines = fields.Function(fields.One2Many(
            'clinic.service.package.line', 'package', "Own Services",
            help="The services this company adds to the package."),
        'get_lines', setter='set_lines')
    defined_here = fields.Function(
        fields.Boolean("Defined Here"), 'on_change_with_defined_here')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('name', 'ASC'), ('id', 'ASC')]
        cls.active.states['readonly'] = ~Eval('defined_here', True)

    @fields.depends('company')
    def on_change_with_defined_here(self, name=None):
        return not self.company or self.company.id == (
            Transaction().context.get('company'))

    @classmethod
    def get_lines(cls, packages, names):
        pool = Pool()
        Sharing = pool.get('clinic.sharing.policy')
        company = Transaction().context.get('company')
        # Function fields are computed without the rules: keep the lines
        # of the companies whose configuration the user reads.
        readable = set(Sharing.readable_companies('configuration'))
        result = {name: {p.id: [] for p in packages} for name in names}
        for package in packages:
            for line in package.lines:
                if (Transaction().user and line.company
                        and line.company.id not in readable):
                    continue
                own = line.company and line.company.id == company
                name = 'own_lines' if own else 'shared_lines'
                if name in result:
                    result[name][package.id].append(line.id)
        return result

    @classmethod
    def set_lines(cls, packages, name, value):
        "Changes go to the lines, where each line's own checks apply"
        cls.write(packages, {'lines': value})

    @classmethod
    def check_defined_here(cls, packages, mode, values=None):
        pool = Pool()
        Sharing = pool.get('clinic.sharing.policy')
        # A clinic adds its own lines to a shared package and nothing more.
        if mode == 'write' and not (values.keys() - {'lines', 'own_lines'}):
            return
        own = set(Sharing.own_companies())
        for package in packages:
            if package.company and package.company.id not in own:
                if mode == 'write' and 'active' in values:
                    message = 'msg_package_shared_deactivate'
                else:
                    message = 'msg_package_shared_readonly'
                raise PackageError(gettext(
                        'clinic_base.' + message, package=package.rec_name,
                        company=package.company.rec_name))

    @classmethod
    def validate_fields(cls, packages, field_names):
        super().validate_fields(packages, field_names)
        if not field_names or field_names & {'name', 'company'}:
            cls.check_unique_name(packages)

    @classmethod
    def check_unique_name(cls, packages):
        "Two packages a clinic sees at once never share a name"
        pool = Pool()
        Company = pool.get('company.company')
        for package in packages:
            scope = Company.configuration_scope(package.company)
            domain = [
                ('name', 'ilike', package.name),
                ('id', '!=', package.id),
                ]
            if scope is not None:
                domain.append(('company', 'in', [c.id for c in scope]))
            else:
                domain.append(('company', '=', None))
            others = cls.search(domain, limit=1)
            if others:
                other, = others
                raise PackageError(gettext(
                        'clinic_base.msg_package_name_unique',
                        package=other.name,
                        company=(other.company.rec_name
                            if other.company else '')))

    @classmethod
    def copy(cls, packages, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('company', cls.default_company())
        default.setdefault('name', lambda data: gettext(
                'clinic_base.msg_package_copy_name', name=data['name']))
        return super().copy(packages, default=default)


class PackageLine(SharedConfiguration, sequence_ordered(), ModelSQL, ModelView):
    "A service of a package, with its quantity"
    __name__ = 'clinic.service.package.line'

    package = fields.Many2One(
        'clinic.service.package', "Package", required=True,
        ondelete='CASCADE')
    service = fields.Many2One(
        'product.product', "Service", required=True, ondelete='RESTRICT',
        domain=[('type', '=', 'service')])
    quantity = fields.Float("Quantity", digits=(16, 2), required=True)
    unit = fields.Function(
        fields.Many2One('product.uom', "Unit"), 'on_change_with_unit')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('package')

    @classmethod
    def default_quantity(cls):
        return 1

    @fields.depends('service')
    def on_change_with_unit(self, name=None):
        if self.service:
            return self.service.default_uom

    def get_rec_name(self, name):
        return '%s × %s' % (
            self.quantity, self.service.rec_name if self.service else '')

    @classmethod
    def validate_fields(cls, lines, field_names):
        super().validate_fields(lines, field_names)
        for line in lines:
            if line.quantity is not None and line.quantity <= 0:
                raise PackageError(gettext(
                        'clinic_base.msg_package_line_quantity',
                        service=line.service.rec_name,
                        package=line.package.rec_name))

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, Unique, fields)
from trytond.pool import Pool
from trytond.pyson import Eval

from .exceptions import FranchiseValidationError


class Franchise(DeactivableMixin, ModelSQL, ModelView):
    "A group of clinics run from one central"
    __name__ = 'clinic.franchise'

    name = fields.Char("Name", required=True)
    mode = fields.Selection([
            ('configuring', "Configuring central"),
            ('dataless', "Data-less central"),
            ], "Central Mode", required=True,
        help="A configuring central sets up specialties, services, products, "
        "suppliers and lists for its clinics.\n"
        "A data-less central owns no data and only looks at what the clinics "
        "share with it.")
    central = fields.Many2One(
        'company.company', "Central",
        domain=[('franchise', '=', Eval('id', -1))],
        help="The company that runs the franchise.")
    configuration_company = fields.Many2One(
        'company.company', "Configuration From",
        domain=[('franchise', '=', Eval('id', -1))],
        help="The company whose configuration the clinics use: "
        "the central, or one clinic instead.")
    companies = fields.One2Many(
        'company.company', 'franchise', "Companies", readonly=True)
    clinics = fields.Function(fields.Many2Many(
            'company.company', None, None, "Clinics"), 'get_clinics')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('name_unique', Unique(t, t.name),
                'clinic_base.msg_franchise_name_unique'),
            ]

    @classmethod
    def default_mode(cls):
        return 'configuring'

    def get_clinics(self, name):
        return [c.id for c in self.companies if c.clinic_role == 'clinic']

    @classmethod
    def validate_fields(cls, franchises, field_names):
        super().validate_fields(franchises, field_names)
        cls.check_central(franchises, field_names)

    @classmethod
    def check_central(cls, franchises, field_names=None):
        if field_names and not (
                field_names & {'central', 'configuration_company'}):
            return
        for franchise in franchises:
            central = franchise.central
            if central and central.clinic_role != 'central':
                raise FranchiseValidationError(gettext(
                        'clinic_base.msg_franchise_central_role',
                        franchise=franchise.rec_name,
                        company=central.rec_name))
            if (franchise.mode == 'dataless' and central
                    and franchise.configuration_company == central):
                raise FranchiseValidationError(gettext(
                        'clinic_base.msg_franchise_dataless_configuration',
                        franchise=franchise.rec_name,
                        company=central.rec_name))

    @property
    def configuring_company(self):
        "The company whose configuration the clinics use"
        if self.configuration_company:
            return self.configuration_company
        if self.mode == 'configuring':
            return self.central

    @classmethod
    def on_modification(cls, mode, franchises, field_names=None):
        pool = Pool()
        Sharing = pool.get('clinic.sharing.policy')
        super().on_modification(mode, franchises, field_names=field_names)
        Sharing.clear_cache()

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval
from trytond.transaction import inactive_records, without_check_access

from .exceptions import ClinicRemovalError, FranchiseValidationError


class Company(metaclass=PoolMeta):
    __name__ = 'company.company'

    franchise = fields.Many2One(
        'clinic.franchise', "Franchise", ondelete='RESTRICT',
        help="The franchise the company belongs to.")
    clinic_role = fields.Selection([
            (None, ""),
            ('central', "Central"),
            ('clinic', "Clinic"),
            ], "Role",
        states={
            'required': Bool(Eval('franchise')),
            'invisible': ~Eval('franchise'),
            },
        help="Whether the company runs the franchise "
        "or is one of its clinics.")
    analysis = fields.Boolean(
        "Analysis",
        states={
            'invisible': Eval('clinic_role') != 'clinic',
            },
        help="Show this clinic's figures in the central's reports.")
    history_prefix = fields.Char(
        "History Prefix", size=10, strip=True,
        states={
            'invisible': Eval('clinic_role') != 'clinic',
            },
        help="Put before the clinical history numbers of this clinic "
        "so that a list of several clinics' patients tells them apart, "
        "for example MAD.")
    sharing_policies = fields.One2Many(
        'clinic.sharing.policy', 'company', "Sharing Policy",
        states={
            'invisible': Eval('clinic_role') != 'clinic',
            })

    @classmethod
    def default_analysis(cls):
        return True

    @classmethod
    def validate_fields(cls, companies, field_names):
        super().validate_fields(companies, field_names)
        cls.check_franchise_role(companies, field_names)

    @classmethod
    def check_franchise_role(cls, companies, field_names=None):
        if field_names and not (field_names & {'franchise', 'clinic_role'}):
            return
        for company in companies:
            if company.franchise and not company.clinic_role:
                raise FranchiseValidationError(gettext(
                        'clinic_base.msg_company_role_required',
                        company=company.rec_name))
            if company.clinic_role and not company.franchise:
                raise FranchiseValidationError(gettext(
                        'clinic_base.msg_company_franchise_required',
                        company=company.rec_name))
            if company.clinic_role == 'central':
                others = cls.search([
                        ('franchise', '=', company.franchise.id),
                        ('clinic_role', '=', 'central'),
                        ('id', '!=', company.id),
                        ], limit=1)
                if others:
                    other, = others
                    raise FranchiseValidationError(gettext(
                            'clinic_base.msg_franchise_one_central',
                            company=company.rec_name,
                            franchise=company.franchise.rec_name,
                            other=other.rec_name))

    @classmethod
    def check_modification(cls, mode, companies, values=None, external=False):
        super().check_modification(
            mode, companies, values=values, external=external)
        if mode == 'write' and values and (
                {'franchise', 'clinic_role'} & values.keys()):
            cls.check_leave_franchise(companies, values)

    @classmethod
    def check_leave_franchise(cls, companies, values):
        "A company stays in one franchise; a clinic holding data stays put"
        for company in companies:
            if not company.franchise:
                continue
            franchise_id = values.get('franchise', company.franchise.id)
            if franchise_id and franchise_id != company.franchise.id:
                raise FranchiseValidationError(gettext(
                        'clinic_base.msg_company_other_franchise',
                        company=company.rec_name,
                        franchise=company.franchise.rec_name))
            if (franchise_id == company.franchise.id
                    and values.get('clinic_role', company.clinic_role)
                    == company.clinic_role):
                continue
            if model := company.holds_shared_data():
                raise ClinicRemovalError(gettext(
                        'clinic_base.msg_clinic_holds_data',
                        company=company.rec_name,
                        franchise=company.franchise.rec_name,
                        model=model))

    @classmethod
    def configuration_scope(cls, company):
        """Return the companies whose configuration is seen together with
        company's, or None for configuration outside any company"""
        if not company:
            return None
        franchise = company.franchise
        configuring = franchise.configuring_company if franchise else None
        if configuring == company:
            return list(franchise.companies)
        return [company, configuring] if configuring else [company]

    def holds_shared_data(self):
        "Return the name of a kind of record the company holds, or None"
        pool = Pool()
        Sharing = pool.get('clinic.sharing.policy')
        with without_check_access(), inactive_records():
            for model_name in Sharing.shared_models():
                Model = pool.get(model_name)
                company = Model._fields.get('company')
                if not company or isinstance(company, fields.Function):
                    continue
                if Model.search(
                        [('company', '=', self.id)], limit=1, order=[]):
                    return Model.__names__()['model']

    @classmethod
    def on_modification(cls, mode, companies, field_names=None):
        pool = Pool()
        Sharing = pool.get('clinic.sharing.policy')
        super().on_modification(mode, companies, field_names=field_names)
        if mode == 'create' or (field_names and (
                    {'franchise', 'clinic_role'} & set(field_names))):
            Sharing.complete(companies)
        Sharing.clear_cache()

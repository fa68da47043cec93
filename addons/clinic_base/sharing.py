# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The sharing policy of each clinic and the companies it opens.

A model takes part in the policy by naming its data category in the class
attribute ``_sharing_category`` (see ``SharedByPolicy``). The record rules
(``ir.rule``) then read its ``companies`` from ``readable_companies``.
"""
from sql import Literal

from trytond.cache import Cache
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access

from .button_rules import ButtonsWithinWriteRules
from .exceptions import SharedConfigurationError, SharingPolicyError

CATEGORIES = [
    ('contacts', "Patients and Contacts"),
    ('histories', "Clinical Histories"),
    ('documents', "Documents"),
    ('invoices', "Invoices"),
    ('budgets', "Budgets"),
    ('leads', "CRM Leads"),
    ('configuration', "Services, Products and Lists"),
    ]
# The documents of each category that name a party: a shared one shows whom
# it is for
DOCUMENT_MODELS = {
    'histories': 'clinic.history.entry',
    'documents': 'clinic.patient.document',
    'invoices': 'account.invoice',
    'budgets': 'sale.sale',
    }
# The categories that the franchise's configuring company shares down to
# every company of the franchise, whatever the policy.
CONFIGURATION_CATEGORIES = {'configuration'}


class SharedByPolicy(ButtonsWithinWriteRules):
    "Mixin for models whose records the sharing policy opens to others"
    __slots__ = ()
    _sharing_category = None

    def get_defining_company(self):
        "Return the company in whose name the record is kept"
        field = self._fields.get('company')
        if isinstance(field, fields.Many2One) and not isinstance(
                field, fields.Function):
            return self.company

    @classmethod
    def defining_company_of(cls, values):
        "Return the id of the company that values set the records' name to"
        return values.get('company')

    @classmethod
    def check_modification(cls, mode, records, values=None, external=False):
        super().check_modification(
            mode, records, values=values, external=external)
        if external and mode in {'create', 'write'}:
            cls.check_own_name(records, values)

    @classmethod
    def check_own_name(cls, records, values=None):
        "Refuse to create or hand over records in another company's name"
        pool = Pool()
        Sharing = pool.get('clinic.sharing.policy')
        Company = pool.get('company.company')
        if values is not None:
            companies = {cls.defining_company_of(values)}
        else:
            companies = {
                c.id for c in map(cls.get_defining_company, records) if c}
        foreign = companies - {None} - set(Sharing.own_companies())
        if foreign:
            with without_check_access():
                company = Company(min(foreign))
                raise SharedConfigurationError(gettext(
                        'clinic_base.msg_defined_elsewhere',
                        model=cls.__names__()['model'],
                        company=company.rec_name))


class DefinedHere(SharedByPolicy):
    """Mixin for records changed only by the company that defined them
    (or by a user who works for it)"""
    __slots__ = ()

    @classmethod
    def check_modification(cls, mode, records, values=None, external=False):
        super().check_modification(
            mode, records, values=values, external=external)
        if external and mode in {'write', 'delete'}:
            cls.check_defined_here(records, mode, values)

    @classmethod
    def check_defined_here(cls, records, mode, values=None):
        "Refuse to change what another company defined"
        pool = Pool()
        Sharing = pool.get('clinic.sharing.policy')
        own = set(Sharing.own_companies())
        for record in records:
            company = record.get_defining_company()
            if company and company.id not in own:
                raise SharedConfigurationError(gettext(
                        'clinic_base.msg_configuration_shared_readonly',
                        record=record.rec_name,
                        model=cls.__names__()['model'],
                        company=company.rec_name))


class SharedConfiguration(DefinedHere):
    """Mixin for configuration: defined by one company, read by those it
    shares with (the whole franchise for the configuring company), changed
    only by the company that defined it"""
    __slots__ = ()
    _sharing_category = 'configuration'

    company = fields.Many2One(
        'company.company', "Defined By", ondelete='RESTRICT',
        states={
            'readonly': Eval('id', -1) >= 0,
            },
        help="The company that defined it and alone may change it: "
        "the franchise's configuring company shares it with every clinic.")

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')


class SharingPolicy(ModelSQL, ModelView):
    "What a clinic shares, per kind of data"
    __name__ = 'clinic.sharing.policy'

    company = fields.Many2One(
        'company.company', "Clinic", required=True, ondelete='CASCADE')
    category = fields.Selection(
        CATEGORIES, "Data", required=True, sort=False)
    category_string = category.translated('category')
    share_central = fields.Boolean(
        "With the Central",
        help="The central sees this data of the clinic.")
    share_clinics = fields.Boolean(
        "With the Other Clinics",
        help="The other clinics of the franchise see this data of the clinic.")
    read_only_note = fields.Function(
        fields.Char("Note"), 'get_read_only_note')

    _readable_cache = Cache('clinic.sharing.readable', context=False)
    _parties_cache = Cache('clinic.sharing.parties', context=False)
    # (the centrals and the franchises of a user's companies: asked for
    # each record rule a search or a read applies)
    _centrals_cache = Cache('clinic.sharing.centrals', context=False)
    _franchises_cache = Cache('clinic.sharing.franchises', context=False)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('company_category_unique', Unique(t, t.company, t.category),
                'clinic_base.msg_sharing_policy_unique'),
            ]
        cls._order = [('company', 'ASC'), ('id', 'ASC')]

    @classmethod
    def default_share_central(cls):
        return False

    @classmethod
    def default_share_clinics(cls):
        return False

    def get_read_only_note(self, name):
        if self.category == 'budgets':
            return gettext('clinic_base.msg_budgets_informative')

    def get_rec_name(self, name):
        return '%s - %s' % (
            self.company.rec_name, self.category_string)

    @classmethod
    def validate_fields(cls, policies, field_names):
        super().validate_fields(policies, field_names)
        for policy in policies:
            if (policy.company.clinic_role != 'clinic'
                    or not policy.company.franchise):
                raise SharingPolicyError(gettext(
                        'clinic_base.msg_sharing_policy_not_clinic',
                        company=policy.company.rec_name))

    @classmethod
    def on_modification(cls, mode, policies, field_names=None):
        super().on_modification(mode, policies, field_names=field_names)
        cls.clear_cache()

    @classmethod
    def clear_cache(cls):
        "Forget the computed sharing, in this process and the others"
        pool = Pool()
        Rule = pool.get('ir.rule')
        cls._readable_cache.clear()
        cls._parties_cache.clear()
        cls._centrals_cache.clear()
        cls._franchises_cache.clear()
        Rule._domain_get_cache.clear()

    @classmethod
    def complete(cls, companies):
        "Give every clinic one policy line per category, unshared"
        with Transaction().set_context(_check_access=False):
            existing = {(p.company.id, p.category) for p in cls.search([
                        ('company', 'in', [c.id for c in companies]),
                        ])}
            cls.save([
                    cls(company=c, category=category)
                    for c in companies if c.clinic_role == 'clinic'
                    for category, _ in CATEGORIES
                    if (c.id, category) not in existing])

    @classmethod
    def shared_models(cls):
        "Return the names of the models that the policy governs"
        pool = Pool()
        return [
            name for name, Model in pool.iterobject()
            if getattr(Model, '_sharing_category', None)]

    @classmethod
    def document_models(cls):
        """Return the model of the documents of each category that name a
        party (a module adds its own: the CRM's requests of leads)"""
        return dict(DOCUMENT_MODELS)

    @classmethod
    def document_categories(cls):
        "Return the categories of the documents that name a party"
        return list(cls.document_models())

    @classmethod
    def party_opening_companies(cls, category):
        """Return the companies whose documents of category open their
        parties to the user: those the user reads, where the user's role
        reads such documents at all (a party's name is not shown through a
        document the role never sees)"""
        pool = Pool()
        ModelAccess = pool.get('ir.model.access')
        model = cls.document_models()[category]
        try:
            pool.get(model)
        except KeyError:  # its module is not activated
            return []
        if not ModelAccess.get_access([model])[model]['read']:
            return []
        return cls.readable_companies(category)

    @classmethod
    def viewing_companies(cls):
        "Return the companies whose point of view the user has"
        pool = Pool()
        User = pool.get('res.user')
        companies = list(User.get_companies())
        current = Transaction().context.get('company')
        if current in companies and current in cls._centrals(companies):
            # At the central, the clinics the user holds (to enter them)
            # show only what they share with the central.
            return [current]
        return companies

    @classmethod
    def own_companies(cls):
        "Return the companies whose records the user changes"
        pool = Pool()
        User = pool.get('res.user')
        return list(User.get_companies())

    @classmethod
    def readable_companies(cls, category):
        "Return the companies whose records of category the user reads"
        viewers = tuple(sorted(cls.viewing_companies()))
        key = (viewers, category)
        readable = cls._readable_cache.get(key)
        if readable is None:
            readable = set(viewers) | set(cls._shared_with(viewers, category))
            if category in CONFIGURATION_CATEGORIES:
                readable |= set(cls._configuring_companies(viewers))
            readable = sorted(readable)
            cls._readable_cache.set(key, readable)
        return readable

    @classmethod
    def clinics_opened_to(cls, company, category):
        """Return the companies whose records of category the company reads
        (itself and the clinics that share them with it), whoever asks"""
        return sorted({company, *cls._shared_with((company,), category)})

    @classmethod
    def _configuring_companies(cls, viewers):
        "Return the configuring companies of the viewers' franchises"
        pool = Pool()
        Company = pool.get('company.company')
        Franchise = pool.get('clinic.franchise')
        if not viewers:
            return []
        franchise = Franchise.__table__()
        viewer = Company.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*franchise
            .join(viewer, condition=viewer.franchise == franchise.id)
            .select(franchise.configuration_company, franchise.central,
                franchise.mode,
                where=viewer.id.in_(list(viewers))))
        configuring = (
            configuration or (central if mode == 'configuring' else None)
            for configuration, central, mode in cursor)
        return [c for c in configuring if c]

    @classmethod
    def _shared_with(cls, viewers, category):
        "Return the clinics that share category with any of the viewers"
        pool = Pool()
        Company = pool.get('company.company')
        if not viewers:
            return []
        policy = cls.__table__()
        clinic = Company.__table__()
        viewer = Company.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*policy
            .join(clinic, condition=clinic.id == policy.company)
            .join(viewer, condition=viewer.franchise == clinic.franchise)
            .select(policy.company,
                where=viewer.id.in_(list(viewers))
                & (policy.category == category)
                & (clinic.clinic_role == 'clinic')
                & (((viewer.clinic_role == 'central')
                        & (policy.share_central == Literal(True)))
                    | ((viewer.clinic_role == 'clinic')
                        & (policy.share_clinics == Literal(True))
                        & (clinic.id != viewer.id)))))
        return [c for c, in cursor]

    @classmethod
    def _centrals(cls, companies):
        "Return the centrals among the companies"
        pool = Pool()
        Company = pool.get('company.company')
        key = tuple(sorted(companies))
        centrals = cls._centrals_cache.get(key)
        if centrals is None:
            company = Company.__table__()
            cursor = Transaction().connection.cursor()
            cursor.execute(*company.select(company.id,
                    where=company.id.in_(list(key) or [-1])
                    & (company.clinic_role == 'central')))
            centrals = sorted({c for c, in cursor})
            cls._centrals_cache.set(key, centrals)
        return set(centrals)

    @classmethod
    def franchises(cls):
        "Return the franchises of the user's companies"
        pool = Pool()
        User = pool.get('res.user')
        Company = pool.get('company.company')
        key = tuple(sorted(User.get_companies()))
        franchises = cls._franchises_cache.get(key)
        if franchises is None:
            company = Company.__table__()
            cursor = Transaction().connection.cursor()
            cursor.execute(*company.select(company.franchise,
                    where=company.id.in_(list(key) or [-1])
                    & (company.franchise != None)))  # noqa: E711
            franchises = sorted({f for f, in cursor})
            cls._franchises_cache.set(key, franchises)
        return list(franchises)

    @classmethod
    def franchise_parties(cls):
        "Return the parties of the companies of the user's franchises"
        pool = Pool()
        Company = pool.get('company.company')
        franchises = tuple(cls.franchises())
        parties = cls._parties_cache.get(franchises)
        if parties is None:
            company = Company.__table__()
            cursor = Transaction().connection.cursor()
            cursor.execute(*company.select(company.party,
                    where=company.franchise.in_(list(franchises) or [-1])))
            parties = sorted({p for p, in cursor})
            cls._parties_cache.set(franchises, parties)
        return parties

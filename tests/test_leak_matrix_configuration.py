"""The leak matrix of the configuration: specialties, services (templates,
variants and list prices), packages and their lines, lists and suppliers.

The franchise's configuring company (its configuring central, or the clinic
it names) shares its configuration with every company of the franchise; any
other company's configuration is read by those its 'configuration' policy
opens it to, and by itself. For each way of configuring the franchise and
each policy of Clínica Madrid, the users of each role look at the
configuration of the central and of every clinic through every path, and
change only their own.
"""
from decimal import Decimal

from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME
from trytond.transaction import Transaction, without_check_access

from clinic_base.exceptions import PackageError, SharedConfigurationError
from demo.configuration import create_supplier

from .fixture import FRANCHISE, JsonRpc, RpcError, as_user, company_id
from .test_leak_matrix import OWNER, POLICIES, VIEWERS, MatrixTestCase, opens

CENTRAL = "Central " + FRANCHISE
BARCELONA = "Clínica Barcelona"
VALENCIA = "Clínica Valencia"
# The companies whose configuration is under test: the central, Madrid
# (whose policy changes), Barcelona (shares with the central) and Valencia
# (shares with nobody), as the demo sets them
OWNERS = [CENTRAL, OWNER, BARCELONA, VALENCIA]
# The company of each viewer of test_leak_matrix (placed there relative to
# Madrid; its other clinic is Barcelona)
HOMES = {login: {
        'own': OWNER, 'central': CENTRAL, 'clinic': BARCELONA,
        'other franchise': None,
        }[where] for login, where in VIEWERS.items()}
# How the franchise is configured: (mode, configuration company)
MODES = {
    'configuring central': ('configuring', None),
    'data-less central': ('dataless', None),
    'configuring clinic Madrid': ('dataless', OWNER),
    'configuring clinic Barcelona': ('dataless', BARCELONA),
    }
# model: (domain of its configuration records, paths to the companies that
# must all be readable for a record to be (its own company first), a change
# only its company makes)
MODELS = {
    'clinic.specialty': ([], ['company'], {'code': 'ZZ'}),
    'product.template': ([], ['company'], {'name': "Changed"}),
    'product.product': ([], ['template.company'], None),
    'product.list_price': ([], ['company'], None),
    'clinic.service.package': ([], ['company'], {'name': "Changed"}),
    'clinic.service.package.line': (
        [], ['company', 'package.company'], {'quantity': 5}),
    'clinic.picklist.value': ([], ['company'], {'name': "Changed"}),
    'clinic.insurer.coverage': ([], ['company'], {'amount': 7}),
    'party.party': ([('supplier', '=', True)], ['company'], {
            'name': "Changed"}),
    'party.contact_mechanism': (
        [('party.supplier', '=', True)], ['party.company'], {
            'comment': "Changed"}),
    'party.address': (
        [('party.supplier', '=', True)], ['party.company'], {
            'city': "Changed"}),
    }
# model: the Many2One fields whose name a record shows
RELATED = {
    'product.template': ['specialty'],
    'product.product': ['template'],
    'product.list_price': ['template'],
    'clinic.service.package.line': ['package', 'service'],
    'party.contact_mechanism': ['party'],
    'party.address': ['party'],
    }
# model: the One2Many fields that list the readable records only (the
# package's own and shared lines together are its lines)
LISTS = {
    'clinic.specialty': ['services'],
    'product.template': ['products'],
    'clinic.service.package': ['lines', ('own_lines', 'shared_lines')],
    'party.party': ['contact_mechanisms', 'addresses'],
    }
# model: the paths searched by the names of the records they lead to: a
# name finds a record only through related records the viewer reads
PROBES = {
    'clinic.specialty': ['services'],
    'clinic.service.package': ['lines.service'],
    'clinic.service.package.line': ['service'],
    'product.product': ['template'],
    'party.party': ['contact_mechanisms'],
    }
# The field searched by name, per model a probe leads to (else 'name')
NAME_FIELDS = {'party.contact_mechanism': 'value'}
RPC_MODELS = [
    'clinic.specialty', 'product.template', 'product.product',
    'clinic.service.package', 'clinic.service.package.line',
    'clinic.picklist.value', 'party.party']
REFUSALS = (AccessError, SharedConfigurationError, PackageError)


def resolve(record, path):
    "Follow a path of Many2One fields"
    for name in path.split('.'):
        record = getattr(record, name)
    return record


def path_target(Model, path):
    "Return the name of the model a path of fields leads to"
    for name in path.split('.'):
        Model = Model._fields[name].get_target()
    return Model.__name__


def follow(record, path):
    """Return the chains of (model, id) that a path of Many2One and
    One2Many fields leads through from record"""
    current = [(record, [])]
    for name in path.split('.'):
        following = []
        for parent, chain in current:
            value = getattr(parent, name)
            if not isinstance(value, (list, tuple)):
                value = [value] if value else []
            following.extend(
                (r, chain + [(r.__name__, r.id)]) for r in value)
        current = following
    return [chain for _, chain in current]


class ConfigurationLeakMatrixTestCase(MatrixTestCase):
    "The configuration is read where it is shared and changed at home only"
    matrix_name = "configuration leak matrix"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.companies = {name: company_id(name) for name in OWNERS}
        cls.owners = {id_: name for name, id_ in cls.companies.items()}
        cls.add_madrid_configuration()
        with Transaction().start(DB_NAME, 0):
            cls.policies = cls.configuration_policies()
            cls.records = cls.configuration_records()
            cls.lists, cls.probes = cls.relations()
            cls.names = cls.record_names()
        cls.rpc = {}

    @classmethod
    def add_madrid_configuration(cls):
        """What Madrid defines besides the demo's own service, list value
        and line in the central's package: a specialty, a laboratory and a
        package of its own"""
        with Transaction().start(DB_NAME, 0) as transaction:
            pool = Pool()
            Company = pool.get('company.company')
            Specialty = pool.get('clinic.specialty')
            Template = pool.get('product.template')
            Package = pool.get('clinic.service.package')
            madrid = Company(cls.companies[OWNER])
            with transaction.set_context(company=madrid.id):
                Specialty.create([{
                            'name': "Odontopediatría", 'code': 'ODP',
                            'company': madrid.id}])
                create_supplier(madrid, "Laboratorio Madrid", city="Madrid",
                    phone='+34 915 550 123')
                service, = Template.search([
                        ('name', '=', "Revisión Madrid"),
                        ('company', '=', madrid.id)])
                Package.create([{
                            'name': "Revisiones Madrid",
                            'company': madrid.id,
                            'lines': [('create', [{
                                            'service': service.products[0].id,
                                            'quantity': 2,
                                            'company': madrid.id,
                                            }])],
                            }])
            transaction.commit()

    @classmethod
    def configuration_policies(cls):
        "The 'configuration' policy of each clinic, as the demo sets it"
        Policy = Pool().get('clinic.sharing.policy')
        return {
            cls.owners[p.company.id]: (p.share_central, p.share_clinics)
            for p in Policy.search([
                    ('company', 'in', list(cls.companies.values())),
                    ('category', '=', 'configuration'),
                    ])}

    @classmethod
    def configuration_records(cls):
        """The configuration of the franchise's companies: per model, the
        companies that must be readable for each record to be"""
        pool = Pool()
        records = {}
        for model, (domain, paths, _) in MODELS.items():
            Model = pool.get(model)
            records[model] = {}
            for record in Model.search(domain):
                companies = [resolve(record, p) for p in paths]
                if companies[0] and companies[0].id in cls.owners:
                    records[model][record.id] = tuple(
                        cls.owners[c.id] for c in companies)
            for owner in OWNERS[:2]:
                # The central and Madrid define some of each
                assert owner in {g[0] for g in records[model].values()}, (
                    model, owner)
        return records

    @classmethod
    def relations(cls):
        """The records each One2Many lists and the chains of records each
        probe goes through, by root"""
        pool = Pool()
        lists, probes = {}, {}
        for model, ids in cls.records.items():
            Model = pool.get(model)
            for record in Model.browse(list(ids)):
                for names in LISTS.get(model, []):
                    names = names if isinstance(names, tuple) else (names,)
                    lists.setdefault((model, names), {})[record.id] = sorted(
                        r.id for n in names for r in getattr(record, n))
                for path in PROBES.get(model, []):
                    chains = follow(record, path)
                    for chain in chains:
                        for link in chain:
                            # Every record a path leads to is under test
                            assert link[1] in cls.records[link[0]], link
                    probes.setdefault((model, path), {})[record.id] = chains
        return lists, probes

    @classmethod
    def record_names(cls):
        "The name of the records the probes look for"
        pool = Pool()
        names = {}
        for chains in cls.probes.values():
            for chain in (c for cs in chains.values() for c in cs):
                model, id_ = chain[-1]
                field = NAME_FIELDS.get(model, 'name')
                names[model, id_] = getattr(pool.get(model)(id_), field)
        return names

    def set_franchise(self, mode, configuration):
        with Transaction().start(DB_NAME, 0) as transaction:
            Franchise = Pool().get('clinic.franchise')
            franchise, = Franchise.search([('name', '=', FRANCHISE)])
            franchise.mode = mode
            franchise.configuration_company = (
                self.companies[configuration] if configuration else None)
            franchise.save()
            transaction.commit()

    def set_policy(self, share_central, share_clinics):
        "Madrid shares its configuration so, and nothing else"
        with Transaction().start(DB_NAME, 0) as transaction:
            Policy = Pool().get('clinic.sharing.policy')
            policies = Policy.search([('company', '=', self.owner)])
            Policy.write(policies, {
                    'share_central': False, 'share_clinics': False})
            Policy.write([p for p in policies
                    if p.category == 'configuration'], {
                    'share_central': share_central,
                    'share_clinics': share_clinics,
                    })
            transaction.commit()

    def opens(self, owner, login):
        "Whether the owner's configuration is read by login"
        home = HOMES[login]
        if home is None:
            return False
        if owner in {home, self.configuring}:
            return True
        if owner == CENTRAL:
            # The central has no policy: it shares when it configures
            return False
        where = 'central' if home == CENTRAL else 'clinic'
        return opens(where, *self.policies[owner])

    def visible(self, model, id_, login):
        return all(self.opens(o, login) for o in self.records[model][id_])

    def set_mode(self, mode, configuration):
        self.set_franchise(mode, configuration)
        self.configuring = configuration or (
            CENTRAL if mode == 'configuring' else None)

    def set_madrid_policy(self, policy):
        self.set_policy(*policy)
        self.policies[OWNER] = policy

    def test_matrix(self):
        "Each viewer reads exactly the configuration opened to it"
        for mode_name, (mode, configuration) in MODES.items():
            self.set_mode(mode, configuration)
            # Madrid's policy says nothing when Madrid configures
            policies = POLICIES[:1] if configuration == OWNER else POLICIES
            for index, policy in enumerate(policies):
                self.set_madrid_policy(policy)
                # The configuration of the others by every role, once per
                # mode; Madrid's and what shows it (package lines) for every
                # policy, by one role of each company
                owners = OWNERS if index == 0 else [OWNER]
                logins = VIEWERS if index == 0 else {
                    HOMES[l]: l for l in reversed(VIEWERS)}.values()
                for login in logins:
                    label = '%s, Madrid shares %s: %s' % (
                        mode_name, policy, login)
                    with as_user(login):
                        self.check_reads(login, owners, label)
                        self.check_changes(login, owners, label)
                    self.check_rpc(login, owners, label)

    def test_services_changed_at_home(self):
        """A clinic changes nothing of the configuration another company
        defined, and defines nothing in its name: neither the variants and
        list prices of another company's services, nor configuration
        created for or handed over to another company"""
        self.set_mode(*MODES['configuring central'])
        self.set_madrid_policy((True, True))
        central = self.companies[CENTRAL]
        changes = {
            'product.product': {'active': False},
            'product.list_price': {'list_price': Decimal(1)},
            }
        for login in ['mad.manager', 'bcn.manager']:
            label = 'configuring central: %s' % login
            with as_user(login):
                pool = Pool()
                for model, values in changes.items():
                    Model = pool.get(model)
                    for owner in OWNERS:
                        ids = self.shown(model, owner, login)
                        if owner == HOMES[login] or not ids:
                            continue
                        text = '%s %s of %s' % (label, model, owner)
                        self.check(text + ' write', True, self.refused(
                                Model.write, Model.browse(ids), values,
                                strict=True))
                        # A delete refused for the invoices using a
                        # product passed the sharing
                        self.check(text + ' delete', True, self.refused(
                                Model.delete, Model.browse(ids),
                                strict=True))
                self.check_defined_elsewhere(login, central, label)

    def check_defined_elsewhere(self, login, central, label):
        "Nothing is created in the name of the central, or handed over"
        pool = Pool()
        Template = pool.get('product.template')
        Value = pool.get('clinic.picklist.value')
        service, = Template.search([
                ('name', '=', "Primera visita"),
                ('company', '=', central)])
        creates = {
            'clinic.specialty': {'name': "Fake"},
            'clinic.picklist.value': {'picklist': 'referral', 'name': "Fake"},
            'clinic.service.package': {'name': "Fake"},
            'product.template': {
                'name': "Fake", 'type': 'service',
                'default_uom': service.default_uom.id,
                'list_price': Decimal(1),
                'account_category': service.account_category.id},
            'product.list_price': {
                'template': service.id, 'list_price': Decimal(1)},
            'party.party': {'name': "Fake", 'supplier': True},
            }
        for model, values in creates.items():
            Model = pool.get(model)
            self.check('%s create %s of the central' % (label, model), True,
                self.refused(Model.create, [dict(values, company=central)]))
        Product = pool.get('product.product')
        self.check(label + " create a variant of the central's service",
            True, self.refused(Product.create, [{'template': service.id}]))
        own, = Value.search([
                ('company', '=', self.companies[HOMES[login]]),
                ('picklist', '=', 'referral'),
                ('name', 'like', 'Prensa local %')])
        self.check(label + " hand a list value over to the central", True,
            self.refused(Value.write, [own], {'company': central}))

    def ids(self, model, owner):
        "The records of model that owner defines"
        return sorted(
            i for i, c in self.records[model].items() if c[0] == owner)

    def shown(self, model, owner, login):
        "The records of model that owner defines and login reads"
        return [i for i in self.ids(model, owner)
            if self.visible(model, i, login)]

    def check_reads(self, login, owners, label):
        for model in MODELS:
            for owner in OWNERS:
                ids = self.ids(model, owner)
                if not ids:
                    continue
                text = '%s %s of %s' % (label, model, owner)
                if owner in owners:
                    self.check_model(model, ids, login, text)
                # What lists them: the package lines of any company
                self.check_lists(model, ids, login, text)
        for (model, path), chains in self.probes.items():
            self.check_probe(model, path, chains, login,
                '%s %s by %s' % (label, model, path))

    def check_model(self, model, ids, login, label):
        Model = Pool().get(model)
        shown = [i for i in ids if self.visible(model, i, login)]
        hidden = [i for i in ids if i not in shown]
        self.check(label + ' search', shown,
            sorted(r.id for r in Model.search([('id', 'in', ids)])))
        self.check(label + ' search_count', len(shown),
            Model.search_count([('id', 'in', ids)]))
        if shown:
            self.check(label + ' read', True,
                self.succeeds(Model.read, shown, ['rec_name']))
            self.check(label + ' export', True,
                self.succeeds(Model.export_data, Model.browse(shown),
                    ['rec_name']))
        if hidden:
            # All of them, and one alone
            self.check(label + ' read hidden by id', [False, False], [
                    self.succeeds(Model.read, hidden, ['rec_name']),
                    self.succeeds(Model.read, hidden[:1], ['rec_name'])])
            self.check(label + ' export hidden', False,
                self.succeeds(Model.export_data, Model.browse(hidden),
                    ['rec_name']))
        for field in RELATED.get(model, []):
            # The name of a related record (a list view reads it) only
            # where that record is readable
            Target = Model._fields[field].get_target()
            targets = {r['id']: r[field] for r in Model.read(
                    shown, [field])} if shown else {}
            self.check(label + ' read related ' + field, [
                    i for i in shown if targets[i] is None
                    or self.visible(Target.__name__, targets[i], login)], [
                    i for i in shown if self.succeeds(
                        Model.read, [i], [field + '.rec_name'])])

    def check_lists(self, model, ids, login, label):
        "The One2Many fields list the readable records only"
        Model = Pool().get(model)
        shown = [i for i in ids if self.visible(model, i, login)]
        if not shown:
            return
        for names in LISTS.get(model, []):
            names = names if isinstance(names, tuple) else (names,)
            Target = Model._fields[names[0]].get_target()
            listed = self.lists[model, names]
            self.check(label + ' read ' + '+'.join(names), {
                    i: [t for t in listed[i]
                        if self.visible(Target.__name__, t, login)]
                    for i in shown}, {
                    r['id']: sorted(t for n in names for t in r[n])
                    for r in Model.read(shown, list(names))})
        if model == 'clinic.service.package':
            self.check_export_lines(Model, shown, login, label)

    def check_export_lines(self, Package, ids, login, label):
        """Packages exported with their lines show the readable lines only
        (Tryton refuses the whole export when one is not readable)"""
        lines = [c for i in ids
            for c in self.probes[Package.__name__, 'lines.service'][i]]
        readable = [
            self.visible('clinic.service.package.line', l, login)
            for (_, l), _ in lines]
        expected = sorted(self.names['product.product', t]
            for ((_, t), shown) in zip((c[1] for c in lines), readable)
            if shown)
        try:
            exported = sorted(row[1] for row in Package.export_data(
                    Package.browse(ids), ['name', 'lines/service/name'])
                if row[1])
        except AccessError:
            exported = None
        self.check(label + ' export lines', True, exported == expected
            or (exported is None and not all(readable)))

    def check_probe(self, model, path, chains, login, label):
        "Search through a path by the names of the records it leads to"
        Model = Pool().get(model)
        ids = sorted(chains)
        target = path_target(Model, path)
        field = NAME_FIELDS.get(target, 'name')
        for owner in OWNERS:
            names = sorted({self.names[target, i]
                    for i in self.ids(target, owner)
                    if (target, i) in self.names})
            if not names:
                continue
            found = [i for i in ids if self.visible(model, i, login) and any(
                    all(self.visible(m, t, login) for m, t in chain)
                    and self.records[target][chain[-1][1]][0] == owner
                    for chain in chains[i])]
            self.check('%s %s of %s' % (label, field, owner), found, sorted(
                    r.id for r in Model.search([
                            ('id', 'in', ids),
                            ('%s.%s' % (path, field), 'in', names),
                            ])))

    def check_changes(self, login, owners, label):
        """The viewer changes and deletes only its own company's
        configuration, and adds its own lines to the packages it reads"""
        pool = Pool()
        ModelAccess = pool.get('ir.model.access')
        home = HOMES[login]
        # Before the deletes: Tryton skips the records a refused delete
        # named when they are deleted again in the same transaction
        self.check_package_lines(login, label)
        for model, (_, _, values) in MODELS.items():
            if values is None:
                continue  # see test_services_changed_at_home
            Model = pool.get(model)
            may_write = ModelAccess.check(
                model, 'write', raise_exception=False)
            for owner in owners:
                ids = self.ids(model, owner)
                shown = self.shown(model, owner, login)
                text = '%s %s of %s' % (label, model, owner)
                if owner == home:
                    if shown:
                        self.check(text + ' write own', may_write,
                            not self.refused(Model.write,
                                Model.browse(shown[:1]), values))
                    continue
                if not ids:
                    continue
                # All of them, and one read and one not read alone
                hidden = [i for i in ids if i not in shown]
                samples = [ids] + [
                    s for s in (shown[:1], hidden[:1]) if s and s != ids]
                self.check(text + ' write', [], [
                        s for s in samples if not self.refused(
                            Model.write, Model.browse(s), values)])
                self.check(text + ' delete', [], [
                        s for s in samples if not self.refused(
                            Model.delete, Model.browse(s))
                        and not all(self.exists(model, i) for i in s)])

    def check_package_lines(self, login, label):
        "A company adds its lines to a package it reads, removes only them"
        pool = Pool()
        Package = pool.get('clinic.service.package')
        ModelAccess = pool.get('ir.model.access')
        may_write = ModelAccess.check(
            'clinic.service.package', 'write', raise_exception=False)
        home = HOMES[login]
        chains = self.probes['clinic.service.package', 'lines.service']
        for package_id, lines in sorted(chains.items()):
            owner = self.records['clinic.service.package'][package_id][0]
            text = '%s package %s of %s' % (label, package_id, owner)
            shown = self.visible('clinic.service.package', package_id, login)
            # a service of the package's company: read where it is
            _, (_, service) = next(
                c for c in lines
                if self.records['product.product'][c[1][1]][0] == owner)
            self.check(text + ' add own line', shown and may_write,
                not self.refused(Package.write, [Package(package_id)], {
                        'lines': [('create', [{
                                        'service': service,
                                        'quantity': 1,
                                        }])],
                        }))
            others = [l for (_, l), _ in lines
                if self.records['clinic.service.package.line'][l][0] != home]
            self.check(text + " delete others' lines", [], [
                    l for l in others if not self.refused(
                        Package.write, [Package(package_id)], {
                            'lines': [('delete', [l])]})
                    and not self.exists('clinic.service.package.line', l)])

    def check_rpc(self, login, owners, label):
        "Read by id over JSON-RPC, as a client that knows the ids"
        if login not in self.rpc:
            self.rpc[login] = JsonRpc(login)
        rpc = self.rpc[login]
        for model in RPC_MODELS:
            ids = [i for o in owners for i in self.ids(model, o)]
            shown = [i for i in ids if self.visible(model, i, login)]
            hidden = [i for i in ids if i not in shown]
            # Those read, then all those not read and one alone
            self.check('%s %s rpc read' % (label, model),
                [bool(shown), False, False], [
                    self.rpc_reads(rpc, model, shown),
                    self.rpc_reads(rpc, model, hidden),
                    self.rpc_reads(rpc, model, hidden[:1])])
        packages = [i for i in self.records['clinic.service.package']
            if self.visible('clinic.service.package', i, login)]
        listed = self.lists['clinic.service.package', ('lines',)]
        self.check(label + ' rpc read package lines', {
                i: [l for l in listed[i]
                    if self.visible('clinic.service.package.line', l, login)]
                for i in packages}, {
                r['id']: sorted(r['lines']) for r in rpc.model(
                    'clinic.service.package', 'read', packages, ['lines'])}
            if packages else {})

    @staticmethod
    def rpc_reads(rpc, model, ids):
        if not ids:
            return False
        try:
            rpc.model(model, 'read', ids, ['rec_name'])
        except RpcError:
            return False
        return True

    @staticmethod
    def exists(model, id_):
        with without_check_access():
            return bool(Pool().get(model).search([('id', '=', id_)]))

    @staticmethod
    def refused(method, *args, strict=False):
        """Whether the sharing refuses the change (strict: any other error
        is no refusal)"""
        try:
            method(*args)
        except REFUSALS:
            return True
        except UserError:
            if not strict:
                raise
        return False

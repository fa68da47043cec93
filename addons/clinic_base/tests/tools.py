# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Helpers for the tests of the clinic modules"
from trytond.pool import Pool


def create_franchise(name="Franchise", clinics=("Madrid", "Barcelona")):
    "Return a franchise, its central and its clinics"
    pool = Pool()
    Franchise = pool.get('clinic.franchise')
    Company = pool.get('company.company')
    Currency = pool.get('currency.currency')
    Party = pool.get('party.party')
    currency, = Currency.search([('code', '=', 'EUR')]) or Currency.create(
        [{'name': "Euro", 'code': 'EUR', 'symbol': '€'}])
    franchise, = Franchise.create([{'name': name}])

    def company(party_name, role, prefix=None):
        party, = Party.create([{'name': party_name}])
        return Company.create([{
                    'party': party.id, 'currency': currency.id,
                    'franchise': franchise.id, 'clinic_role': role,
                    'history_prefix': prefix,
                    }])[0]
    central = company("Central " + name, 'central')
    franchise.central = central
    franchise.save()
    return franchise, central, [
        company("%s %s" % (name, c), 'clinic', c[:3].upper())
        for c in clinics]


def create_user(login, companies, company):
    User = Pool().get('res.user')
    user, = User.create([{
                'login': login, 'name': login,
                'companies': [('add', [c.id for c in companies])],
                'company': company.id,
                }])
    return user


def share(clinic, category, central=False, clinics=False):
    Policy = Pool().get('clinic.sharing.policy')
    policy, = Policy.search([
            ('company', '=', clinic.id), ('category', '=', category)])
    policy.share_central, policy.share_clinics = central, clinics
    policy.save()

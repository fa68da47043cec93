# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Helpers for the proteus scenarios: a franchise and its users, as a client"
from proteus import Model
from trytond.modules.currency.tests.tools import get_currency


def get_spain():
    "Return Spain: the country of the clinics' addresses and phones"
    Country = Model.get('country.country')
    spain = Country.find([('code', '=', 'ES')])
    if not spain:
        spain = [Country(name="Spain", code='ES')]
        spain[0].save()
    return spain[0]


def new_company(name, role, franchise, prefix=None):
    "Return a company of the franchise: a 'central' or a 'clinic'"
    Company = Model.get('company.company')
    Party = Model.get('party.party')
    party = Party(name=name)
    party.addresses[0].country = get_spain()
    party.save()
    company = Company(party=party, currency=get_currency('EUR'))
    company.franchise = franchise
    company.clinic_role = role
    company.history_prefix = prefix
    company.save()
    return company


def new_franchise(name, clinics, mode='dataless'):
    """Return a franchise with its central and clinics, from (name, prefix)
    pairs"""
    Franchise = Model.get('clinic.franchise')
    franchise = Franchise(name=name, mode=mode)
    franchise.save()
    central = new_company("Central " + name, 'central', franchise)
    franchise.central = central
    franchise.save()
    return franchise, central, [
        new_company(clinic, 'clinic', franchise, prefix)
        for clinic, prefix in clinics]


def group(name):
    "Return the group named name"
    Group = Model.get('res.group')
    group, = Group.find([('name', '=', name)])
    return group


def new_user(login, companies, company, *groups, employee=None):
    """Return a user of the companies, working in company, in the groups
    (by name); employee names the user's employee in company"""
    User = Model.get('res.user')
    Company = Model.get('company.company')
    Employee = Model.get('company.employee')
    Party = Model.get('party.party')
    user = User(login=login, name=login)
    user.companies.extend([Company(c.id) for c in companies])
    user.company = Company(company.id)
    user.groups.extend([group(g) for g in groups])
    if employee:
        party = Party(name=employee)
        party.save()
        staff = Employee(party=party, company=Company(company.id))
        staff.save()
        user.employees.append(staff)
        user.employee = staff
    user.save()
    return user


def set_policy(company, category, central=False, clinics=False):
    "Set what company shares of category (as a franchise administrator)"
    Policy = Model.get('clinic.sharing.policy')
    policy, = Policy.find([
            ('company', '=', company.id), ('category', '=', category)])
    policy.share_central = central
    policy.share_clinics = clinics
    policy.save()

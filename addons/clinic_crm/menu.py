# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction


class Menu(metaclass=PoolMeta):
    __name__ = 'ir.ui.menu'

    @classmethod
    def search(cls, domain, *args, **kwargs):
        """No CRM menu in a clinic without the CRM (for the user, as Tryton
        filters the menus of other groups)"""
        pool = Pool()
        Company = pool.get('company.company')
        ModelData = pool.get('ir.model.data')
        if Transaction().check_access and not Company.current_has_crm():
            crm = ModelData.get_id('clinic_crm', 'menu_crm')
            domain = [domain, ('id', '!=', crm), ['OR',
                    ('parent', '=', None),
                    ('parent', 'not child_of', [crm]),
                    ]]
        return super().search(domain, *args, **kwargs)

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase
from trytond.transaction import Transaction

from clinic_base.tests.company import ClinicCompanyTestMixin
from clinic_base.tests.tools import with_transaction


class ClinicDentalTestCase(ClinicCompanyTestMixin, ModuleTestCase):
    "Test the dental module"
    module = 'clinic_dental'

    @with_transaction()
    def test_wizards(self):
        """The wizards are well defined, run by a practitioner: Plan
        Treatment is for those who chart"""
        pool = Pool()
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        User.write([User(Transaction().user)], {
                'groups': [('add', [ModelData.get_id(
                                'clinic_base', 'group_practitioner')])],
                })
        super().test_wizards.__wrapped__(self)


del ModuleTestCase

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.modules.company.tests import CompanyTestMixin
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase
from trytond.transaction import Transaction

from clinic_base.tests.tools import with_transaction


class ClinicDentalTestCase(CompanyTestMixin, ModuleTestCase):
    "Test the dental module"
    module = 'clinic_dental'

    @with_transaction()
    def test_company_multivalue_context(self):
        """A finding reads its patient and its service in its clinic's
        context"""
        # The mixin's test also walks party.party, which this module extends
        # (with the dental tab): party.company names the clinic that
        # registered the contact, not the company of its multivalues (see
        # clinic_base's test).
        Finding = Pool().get('clinic.dental.finding')
        for name in ['patient', 'service']:
            self.assertIn('company', Finding._fields[name].context)

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

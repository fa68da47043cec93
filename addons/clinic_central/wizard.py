# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.i18n import gettext
from trytond.pool import Pool
from trytond.transaction import Transaction
from trytond.wizard import StateTransition, Wizard

from .exceptions import EnterClinicError


class BackToCentral(Wizard):
    "Leave the clinic and work as the central again"
    __name__ = 'clinic.back_to_central'
    start_state = 'switch'
    switch = StateTransition()

    def transition_switch(self):
        pool = Pool()
        User = pool.get('res.user')
        user = User(Transaction().user)
        User.switch_company(self.central_of(user))
        return 'end'

    @staticmethod
    def central_of(user):
        centrals = [
            c for c in user.companies if c.clinic_role == 'central']
        if user.company and user.company.franchise:
            centrals = [
                c for c in centrals if c.franchise == user.company.franchise
                ] or centrals
        if not centrals:
            raise EnterClinicError(gettext(
                    'clinic_central.msg_no_central',
                    user=user.rec_name))
        return centrals[0]

    def end(self):
        return 'reload menu'

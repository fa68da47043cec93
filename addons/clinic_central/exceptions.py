# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.exceptions import UserError


class EnterClinicError(UserError):
    pass


class GestoriaClinicError(UserError):
    "The accountant's export asked for a clinic that does not share invoices"
    pass

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.model import DeactivableMixin, ModelSQL, ModelView, fields

from .sharing import SharedConfiguration


class Specialty(SharedConfiguration, DeactivableMixin, ModelSQL, ModelView):
    "A medical specialty: dentistry, orthodontics, aesthetics..."
    __name__ = 'clinic.specialty'

    name = fields.Char("Name", required=True)
    code = fields.Char("Code", strip=True)
    services = fields.One2Many(
        'product.template', 'specialty', "Services", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('name', 'ASC'), ('id', 'ASC')]

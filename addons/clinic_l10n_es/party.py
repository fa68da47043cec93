# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Spanish tax ids: say why a NIF, NIE, CIF or DNI does not validate"
import stdnum.exceptions
from stdnum import get_cc_module

from trytond.i18n import gettext
from trytond.modules.party.exceptions import InvalidIdentifierCode
from trytond.pool import PoolMeta

# Tryton 8.0 names the NIF es_vat (es_nif is its former alias)
SPANISH_TYPES = {'es_vat', 'es_nif', 'es_nie', 'es_cif', 'es_dni'}


class Identifier(metaclass=PoolMeta):
    __name__ = 'party.identifier'

    def check_code(self):
        "Explain what is wrong with a Spanish tax id, then check as party"
        if self.type in SPANISH_TYPES and self.code:
            module = get_cc_module(*self.type.split('_', 1))
            try:
                module.validate(self.code)
            except stdnum.exceptions.ValidationError as exception:
                if isinstance(exception, stdnum.exceptions.InvalidChecksum):
                    reason = 'msg_spanish_identifier_checksum'
                elif isinstance(exception, stdnum.exceptions.InvalidLength):
                    reason = 'msg_spanish_identifier_length'
                else:
                    reason = 'msg_spanish_identifier_format'
                raise InvalidIdentifierCode(gettext(
                        'clinic_l10n_es.msg_spanish_identifier_invalid',
                        type=self.type_string,
                        code=self.code,
                        reason=gettext('clinic_l10n_es.' + reason)))
        super().check_code()

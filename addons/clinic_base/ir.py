# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from .exceptions import UnknownReferenceError


class Rule(metaclass=PoolMeta):
    __name__ = 'ir.rule'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.domain.help += (
            '\n- "own_companies" as list of ids of the companies the user '
            'works for (writes stay there)'
            '\n- "franchises" as list of ids of the user\'s franchises'
            '\n- "franchise_parties" as list of ids of the parties of the '
            'franchises\' companies'
            '\n- "shared_companies" as dictionary of the companies whose '
            'records the user reads, per kind of data')

    @classmethod
    def _get_cache_key(cls, model_names):
        context = Transaction().context
        key = super()._get_cache_key(model_names)
        return (*key, context.get('company'), context.get('_contacts_only'))

    @classmethod
    def _get_context(cls, model_name):
        pool = Pool()
        User = pool.get('res.user')
        Sharing = pool.get('clinic.sharing.policy')
        context = super()._get_context(model_name)
        own = context.get('companies', User.get_companies())
        context['own_companies'] = list(own)
        context['franchises'] = Sharing.franchises()
        category = getattr(pool.get(model_name), '_sharing_category', None)
        if category:
            context['companies'] = Sharing.readable_companies(category)
        if model_name in {'party.party', 'party.contact_mechanism'}:
            context['franchise_parties'] = Sharing.franchise_parties()
            # (_contacts_only: the parties the user reads as contacts, not
            # through a shared document)
            contacts_only = Transaction().context.get('_contacts_only')
            context['shared_companies'] = {
                c: [] if contacts_only else Sharing.party_opening_companies(c)
                for c in Sharing.document_categories()}
            context['shared_companies']['configuration'] = (
                Sharing.readable_companies('configuration'))
        return context


class ModelData(metaclass=PoolMeta):
    __name__ = 'ir.model.data'

    @classmethod
    def get_id(cls, module, fs_id=None):
        """An XML id that names no record is refused with a user error
        (clients call it), a KeyError still for Tryton's code that tries
        one"""
        if fs_id is None and '.' not in module:
            raise cls.unknown_reference(module)
        try:
            return super().get_id(module, fs_id)
        except KeyError:
            if (module, fs_id) == UNKNOWN_REFERENCE:
                # the message itself, before clinic_base's are loaded
                raise
            raise cls.unknown_reference(
                module if fs_id is None else f'{module}.{fs_id}')

    @classmethod
    def unknown_reference(cls, reference):
        return UnknownReferenceError(gettext(
                '.'.join(UNKNOWN_REFERENCE), reference=reference))


UNKNOWN_REFERENCE = ('clinic_base', 'msg_reference_unknown')


class SessionWizard(metaclass=PoolMeta):
    __name__ = 'ir.session.wizard'

    shown_views = fields.Char(
        "Views Shown",
        help="The states whose views the wizard showed, space separated: "
        "the only ones whose values a call may send.")

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Clinical history numbers: one per patient and clinic.

Each clinic numbers its patients from its own sequence. The number is shown
with the clinic's prefix (``MAD-000123``) so that a list of several clinics'
patients tells them apart; the same person treated in two clinics is one
party with one number in each.
"""
from itertools import chain

from sql import Column, NullsFirst, Union
from sql.conditionals import Coalesce

from trytond import backend
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval, Id
from trytond.tools import grouped_slice
from trytond.transaction import Transaction, without_check_access

from .sharing import SharedByPolicy


class HistoryNumber(SharedByPolicy, ModelSQL, ModelView):
    "A patient's clinical history number in one clinic"
    __name__ = 'clinic.patient.number'
    _rec_name = 'code'
    _sharing_category = 'contacts'

    party = fields.Many2One(
        'party.party', "Patient", required=True, ondelete='CASCADE',
        context={
            'company': Eval('company', -1),
            },
        depends={'company'})
    company = fields.Many2One(
        'company.company', "Clinic", required=True, ondelete='RESTRICT',
        domain=[('clinic_role', '=', 'clinic')])
    number = fields.Char(
        "Number", strip=True,
        states={
            # empty only until created: it takes the clinic's next number
            'required': Eval('id', -1) >= 0,
            },
        help="Leave empty to take the clinic's next number.")
    code = fields.Char(
        "History Number", readonly=True,
        help="The number with the clinic's prefix.")

    phone = fields.Function(
        fields.Char("Phone"), 'get_party_contact')
    identifier = fields.Function(
        fields.Char("ID Number"), 'get_party_contact')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('company_number_unique', Unique(t, t.company, t.number),
                'clinic_base.msg_history_number_unique'),
            ('party_company_unique', Unique(t, t.party, t.company),
                'clinic_base.msg_history_number_one_per_clinic'),
            ]
        cls._sql_indexes.update({
                Index(t, (t.code, Index.Similarity())),
                Index(t, (Coalesce(t.number, ''), Index.Similarity())),
                Index(t, (t.party, Index.Range())),
                })
        cls._order = [('company', 'ASC'), ('number', 'ASC'), ('id', 'ASC')]

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def preprocess_values(cls, mode, values):
        pool = Pool()
        Company = pool.get('company.company')
        values = super().preprocess_values(mode, values)
        if mode == 'create' and values.get('company') is not None:
            company = Company(values['company'])
            if not values.get('number'):
                values['number'] = company.next_history_number()
            values['code'] = company.history_code(values['number'])
        return values

    @classmethod
    def on_modification(cls, mode, numbers, field_names=None):
        super().on_modification(mode, numbers, field_names=field_names)
        if mode == 'write' and field_names & {'number', 'company'}:
            cls.update_codes(numbers)

    @classmethod
    def update_codes(cls, numbers):
        "Show the numbers with their clinic's current prefix"
        for number in numbers:
            number.code = number.company.history_code(number.number)
        cls.save(numbers)

    @classmethod
    def get_party_contact(cls, numbers, names):
        """The patients' phone (else mobile) and national id (else their
        first id), as the contact list shows them: one query for the page's
        phones and one for its ids"""
        parties = {n.party.id for n in numbers}
        result = {}
        if 'phone' in names:
            phones = first_contacts(parties, ['phone', 'mobile'])
            result['phone'] = {n.id: (
                    phones.get((n.party.id, 'phone'))
                    or phones.get((n.party.id, 'mobile')))
                for n in numbers}
        if 'identifier' in names:
            identifiers = first_identifiers(parties)
            result['identifier'] = {
                n.id: identifiers.get(n.party.id) for n in numbers}
        return result

    @classmethod
    def search_rec_name(cls, name, clause):
        """By history number, or by the patient's name, id, phone or e-mail.

        A text is searched as a union of indexed queries: the numbers whose
        code or number match, and those whose patient matches. The queries
        skip the rules (searchers run without access checks): the search
        applies the number's rules to what they find, and the rules that
        open a number open its patient, ids and phones too (the same
        'contacts' policy), so nothing hidden is searched."""
        pool = Pool()
        Party = pool.get('party.party')
        _, operator, value, *_ = clause
        if operator not in {'like', 'ilike'} or not isinstance(value, str):
            return [('code', operator, value)]
        number = cls.__table__()
        by_number = cls.search(['OR',
                ('code', operator, value),
                ('number', operator, value),
                ], order=[], query=True)
        patients = Party.search(
            [('rec_name', operator, value)], order=[], query=True)
        by_patient = number.select(
            number.id, where=number.party.in_(patients))
        return [('id', 'in', Union(by_number, by_patient))]


def first_contacts(parties, types):
    "Return the first value of each type of the parties' contact mechanisms"
    ContactMechanism = Pool().get('party.contact_mechanism')
    first = {}
    for party, type_, value in party_rows(ContactMechanism, parties,
            ['type', 'value'], lambda t: t.type.in_(types)):
        first.setdefault((party, type_), value)
    return first


def first_identifiers(parties):
    "Return the code of each party's tax identifier, else of its first one"
    pool = Pool()
    Party = pool.get('party.party')
    Identifier = pool.get('party.identifier')
    tax_types = set(Party.tax_identifier_types())
    tax, first = {}, {}
    for party, type_, code in party_rows(
            Identifier, parties, ['type', 'code']):
        first.setdefault(party, code)
        if type_ in tax_types:
            tax.setdefault(party, code)
    return {party: tax.get(party) or first[party] for party in first}


def party_rows(Model, parties, columns, where=None):
    """Yield (party, *columns) of the active records of the parties in
    Model (contact mechanisms, identifiers), in their order: the getters of
    a page read them in one query instead of loading every record"""
    table = Model.__table__()
    cursor = Transaction().connection.cursor()
    for sub_parties in grouped_slice(
            sorted(parties), backend.MAX_QUERY_PARAMS):
        condition = (
            fields.SQL_OPERATORS['in'](table.party, list(sub_parties))
            & table.active)
        if where is not None:
            condition &= where(table)
        cursor.execute(*table.select(
                table.party, *(Column(table, c) for c in columns),
                where=condition,
                order_by=[NullsFirst(table.sequence), table.id]))
        yield from cursor


class Company(metaclass=PoolMeta):
    "A clinic numbers its patients' histories from its own sequence"
    __name__ = 'company.company'

    history_sequence = fields.Many2One(
        'ir.sequence', "History Sequence", ondelete='RESTRICT',
        domain=[
            ('sequence_type', '=', Id('clinic_base', 'sequence_type_history')),
            ('company', '=', Eval('id', -1)),
            ],
        states={
            'invisible': Eval('clinic_role') != 'clinic',
            },
        help="The sequence of the clinic's clinical history numbers: "
        "created with the clinic.")

    def next_history_number(self):
        "Return the clinic's next clinical history number"
        with without_check_access():
            if not self.history_sequence:
                self.create_history_sequence()
            return self.history_sequence.get()

    def create_history_sequence(self):
        "Give the clinic its sequence, once, whoever asks first"
        self.__class__.lock([self])
        company = self.__class__(self.id)
        self.__class__.create_history_sequences([company])
        self.history_sequence = company.history_sequence

    @classmethod
    def create_history_sequences(cls, companies):
        "Give each of companies without one its history sequence"
        pool = Pool()
        Sequence = pool.get('ir.sequence')
        ModelData = pool.get('ir.model.data')
        clinics = [c for c in companies if not c.history_sequence]
        if not clinics:
            return
        sequences = Sequence.create([{
                    'name': gettext('clinic_base.msg_history_sequence_name',
                        company=c.rec_name),
                    'sequence_type': ModelData.get_id(
                        'clinic_base', 'sequence_type_history'),
                    'company': c.id,
                    'padding': 6,
                    } for c in clinics])
        cls.write(*chain.from_iterable(
                ([c], {'history_sequence': s.id})
                for c, s in zip(clinics, sequences)))

    def history_code(self, number):
        "Return number with the clinic's prefix"
        if self.history_prefix:
            return '%s-%s' % (self.history_prefix, number)
        return number

    @classmethod
    def on_modification(cls, mode, companies, field_names=None):
        pool = Pool()
        HistoryNumber = pool.get('clinic.patient.number')
        super().on_modification(mode, companies, field_names=field_names)
        if mode == 'create' or 'clinic_role' in (field_names or ()):
            # Before the clinic's front desks race for its first numbers
            with without_check_access():
                cls.create_history_sequences(
                    [c for c in companies if c.clinic_role == 'clinic'])
        if mode == 'write' and 'history_prefix' in (field_names or ()):
            with without_check_access():
                HistoryNumber.update_codes(HistoryNumber.search([
                            ('company', 'in', [c.id for c in companies]),
                            ]))

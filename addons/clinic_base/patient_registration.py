# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Registering a patient at the front desk, without duplicates.

The receptionist types the name, the national id and a phone. When the id or
the phone already belongs to a patient the user can see (in this clinic or
in another that shares its patients), the wizard offers that patient: the
clinic gives it its own history number instead of creating a second party.
"""
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction, check_access
from trytond.wizard import (
    Button, StateAction, StateTransition, StateView, Wizard)

from stdnum import get_cc_module

from .exceptions import RegistrationError

ID_TYPES = [
    (None, ""),
    ('es_dni', "DNI"),
    ('es_nie', "NIE"),
    ]


def compact_identifier(type_, code):
    "Return code as Tryton stores it compact for its type"
    if not code:
        return None
    if type_:
        module = get_cc_module(*type_.split('_', 1))
        if module:
            return module.compact(code)
    return code.strip().upper()


def compact_contact(type_, value):
    """Return value as Tryton stores it compact for type_: a phone typed
    without its country prefix is one of the clinic's country"""
    if not value:
        return None
    ContactMechanism = Pool().get('party.contact_mechanism')
    return ContactMechanism(type=type_).format_value_compact(
        value=value.strip(), type_=type_)


def parties_matching(codes, contacts, domain=None):
    """Return the parties the user reads with one of the compact identifier
    codes or contact values (and in domain)"""
    Party = Pool().get('party.party')
    codes = [c for c in codes if c]
    contacts = [c for c in contacts if c]
    clauses = []
    if codes:
        clauses.append(('identifiers.code_compact', 'in', codes))
    if contacts:
        clauses.append(('contact_mechanisms.value_compact', 'in', contacts))
    if not clauses:
        return []
    # a wizard runs without the access checks: the parties offered are
    # those the user reads
    with check_access():
        return Party.search(
            [['OR', *clauses], *([domain] if domain else [])],
            order=[('name', 'ASC')])


class RegisterStart(ModelView):
    "Register a patient"
    __name__ = 'clinic.patient.register.start'

    name = fields.Char("Name", required=True, strip=True)
    identifier_type = fields.Selection(ID_TYPES, "ID Type", sort=False)
    identifier_code = fields.Char(
        "ID Number",
        states={
            'required': Eval('identifier_type', None) != None,  # noqa: E711
            })
    mobile = fields.Char("Mobile")
    email = fields.Char("E-mail")
    birth_date = fields.Date("Birth Date")

    def duplicates(self):
        "Return the patients the user sees with the same id or phone"
        code = compact_identifier(self.identifier_type, self.identifier_code)
        contacts = [compact_contact(t, getattr(self, t))
            for t in ('mobile', 'email')]
        return parties_matching([code], contacts)

    def party_values(self):
        "Return the values of a new party"
        values = {
            'name': self.name,
            'birth_date': self.birth_date,
            }
        if self.identifier_code:
            values['identifiers'] = [('create', [{
                            'type': self.identifier_type,
                            'code': self.identifier_code,
                            }])]
        mechanisms = [
            {'type': type_, 'value': value}
            for type_, value in [
                ('mobile', self.mobile), ('email', self.email)]
            if value]
        if mechanisms:
            values['contact_mechanisms'] = [('create', mechanisms)]
        return values


class RegisterMatches(ModelView):
    "Patients already registered"
    __name__ = 'clinic.patient.register.matches'

    matches = fields.Many2Many(
        'party.party', None, None, "Patients With the Same ID or Phone",
        readonly=True)
    patient = fields.Many2One(
        'party.party', "Patient",
        domain=[('id', 'in', Eval('matches', []))],
        help="The patient to register in this clinic.")


class OffersMatches:
    """A wizard that offers, in its state 'matches', the patients of the
    same id or phone (the one selected when alone)"""

    def offer(self, matches):
        "Keep the matches to offer; tell whether there are any"
        self.matches.matches = matches
        self.matches.patient = matches[0] if len(matches) == 1 else None
        return bool(matches)

    def default_matches(self, fields):
        return {
            'matches': [p.id for p in self.matches.matches],
            'patient': self.matches.patient.id
            if self.matches.patient else None,
            }


class Register(OffersMatches, Wizard):
    "Register a patient"
    __name__ = 'clinic.patient.register'

    start = StateView(
        'clinic.patient.register.start',
        'clinic_base.patient_register_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Register", 'find', 'tryton-ok', default=True),
            ])
    find = StateTransition()
    matches = StateView(
        'clinic.patient.register.matches',
        'clinic_base.patient_register_matches_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Create New Patient", 'create_', 'tryton-add'),
            Button("Register Selected", 'existing', 'tryton-ok',
                default=True, validate=True,
                states={
                    'readonly': ~Eval('patient'),
                    }),
            ])
    create_ = StateTransition()
    existing = StateTransition()
    open_ = StateAction('clinic_base.act_patient')

    def transition_find(self):
        return 'matches' if self.offer(self.start.duplicates()) else 'create_'

    def transition_create_(self):
        pool = Pool()
        Party = pool.get('party.party')
        party, = Party.create([self.start.party_values()])
        self.give_number(party)
        return 'open_'

    def transition_existing(self):
        party = self.matches.patient
        if not party:
            raise RegistrationError(gettext(
                    'clinic_base.msg_register_no_patient'))
        if party.birth_date is None and self.start.birth_date:
            party.birth_date = self.start.birth_date
            party.save()
        self.give_number(party)
        return 'open_'

    def give_number(self, party):
        "Give the party a history number in the current clinic"
        pool = Pool()
        HistoryNumber = pool.get('clinic.patient.number')
        company = Transaction().context.get('company')
        if not HistoryNumber.search([
                    ('party', '=', party.id),
                    ('company', '=', company),
                    ]):
            HistoryNumber.create([{'party': party.id, 'company': company}])
        self.patient_id = party.id

    def do_open_(self, action):
        action['res_id'] = [self.patient_id]
        action['views'].reverse()
        return action, {}

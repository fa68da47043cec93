# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Qualifying a lead: the person becomes a patient of the clinic.

The lead is already a party: qualifying gives it the clinic's history
number, nothing is typed again, and its requests and activities stay with
it. Its requests still leads become Tryton opportunities (the lead is
qualified). Where the lead's DNI/NIE, phone or e-mail already belongs to a
patient the user sees, the wizard offers that patient, as the front desk's
registration does: the lead is then replaced by the patient (Tryton's party
replacement moves its requests, activities and contacts), so that no
duplicate is made. Either way the wizard ends in Find a Free Slot for the
patient's first appointment.
"""
from trytond.i18n import gettext
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction
from trytond.wizard import (
    Button, StateAction, StateTransition, StateView, Wizard)

from clinic_base.patient_registration import OffersMatches

from .exceptions import QualifyError


class Qualify(OffersMatches, Wizard):
    "Qualify a lead into a patient"
    __name__ = 'clinic.crm.lead.qualify'

    start = StateTransition()
    matches = StateView(
        'clinic.patient.register.matches',
        'clinic_base.patient_register_matches_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Qualify as a New Patient", 'qualify', 'tryton-add'),
            Button("Same Person as the Selected Patient", 'merge',
                'tryton-ok', default=True, validate=True,
                states={
                    'readonly': ~Eval('patient'),
                    }),
            ])
    qualify = StateTransition()
    merge = StateTransition()
    first_appointment = StateAction('clinic_agenda.wizard_find_slot')

    def transition_start(self):
        lead = self.record
        lead.check_qualifiable()
        return 'matches' if self.offer(lead.patients_matching()) else 'qualify'

    def transition_qualify(self):
        self.record.make_patient()
        self.patient_id = self.record.id
        return 'first_appointment'

    def transition_merge(self):
        lead, patient = self.record, self.matches.patient
        if not patient or patient not in self.matches.matches:
            raise QualifyError(gettext(
                    'clinic_base.msg_register_no_patient'))
        lead.replace_with(patient)
        patient.make_patient(lead.lead_company)
        self.patient_id = patient.id
        return 'first_appointment'

    def do_first_appointment(self, action):
        "Find a Free Slot, for the patient"
        return action, {
            'model': 'party.party',
            'id': self.patient_id,
            'ids': [self.patient_id],
            }


def opportunities_of(requests):
    """Make the requests still leads Tryton opportunities (the lead is
    qualified), each with its employee or the user's in its clinic (an
    opportunity has one); one without stays a lead"""
    pool = Pool()
    Request = pool.get('sale.opportunity')
    User = pool.get('res.user')
    user = User(Transaction().user)
    qualified = []
    for request in requests:
        if request.state != 'lead':
            continue
        if not request.employee:
            request.employee = next((e for e in user.employees
                    if e.company == request.company), None)
        if request.employee:
            qualified.append(request)
    Request.save(qualified)
    Request.opportunity(qualified)

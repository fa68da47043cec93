# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Practitioners: the employees of a clinic who see patients.

A practitioner has specialties and weekly working hours in their clinic. In
Tryton an employee belongs to one company, so a person who works in two
clinics is one party with an employee in each, each with its own hours.
"""
from trytond.model import ModelSQL, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval

from .schedule import clinic_timezone, within_hours

PRACTITIONER_ONLY = {
    'invisible': ~Eval('practitioner', False),
    }


class Employee(metaclass=PoolMeta):
    __name__ = 'company.employee'

    practitioner = fields.Boolean(
        "Practitioner",
        help="Sees patients: the agenda books appointments with them.")
    specialties = fields.Many2Many(
        'company.employee-clinic.specialty', 'employee', 'specialty',
        "Specialties", states=PRACTITIONER_ONLY,
        help="The services of these specialties are booked with them.")
    schedules = fields.One2Many(
        'clinic.schedule', 'employee', "Working Hours",
        states=PRACTITIONER_ONLY,
        help="Their weekly hours in this clinic.")
    absences = fields.One2Many(
        'clinic.schedule.exception', 'employee', "Leave",
        states=PRACTITIONER_ONLY,
        help="The days or hours they do not work though the week says so.")

    @classmethod
    def default_practitioner(cls):
        return False

    def has_specialty(self, specialty):
        "Tell whether the practitioner practises specialty"
        return specialty in self.specialties

    def works_during(self, start, end):
        """Tell whether the UTC interval [start, end) is within the
        practitioner's weekly hours in their clinic"""
        Schedule = Pool().get('clinic.schedule')
        return within_hours(start, end, Schedule.hours_of(self),
            clinic_timezone(self.company))

    def absences_during(self, start, end):
        """Return the exceptions (their leave, the clinic's closures) that
        overlap the UTC interval [start, end)"""
        Exception_ = Pool().get('clinic.schedule.exception')
        return Exception_.during(self.company, self, start, end)


class EmployeeSpecialty(ModelSQL):
    "A specialty that a practitioner practises"
    __name__ = 'company.employee-clinic.specialty'

    employee = fields.Many2One(
        'company.employee', "Practitioner", required=True,
        ondelete='CASCADE')
    specialty = fields.Many2One(
        'clinic.specialty', "Specialty", required=True, ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('employee')

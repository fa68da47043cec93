# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.exceptions import UserError, UserWarning
from trytond.model.exceptions import ValidationError


class ScheduleError(ValidationError):
    pass


class AppointmentError(ValidationError):
    pass


class DoubleBookingError(AppointmentError):
    pass


class OutsideWorkingHoursWarning(UserWarning):
    pass


class AvailabilityError(UserError):
    "A search of free slots that cannot find any, or a booking of none"
    pass

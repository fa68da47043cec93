# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Who looked: reads of a clinic's confidential data from elsewhere.

Opening another clinic's clinical history entry or downloading another
clinic's patient document leaves a line (user, their company, record, time)
that the clinic owning the data lists.
"""
import datetime as dt

from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.transaction import Transaction, without_check_access


class AccessLog(ModelSQL, ModelView):
    "A read of a clinic's confidential data by a user of another company"
    __name__ = 'clinic.access.log'

    company = fields.Many2One(
        'company.company', "Clinic", required=True, readonly=True,
        ondelete='CASCADE', help="The clinic whose data was read.")
    user = fields.Many2One(
        'res.user', "User", required=True, readonly=True,
        ondelete='CASCADE')
    user_company = fields.Many2One(
        'company.company', "From", readonly=True, ondelete='SET NULL',
        help="The company the user was working in.")
    resource = fields.Reference(
        "Record", selection='get_resources', required=True, readonly=True)
    patient = fields.Many2One(
        'party.party', "Patient", readonly=True, ondelete='CASCADE')
    read_at = fields.Timestamp("Read At", required=True, readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('read_at', 'DESC'), ('id', 'DESC')]

    @classmethod
    def get_resources(cls):
        pool = Pool()
        Model = pool.get('ir.model')
        names = ['clinic.history.entry', 'clinic.patient.document']
        return [(None, '')] + [
            (n, Model.get_name(n)) for n in names]

    @classmethod
    def log_reads(cls, records):
        """Log the reads of records (with company and party fields) kept by
        a company the user does not work for"""
        pool = Pool()
        User = pool.get('res.user')
        transaction = Transaction()
        if not transaction.user or not transaction.check_access:
            return
        own = set(User.get_companies())
        with without_check_access():
            foreign = [r for r in records if r.company.id not in own]
        if not foreign:
            return
        values = [{
                'company': r.company.id,
                'user': transaction.user,
                'user_company': transaction.context.get('company'),
                'resource': str(r),
                'patient': r.party.id,
                'read_at': dt.datetime.now(),
                } for r in foreign]
        if transaction.readonly:
            # A read runs in a read-only transaction: log beside it
            with transaction.new_transaction() as log_transaction, \
                    without_check_access():
                cls.create(values)
                log_transaction.commit()
        else:
            with without_check_access():
                cls.create(values)


class ReadsLogged:
    """Mixin for a clinic's confidential records (with company and party):
    a read of _logged_fields by a user of another company is logged"""
    __slots__ = ()
    _logged_fields = set()

    @classmethod
    def read(cls, ids, fields_names):
        pool = Pool()
        AccessLog = pool.get('clinic.access.log')
        rows = super().read(ids, fields_names)
        if cls._logged_fields & set(fields_names):
            AccessLog.log_reads(cls.browse(ids))
        return rows

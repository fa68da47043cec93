# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Who looked: reads of a clinic's confidential data from elsewhere.

Any read of another clinic's clinical content (a history entry, a dental
finding, a periodontal chart, a patient document: the models that mix in
``ReadsLogged``), whatever its fields, leaves a line (user, the company the
server has them work in, record, time) that the clinic owning the data
lists.
"""
import datetime as dt

from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access

# What the access checks read, and what tells nothing of the record
UNLOGGED_FIELDS = {'id', '_timestamp', '_write', '_delete'}


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
        'party.party', "Patient", readonly=True, ondelete='CASCADE',
        context={
            'company': Eval('company', -1),
            },
        depends={'company'})
    read_at = fields.Timestamp("Read At", required=True, readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('read_at', 'DESC'), ('id', 'DESC')]

    @classmethod
    def get_resources(cls):
        pool = Pool()
        Model = pool.get('ir.model')
        names = sorted(
            n for n, M in pool.iterobject() if issubclass(M, ReadsLogged))
        return [(None, '')] + [
            (n, Model.get_name(n)) for n in names]

    @classmethod
    def log_reads(cls, records):
        """Log the reads of records (ReadsLogged) kept by a company the user
        does not work for"""
        pool = Pool()
        User = pool.get('res.user')
        transaction = Transaction()
        if not transaction.user or not transaction.check_access:
            return
        own = set(User.get_companies())
        with transaction.reset_context(), without_check_access():
            # the company the user works in as the server keeps it (the
            # preferences keep it among the user's), not the client's word
            # (Tryton reads a user's company from the context)
            user_company = User(transaction.user).company
        with without_check_access():
            owners = {r.logged_owner() for r in records}
            values = [{
                    'company': company.id,
                    'user': transaction.user,
                    'user_company': user_company.id if user_company else None,
                    'resource': str(record),
                    'patient': party.id,
                    'read_at': dt.datetime.now(),
                    } for company, party, record in sorted(owners, key=str)
                if company.id not in own]
        if not values:
            return
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
    """Mixin for a clinic's confidential records: a read of any of their
    fields by a user of another company is logged (a read of their ids
    alone, as the access checks do, is not)"""
    __slots__ = ()

    @classmethod
    def read(cls, ids, fields_names):
        pool = Pool()
        AccessLog = pool.get('clinic.access.log')
        rows = super().read(ids, fields_names)
        if set(fields_names) - UNLOGGED_FIELDS:
            AccessLog.log_reads(cls.browse(ids))
        return rows

    def logged_owner(self):
        """Return the company that keeps the record, its patient and the
        record to log (default: its company and party)"""
        return self.company, self.party, self

# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Patient documents: consent forms, X-rays, reports, photos.

A document is a file of a patient kept by a clinic, with its type and date,
seen elsewhere only as the clinic's policy for documents says. Downloading
another clinic's document leaves a line in the access log.
"""
from trytond.config import config
from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .access_log import ReadsLogged
from .sharing import SharedByPolicy

STORE_PREFIX = config.get('attachment', 'store_prefix', default=None)


class PatientDocument(ReadsLogged, SharedByPolicy, ModelSQL, ModelView):
    "A document of a patient, kept by a clinic"
    __name__ = 'clinic.patient.document'
    _sharing_category = 'documents'
    # Reading the file is downloading it

    party = fields.Many2One(
        'party.party', "Patient", required=True, ondelete='CASCADE',
        context={
            'company': Eval('company', -1),
            },
        depends={'company'})
    company = fields.Many2One(
        'company.company', "Clinic", required=True, ondelete='RESTRICT',
        domain=[('clinic_role', '=', 'clinic')])
    document_type = fields.Many2One(
        'clinic.picklist.value', "Type", ondelete='RESTRICT',
        domain=[('picklist', '=', 'document_type')])
    date = fields.Date("Date", required=True)
    name = fields.Char("File Name", required=True, strip=True)
    data = fields.Binary(
        "File", filename='name', file_id='file_id',
        store_prefix=STORE_PREFIX)
    file_id = fields.Char("File ID", readonly=True)
    description = fields.Text("Description")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(t, (t.party, Index.Range()), (t.date, Index.Range())))
        cls._order = [('date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()


class Party(metaclass=PoolMeta):
    "The documents of a patient that the user reads"
    __name__ = 'party.party'

    documents = fields.One2Many(
        'clinic.patient.document', 'party', "Documents")

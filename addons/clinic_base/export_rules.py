# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Exports that stay within the record rules.

Tryton 8.0 checks the rules of exported records with its Python domain
evaluator, which lets paths ('party.company', 'company.franchise') and
'where' clauses pass, and writes out related records without their rules: a
user could export by id the records of a company whose rules hide them, or
the hidden records they point to. ``read_exported`` reads the records first,
where the database applies the rules in SQL to the records and to every
related record exported. The client's ``related_read_limit`` is unset for
that read: with 0 it would read no related row, and check none.

A refusal names the model exported, never the ids or names of what is
hidden.
"""
from trytond.i18n import gettext
from trytond.model.exceptions import AccessError
from trytond.transaction import Transaction


def read_exported(Model, records, fields_names):
    "Read what exporting fields_names of records writes out, under rules"
    try:
        with Transaction().set_context(related_read_limit=None):
            Model.read([r.id for r in records], export_paths(fields_names))
    except AccessError as error:
        raise AccessError(gettext('clinic_base.msg_export_hidden',
                model=Model.__names__()['model'])) from error


def export_paths(fields_names):
    "Turn export names ('party/name', 'state.string') into read names"
    def field(name):
        return name.split('.')[0].split(':')[0]
    return sorted({
            '.'.join(field(n) for n in name.split('/'))
            for name in fields_names})

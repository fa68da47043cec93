# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Exports that stay within the record rules.

Tryton 8.0 checks the rules of exported records with its Python domain
evaluator, which lets paths ('party.company', 'company.franchise') and
'where' clauses pass: a user could export by id the records of a company
whose rules hide them. ``ExportedWithinRules`` reads the records first, where
the database applies the rules in SQL to the records and to every related
record exported.
"""


class ExportedWithinRules:
    "Mixin for models whose rules go through relations or 'where' clauses"
    __slots__ = ()

    @classmethod
    def export_data(cls, records, fields_names, header=False):
        cls.read([r.id for r in records], export_paths(fields_names))
        return super().export_data(records, fields_names, header=header)


def export_paths(fields_names):
    "Turn export names ('party/name', 'state.string') into read names"
    def field(name):
        return name.split('.')[0].split(':')[0]
    return sorted({
            '.'.join(field(n) for n in name.split('/'))
            for name in fields_names})

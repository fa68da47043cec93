# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The columns every table query gives besides its own.

Tryton searches and orders the records of a table query (a report's rows)
by their create and write stamps like any other: a query without them
answered a search on ``write_uid`` with a database error. A report's rows
were written by nobody: ``stamp_columns`` gives them empty stamps.
"""
from sql import Literal

STAMPS = ['create_uid', 'create_date', 'write_uid', 'write_date']


def stamp_columns(Model):
    "Return the empty create and write stamps of Model's rows, typed"
    return [Model._fields[name].sql_cast(Literal(None)).as_(name)
        for name in STAMPS]

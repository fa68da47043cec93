# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Spanish accounting for clinics: the chart of accounts, IVA and IRPF taxes
with their AEAT keys, the tax codes of modelo 303 and 111, and the AEAT VAT
books (vat_book.py builds the rows, vat_book_export.py writes the CSV and
.xlsx, vat_book_wizard.py is the "VAT Book" wizard)."""

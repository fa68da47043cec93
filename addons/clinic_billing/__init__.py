# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""Billing for clinics: budgets are Tryton sale quotations (budget.py, with
their lines in budget_line.py), filled from packages (budget_package.py) and
from the odontogram's planned treatments (budget_treatment.py), accepted
line by line and invoiced at once or as the treatments are done. Payments
(payment.py) by payment method kind, partial or larger than due, the excess
kept as the patient's deposit; deposits taken before invoicing and recalled
on the later invoices (deposit.py, on Tryton's account_deposit). Each
clinic's daily cash box, its cash payments and its closing count
(cash_box.py, on Tryton's account_statement), each payment it counts shown
with its patient and invoice (cash_payment.py). Practitioners' commissions on
the services they did, settled per period (commission.py, on Tryton's
commission). Insured patients pay a co-payment, their insurer the rest on
its own invoice (insurer.py); installment plans are Tryton payment terms
(installment.xml)."""

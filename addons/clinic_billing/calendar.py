# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"""The money in the calendar of dated events (clinic_base's calendar): the
due dates of the posted invoices still to pay, one event for each
instalment unpaid, and the day each sent budget expires, among those the
user reads."""
from sql import Null
from sql.conditionals import Coalesce

from trytond.i18n import gettext
from trytond.pool import Pool, PoolMeta

from clinic_base.calendar import days_after, reference, source_ids

# Where the invoices and the budgets are among the sources of events
INVOICE_SLOT, BUDGET_SLOT = 4, 5


class CalendarEvent(metaclass=PoolMeta):
    __name__ = 'clinic.calendar.event'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.kind.selection.extend([
                ('invoice_due', "Invoice Due"),
                ('budget_expiry', "Budget Expires"),
                ])

    @classmethod
    def event_queries(cls):
        return super().event_queries() + [
            cls.invoice_due_query(), cls.budget_expiry_query()]

    @classmethod
    def invoice_due_query(cls):
        "The unpaid instalments of the patients' posted invoices"
        pool = Pool()
        Invoice = pool.get('account.invoice')
        Line = pool.get('account.move.line')
        invoices = source_ids(Invoice, [
                ('type', '=', 'out'), ('state', '=', 'posted')])
        if invoices is None:
            return None
        invoice, line = Invoice.__table__(), Line.__table__()
        return line.join(invoice, condition=(line.move == invoice.move)
            & (line.account == invoice.account)
            ).select(*cls.event_row(
                line, INVOICE_SLOT, date=line.maturity_date,
                kind='invoice_due', company=invoice.company,
                party=invoice.party, origin=reference(Invoice, invoice)),
            where=invoice.id.in_(invoices)
            & (line.maturity_date != Null)
            & (line.reconciliation == Null))

    @classmethod
    def budget_expiry_query(cls):
        "The day each sent budget expires, if it has a validity"
        Sale = Pool().get('sale.sale')
        budgets = source_ids(Sale, [
                ('state', '=', 'quotation'),
                ('quotation_validity', '!=', None)])
        if budgets is None:
            return None
        sale = Sale.__table__()
        return sale.select(*cls.event_row(
                sale, BUDGET_SLOT,
                date=days_after(Coalesce(sale.quotation_date, sale.sale_date),
                    sale.quotation_validity),
                kind='budget_expiry', company=sale.company, party=sale.party,
                origin=reference(Sale, sale)),
            where=sale.id.in_(budgets))

    @classmethod
    def origin_models(cls):
        return super().origin_models() + ['account.invoice', 'sale.sale']

    @classmethod
    def colors(cls):
        return {**super().colors(),
            'invoice_due': '#e53935', 'budget_expiry': '#43a047'}

    def get_name(self, name):
        if self.kind == 'invoice_due':
            return gettext('clinic_billing.msg_event_invoice_due',
                number=self.origin.number, party=self.party.rec_name)
        if self.kind == 'budget_expiry':
            return gettext('clinic_billing.msg_event_budget_expiry',
                number=self.origin.number or '', party=self.party.rec_name)
        return super().get_name(name)

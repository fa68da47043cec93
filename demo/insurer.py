"""The demo's insurer (clinic_billing's co-payments): Sanitas Dental pays
COVERED_AMOUNT of each cleaning by the central's agreement, and each clinic
agreed its own fee for the first visit. Each clinic's first patient is
insured: their accepted budget of a cleaning made two posted invoices, the
patient's co-payment and Sanitas' part."""
from decimal import Decimal

from trytond.pool import Pool
from trytond.transaction import Transaction

from .billing import budget_values

INSURER = "Sanitas Dental"
COVERED_SERVICE, COVERED_AMOUNT = "Limpieza dental", Decimal('40')
CLINIC_SERVICE, CLINIC_AMOUNT = "Primera visita", Decimal('20')
POLICY = "SAN-%s-0042"


def create_insurer(configurations, clinics):
    """Return the insurer, with the configuring companies' coverage of the
    cleaning and each clinic's own of the first visit"""
    pool = Pool()
    Party = pool.get('party.party')
    Coverage = pool.get('clinic.insurer.coverage')
    insurer, = Party.create([{
                'name': INSURER,
                'addresses': [('create', [{
                                'street': "Calle Ribera del Loira 52",
                                'city': "Madrid"}])],
                }])
    configs = {c.company: c for c in configurations.values()}
    coverages = [
        (company, config, COVERED_SERVICE, COVERED_AMOUNT)
        for company, config in configs.items()] + [
        (clinic, configurations[clinic.id], CLINIC_SERVICE, CLINIC_AMOUNT)
        for clinic in clinics]
    for company, config, service, amount in coverages:
        with Transaction().set_context(company=company.id):
            Coverage.create([{
                        'company': company.id, 'insurer': insurer.id,
                        'service': config.services[service].products[0].id,
                        'amount': amount,
                        }])
    return insurer


def invoice_insured_patient(clinic, patient, insurer, config):
    """Insure the patient and invoice their accepted budget of a cleaning
    at once: the co-payment's and the insurer's invoices, posted"""
    pool = Pool()
    Party = pool.get('party.party')
    Sale = pool.get('sale.sale')
    SaleLine = pool.get('sale.line')
    Product = pool.get('product.product')
    Invoice = pool.get('account.invoice')
    Date = pool.get('ir.date')
    Party.write([patient], {
            'insurer': insurer.id,
            'insurance_policy': POLICY % clinic.history_prefix})
    with Transaction().set_context(company=clinic.id):
        budget, = Sale.create([budget_values(clinic, patient)])
        budget.invoice_method = 'order'
        budget.save()
        # the service read as the clinic sells it: its taxes, its price
        service = Product(config.services[COVERED_SERVICE].products[0].id)
        SaleLine.save([SaleLine.for_service(budget, service)])
        Sale.quote([budget])
        Sale.confirm([budget])
        Sale.process([budget])
        invoices = [i for i in Sale(budget.id).invoices] + [
            i for i in Sale(budget.id).insurer_invoices]
        Invoice.write(invoices, {'invoice_date': Date.today()})
        Invoice.post(invoices)
    return invoices

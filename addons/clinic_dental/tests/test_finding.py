# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"Dental findings: bad input, treatments done once, the DMFT, the policy"
import unittest

from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module
from trytond.transaction import Transaction

from clinic_base.tests.tools import (
    acting_as, create_franchise, create_user, share, with_transaction)

from ..exceptions import (
    DentitionError, FindingError, ToothError, TreatmentError)


def kind(code):
    "Return the finding kind of the module's data by its code"
    pool = Pool()
    ModelData = pool.get('ir.model.data')
    Kind = pool.get('clinic.dental.finding.kind')
    return Kind(ModelData.get_id('clinic_dental', 'finding_kind_' + code))


class FindingTestCase(unittest.TestCase):
    "The findings of a dental chart"

    @classmethod
    def setUpClass(cls):
        activate_module(['clinic_dental'])

    def setup_clinic(self):
        "Madrid and Barcelona, a dentist in Madrid and a patient, Lucía"
        pool = Pool()
        Party = pool.get('party.party')
        Employee = pool.get('company.employee')
        _, self.central, (self.madrid, self.barcelona) = create_franchise()
        self.lucia, dentist = Party.create([
                {'name': "Lucía"}, {'name': "Dra. Ana Torres"}])
        self.dentist, = Employee.create([{
                    'party': dentist.id, 'company': self.madrid.id}])

    def chart(self, tooth, code, surfaces=None, status='existing', **values):
        "Chart a finding of kind code on Lucía's tooth in Madrid"
        Finding = Pool().get('clinic.dental.finding')
        finding, = Finding.create([{
                    'patient': values.pop('patient', self.lucia).id,
                    'company': values.pop('company', self.madrid).id,
                    'tooth': tooth, 'kind': kind(code).id,
                    'surfaces': surfaces or [], 'status': status,
                    **values}])
        return finding

    @with_transaction()
    def test_tooth_not_fdi(self):
        "A tooth outside FDI notation is refused"
        self.setup_clinic()
        for tooth in [19, 56, 90, 9]:
            with self.assertRaisesRegex(ToothError, 'not a tooth in FDI'):
                self.chart(tooth, 'missing')

    @with_transaction()
    def test_surface_not_of_tooth(self):
        "A surface the tooth does not have is refused, naming both"
        self.setup_clinic()
        with self.assertRaisesRegex(ToothError, '46 has no Incisal'):
            self.chart(46, 'caries', ['incisal'])
        with self.assertRaisesRegex(ToothError, '31 has no Palatal'):
            self.chart(31, 'caries', ['palatal'])
        with self.assertRaisesRegex(ToothError, '16 has no Lingual'):
            self.chart(16, 'filling', ['lingual'])
        self.chart(11, 'caries', ['incisal', 'palatal', 'mesial'])
        self.chart(46, 'caries', ['occlusal', 'lingual'])

    @with_transaction()
    def test_surfaces_offered_are_the_tooth_s(self):
        """A finding's form offers the surfaces of its tooth (24: no
        incisal nor lingual), all of them before a tooth is chosen, named
        in the user's language; Plan Treatment offers those of the teeth
        written"""
        pool = Pool()
        Finding = pool.get('clinic.dental.finding')
        Start = pool.get('clinic.dental.plan.start')

        def keys(record):
            return [k for k, _ in record.get_surfaces()]
        self.assertEqual(keys(Finding(tooth=24)),
            ['mesial', 'distal', 'occlusal', 'vestibular', 'palatal'])
        self.assertEqual(keys(Finding(tooth=41)),
            ['mesial', 'distal', 'incisal', 'vestibular', 'lingual'])
        self.assertEqual(len(keys(Finding(tooth=None))), 7)
        self.assertEqual(keys(Start(teeth="24, 11")),
            ['mesial', 'distal', 'occlusal', 'incisal', 'vestibular',
                'palatal'])
        self.assertEqual(len(keys(Start(teeth="24, x"))), 7)
        self.setup_clinic()
        Lang = pool.get('ir.lang')
        Lang.load_translations(Lang.search([('code', '=', 'es')]))
        with Transaction().set_context(language='es'):
            self.assertEqual(dict(Finding(tooth=24).get_surfaces())[
                    'occlusal'], "Oclusal")

    @with_transaction()
    def test_surface_kind_needs_surfaces(self):
        "A kind charted on surfaces needs some"
        self.setup_clinic()
        with self.assertRaisesRegex(FindingError, 'surfaces of tooth 16'):
            self.chart(16, 'caries')

    @with_transaction()
    def test_group_teeth(self):
        "A bridge names its other teeth, in FDI"
        self.setup_clinic()
        with self.assertRaises(FindingError):
            self.chart(14, 'bridge_abutment')
        with self.assertRaises(FindingError):
            self.chart(14, 'bridge_abutment', teeth='15, x')
        with self.assertRaisesRegex(ToothError, '19 is not a tooth'):
            self.chart(14, 'bridge_abutment', teeth='15, 19')
        bridge = self.chart(14, 'bridge_abutment', teeth='15, 16')
        self.assertEqual(bridge.all_teeth, [14, 15, 16])

    @with_transaction()
    def test_mixed_dentition(self):
        """A deciduous tooth and its successor are not both present; a
        deciduous molar and the first permanent molar are"""
        self.setup_clinic()
        self.chart(55, 'caries', ['occlusal'])
        self.chart(16, 'sealant', ['occlusal'])
        self.chart(85, 'filling', ['occlusal'])
        with self.assertRaisesRegex(
                DentitionError, '45 and 85|85 and 45'):
            self.chart(45, 'sealant', ['occlusal'])
        # Planned treatments are not in the mouth yet
        self.chart(45, 'sealant', ['occlusal'], status='planned')
        # Once 85 is gone, 45 may come
        self.chart(85, 'missing')
        self.chart(45, 'caries', ['occlusal'])
        # An unerupted permanent tooth leaves the place to the deciduous
        self.chart(44, 'unerupted')
        self.chart(84, 'caries', ['distal'])

    @with_transaction()
    def test_done_once(self):
        """Done sets the date and the practitioner, and is refused twice"""
        pool = Pool()
        Finding = pool.get('clinic.dental.finding')
        Date = pool.get('ir.date')
        self.setup_clinic()
        filling = self.chart(
            36, 'filling', ['occlusal'], status='planned', date=None)
        with Transaction().set_context(employee=self.dentist.id):
            Finding.do([filling])
        self.assertEqual(filling.status, 'done')
        self.assertEqual(filling.date, Date.today())
        self.assertEqual(filling.practitioner, self.dentist)
        with self.assertRaisesRegex(TreatmentError, 'cannot be marked done'):
            Finding.do([filling])
        existing = self.chart(37, 'filling', ['occlusal'])
        with self.assertRaises(TreatmentError):
            Finding.do([existing])

    @with_transaction()
    def test_done_needs_practitioner(self):
        "A treatment is done by someone"
        Finding = Pool().get('clinic.dental.finding')
        self.setup_clinic()
        crown = self.chart(26, 'crown', status='planned')
        with self.assertRaisesRegex(FindingError, 'which practitioner'):
            Finding.do([crown])

    @with_transaction()
    def test_refer(self):
        "A planned treatment is referred and taken back"
        Finding = Pool().get('clinic.dental.finding')
        self.setup_clinic()
        root_canal = self.chart(26, 'root_canal', status='planned')
        Finding.refer([root_canal])
        self.assertEqual(root_canal.status, 'referred')
        Finding.plan([root_canal])
        self.assertEqual(root_canal.status, 'planned')

    @with_transaction()
    def test_dmft(self):
        "Each tooth counts once: missing, else decayed, else filled"
        pool = Pool()
        Party = pool.get('party.party')
        Finding = pool.get('clinic.dental.finding')
        self.setup_clinic()
        self.chart(16, 'filling', ['occlusal'])
        self.chart(16, 'filling', ['mesial'])
        self.chart(21, 'caries', ['mesial'])
        self.chart(36, 'missing')
        self.chart(46, 'caries', ['occlusal'])
        self.chart(46, 'filling', ['distal'])
        self.chart(47, 'caries', ['occlusal'])
        filling = self.chart(
            47, 'filling', ['occlusal'], status='planned')
        self.chart(11, 'sealant', ['vestibular'])
        self.chart(75, 'caries', ['occlusal'])
        dentist = create_user(
            'mad.dentist', [self.madrid], self.madrid,
            ['group_practitioner'])
        with acting_as(dentist):
            lucia = Party(self.lucia.id)
            # D: 21, 46, 47; M: 36; F: 16
            self.assertEqual(
                (lucia.dmft_decayed, lucia.dmft_missing, lucia.dmft_filled,
                    lucia.dmft_total), (3, 1, 1, 5))
            self.assertEqual(
                (lucia.dmft_deciduous_decayed, lucia.dmft_deciduous_total),
                (1, 1))
        with Transaction().set_context(employee=self.dentist.id):
            Finding.do([filling])
        with acting_as(dentist):
            lucia = Party(self.lucia.id)
            # 47 is filled now
            self.assertEqual(
                (lucia.dmft_decayed, lucia.dmft_filled, lucia.dmft_total),
                (2, 2, 5))
            self.assertIn(b'data-status="done"', lucia.odontogram)

    @with_transaction()
    def test_policy(self):
        """A finding is read where its clinic shares clinical histories and
        written by its clinic's practitioners and managers"""
        pool = Pool()
        Finding = pool.get('clinic.dental.finding')
        Party = pool.get('party.party')
        self.setup_clinic()
        # Lucía registered in Madrid: Barcelona knows her only if shared
        self.lucia.company = self.madrid
        self.lucia.save()
        caries = self.chart(21, 'caries', ['mesial'])
        madrid_practitioner = create_user(
            'mad.dentist', [self.madrid], self.madrid,
            ['group_practitioner'])
        madrid_reception = create_user(
            'mad.reception', [self.madrid], self.madrid,
            ['group_receptionist'])
        barcelona = create_user(
            'bcn.dentist', [self.barcelona], self.barcelona,
            ['group_practitioner'])
        with acting_as(madrid_practitioner):
            self.assertEqual(Finding.search([]), [caries])
            Finding.write([Finding(caries.id)], {'notes': "Deep"})
        with acting_as(madrid_reception):
            # (the front desk reads the treatments, not the findings)
            self.assertEqual(Finding.search([]), [])
            with self.assertRaises(AccessError):
                Finding.write([Finding(caries.id)], {'notes': "No"})
        with acting_as(barcelona):
            self.assertEqual(Finding.search([]), [])
            self.assertEqual(Party.search([('id', '=', self.lucia.id)]), [])
        share(self.madrid, 'histories', clinics=True)
        with acting_as(barcelona):
            self.assertEqual(Finding.search([]), [caries])
            lucia, = Party.search([('id', '=', self.lucia.id)])
            self.assertEqual(lucia.dmft_decayed, 1)
            self.assertEqual(Finding(caries.id).patient.rec_name, "Lucía")
            with self.assertRaises(AccessError):
                Finding.write([Finding(caries.id)], {'notes': "Mine"})

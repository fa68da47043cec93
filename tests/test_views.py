"""The suite's views open in sao."""
import unittest

from lxml import etree

from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, drop_db

from clinic_base.tests.tools import with_transaction
from demo.__main__ import MODULES

# sao draws no tree column for these types: Tryton's own lists show a date
# and a time column of the field (widget="date", widget="time")
NO_TREE_COLUMN = {'datetime', 'timestamp'}


class ViewsTestCase(unittest.TestCase):
    "The views of the clinic modules"

    @classmethod
    def setUpClass(cls):
        drop_db()
        activate_module(MODULES)

    @classmethod
    def tearDownClass(cls):
        drop_db()

    @with_transaction()
    def test_lists_have_a_column_for_each_field(self):
        "Every field of a list has a column sao can draw"
        pool = Pool()
        View = pool.get('ir.ui.view')
        views = View.search([
                ('module', 'like', 'clinic_%'),
                ['OR',
                    ('type', '=', 'tree'),
                    ('inherit.type', '=', 'tree'),
                    ],
                ])
        self.assertTrue(views)
        for view in views:
            Model = pool.get(view.model)
            arch = Model.fields_view_get((view.inherit or view).id)['arch']
            for node in etree.fromstring(arch).iter('field'):
                field = Model._fields[node.get('name')]
                with self.subTest(view=view.rec_name, field=field.name):
                    self.assertNotIn(
                        node.get('widget', field._type), NO_TREE_COLUMN)


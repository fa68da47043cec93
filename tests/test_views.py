"""The suite's views open in sao."""
import unittest

from lxml import etree

from trytond.pool import Pool

from clinic_base.tests.tools import with_transaction

from .fixture import SuiteActivated

# sao draws no tree column for these types: Tryton's own lists show a date
# and a time column of the field (widget="date", widget="time")
NO_TREE_COLUMN = {'datetime', 'timestamp'}
# sao 8.0 hides the cells of these widgets where the field is read-only
# (a link to follow, not a value to read): the contact list showed no phone
LINK_WIDGETS = {'url', 'email', 'callto', 'sip'}


class ViewsTestCase(SuiteActivated, unittest.TestCase):
    "The views of the clinic modules"

    def clinic_views(self, kind=None):
        """Yield (view, Model, field node, field) of every field of the
        clinic modules' views (of kind, or all)"""
        pool = Pool()
        View = pool.get('ir.ui.view')
        domain = [('module', 'like', 'clinic_%')]
        if kind:
            domain.append(['OR',
                    ('type', '=', kind),
                    ('inherit.type', '=', kind),
                    ])
        views = View.search(domain)
        self.assertTrue(views)
        for view in views:
            Model = pool.get(view.model)
            arch = Model.fields_view_get((view.inherit or view).id)['arch']
            for node in etree.fromstring(arch).iter('field'):
                yield view, Model, node, Model._fields[node.get('name')]

    @with_transaction()
    def test_lists_have_a_column_for_each_field(self):
        """Every field of a list has a column sao can draw, with its value
        in it"""
        for view, Model, node, field in self.clinic_views('tree'):
            widget = node.get('widget', field._type)
            with self.subTest(view=view.rec_name, field=field.name):
                self.assertNotIn(widget, NO_TREE_COLUMN)
                if widget in LINK_WIDGETS:
                    self.assertFalse(Model.fields_get(
                            [field.name])[field.name].get('readonly'))

    @with_transaction()
    def test_times_in_hours_and_minutes(self):
        """Every time a clinic screen shows reads 24-hour HH:MM, as a
        Spanish clinic writes it (sao shows Tryton's default with seconds,
        09:00:00); the stamps of when something happened (a signature, a
        read of the access log) keep their seconds"""
        for view, _, node, field in self.clinic_views():
            if field._type not in {'time', 'datetime'}:
                continue
            with self.subTest(view=view.rec_name, field=field.name):
                self.assertEqual(field.format, '%H:%M')

    @with_transaction()
    def test_years_without_thousands_separator(self):
        "A year reads 2026, not 2,026 nor 2.026"
        for view, _, node, field in self.clinic_views():
            if field.name != 'year':
                continue
            with self.subTest(view=view.rec_name, field=field.name):
                self.assertEqual(node.get('grouping'), '0')


"""Every string of the clinic modules reads in Spanish.

The strings come from the registry, as Tryton's own translation tools find
them (the fields' labels, helps and choices, the messages, the menus and
actions, the views' and the reports' texts): a new field, message or view
is checked without anyone listing it. Each must have a Spanish translation
in its module's ``locale/es.po``, not fuzzy.
"""
import unittest

from sql import Literal

from trytond.pool import Pool
from trytond.transaction import Transaction

from clinic_base.tests.tools import with_transaction
from demo.franchise import Sizes, build, use_language

from .fixture import SuiteActivated

LANGUAGE = 'es'


class TranslationsTestCase(SuiteActivated, unittest.TestCase):
    "The clinic modules in Spanish"

    @with_transaction()
    def test_every_string_translated(self):
        "Every string of a clinic module has its Spanish translation"
        pool = Pool()
        Lang = pool.get('ir.lang')
        self.register_view_and_report_strings()
        Lang.load_translations(Lang.search([('code', '=', LANGUAGE)]))
        missing = self.untranslated()
        self.assertEqual(missing, [], "%d strings without Spanish: %s" % (
                len(missing), '; '.join(
                    '%s %s %s %r' % row for row in missing[:40])))

    @with_transaction(user=0)
    def test_demo_builds_in_a_spanish_database(self):
        """The demo franchise builds where Spanish is the database's
        language (make demo; python -m demo build --language es), and its
        users then work in Spanish (built as root, as the demo is)"""
        User = Pool().get('res.user')
        use_language(LANGUAGE)
        with Transaction().set_context(language=LANGUAGE):
            # (a clinic's services, fiscal year and commission fee are
            # what look records up by name)
            built = build(Sizes(clinics=1, patients=1, appointments=0,
                    invoices=0, budgets=0, histories=0, post_invoices=False))
        receptionist = built.users['mad.reception']
        with Transaction().set_user(receptionist.id):
            preferences = User.get_preferences(context_only=True)
        self.assertEqual(preferences['language'], LANGUAGE)

    @staticmethod
    def register_view_and_report_strings():
        """Register the views' and the reports' strings, which Tryton
        registers only when asked to set translations"""
        TranslationSet = Pool().get('ir.translation.set', type='wizard')
        session_id, _, _ = TranslationSet.create()
        try:
            wizard = TranslationSet(session_id)
            wizard.set_report()
            wizard.set_view()
        finally:
            TranslationSet.delete(session_id)

    @staticmethod
    def untranslated():
        """Return (module, type, name, source) of the clinic modules'
        strings without a Spanish value"""
        Translation = Pool().get('ir.translation')
        source = Translation.__table__()
        spanish = Translation.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*source.join(spanish, 'LEFT',
                condition=(spanish.lang == LANGUAGE)
                & (spanish.type == source.type)
                & (spanish.name == source.name)
                & (spanish.res_id == source.res_id)
                & (spanish.src == source.src)
                & (spanish.value != '')
                & (spanish.fuzzy == Literal(False))
                ).select(source.module, source.type, source.name, source.src,
                where=(source.lang == 'en')
                & source.module.like('clinic_%')
                & (source.src != '')
                & (spanish.id == None),  # noqa: E711
                order_by=[source.module, source.type, source.name]))
        return sorted(set(cursor))

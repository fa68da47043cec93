"""The labels a browser test clicks, in the language sao shows.

The browser tests name what they click in English, as the modules' code
does. In a walk in another language, each label is the translation the
server loaded for it: the ``locale/<language>.po`` of Tryton's modules and
ours. A label with no translation there, or with several where the test
does not say which (``where``: a regular expression searched in the
translation's context, such as the model), fails the walk: what a walk
clicks is what a receptionist of that language reads.
"""
import glob
import os
import re

import polib
import trytond

ADDONS = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'addons')
TRYTOND = os.path.dirname(os.path.abspath(trytond.__file__))


class Labels:
    "The translations of the labels in language (as English when 'en')"

    def __init__(self, language):
        self.language = language
        self.entries = {}
        self.contexts = {}
        # the English texts of our modules that their translation changes
        self.ours = set()
        # (in English, the Spanish files give the messages' English texts)
        for path in self.po_files('es' if language == 'en' else language):
            for entry in polib.pofile(path):
                if entry.msgstr and not entry.fuzzy:
                    self.entries.setdefault(entry.msgid, []).append(entry)
                    self.contexts[entry.msgctxt] = entry
                    if path.startswith(ADDONS) and (
                            entry.msgstr != entry.msgid):
                        self.ours.add(entry.msgid)

    def untranslated(self, texts):
        """The texts among texts that are English labels of our modules
        (but those that are also a translation: Agenda, Dental)"""
        translations = {e.msgstr for entries in self.entries.values()
            for e in entries}
        return sorted((set(texts) & self.ours) - translations)

    @staticmethod
    def po_files(language):
        "The translation files of Tryton's modules and of ours"
        name = language + '.po'
        return sorted(
            glob.glob(os.path.join(TRYTOND, '*', 'locale', name))
            + glob.glob(os.path.join(TRYTOND, 'modules', '*', 'locale', name))
            + glob.glob(os.path.join(ADDONS, '*', 'locale', name)))

    def __call__(self, text, where=None):
        """Return text as the language reads it; where, a regular expression
        searched in the translation's context, picks one of several"""
        if self.language == 'en':
            return text
        found = {e.msgstr for e in self.entries.get(text, ())
            if where is None or re.search(where, e.msgctxt or '')}
        if len(found) != 1:
            raise AssertionError("%r has %s in %s%s" % (
                    text, "no translation" if not found
                    else "several translations (%s)" % ', '.join(
                        sorted(found)),
                    self.language, " (%s)" % where if where else ""))
        return found.pop()

    def message(self, xml_id):
        """The text of our message xml_id (module.id) in the language, as a
        regular expression: its values (%(name)s) match any text"""
        module, name = xml_id.split('.')
        entry = self.contexts['model:ir.message,text:' + name]
        text = entry.msgid if self.language == 'en' else entry.msgstr
        return '.+?'.join(
            re.escape(part) for part in re.split(r'%\(\w+\)s', text))

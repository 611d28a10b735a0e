"""Catalog upkeep: ``python -m portal.i18n_tools COMMAND``.

- ``missing``   print the Simplified Chinese entries still untranslated, as JSON {msgid: ""}
- ``apply F``   set Simplified Chinese translations from a JSON file {msgid: text or [forms]}
- ``fill``      derive what can be derived: English = the source text; Traditional Chinese
                converted from Simplified with OpenCC, for entries nobody has written by hand
- ``compile``   build the .mo files (also as admin.mo, so Flask-Admin's own strings fall back
                on the portal's catalog)

The workflow after changing strings: ``make update-messages`` (extract, update, fill), then
``missing`` → translate → ``apply`` → ``fill`` again.
"""
import json
import os
import shutil
import sys

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from portal.i18n import TRANSLATIONS_DIR

SIMPLIFIED, TRADITIONAL, ENGLISH = "zh_Hans_CN", "zh_Hant_TW", "en"
LOCALES = (SIMPLIFIED, TRADITIONAL, ENGLISH)


def po_path(locale):
    return os.path.join(TRANSLATIONS_DIR, locale, "LC_MESSAGES", "messages.po")


def load(locale):
    with open(po_path(locale), "rb") as fh:
        return read_po(fh, locale=locale)


def save(catalog, locale):
    with open(po_path(locale), "wb") as fh:
        write_po(fh, catalog, width=100, sort_output=True, omit_header=False, ignore_obsolete=True,
                 include_previous=False)


def _empty(message):
    if isinstance(message.string, tuple):
        return not all(message.string)
    return not message.string


def _entries(catalog):
    return [m for m in catalog if m.id]


def missing():
    catalog = load(SIMPLIFIED)
    todo = {}
    for message in _entries(catalog):
        if _empty(message) or message.fuzzy:
            key = message.id if isinstance(message.id, str) else message.id[0]
            todo[key] = ""
    json.dump(todo, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return len(todo)


def apply(path):
    with open(path, encoding="utf-8") as fh:
        mapping = json.load(fh)
    catalog = load(SIMPLIFIED)
    applied = 0
    for message in _entries(catalog):
        key = message.id if isinstance(message.id, str) else message.id[0]
        text = mapping.get(key)
        if not text:
            continue
        message.string = tuple(text) if isinstance(message.id, tuple) and isinstance(text, list) else (
            (text,) if isinstance(message.id, tuple) else text)
        message.flags.discard("fuzzy")
        applied += 1
    save(catalog, SIMPLIFIED)
    print(f"applied {applied} translations")


def fill():
    from portal.services.chinese import to_traditional

    simplified = {m.id: m for m in _entries(load(SIMPLIFIED))}
    traditional = load(TRADITIONAL)
    derived = 0
    for message in _entries(traditional):
        source = simplified.get(message.id)
        if (_empty(message) or message.fuzzy) and source is not None and not _empty(source):
            if isinstance(source.string, tuple):
                message.string = tuple(to_traditional(s) for s in source.string)
            else:
                message.string = to_traditional(source.string)
            message.flags.discard("fuzzy")
            derived += 1
    save(traditional, TRADITIONAL)

    english = load(ENGLISH)
    for message in _entries(english):
        if _empty(message) or message.fuzzy:
            message.string = message.id if isinstance(message.id, str) else tuple(message.id)
            message.flags.discard("fuzzy")
    save(english, ENGLISH)
    print(f"derived {derived} Traditional Chinese entries; English filled from the source text")


def compile_all():
    for locale in LOCALES:
        catalog = load(locale)
        mo = po_path(locale)[:-3] + ".mo"
        with open(mo, "wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        shutil.copyfile(mo, os.path.join(os.path.dirname(mo), "admin.mo"))
    print(f"compiled {len(LOCALES)} catalogs")


def main(argv):
    if not argv:
        print(__doc__)
        return 2
    command, *args = argv
    if command == "missing":
        missing()
    elif command == "apply":
        apply(*args)
    elif command == "fill":
        fill()
    elif command == "compile":
        compile_all()
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

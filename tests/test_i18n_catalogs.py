"""Every message is translated in all three locales, and the catalogs hold every message."""
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ("zh_Hans_CN", "zh_Hant_TW", "en")


def catalog(locale):
    with open(ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po", "rb") as fh:
        return read_po(fh, locale=locale)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_entry_translated_and_not_fuzzy(locale):
    problems = []
    for message in catalog(locale):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(message.id)
    assert problems == [], f"{locale}: untranslated or fuzzy: {problems}"


def test_extraction_finds_nothing_missing(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "-k", "_ln:1,2", "-k", "lazy_ngettext:1,2",
         "--no-location", "-o", str(pot), "portal", "admin_views", "forms"],
        cwd=ROOT, check=True, capture_output=True,
    )
    with open(pot, "rb") as fh:
        extracted = {m.id for m in read_po(fh) if m.id}
    for locale in LOCALES:
        have = {m.id for m in catalog(locale) if m.id}
        missing = sorted(str(i) for i in extracted - have)
        assert missing == [], f"{locale} lacks: {missing} (run `make update-messages`)"


def test_traditional_catalog_uses_traditional_characters():
    simplified_only = set("们这个说时对为后会过还进着问题经应发学动现样开实长机关门间见里亲东业务设调员处纠纷请录")
    offenders = []
    for message in catalog("zh_Hant_TW"):
        if message.id and isinstance(message.string, str) and set(message.string) & simplified_only:
            offenders.append((message.id, message.string))
    assert offenders == []

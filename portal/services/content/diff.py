"""Differences between two revisions of an entry, field by field and language by language.

Values are compared as lines; a changed line is compared again character by character (Chinese
has no spaces to split words on), so the template can mark exactly what was deleted/inserted.
"""
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from flask_babel import gettext

from portal.i18n import NATIVE_NAMES
from portal.models.content import CONTENT_LOCALES, ContentEntry, ContentTranslation, EntryStatus, FieldKind
from portal.models.labels import field_label
from portal.services.content import shaped

_BLOCK_END = re.compile(r"(</(?:p|li|h[2-4]|blockquote|tr|table|ul|ol|caption)>|<br\s*/?>|<hr\s*/?>)")


@dataclass
class DiffRow:
    kind: str                                   # equal, changed, added, removed
    old: list = field(default_factory=list)     # [(changed?, text)]
    new: list = field(default_factory=list)


@dataclass
class FieldDiff:
    label: str
    language: str | None
    lang: str | None
    rows: list


def value_lines(kind, value):
    """A stored value as lines of text for comparing."""
    value = shaped(kind, value)
    if value in (None, "", []):
        return []
    if kind == FieldKind.STEPS:
        lines = []
        for number, step in enumerate(value, start=1):
            lines.append(f"{number}. {step.get('title', '')}")
            lines.extend(f"    {line}" for line in (step.get("description") or "").split("\n") if line)
        return lines
    if kind == FieldKind.RICH_TEXT:
        return [line for line in _BLOCK_END.sub(r"\1\n", str(value)).split("\n") if line.strip()]
    if kind in (FieldKind.FILE, FieldKind.RECORD):
        return [f"#{value}"]
    return str(value).split("\n")


def _segments(old, new):
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    old_parts, new_parts = [], []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            old_parts.append((False, old[i1:i2]))
            new_parts.append((False, new[j1:j2]))
        else:
            if i2 > i1:
                old_parts.append((True, old[i1:i2]))
            if j2 > j1:
                new_parts.append((True, new[j1:j2]))
    return old_parts, new_parts


def diff_lines(old_lines, new_lines):
    rows = []
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            rows.extend(DiffRow("equal", [(False, line)], [(False, line)]) for line in old_lines[i1:i2])
            continue
        old_block, new_block = old_lines[i1:i2], new_lines[j1:j2]
        for index in range(max(len(old_block), len(new_block))):
            old = old_block[index] if index < len(old_block) else None
            new = new_block[index] if index < len(new_block) else None
            if old is not None and new is not None:
                rows.append(DiffRow("changed", *_segments(old, new)))
            elif old is not None:
                rows.append(DiffRow("removed", [(True, old)], []))
            else:
                rows.append(DiffRow("added", [], [(True, new)]))
    return rows


def _add(diffs, label, old_lines, new_lines, locale=None):
    if old_lines == new_lines:
        return
    from portal.i18n import HTML_LANG

    diffs.append(FieldDiff(
        label=label,
        language=NATIVE_NAMES.get(locale) if locale else None,
        lang=HTML_LANG.get(locale) if locale else None,
        rows=diff_lines(old_lines, new_lines),
    ))


def _meta_lines(snapshot, key):
    value = snapshot.get(key)
    if key == "status":
        return [str(EntryStatus.label_of(value))] if value else []
    if value in (None, ""):
        return []
    return [str(value).replace("T", " ")]


def diff_snapshots(content_type, old, new):
    """A list of FieldDiff for every field that differs between snapshots ``old`` and ``new``."""
    diffs = []
    for key in ("slug", "status", "publish_at", "unpublish_at", "sort_order"):
        _add(diffs, str(field_label(ContentEntry, key)), _meta_lines(old, key), _meta_lines(new, key))
    for f in content_type.fields:
        kind = FieldKind(f.kind)
        if not kind.translatable:
            _add(diffs, f.display_label, value_lines(kind, (old.get("data") or {}).get(f.key)),
                 value_lines(kind, (new.get("data") or {}).get(f.key)))
    old_t, new_t = old.get("translations") or {}, new.get("translations") or {}
    for locale in CONTENT_LOCALES:
        before, after = old_t.get(locale) or {}, new_t.get(locale) or {}
        _add(diffs, str(field_label(ContentTranslation, "title")), value_lines(FieldKind.TEXT, before.get("title")),
             value_lines(FieldKind.TEXT, after.get("title")), locale)
        for f in content_type.fields:
            kind = FieldKind(f.kind)
            if kind.translatable:
                _add(diffs, f.display_label, value_lines(kind, (before.get("data") or {}).get(f.key)),
                     value_lines(kind, (after.get("data") or {}).get(f.key)), locale)
        if before and after and before.get("derived") != after.get("derived"):
            label = str(field_label(ContentTranslation, "derived"))
            yes, no = gettext("Yes"), gettext("No")
            _add(diffs, label, [yes if before.get("derived") else no], [yes if after.get("derived") else no], locale)
    return diffs

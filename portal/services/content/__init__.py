"""Content rules: what the public may see, saving an entry, revisions and reverting.

- An entry is visible when it is published, its type is public, and now lies inside its
  publish window; the window is checked on every read, so no job has to flip anything.
- Saving normalises every value, sanitises rich text, derives a missing Chinese variant with
  OpenCC (marked ``derived`` until a person edits it) and keeps a revision when anything changed.
- Functions change objects and flush; the caller commits.
"""
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import g, has_request_context
from pypinyin import lazy_pinyin
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from portal import timeutil
from portal.extensions import db
from portal.models.content import (
    CONTENT_LOCALES, ENGLISH, SIMPLIFIED, TRADITIONAL, ContentEntry, ContentRevision, ContentTranslation,
    ContentType, EntryStatus, FieldKind,
)
from portal.services import richtext
from portal.services.chinese import to_simplified, to_traditional
from portal.services.inputs import clean_term

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
RESERVED_FIELD_KEYS = frozenset({"title", "slug", "status", "locale", "type"})

# Size limits of one value, by kind (characters; steps: rows and characters per part).
LIMITS = {
    FieldKind.TEXT: 200,
    FieldKind.LONG_TEXT: 10_000,
    FieldKind.RICH_TEXT: 100_000,
}
MAX_STEPS = 30
STEP_TITLE_MAX = 100
STEP_DESCRIPTION_MAX = 1_000
TITLE_MAX = 200

# Which locale to show when the one asked for is missing.
FALLBACKS = {
    SIMPLIFIED: (SIMPLIFIED, TRADITIONAL, ENGLISH),
    TRADITIONAL: (TRADITIONAL, SIMPLIFIED, ENGLISH),
    ENGLISH: (ENGLISH, SIMPLIFIED, TRADITIONAL),
}


class ContentError(Exception):
    """A rule an entry breaks; ``code`` picks the translated message (see forms.content)."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


# --- visibility ---------------------------------------------------------------------------------

def visible_clause(now=None):
    """SQL condition: the entry is published and inside its publish window at ``now``."""
    now = now or timeutil.now()
    return and_(
        ContentEntry.status == EntryStatus.PUBLISHED,
        or_(ContentEntry.publish_at.is_(None), ContentEntry.publish_at <= now),
        or_(ContentEntry.unpublish_at.is_(None), ContentEntry.unpublish_at > now),
    )


def next_scheduled_change(now=None):
    """When the public next sees a change that nobody saves: the earliest publish or unpublish
    time still to come of a published entry (None when there is none)."""
    now = now or timeutil.now()
    published = ContentEntry.status == EntryStatus.PUBLISHED
    soonest = [
        db.session.scalar(select(func.min(column)).where(published, column > now))
        for column in (ContentEntry.publish_at, ContentEntry.unpublish_at)
    ]
    return min((moment for moment in soonest if moment is not None), default=None)


def entry_state(entry, now=None):
    """'draft', 'scheduled' (published, not yet due), 'published' (visible) or 'ended'.

    The same rule as visible_clause, for an entry already loaded."""
    now = now or timeutil.now()
    if entry.status != EntryStatus.PUBLISHED:
        return "draft"
    if entry.publish_at is not None and entry.publish_at > now:
        return "scheduled"
    if entry.unpublish_at is not None and entry.unpublish_at <= now:
        return "ended"
    return "published"


def is_visible(entry, now=None):
    """Whether the public sees ``entry`` now: published, inside its window, of a public type."""
    return entry.content_type.is_public and entry_state(entry, now) == "published"


def public_types():
    """The public types with their fields, in menu order.

    Read once per request: the menu, the page and the links on it all ask for them.
    """
    if has_request_context() and "_public_types" in g:
        return g._public_types
    types = db.session.scalars(
        select(ContentType).where(ContentType.is_public.is_(True))
        .options(selectinload(ContentType.fields))
        .order_by(ContentType.sort_order, ContentType.id)
    ).all()
    if has_request_context():
        g._public_types = types
    return types


def public_type(key):
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        return None
    return next((content_type for content_type in public_types() if content_type.key == key), None)


def visible_entries_query(content_type, *, search=None, now=None):
    query = (
        select(ContentEntry)
        .where(ContentEntry.type_id == content_type.id, visible_clause(now))
        .options(selectinload(ContentEntry.translations))
    )
    search = clean_term(search)
    if search:
        query = query.where(ContentEntry.translations.any(ContentTranslation.title.icontains(search, autoescape=True)))
    return query.order_by(
        ContentEntry.sort_order, ContentEntry.published_at.desc().nulls_last(), ContentEntry.id.desc()
    )


def visible_entries(content_type, *, search=None, page=1, per_page=20, now=None):
    """One page of visible entries and the total count."""
    query = visible_entries_query(content_type, search=search, now=now)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = db.session.scalars(query.offset((page - 1) * per_page).limit(per_page)).all()
    return items, total


def visible_entry(content_type, slug, now=None):
    if not isinstance(slug, str) or not SLUG_PATTERN.match(slug):
        return None
    return db.session.scalar(
        select(ContentEntry)
        .where(ContentEntry.type_id == content_type.id, ContentEntry.slug == slug, visible_clause(now))
        .options(selectinload(ContentEntry.translations))
    )


def latest_entries(type_key, limit=5, now=None):
    content_type = public_type(type_key)
    if content_type is None:
        return None, []
    query = (
        select(ContentEntry)
        .where(ContentEntry.type_id == content_type.id, visible_clause(now))
        .options(selectinload(ContentEntry.translations))
        .order_by(ContentEntry.published_at.desc().nulls_last(), ContentEntry.id.desc())
        .limit(limit)
    )
    return content_type, db.session.scalars(query).all()


# --- reading an entry in a locale -----------------------------------------------------------------

@dataclass
class LocalizedEntry:
    entry: ContentEntry
    requested: str
    locale: str
    title: str
    values: dict
    derived: bool

    @property
    def fallback(self):
        """The reader asked for a language this entry is not written in."""
        return self.locale != self.requested

    @property
    def fields(self):
        return self.entry.content_type.fields


def shaped(kind, value):
    """``value`` if it has the shape a field of ``kind`` stores, else None.

    A type's fields can be edited after entries were written (a text field turned into steps);
    old values of the wrong shape then read as empty instead of breaking a page.
    """
    kind = FieldKind(kind)
    if kind == FieldKind.STEPS:
        if isinstance(value, list) and all(isinstance(step, dict) for step in value):
            return [{"title": str(step.get("title") or ""), "description": str(step.get("description") or "")}
                    for step in value]
        return None
    if kind in (FieldKind.FILE, FieldKind.RECORD):
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    return value if isinstance(value, str) else None


def iso_date(value):
    """A stored date value (an ISO date string) as a date; None when it is not one."""
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def entry_values(entry, translation):
    """Every field of the entry's type with its value in ``translation`` (or shared), well shaped."""
    shared = entry.data or {}
    written = (translation.data or {}) if translation is not None else {}
    return {
        f.key: shaped(f.kind, (written if FieldKind(f.kind).translatable else shared).get(f.key))
        for f in entry.content_type.fields
    }


def localize(entry, locale):
    """``entry`` as a reader of ``locale`` sees it: that language, or the nearest one written."""
    requested = locale if locale in FALLBACKS else SIMPLIFIED
    for candidate in FALLBACKS[requested]:
        translation = entry.translation(candidate)
        if translation is not None:
            break
    else:
        translation = None
    values = entry_values(entry, translation)
    return LocalizedEntry(
        entry=entry,
        requested=requested,
        locale=translation.locale if translation is not None else requested,
        title=translation.title if translation is not None else entry.title,
        values=values,
        derived=bool(translation and translation.derived),
    )


# --- normalising values -------------------------------------------------------------------------

def _text(value, *, one_line=False):
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if one_line:
        text = " ".join(text.split())
    return text.strip()


def normalise_value(kind, value):
    """The stored form of a submitted value, or None when it is empty."""
    kind = FieldKind(kind)
    if kind == FieldKind.TEXT:
        return _text(value, one_line=True) or None
    if kind == FieldKind.LONG_TEXT:
        return _text(value) or None
    if kind == FieldKind.RICH_TEXT:
        return richtext.sanitize(_text(value)) or None
    if kind == FieldKind.STEPS:
        steps = []
        for step in value or ():
            title = _text(step.get("title"), one_line=True)
            description = _text(step.get("description"))
            if title or description:
                steps.append({"title": title, "description": description})
        return steps or None
    if kind == FieldKind.DATE:
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return value.isoformat()
        return _text(value) or None
    if kind in (FieldKind.FILE, FieldKind.RECORD):
        try:
            return int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None
    return value


def _clean_values(values):
    return {key: value for key, value in values.items() if value not in (None, "", [])}


@dataclass
class LocaleContent:
    title: str = ""
    data: dict = field(default_factory=dict)

    @property
    def present(self):
        return bool(self.title)

    def as_dict(self):
        return {"title": self.title, "data": self.data}


def convert_content(content, converter, fields):
    """``content`` with every translatable value passed through ``converter`` (OpenCC)."""
    kinds = {f.key: FieldKind(f.kind) for f in fields}
    data = {}
    for key, value in content.data.items():
        if kinds.get(key) == FieldKind.STEPS:
            data[key] = [{"title": converter(s["title"]), "description": converter(s["description"])} for s in value]
        elif isinstance(value, str):
            data[key] = converter(value)
        else:
            data[key] = value
    return LocaleContent(title=converter(content.title), data=data)


# --- saving -------------------------------------------------------------------------------------

@dataclass
class EntryInput:
    """What an editor (or a seeder) submits for one entry; values are raw, normalised on save."""

    slug: str
    status: str = EntryStatus.DRAFT
    publish_at: datetime | None = None
    unpublish_at: datetime | None = None
    sort_order: int = 0
    shared: dict = field(default_factory=dict)          # field key -> value (date, record id, file id)
    locales: dict = field(default_factory=dict)         # locale -> {"title": …, "data": {key: value}}
    uploads: dict = field(default_factory=dict)         # field key -> (filename, bytes)
    remove_files: set = field(default_factory=set)      # field keys whose file is taken away


def locale_content(content_type, raw):
    raw = raw or {}
    data = {}
    for f in content_type.fields:
        if FieldKind(f.kind).translatable:
            data[f.key] = normalise_value(f.kind, (raw.get("data") or {}).get(f.key))
    return LocaleContent(title=_text(raw.get("title"), one_line=True)[:TITLE_MAX], data=_clean_values(data))


def _resolve_chinese(entry, submitted, fields):
    """The Simplified and Traditional content to store, with their ``derived`` flags.

    A variant counts as written by a person when it was submitted and differs from the derived
    text it was showing; the other variant is then derived from it.
    """
    written = {}
    for locale in (SIMPLIFIED, TRADITIONAL):
        content = submitted.get(locale, LocaleContent())
        written[locale] = content.present and not untouched_derived(entry, locale, content)
    result = {}
    if written[SIMPLIFIED]:
        result[SIMPLIFIED] = (submitted[SIMPLIFIED], False)
        result[TRADITIONAL] = (
            (submitted[TRADITIONAL], False) if written[TRADITIONAL]
            else (convert_content(submitted[SIMPLIFIED], to_traditional, fields), True)
        )
    elif written[TRADITIONAL]:
        result[TRADITIONAL] = (submitted[TRADITIONAL], False)
        result[SIMPLIFIED] = (convert_content(submitted[TRADITIONAL], to_simplified, fields), True)
    else:
        raise ContentError("no_chinese_title")
    return result


def untouched_derived(entry, locale, content):
    """Whether ``content`` is the converted text ``entry`` holds for ``locale``, left as it was.

    Compared as the form showed it: the current fields, each value in its field's shape.
    """
    previous = entry.translation(locale) if entry is not None else None
    if previous is None or not previous.derived:
        return False
    shown = locale_content(entry.content_type, {"title": previous.title, "data": entry_values(entry, previous)})
    return content.as_dict() == shown.as_dict()


def _set_translation(entry, locale, content, derived):
    translation = entry.translation(locale)
    if content is None:
        if translation is not None:
            entry.translations.remove(translation)
        return
    if translation is None:
        translation = ContentTranslation(locale=locale)
        entry.translations.append(translation)
    translation.title = content.title
    translation.data = dict(content.data)
    translation.derived = derived


def check_slug(content_type, slug, entry=None):
    if not SLUG_PATTERN.match(slug or "") or len(slug) > 80:
        raise ContentError("slug_format")
    query = select(ContentEntry.id).where(ContentEntry.type_id == content_type.id, ContentEntry.slug == slug)
    if entry is not None and entry.id is not None:
        query = query.where(ContentEntry.id != entry.id)
    with db.session.no_autoflush:
        if db.session.scalar(query.limit(1)) is not None:
            raise ContentError("slug_taken")


def save_entry(content_type, data, entry=None, *, note="saved"):
    """Create (``entry`` None) or update an entry from ``data`` (an EntryInput); returns it."""
    from portal.services.content import files as content_files

    slug = (data.slug or "").strip().lower()
    check_slug(content_type, slug, entry)
    if data.publish_at and data.unpublish_at and data.unpublish_at <= data.publish_at:
        raise ContentError("window_order")
    submitted = {locale: locale_content(content_type, data.locales.get(locale)) for locale in CONTENT_LOCALES}
    chinese = _resolve_chinese(entry, submitted, content_type.fields)

    created = entry is None
    if created:
        entry = ContentEntry(content_type=content_type, type_id=content_type.id, data={})
        db.session.add(entry)
        note = "created"
    was_published = entry.status == EntryStatus.PUBLISHED and not created
    entry.slug = slug
    entry.status = EntryStatus(data.status)
    entry.publish_at = data.publish_at
    entry.unpublish_at = data.unpublish_at
    entry.sort_order = data.sort_order or 0
    entry.published_at = _publication_date(entry, was_published)

    for locale, (content, derived) in chinese.items():
        _set_translation(entry, locale, content, derived)
    english = submitted[ENGLISH]
    _set_translation(entry, ENGLISH, english if english.present else None, False)
    entry.title = chinese[SIMPLIFIED][0].title
    entry.updated_at = timeutil.now()  # the row changes on every save, so its version moves on
    db.session.flush()

    entry.data = _shared_values(content_type, entry, data, content_files)
    db.session.flush()
    record_revision(entry, note)
    return entry


def _publication_date(entry, was_published):
    if entry.status != EntryStatus.PUBLISHED:
        return None
    if entry.publish_at is not None:
        return entry.publish_at
    return entry.published_at if was_published and entry.published_at else timeutil.now()


def _shared_values(content_type, entry, data, content_files):
    values = {}
    old = dict(entry.data or {})
    for f in content_type.fields:
        kind = FieldKind(f.kind)
        if kind.translatable:
            continue
        if kind == FieldKind.FILE:
            if f.key in data.uploads:
                filename, payload = data.uploads[f.key]
                try:
                    values[f.key] = content_files.store(entry, filename, payload).id
                except ContentError as error:
                    error.params["field"] = f.key
                    raise
            elif f.key in data.remove_files:
                values[f.key] = None
            else:
                values[f.key] = shaped(kind, data.shared.get(f.key, old.get(f.key)))
        else:
            values[f.key] = normalise_value(kind, data.shared.get(f.key))
    return _clean_values(values)


# --- revisions ------------------------------------------------------------------------------------

def snapshot(entry):
    """The entry as plain JSON: what a revision stores."""

    def stamp(value):
        return value.isoformat() if value else None

    return {
        "slug": entry.slug,
        "status": str(entry.status),
        "publish_at": stamp(entry.publish_at),
        "unpublish_at": stamp(entry.unpublish_at),
        "sort_order": entry.sort_order,
        "data": dict(entry.data or {}),
        "translations": {
            t.locale: {"title": t.title, "data": dict(t.data or {}), "derived": bool(t.derived)}
            for t in sorted(entry.translations, key=lambda t: t.locale)
        },
    }


def latest_revision(entry):
    return db.session.scalar(
        select(ContentRevision).where(ContentRevision.entry_id == entry.id)
        .order_by(ContentRevision.number.desc()).limit(1)
    )


def record_revision(entry, note="saved"):
    """Keep the entry's current state as a new revision, unless it equals the last one."""
    current = snapshot(entry)
    last = latest_revision(entry)
    if last is not None and last.snapshot == current:
        return None
    revision = ContentRevision(entry_id=entry.id, number=(last.number if last else 0) + 1, note=note, snapshot=current)
    db.session.add(revision)
    db.session.flush()
    return revision


def revert(entry, revision):
    """Bring back the titles and fields ``revision`` had, as a new revision.

    Publication status, times and the address stay as they are now: reverting the words must
    not publish, hide or move the page.
    """
    if revision.entry_id != entry.id:
        raise ContentError("foreign_revision")
    old = revision.snapshot
    entry.data = dict(old.get("data") or {})
    translations = old.get("translations") or {}
    for locale in CONTENT_LOCALES:
        saved = translations.get(locale)
        content = LocaleContent(saved["title"], dict(saved.get("data") or {})) if saved else None
        _set_translation(entry, locale, content, bool(saved and saved.get("derived")))
    simplified = entry.translation(SIMPLIFIED)
    entry.title = simplified.title if simplified is not None else entry.title
    entry.updated_at = timeutil.now()
    db.session.flush()
    return record_revision(entry, f"reverted:{revision.number}")


# --- addresses ------------------------------------------------------------------------------------

def suggest_slug(content_type, titles, entry=None):
    """A free address from the English title, else the pinyin of the Chinese one."""
    source = titles.get(ENGLISH) or ""
    base = re.sub(r"[^a-z0-9]+", "-", source.lower()).strip("-")
    if not base:
        chinese = titles.get(SIMPLIFIED) or to_simplified(titles.get(TRADITIONAL) or "")
        base = re.sub(r"[^a-z0-9]+", "-", " ".join(lazy_pinyin(chinese, errors="ignore")).lower()).strip("-")
    base = (base or "entry")[:70].strip("-")
    candidate, n = base, 1
    while True:
        try:
            check_slug(content_type, candidate, entry)
            return candidate
        except ContentError:
            n += 1
            candidate = f"{base}-{n}"


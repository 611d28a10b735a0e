"""Public data as JSON documents (the shapes the OpenAPI document in portal.api.openapi describes).

Only published entries, public types and public contact points come through here; nothing
personal is ever part of a shape.
"""
from flask import url_for
from sqlalchemy import select

from portal import timeutil
from portal.extensions import db
from portal.models.content import CONTENT_LOCALES, ContentFile, FieldKind
from portal.services import contacts, content, richtext


def timestamp(value):
    """A stored local wall time as ISO 8601 with the district's UTC offset."""
    return value.replace(tzinfo=timeutil.local_zone()).isoformat() if value else None


def type_json(content_type, locale):
    return {
        "key": content_type.key,
        "name": content_type.label_for(locale),
        "names": {code: content_type.label_for(code) for code in CONTENT_LOCALES},
        "fields": [
            {
                "key": f.key,
                "kind": f.kind,
                "label": f.label_for(locale),
                "required": bool(f.required),
                "target": f.target,
            }
            for f in content_type.fields
        ],
        "entries_url": url_for("api.entries", type_key=content_type.key, _external=True),
    }


def contact_json(point):
    return {
        "id": point.key,
        "kind": point.kind,
        "kind_label": str(point.kind_label),
        "name": point.name,
        "level": point.level,
        "street": {"code": point.street_code, "name": point.street_name} if point.street_code else None,
        "community": point.community_name,
        "address": point.address,
        "phone": point.phone,
        "opening_hours": point.opening_hours,
        "judge": point.judge_name,
    }


class EntryContext:
    """Linked records and files of several entries, loaded in two queries rather than per entry."""

    def __init__(self, entries):
        pairs, file_ids = [], []
        for entry in entries:
            shared = content.entry_values(entry, None)
            for f in entry.content_type.fields:
                value = shared[f.key]
                if f.kind == FieldKind.RECORD and value is not None:
                    pairs.append((f.target, value))
                elif f.kind == FieldKind.FILE and value:
                    file_ids.append(value)
        self.records = contacts.public_contacts(pairs)
        self.files = {}
        if file_ids:
            self.files = {f.id: f for f in db.session.scalars(select(ContentFile).where(ContentFile.id.in_(file_ids)))}


def field_json(field, value, entry, context):
    kind = FieldKind(field.kind)
    if value in (None, "", []):
        return None
    if kind == FieldKind.RICH_TEXT:
        return richtext.sanitize(value)
    if kind == FieldKind.STEPS:
        return [{"title": s.get("title", ""), "description": s.get("description", "")} for s in value]
    if kind == FieldKind.FILE:
        stored = context.files.get(value)
        if stored is None or stored.entry_id != entry.id:
            return None
        return {
            "name": stored.name, "mime": stored.mime, "size": stored.size,
            "url": url_for("public.file", file_id=stored.id, name=stored.name, _external=True),
        }
    if kind == FieldKind.RECORD:
        point = context.records.get((field.target, value))
        return contact_json(point) if point else None
    return value


def entry_json(entry, locale, context):
    view = content.localize(entry, locale)
    return {
        "type": entry.content_type.key,
        "slug": entry.slug,
        "locale": view.locale,
        "requested_locale": view.requested,
        "derived": view.derived,
        "title": view.title,
        "published_at": timestamp(entry.published_at),
        "updated_at": timestamp(entry.updated_at),
        "url": url_for("public.entry", type_key=entry.content_type.key, slug=entry.slug, _external=True),
        "fields": {f.key: field_json(f, view.values.get(f.key), entry, context) for f in entry.content_type.fields},
    }


def page_json(items, *, page, per_page, total, locale=None):
    document = {
        "items": items,
        "page": page,
        "per_page": per_page,
        "total": total,
        "pages": max(1, -(-total // per_page)),
    }
    if locale is not None:
        document["locale"] = locale
    return document

"""Audit entries made readable: field labels, names instead of ids, masked personal data."""
from datetime import date, datetime

from flask_babel import gettext
from sqlalchemy import inspect

from portal.extensions import db
from portal.i18n import format_value
from portal.models.audit import AuditAction
from portal.models.base import enum_of, technical_fields
from portal.models.labels import field_label
from portal.models.cases import Case
from portal.models.lookups import LookupMixin
from portal.services import identity, privacy
from portal.services.access import sees_personal_data
from portal.services.audit import NOISE, model_for_table

HIDDEN = NOISE | {"id", "name_pinyin", "name_initials"}


def describe_entries(entries, user, can_see=None):
    """A list of dicts ready for the history template, newest first.

    ``can_see(model, id)`` says whether the reader may see a linked record; one they may not is
    shown by its kind only ("mediation session"), never by its name or number.
    """
    resolver = _Resolver(can_see)
    privacy.preload({_case_of(entry) for entry in entries} - {None})
    described = []
    for entry in entries:
        model = model_for_table(entry.entity)
        hidden = HIDDEN | (technical_fields(model) if model is not None else frozenset())
        case_id = _case_of(entry)
        rows = []
        for key, value in (entry.changes or {}).items():
            if key in hidden or key.startswith("__") or key in getattr(model, "__audit_ignore__", ()):
                continue
            if entry.action == AuditAction.UPDATE:
                old, new = value
            elif entry.action == AuditAction.DELETE:
                old, new = value, None
            else:
                old, new = None, value
            if entry.action != AuditAction.UPDATE and old in (None, "") and new in (None, ""):
                continue
            rows.append({
                "field": field_label(model, key),
                "old": _display(model, key, old, user, resolver, case_id),
                "new": _display(model, key, new, user, resolver, case_id),
            })
        described.append({
            "id": entry.id,
            "at": entry.at,
            "actor": str(entry.actor) if entry.actor else gettext("System"),
            "action": entry.action,
            "action_label": AuditAction.label_of(entry.action),
            "kind": str(getattr(model, "__label__", entry.entity)),
            "summary": _summary(model, entry.summary, user, case_id),
            "entity": entry.entity,
            "entity_id": entry.entity_id,
            "rows": rows,
        })
    return described


def _case_of(entry):
    """The case an entry is about (a case, or one of its records), for masking its parties."""
    if entry.entity == Case.__tablename__:
        return entry.entity_id
    return entry.parent_id if entry.parent_entity == Case.__tablename__ else None


def _summary(model, summary, user, case_id=None):
    # A record named after a person (a party) is summarised by that name: mask it like the name.
    if model is not None and "name" in getattr(model, "__personal__", ()) and not sees_personal_data(user):
        return identity.mask_name(summary)
    if model is Case:
        return privacy.title_for(case_id, summary, user)
    return summary


def _display(model, key, value, user, resolver, case_id=None):
    if value is None or value == "":
        return ""
    if model is Case and key == "title":
        return privacy.title_for(case_id, str(value), user)
    if key in getattr(model, "__party_places__", ()):
        return privacy.place_for(case_id, str(value), user)
    personal = model is not None and key in getattr(model, "__personal__", ())
    if personal and not sees_personal_data(user):
        if key == "id_number":
            return identity.mask_id_number(str(value))
        if key in ("phone", "mobile", "landline"):
            return identity.mask_phone(str(value))
        if key == "name":
            return identity.mask_name(str(value))
        return "***"
    if model is None:
        return str(value)
    target = _foreign_target(model, key)
    if target is not None:
        return _summary(target, resolver.label(target, value), user, value)
    links = _link_target(model, key)
    if links is not None:
        # Linked people (parties present at a meeting) are masked like their own names.
        return "、".join(_summary(links, resolver.label(links, v), user, v) for v in value)
    enum_cls = _enum_for(model, key)
    if enum_cls is not None:
        return enum_cls.label_of(value)
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    return _typed(model, key, value)


def _typed(model, key, value):
    column = model.__table__.c.get(key)
    if column is not None and isinstance(value, str):
        try:
            python_type = column.type.python_type
        except NotImplementedError:
            python_type = str
        try:
            if python_type is datetime:
                return format_value(datetime.fromisoformat(value))
            if python_type is date:
                return format_value(date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def _foreign_target(model, key):
    column = model.__table__.c.get(key)
    if column is None or not column.foreign_keys:
        return None
    return model_for_table(next(iter(column.foreign_keys)).column.table.name)


def _link_target(model, key):
    rel = inspect(model).relationships.get(key)
    if rel is None or rel.secondary is None:
        return None
    return rel.mapper.class_


def _enum_for(model, key):
    return enum_of(model, key)


def _reference_data(model):
    """Lookups (dispute types, case sources…) are read by everyone who reads the records using
    them, though only the district office has their screens: the history names the value."""
    return issubclass(model, LookupMixin)


class _Resolver:
    """Looks up names for ids, one query per target kind and id."""

    def __init__(self, can_see=None):
        self.cache = {}
        self.can_see = can_see

    def label(self, target, value):
        key = (target, value)
        if key not in self.cache:
            obj = db.session.get(target, value) if value is not None else None
            if obj is None:
                self.cache[key] = gettext("(deleted record #%(id)s)", id=value)
            elif self.can_see is not None and not _reference_data(target) and not self.can_see(target, value):
                self.cache[key] = str(getattr(target, "__label__", ""))
            else:
                self.cache[key] = str(obj)
        return self.cache[key]

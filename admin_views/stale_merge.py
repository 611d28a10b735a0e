"""Comparing a stale form with the record's history, field by field (see PortalModelView.merge_stale_edit).

Audit entries store column values as JSON (``committee_id``, ISO dates, decimals as strings) and
many-to-many links as id lists; forms hold Python values keyed by field name (``committee`` holds
a Committee). These helpers bring both to one comparable form.
"""
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask import flash
from flask_babel import gettext
from sqlalchemy import inspect
from wtforms import HiddenField

from portal.models.labels import field_label
from portal.services import audit
from portal.services.audit import jsonable


def _relationship_for_column(model, key):
    for rel in inspect(type(model)).relationships:
        if rel.secondary is None and any(col.key == key for col in rel.local_columns):
            return rel
    return None


def form_field_for(model, key, form):
    """The form field editing ``key`` (a column or a many-to-many relationship), or None."""
    if key in form:
        return key
    rel = _relationship_for_column(model, key)
    if rel is not None and rel.key in form:
        return rel.key
    return None


def _column(model, key):
    return type(model).__table__.c.get(key)


def normalise(model, key, value):
    """A value as audit JSON would hold it, with empty and None alike and decimals by value."""
    if value in ("", None):
        return None
    if isinstance(value, list):
        return sorted(value)
    column = _column(model, key)
    try:
        python_type = column.type.python_type if column is not None else None
    except NotImplementedError:
        python_type = None
    if python_type is Decimal:
        try:
            return Decimal(str(value)).normalize()
        except InvalidOperation:
            return value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if python_type is datetime and isinstance(value, str):
        return value.replace(" ", "T")
    return value


def submitted(model, key, field):
    data = field.data
    rel = inspect(type(model)).relationships.get(field.name)
    if rel is not None:
        if rel.secondary is not None:
            return sorted(item.id for item in (data or []))
        return data.id if data is not None else None
    return normalise(model, key, jsonable(data))


def current(model, key):
    rel = inspect(type(model)).relationships.get(key)
    if rel is not None and rel.secondary is not None:
        return sorted(item.id for item in getattr(model, key))
    return jsonable(getattr(model, key))


def load_current(model, key, field):
    """Put the record's current value into ``field``."""
    rel = inspect(type(model)).relationships.get(field.name)
    field.data = list(getattr(model, field.name)) if rel is not None and rel.secondary is not None else getattr(model, field.name)
    if hasattr(field, "raw_data"):
        field.raw_data = None


# --- the screens' side ---------------------------------------------------------------------------

def token_parent_version(token):
    head = (token or "").split("-")[0]
    return int(head) if head.isdigit() else None


def token_rows(token):
    rows = {}
    for part in (token or "").split("-")[1:]:
        key, _, row = part.partition(":")
        rows.setdefault(key, set()).add(row)
    return rows


class StaleEditMixin:
    """Refuse saves based on an old version, and merge what others changed meanwhile into the form."""

    def scaffold_form(self):
        form_class = super().scaffold_form()
        form_class.record_version = HiddenField()
        return form_class

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        if obj is not None and not form.record_version.data:
            form.record_version.data = self.version_token(obj)
        return form

    def version_token(self, model):
        """The record's version and its inline rows' (parties of a case, members of a committee).

        A row edited inline changes only its own version, so the parent's alone would let a
        second editor's form silently overwrite the first one's change to that row.
        Format: ``7-parties:12.3-parties:13.1`` (record version, then section:row.version).
        """
        parts = [str(model.version)]
        for key in self._inline_relationship_keys():
            parts.extend(f"{key}:{child.id}.{child.version}" for child in getattr(model, key) or ())
        return "-".join(parts)

    def _inline_relationship_keys(self):
        targets = {item[0] if isinstance(item, tuple) else getattr(item, "model", item)
                   for item in self.inline_models or ()}
        return [rel.key for rel in inspect(self.model).relationships if rel.mapper.class_ in targets]

    def update_model(self, form, model):
        submitted = form.record_version.data if "record_version" in form else None
        if submitted and submitted != self.version_token(model):
            self.merge_stale_edit(form, model, submitted)
            return False
        if "record_version" in form:
            del form.record_version
        return super().update_model(form, model)

    def merge_stale_edit(self, form, model, token):
        """Refuse a save based on an old version, and prepare the form for a safe second save.

        From the audit log we know which of the record's fields others changed since the editor
        loaded it, and what those fields held then. Where the editor left such a field alone,
        the other person's value is put into the form; where both changed it, the editor's
        value stays and the field is named. Inline rows (parties, members…) changed by others
        are named too. Nothing is saved until the editor saves again, against the current token.
        """
        taken, clashes = [], []
        base_version = token_parent_version(token)
        if base_version is not None and base_version != model.version:
            for key, base_value in audit.changes_since(model, base_version).items():
                field_name = form_field_for(model, key, form)
                if field_name is None:
                    continue
                mine = submitted(model, key, form[field_name])
                if mine == normalise(model, key, base_value):
                    load_current(model, key, form[field_name])
                    taken.append(field_label(self.model, key))
                elif mine != normalise(model, key, current(model, key)):
                    clashes.append(field_label(self.model, key))
        changed_rows = self._inline_sections_changed_since(model, token)
        form.record_version.data = self.version_token(model)
        flash(gettext(
            "Someone else saved this record while you were editing it. Nothing has been saved yet: "
            "review the form and save again."
        ), "error")
        if taken:
            flash(gettext("Their changes are now in the form: %(fields)s.", fields="、".join(map(str, taken))), "warning")
        if clashes:
            flash(gettext(
                "You both changed %(fields)s; the form shows your version. Compare with the record's history before saving.",
                fields="、".join(map(str, clashes)),
            ), "warning")
        if changed_rows:
            flash(gettext(
                "Rows in %(sections)s were changed by someone else; the form still shows yours. Compare with the record's history before saving.",
                sections="、".join(map(str, changed_rows)),
            ), "warning")

    def _inline_sections_changed_since(self, model, token):
        """Labels of the inline sections whose rows were added, changed or removed since ``token``."""
        then, now = token_rows(token), token_rows(self.version_token(model))
        return [field_label(self.model, key) for key in self._inline_relationship_keys()
                if then.get(key, set()) != now.get(key, set())]

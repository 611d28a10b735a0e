"""Comparing a stale form with the record's history, field by field (see PortalModelView.merge_stale_edit).

Audit entries store column values as JSON (``committee_id``, ISO dates, decimals as strings) and
many-to-many links as id lists; forms hold Python values keyed by field name (``committee`` holds
a Committee). These helpers bring both to one comparable form.
"""
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask import flash, g, request
from flask_babel import gettext
from sqlalchemy import inspect
from wtforms import HiddenField

from portal.models.labels import field_label
from portal.services import audit
from portal.services.audit import jsonable
from portal.services.inputs import parse_int


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
    rel = inspect(type(model)).relationships.get(field.short_name)
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
    name = field.short_name  # a row edited inline has "parties-0-phone" as its name
    rel = inspect(type(model)).relationships.get(name)
    field.data = list(getattr(model, name)) if rel is not None and rel.secondary is not None else getattr(model, name)
    if hasattr(field, "raw_data"):
        field.raw_data = None


# --- the screens' side ---------------------------------------------------------------------------

def token_parent_version(token):
    """The record version a form's token starts with, or None when it holds none (or nonsense)."""
    return parse_int((token or "").split("-")[0], low=1)


def token_rows(token):
    rows = {}
    for part in (token or "").split("-")[1:]:
        key, _, row = part.partition(":")
        rows.setdefault(key, set()).add(row)
    return rows


class VersionField(HiddenField):
    """The version token a form was loaded with: checked on save, never written to the record."""

    def populate_obj(self, obj, name):
        pass


class StaleEditMixin:
    """Refuse saves based on an old version, and merge what others changed meanwhile into the form.

    Every refused save comes back carrying the version it is now based on, whether the editor's
    version was already old when the save arrived or a colleague's save got in between the check
    and the write (the database's version check then refuses it). A save that carries no version
    at all is refused as well, never taken as "the latest".
    """

    def scaffold_form(self):
        form_class = super().scaffold_form()
        form_class.record_version = VersionField()
        return form_class

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        if obj is not None and request.method == "GET":  # a posted form keeps what it was sent
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
        token = form.record_version.data
        base_version = token_parent_version(token)
        if base_version is None or base_version > model.version:
            self.refuse_unversioned(form, model)
            return False
        if token != self.version_token(model):
            self.merge_stale_edit(form, model, token)
            return False
        g.pop("_stale_save", None)
        saved = super().update_model(form, model)  # rolls back and reports on failure
        if not saved and g.pop("_stale_save", False):
            # A colleague's save got in between the check above and this one's write.
            self.merge_stale_edit(form, model, token)
        return saved

    def saw_stale_save(self):
        """Called by the error handling when the database refused a write as stale: True when it
        was an edit being saved (update_model then merges), False otherwise."""
        if (request.endpoint or "").endswith(".edit_view") and request.method == "POST":
            g._stale_save = True
            return True
        return False

    def refuse_unversioned(self, form, model):
        """A save that does not say which version it edits: nothing is saved, and the form (the
        editor's input as it was sent) now carries the record's current version."""
        form.record_version.data = self.version_token(model)
        flash(gettext(
            "This form did not say which version of the record it was based on, so nothing was saved. "
            "Check the form against the record's history, then save again."
        ), "error")

    def merge_stale_edit(self, form, model, token):
        """Refuse a save based on an old version, and prepare the form for a safe second save.

        From the audit log we know which of the record's fields others changed since the editor
        loaded it, and what those fields held then. Where the editor left such a field alone,
        the other person's value is put into the form; where both changed it, the editor's
        value stays and the field is named. Rows edited inline (parties, members…) are merged
        the same way, field by field; sections where others added or removed rows are named.
        Nothing is saved until the editor saves again, against the current token.
        """
        taken, clashes = [], []
        base_version = token_parent_version(token)
        if base_version is not None and base_version != model.version:
            _merge_fields(model, base_version, form, taken, clashes, label=lambda key: field_label(self.model, key))
        self._merge_inline_rows(form, model, token, taken, clashes)
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
                "Rows were added to or removed from %(sections)s by someone else; the form still shows yours. Compare with the record's history before saving.",
                sections="、".join(map(str, changed_rows)),
            ), "warning")

    def _merge_inline_rows(self, form, model, token, taken, clashes):
        """Each inline row in the form that someone else changed since ``token``: their values
        where the editor left a field alone, the field named where both changed it."""
        for key in self._inline_relationship_keys():
            if key not in form:
                continue
            then = _row_versions(token_rows(token).get(key, ()))
            rows = {child.id: child for child in getattr(model, key) or ()}
            section = field_label(self.model, key)
            for entry in getattr(form[key], "entries", ()):
                row = rows.get(parse_int(entry.get_pk(), low=1))
                if row is None or row.id not in then or then[row.id] >= row.version:
                    continue
                _merge_fields(row, then[row.id], entry.form, taken, clashes,
                              label=lambda column, row=row: f"{section}·{field_label(type(row), column)}")

    def _inline_sections_changed_since(self, model, token):
        """Labels of the inline sections where rows were added or removed since ``token``."""
        then, now = token_rows(token), token_rows(self.version_token(model))
        return [field_label(self.model, key) for key in self._inline_relationship_keys()
                if _row_versions(then.get(key, ())).keys() != _row_versions(now.get(key, ())).keys()]


def _row_versions(parts):
    """{row id: version} from a token's ``id.version`` parts."""
    versions = {}
    for part in parts:
        row, _, version = part.partition(".")
        row, version = parse_int(row, low=1), parse_int(version, low=1)
        if row is not None and version is not None:
            versions[row] = version
    return versions


def _merge_fields(record, base_version, form, taken, clashes, *, label):
    """Fields of ``record`` others changed after ``base_version``: their value into ``form`` where
    the editor left the field as it was (``taken``), else named when both changed it (``clashes``)."""
    for key, base_value in audit.changes_since(record, base_version).items():
        field_name = form_field_for(record, key, form)
        if field_name is None:
            continue
        mine = submitted(record, key, form[field_name])
        if mine == normalise(record, key, base_value):
            load_current(record, key, form[field_name])
            taken.append(label(key))
        elif mine != normalise(record, key, current(record, key)):
            clashes.append(label(key))

"""Admin screens of the public site: content types and entries (with preview and revisions).
Online applications are in the Cases menu (admin_views/online_applications.py).

Content types are ordinary generated screens with their fields inline. Entries list as usual,
but their create and edit pages use a form generated from the entry's type (forms.content),
with a section per language; preview, revisions, diff and revert are extra endpoints.
"""
import json

from flask import abort, flash, jsonify, redirect, render_template, request
from flask_admin import expose
from flask_admin.helpers import get_redirect_target
from flask_admin.model.template import EndpointLinkRowAction
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, inspect, select
from sqlalchemy.orm.exc import StaleDataError
from wtforms.validators import ValidationError

from admin_views.base import PortalModelView
from admin_views.fields import bool_filter, lookup_filter
from forms import content as entry_forms
from portal import timeutil
from portal.extensions import db
from portal.i18n import HTML_LANG, NATIVE_NAMES, current_locale_code
from portal.models.content import (
    CONTENT_LOCALES, ContentEntry, ContentField, ContentFile, ContentRevision, ContentType, FieldKind,
)
from portal.models.lookups import fill_traditional
from portal.public.pages import entry_context, file_response
from portal.services import content as content_service
from portal.services.content import files as content_files
from portal.services.access import Action, Area
from portal.services.contacts import public_contact, search_for_picker
from portal.services.content.diff import diff_snapshots
from portal.services.inputs import parse_id, parse_int


# --- content types ----------------------------------------------------------------------------------

class ContentTypeView(PortalModelView):
    area = Area.CONTENT
    column_list = ("key", "name", "name_zh_hant", "name_en", "is_public", "sort_order")
    column_details_list = ("key", "name", "name_zh_hant", "name_en", "is_public", "sort_order", "fields",
                           "created_at", "created_by", "updated_at", "updated_by")
    column_searchable_list = ("key", "name", "name_en")
    column_sortable_list = ("key", "name", "sort_order")
    column_default_sort = "sort_order"
    form_columns = ("key", "name", "name_zh_hant", "name_en", "is_public", "sort_order", "fields")
    column_descriptions = {
        "key": _l("Lower-case letters, digits and underscores; used in web addresses and the API. Cannot be changed later."),
        "name_zh_hant": _l("Left empty, it is converted from the Simplified name."),
    }
    inline_models = (
        (ContentField, {
            "form_columns": ("id", "key", "kind", "label", "label_zh_hant", "label_en", "required", "target", "sort_order"),
        }),
    )
    unique_checks = (("key",),)

    def __init__(self, model, **kwargs):
        self.column_filters = (bool_filter(model, "is_public"),)
        super().__init__(model, **kwargs)

    def on_model_change(self, form, model, is_created):
        check_type_definition(model, is_created)
        # The fields are part of the type: a field removed leaves no row to date the change by,
        # so the type itself is marked changed (the API's Last-Modified reads it).
        model.updated_at = timeutil.now()
        super().on_model_change(form, model, is_created)


def check_type_definition(content_type, is_created):
    """Keys, field keys and field kinds that make a usable type; raises ValidationError."""
    if not content_service.KEY_PATTERN.match(content_type.key or ""):
        raise ValidationError(gettext("The key may hold only lower-case letters, digits and underscores, and must start with a letter."))
    history = inspect(content_type).attrs.key.history
    if not is_created and history.deleted and history.deleted[0] != content_type.key:
        raise ValidationError(gettext("The key of a content type cannot be changed: web addresses and API clients use it."))
    fill_traditional(content_type)
    seen = set()
    for field in content_type.fields:
        if not content_service.KEY_PATTERN.match(field.key or "") or field.key in content_service.RESERVED_FIELD_KEYS:
            raise ValidationError(gettext("Field key “%(key)s” is not allowed: use lower-case letters, digits and underscores (not title, slug, status, locale or type).", key=field.key or ""))
        if field.key in seen:
            raise ValidationError(gettext("Two fields have the key “%(key)s”.", key=field.key))
        seen.add(field.key)
        if field.kind == FieldKind.RECORD and not field.target:
            raise ValidationError(gettext("Field “%(key)s” links to a contact point: choose which kind.", key=field.key))
        if field.kind != FieldKind.RECORD:
            field.target = None
        fill_traditional(field, "label", "label_zh_hant")


# --- entries ----------------------------------------------------------------------------------------

STATE_LABELS = {
    "draft": _l("Draft"),
    "scheduled": _l("Scheduled"),
    "published": _l("Published"),
    "ended": _l("Ended"),
}


def _state(view, context, model, name):
    return STATE_LABELS[content_service.entry_state(model)]


class ContentEntryView(PortalModelView):
    area = Area.CONTENT
    details_template = "admin/portal/content_entry_details.html"
    column_list = ("title", "content_type", "slug", "status", "publish_at", "unpublish_at", "updated_at")
    column_details_list = (
        "title", "content_type", "slug", "status", "publish_at", "unpublish_at", "published_at", "sort_order",
        "created_at", "created_by", "updated_at", "updated_by",
    )
    column_export_list = ("title", "content_type", "slug", "status", "publish_at", "unpublish_at", "published_at", "updated_at")
    column_searchable_list = ("title", "slug")
    column_sortable_list = ("title", "slug", "publish_at", "unpublish_at", "updated_at")
    column_default_sort = ("updated_at", True)
    column_formatters = {"status": _state}
    form_columns = ("slug",)  # unused: the real form is generated per type (forms.content)

    endpoint_actions = {
        "preview_view": Action.EDIT,
        "records_view": Action.EDIT,
        "revert_view": Action.EDIT,
        "revisions_view": Action.DETAILS,
        "diff_view": Action.DETAILS,
        "file_view": Action.DETAILS,
    }

    def __init__(self, model, **kwargs):
        type_filter = lookup_filter(ContentEntry, "content_type", ContentType, column=ContentEntry.type_id)
        self.column_filters = (type_filter, "status", "publish_at", "unpublish_at", "updated_at")
        super().__init__(model, **kwargs)

    def get_list_row_actions(self):
        actions = list(super().get_list_row_actions())
        actions.append(EndpointLinkRowAction("fa fa-history", ".revisions_view", title=_l("Revisions")))
        if self.permits(Action.EDIT):
            actions.append(EndpointLinkRowAction("fa fa-eye", ".preview_view", title=_l("Preview")))
        return actions

    # --- create and edit ------------------------------------------------------------------------
    @expose("/new/", methods=("GET", "POST"))
    def create_view(self):
        return_url = get_redirect_target() or self.get_url(".index_view")
        content_type = db.session.scalar(select(ContentType).where(ContentType.key == request.args.get("type", "")))
        if content_type is None:
            types = db.session.scalars(select(ContentType).order_by(ContentType.sort_order, ContentType.id)).all()
            return self.render("admin/portal/content_choose_type.html", types=types, return_url=return_url)
        return self._edit(content_type, None, return_url)

    @expose("/edit/", methods=("GET", "POST"))
    def edit_view(self):
        return_url = get_redirect_target() or self.get_url(".index_view")
        entry = self.get_one(request.args.get("id"))
        if entry is None:
            flash(gettext("Record does not exist."), "error")
            return redirect(return_url)
        return self._edit(entry.content_type, entry, return_url)

    def _edit(self, content_type, entry, return_url):
        form_class = entry_forms.entry_form_class(content_type)
        if request.method == "POST":
            form = form_class()
            valid = form.validate()
            valid = entry_forms.validate_entry(form, content_type, entry) and valid
            if valid:
                saved = self._save(form, content_type, entry)
                if saved is not None:
                    if request.form.get("then") == "preview":
                        return redirect(self.get_url(".preview_view", id=saved.id))
                    if request.form.get("then") == "list":
                        return redirect(return_url)
                    return redirect(self.get_url(".edit_view", id=saved.id, url=return_url))
            entry_forms.add_blank_steps(form, content_type, blank=1)
        else:
            form = form_class(data=entry_forms.initial_data(content_type, entry))
            entry_forms.add_blank_steps(form, content_type)
        return self.render(
            "admin/portal/content_entry_edit.html", form=form, content_type=content_type, entry=entry,
            return_url=return_url, locales=self._locale_sections(entry), shared_files=self._shared_files(content_type, entry),
            record_choices=self._record_choices(content_type, form),
        )

    def _save(self, form, content_type, entry):
        if entry is not None and form.record_version.data != str(entry.version):
            flash(gettext(
                "Someone else saved this record while you were editing it. Your changes are still in the form "
                "below and have not been saved. Check the record's history, then save again to keep your version."
            ), "error")
            form.record_version.data = str(entry.version)
            return None
        try:
            saved = content_service.save_entry(content_type, entry_forms.entry_input(form, content_type, entry), entry)
            db.session.commit()
        except content_service.ContentError as error:
            db.session.rollback()
            text = entry_forms.apply_error(form, error)
            if text:
                flash(text, "error")
            return None
        except StaleDataError:
            # A colleague's save got in between the check above and this write: the same answer,
            # and the form now carries the version it is based on, so the next save is checked too.
            db.session.rollback()
            flash(gettext(
                "Someone else saved this record while you were editing it. Your changes are still in the form "
                "below and have not been saved. Check the record's history, then save again to keep your version."
            ), "error")
            form.record_version.data = str(entry.version)
            return None
        flash(gettext("Record was successfully saved."), "success")
        return saved

    def _locale_sections(self, entry):
        sections = []
        for locale in CONTENT_LOCALES:
            translation = entry.translation(locale) if entry is not None else None
            sections.append({
                "code": locale, "name": NATIVE_NAMES[locale], "lang": HTML_LANG[locale],
                "derived": bool(translation and translation.derived),
            })
        return sections

    def _shared_files(self, content_type, entry):
        if entry is None:
            return {}
        files = {}
        values = content_service.entry_values(entry, None)
        for field in content_type.fields:
            file_id = values[field.key] if field.kind == FieldKind.FILE else None
            stored = content_files.file_of_entry(entry, file_id) if file_id else None
            if stored is not None:
                files[field.key] = stored
        return files

    def _record_choices(self, content_type, form):
        """The label of each record field's current value, for the picker's first display."""
        choices = {}
        for field in content_type.fields:
            if field.kind != FieldKind.RECORD:
                continue
            value = form[f"shared__{field.key}"].data
            point = public_contact(field.target, value) if value else None
            choices[field.key] = json.dumps([point.id, point.name]) if point else ""
        return choices

    @expose("/records/")
    def records_view(self):
        """Public contact points of one kind, for the record picker (Select2's AJAX format)."""
        try:
            limit = max(1, min(int(request.args.get("limit", 10)), 30))
        except ValueError:
            limit = 10
        return jsonify(search_for_picker(request.args.get("target"), request.args.get("query"), limit))

    # --- preview and files ------------------------------------------------------------------------
    @expose("/preview/")
    def preview_view(self):
        entry = self.get_one(request.args.get("id")) or abort(404)

        def admin_file_url(stored):
            return self.get_url(".file_view", id=stored.id)

        context = entry_context(entry, current_locale_code(), preview=True, file_url=admin_file_url)
        context["back_url"] = self.get_url(".edit_view", id=entry.id)
        return render_template("public/entry.html", **context)

    @expose("/file/")
    def file_view(self):
        file_id = parse_id(request.args.get("id"))
        stored = db.session.get(ContentFile, file_id) if file_id is not None else None
        if stored is None or self.get_one(stored.entry_id) is None:
            abort(404)
        return file_response(stored, public=False)

    # --- revisions ----------------------------------------------------------------------------------
    @expose("/revisions/")
    def revisions_view(self):
        entry = self.get_one(request.args.get("id")) or abort(404)
        revisions = db.session.scalars(
            select(ContentRevision).where(ContentRevision.entry_id == entry.id).order_by(ContentRevision.number.desc())
        ).all()
        return self.render("admin/portal/content_revisions.html", entry=entry, revisions=revisions,
                           note_of=revision_note, can_edit=self.permits(Action.EDIT))

    @expose("/diff/")
    def diff_view(self):
        entry = self.get_one(request.args.get("id")) or abort(404)
        old = self._revision(entry, request.args.get("from"))
        new = self._revision(entry, request.args.get("to"))
        if old is None or new is None:
            abort(404)
        if old.number > new.number:
            old, new = new, old
        diffs = diff_snapshots(entry.content_type, old.snapshot, new.snapshot)
        return self.render("admin/portal/content_diff.html", entry=entry, old=old, new=new, diffs=diffs,
                           note_of=revision_note, can_edit=self.permits(Action.EDIT))

    @expose("/revert/", methods=("POST",))
    def revert_view(self):
        # CSRF is checked for every POST by Flask-WTF's CSRFProtect.
        entry = self.get_one(request.form.get("id")) or abort(404)
        revision = self._revision(entry, request.form.get("revision")) or abort(404)
        try:
            created = content_service.revert(entry, revision)
            db.session.commit()
        except StaleDataError:
            db.session.rollback()
            flash(gettext("Someone else saved this record at the same moment. Nothing was saved; please reload and try again."), "error")
            return redirect(self.get_url(".revisions_view", id=entry.id))
        if created is None:
            flash(gettext("The entry already reads as revision %(n)s; nothing changed.", n=revision.number), "info")
        else:
            flash(gettext("Reverted to revision %(old)s; saved as revision %(new)s.", old=revision.number, new=created.number), "success")
        return redirect(self.get_url(".revisions_view", id=entry.id))

    def _revision(self, entry, number):
        number = parse_int(number, low=1)
        if number is None:
            return None
        return db.session.scalar(
            select(ContentRevision).where(ContentRevision.entry_id == entry.id, ContentRevision.number == number)
        )

    def details_context(self, model):
        return {
            "translations": model.translations,
            "native_names": NATIVE_NAMES,
            "html_lang": HTML_LANG,
            "state_label": STATE_LABELS[content_service.entry_state(model)],
            "can_edit": self.permits(Action.EDIT),
            "revision_count": db.session.scalar(
                select(func.count()).select_from(ContentRevision).where(ContentRevision.entry_id == model.id)
            ),
        }


def revision_note(note):
    """What a revision's stored note means, in the reader's language."""
    if note == "created":
        return gettext("Created")
    if note and note.startswith("reverted:"):
        return gettext("Reverted to revision %(n)s", n=note.split(":", 1)[1])
    return gettext("Saved")


VIEWS = (
    (ContentEntryView, ContentEntry, "content_entries"),
    (ContentTypeView, ContentType, "content_types"),
)

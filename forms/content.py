"""The entry edit form, generated from a content type's field list, and its validation.

Fields are reached as ``form["<locale>__<key>"]`` / ``form["shared__<key>"]``; in the page they
are named ``<locale>-title``, ``<locale>-<key>`` and ``shared-<key>``, and steps are rows named
``<locale>-<key>-N-title`` / ``…-N-description``.
"""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField, DateField, DateTimeLocalField, FieldList, Form, FormField, HiddenField, IntegerField,
    SelectField, StringField, TextAreaField,
)
from wtforms.validators import Length, NumberRange, Optional, Regexp

from forms.base import BaseForm
from forms.validators import After
from portal.models.content import (
    CONTENT_LOCALES, SIMPLIFIED, TRADITIONAL, ContentEntry, ContentTranslation, EntryStatus, FieldKind,
)
from portal.models.labels import field_label
from portal.services import content as content_service
from portal.services import files
from portal.services.content import files as content_files
from portal.services.contacts import public_contact

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"

MESSAGES = {
    "slug_format": _l("Use lower-case letters, digits and single hyphens only (for example mediation-process)."),
    "slug_taken": _l("Another entry of this type already uses this address."),
    "no_chinese_title": _l("Write the title in Simplified or Traditional Chinese; the other script is converted automatically."),
    "window_order": _l("Unpublish time must be later than the publish time."),
    "file_empty": _l("The file is empty."),
    "file_too_large": _l("The file is larger than %(limit)s MB."),
    "file_type": _l("Only PNG, JPEG, GIF or WebP images and PDF documents can be uploaded."),
    "file_store_down": _l("The file store cannot be reached just now, so nothing was saved. Please try again in a "
                          "few minutes."),
    "required": _l("This field is required."),
    "record_unknown": _l("Choose a contact point that is shown to the public."),
    "too_many_steps": _l("At most %(n)s steps."),
    "foreign_revision": _l("This revision belongs to another entry."),
}


def message(code, **params):
    text = MESSAGES[code]
    return str(text) % params if params else str(text)


class StepForm(Form):
    title = StringField(_l("Step"), [Length(max=content_service.STEP_TITLE_MAX)])
    description = TextAreaField(_l("Description"), [Length(max=content_service.STEP_DESCRIPTION_MAX)], render_kw={"rows": 2})


class EntryFormBase(BaseForm):
    slug = StringField(
        field_label(ContentEntry, "slug"),
        [Optional(), Length(max=80), Regexp(content_service.SLUG_PATTERN, message=MESSAGES["slug_format"])],
        description=_l("Part of the page's web address. Left empty, it is made from the title."),
    )
    status = SelectField(field_label(ContentEntry, "status"), choices=EntryStatus.choices, default=EntryStatus.DRAFT)
    publish_at = DateTimeLocalField(
        field_label(ContentEntry, "publish_at"), [Optional()], format=DATETIME_FORMAT,
        description=_l("Optional: a published entry appears only from this time."),
    )
    unpublish_at = DateTimeLocalField(
        field_label(ContentEntry, "unpublish_at"), [Optional(), After("publish_at", message=MESSAGES["window_order"])], format=DATETIME_FORMAT,
        description=_l("Optional: the entry disappears from the public site at this time."),
    )
    sort_order = IntegerField(field_label(ContentEntry, "sort_order"), [Optional(), NumberRange(min=-9999, max=9999)], default=0)
    record_version = HiddenField()


class UploadField(FileField):
    """A file input whose bytes are read once, and never more than the limit (plus one byte, to
    tell a file that is too large); ``payload`` holds them for checking and saving."""

    payload = None

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if getattr(self.data, "filename", None):
            self.payload = files.read_limited(self.data, content_files.max_bytes())


def _value_field(field, name):
    kind = FieldKind(field.kind)
    label = field.display_label
    if kind == FieldKind.TEXT:
        return StringField(label, [Length(max=content_service.LIMITS[kind])], name=name)
    if kind == FieldKind.LONG_TEXT:
        return TextAreaField(label, [Length(max=content_service.LIMITS[kind])], render_kw={"rows": 4}, name=name)
    if kind == FieldKind.RICH_TEXT:
        return TextAreaField(label, [Length(max=content_service.LIMITS[kind])],
                             render_kw={"rows": 10, "data-rich-text": "1"}, name=name)
    if kind == FieldKind.STEPS:
        return FieldList(FormField(StepForm), label=label, max_entries=content_service.MAX_STEPS + 1, name=name)
    if kind == FieldKind.DATE:
        return DateField(label, [Optional()], name=name)
    if kind == FieldKind.FILE:
        return UploadField(label, name=name)
    if kind == FieldKind.RECORD:
        return IntegerField(label, [Optional()], name=name)
    raise ValueError(kind)


def entry_form_class(content_type):
    """A form class for entries of ``content_type``."""
    attrs = {}
    for locale in CONTENT_LOCALES:
        attrs[f"{locale}__title"] = StringField(field_label(ContentTranslation, "title"), [Length(max=content_service.TITLE_MAX)], name=f"{locale}-title")
        for field in content_type.fields:
            if FieldKind(field.kind).translatable:
                attrs[f"{locale}__{field.key}"] = _value_field(field, f"{locale}-{field.key}")
    for field in content_type.fields:
        kind = FieldKind(field.kind)
        if not kind.translatable:
            attrs[f"shared__{field.key}"] = _value_field(field, f"shared-{field.key}")
            if kind == FieldKind.FILE:
                attrs[f"shared__{field.key}__remove"] = BooleanField(_l("Remove the file"), name=f"shared-{field.key}-remove")
    return type(f"EntryForm_{content_type.key}", (EntryFormBase,), attrs)


# --- between forms and entries ---------------------------------------------------------------------

def initial_data(content_type, entry):
    """Form data for editing ``entry`` (None: a new one)."""
    if entry is None:
        return {"status": EntryStatus.DRAFT, "sort_order": 0}
    data = {
        "slug": entry.slug, "status": entry.status, "publish_at": entry.publish_at,
        "unpublish_at": entry.unpublish_at, "sort_order": entry.sort_order, "record_version": str(entry.version),
    }
    for translation in entry.translations:
        data[f"{translation.locale}__title"] = translation.title
        values = content_service.entry_values(entry, translation)
        for field in content_type.fields:
            if FieldKind(field.kind).translatable:
                data[f"{translation.locale}__{field.key}"] = values[field.key]
    shared = content_service.entry_values(entry, None)
    for field in content_type.fields:
        kind = FieldKind(field.kind)
        value = shared[field.key]
        if kind == FieldKind.DATE:
            value = content_service.iso_date(value)
        if not kind.translatable and kind != FieldKind.FILE:
            data[f"shared__{field.key}"] = value
    return data


def add_blank_steps(form, content_type, blank=2):
    """Empty rows under each steps list, to add steps without script."""
    for locale in CONTENT_LOCALES:
        for field in content_type.fields:
            if FieldKind(field.kind) == FieldKind.STEPS:
                steps = form[f"{locale}__{field.key}"]
                for _ in range(blank):
                    steps.append_entry()


def _locale_present(form, locale):
    return bool((form[f"{locale}__title"].data or "").strip())


def _untouched_derived(form, content_type, entry, locale):
    if entry is None or locale not in (SIMPLIFIED, TRADITIONAL):
        return False
    raw = _locale_raw(form, content_type, locale)
    return content_service.untouched_derived(entry, locale, content_service.locale_content(content_type, raw))


def _locale_raw(form, content_type, locale):
    data = {f.key: form[f"{locale}__{f.key}"].data for f in content_type.fields if FieldKind(f.kind).translatable}
    return {"title": form[f"{locale}__title"].data, "data": data}


def _empty(kind, value):
    if kind == FieldKind.STEPS:
        return not any((row.get("title") or "").strip() or (row.get("description") or "").strip() for row in value or ())
    return value in (None, "") or (isinstance(value, str) and not value.strip())


def validate_entry(form, content_type, entry):
    """Checks a field list cannot express by itself; adds errors to fields, returns True when valid."""
    ok = True

    def fail(field_name, text):
        nonlocal ok
        form[field_name].errors = list(form[field_name].errors) + [text]
        ok = False

    if not (_locale_present(form, SIMPLIFIED) or _locale_present(form, TRADITIONAL)):
        fail(f"{SIMPLIFIED}__title", message("no_chinese_title"))
    for locale in CONTENT_LOCALES:
        # A converted version left as it was is converted again from the other one on save.
        present = _locale_present(form, locale) and not _untouched_derived(form, content_type, entry, locale)
        for field in content_type.fields:
            kind = FieldKind(field.kind)
            if not kind.translatable:
                continue
            name = f"{locale}__{field.key}"
            if kind == FieldKind.STEPS and len(form[name].entries) > content_service.MAX_STEPS:
                fail(name, message("too_many_steps", n=content_service.MAX_STEPS))
            if present and field.required and _empty(kind, form[name].data):
                fail(name, message("required"))
    existing = content_service.entry_values(entry, None) if entry is not None else {}
    for field in content_type.fields:
        kind = FieldKind(field.kind)
        if kind.translatable:
            continue
        name = f"shared__{field.key}"
        value = form[name].data
        if kind == FieldKind.FILE:
            upload = value if getattr(value, "filename", None) else None
            if upload is not None:
                ok = _check_upload(form, name) and ok
            removed = form[f"{name}__remove"].data
            has_file = upload is not None or (existing.get(field.key) and not removed)
            if field.required and not has_file:
                fail(name, message("required"))
            continue
        if field.required and _empty(kind, value):
            fail(name, message("required"))
        if kind == FieldKind.RECORD and value is not None and public_contact(field.target, value) is None:
            fail(name, message("record_unknown"))
    return ok


def _check_upload(form, name):
    error = content_files.problem(form[name].payload)
    if error is None:
        return True
    form[name].errors = list(form[name].errors) + [message(error.code, **error.params)]
    return False


def entry_input(form, content_type, entry=None):
    """An EntryInput (portal.services.content) from a validated form."""
    locales = {locale: _locale_raw(form, content_type, locale) for locale in CONTENT_LOCALES}
    shared, uploads, remove = {}, {}, set()
    for field in content_type.fields:
        kind = FieldKind(field.kind)
        if kind.translatable:
            continue
        value = form[f"shared__{field.key}"].data
        if kind == FieldKind.FILE:
            if getattr(value, "filename", None):
                uploads[field.key] = (value.filename, form[f"shared__{field.key}"].payload)
            elif form[f"shared__{field.key}__remove"].data:
                remove.add(field.key)
            continue
        shared[field.key] = value
    slug = (form.slug.data or "").strip()
    if not slug:
        titles = {locale: form[f"{locale}__title"].data for locale in CONTENT_LOCALES}
        slug = content_service.suggest_slug(content_type, titles, entry)
    return content_service.EntryInput(
        slug=slug, status=form.status.data, publish_at=form.publish_at.data, unpublish_at=form.unpublish_at.data,
        sort_order=form.sort_order.data or 0, shared=shared, locales=locales, uploads=uploads, remove_files=remove,
    )


def apply_error(form, error):
    """Show a ContentError from saving on the field it concerns."""
    target = {
        "slug_format": "slug", "slug_taken": "slug", "window_order": "unpublish_at",
        "no_chinese_title": f"{SIMPLIFIED}__title",
    }.get(error.code)
    if error.code.startswith("file_") and error.params.get("field"):
        target = f"shared__{error.params['field']}"
    params = {k: v for k, v in error.params.items() if k != "field"}
    text = message(error.code, **params) if error.code in MESSAGES else str(error.code)
    if target and target in form:
        form[target].errors = list(form[target].errors) + [text]
        return None
    return text


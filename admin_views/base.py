"""The one base every admin screen derives from.

It holds the access rules (per role, per action, checked on the server for every endpoint),
staff's confinement to their own street, bounded list counts, locale-aware formatting, masked
personal data, friendly database errors, stale-edit protection and each record's history.
Subclasses only declare columns, filters and forms.
"""
import csv
import io
import re
from collections import OrderedDict

from flask import Response, abort, flash, g, has_request_context, redirect, request, url_for
from flask_admin.actions import action
from flask_admin.babel import lazy_gettext as admin_lazy_gettext
from flask_admin.contrib.sqla import ModelView
from flask_admin.model import typefmt
from flask_admin.model.base import FilterGroup
from flask_babel import format_decimal, gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import func, inspect, literal_column, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Query, selectinload
from sqlalchemy.orm.exc import StaleDataError
from wtforms import HiddenField
from wtforms.validators import ValidationError

from admin_views.forms import AdminForm, EnumSelectField, InlineForm
from admin_views.formatters import (
    EXPORT_TYPE_FORMATTERS, PERSONAL_FORMATTERS, TYPE_FORMATTERS, enum_label, export_value,
    text_for_reader,
)
from flask_admin.contrib.sqla.filters import FilterEqual
from portal import timeutil
from portal.extensions import db
from portal.models.base import enum_of
from portal.models.lookups import LookupMixin
from admin_views.fields import active_lookup
from forms.validators import IdNumber, Landline, Mobile, Phone
from portal.models.labels import field_label, labels_for
from portal.services import audit
from portal.services.access import NONE, Action, allowed_actions, street_limit
from portal.services.history import describe_entries

# Which action each Flask-Admin endpoint needs.
ENDPOINT_ACTIONS = {
    "index_view": Action.LIST,
    "details_view": Action.DETAILS,
    "create_view": Action.CREATE,
    "edit_view": Action.EDIT,
    "delete_view": Action.DELETE,
    "export": Action.EXPORT,
    "ajax_update": Action.EDIT,
}


_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")

# Validators every screen applies to fields of these names.
FIELD_VALIDATORS = {
    "id_number": IdNumber,
    "mobile": Mobile,
    "landline": Landline,
    "phone": Phone,
    "judge_phone": Phone,
}


class EnumFilter(FilterEqual):
    """Equality filter on an enum-like column, offered as a drop-down of translated labels."""


class BoundedCountQuery(Query):
    """A count that stops at a cap: list pages never scan a whole large table to number pages."""

    cap = 10_000

    def scalar(self):
        inner = Query.limit(self, self.cap + 1).subquery()
        return self.session.query(func.count()).select_from(inner).scalar()


class PortalModelView(ModelView):
    # --- declared by subclasses -----------------------------------------------------------
    area = None                      # portal.services.access.Area
    disabled_actions = frozenset()   # actions this screen never offers (e.g. create on a log)
    unique_checks = ()               # tuples of attribute names that must be unique together
    personal_columns = ()            # masked in lists/exports; shown in full only to the office

    # --- shared behaviour -------------------------------------------------------------------
    form_base_class = AdminForm
    can_view_details = True
    can_set_page_size = True
    page_size = 25
    page_size_options = (25, 50, 100)
    export_types = ["csv", "xlsx"]
    column_display_pk = False
    column_default_sort = ("id", True)
    column_type_formatters = {**typefmt.BASE_FORMATTERS, **TYPE_FORMATTERS}
    column_type_formatters_detail = {**typefmt.DETAIL_FORMATTERS, **TYPE_FORMATTERS}
    column_type_formatters_export = {**typefmt.EXPORT_FORMATTERS, **EXPORT_TYPE_FORMATTERS}
    form_excluded_columns = ("created_at", "updated_at", "created_by", "updated_by", "version")
    column_details_exclude_list = ("version",)
    details_template = "admin/portal/details.html"
    inline_form_base = InlineForm

    def __init__(self, model, **kwargs):
        kwargs.setdefault("category", None)
        self.column_labels = {**labels_for(model), **(self.column_labels or {})}
        self._declare_enums(model)
        self._declare_personal(model)
        self._declare_field_args(model)
        super().__init__(model, db, **kwargs)

    def _declare_field_args(self, model):
        """Lookups offer only entries in use; phone and ID fields get their validators."""
        args = {name: dict(value) for name, value in (self.form_args or {}).items()}
        for rel in inspect(model).relationships:
            target = rel.mapper.class_
            if issubclass(target, LookupMixin) and rel.key not in (self.form_ajax_refs or {}):
                args.setdefault(rel.key, {}).setdefault("query_factory", active_lookup(target))
        for column in model.__table__.c:
            validator = FIELD_VALIDATORS.get(column.key)
            if validator is not None:
                field_args = args.setdefault(column.key, {})
                field_args["validators"] = [validator(), *field_args.get("validators", [])]
        self.form_args = args

    def _declare_enums(self, model):
        """Enum-like columns get translated choices, labels and drop-down filters."""
        choices = dict(self.form_choices or {})
        formatters = dict(self.column_formatters or {})
        filters = []
        for column in model.__table__.c:
            enum_cls = column.info.get("enum")
            if enum_cls is None:
                continue
            choices.setdefault(column.key, enum_cls.choices())
            formatters.setdefault(column.key, enum_label(enum_cls))
        for item in self.column_filters or ():
            enum_cls = enum_of(model, item) if isinstance(item, str) else None
            if enum_cls is not None:
                item = EnumFilter(getattr(model, item), field_label(model, item), options=enum_cls.choices)
            filters.append(item)
        self.form_choices = choices
        self.column_formatters = formatters
        self.column_filters = filters or None

    def _declare_personal(self, model):
        """Personal data is masked in lists and exports, and in details for inspectors."""
        personal = getattr(model, "__personal__", frozenset()) | set(self.personal_columns)
        list_formatters = dict(self.column_formatters)
        detail_formatters = {**list_formatters, **(self.column_formatters_detail or {})}
        for key in personal:
            masker, reader = PERSONAL_FORMATTERS.get(key, (None, text_for_reader))
            if masker is not None:
                list_formatters.setdefault(key, masker)
            if key not in (self.column_formatters_detail or {}):
                detail_formatters[key] = reader
        self.column_formatters = list_formatters
        self.column_formatters_detail = detail_formatters
        self.column_formatters_export = {**list_formatters, **(self.column_formatters_export or {})}

    # --- permissions --------------------------------------------------------------------------
    def _allowed(self):
        if not has_request_context():
            return frozenset(Action)  # building form and column caches at start-up
        cache = g.setdefault("_allowed_actions", {})
        key = (id(self), getattr(current_user, "id", None))
        if key not in cache:
            actions = allowed_actions(current_user, self.area) if self.area else NONE
            cache[key] = frozenset(actions) - frozenset(self.disabled_actions)
        return cache[key]

    def permits(self, action):
        return Action(action) in self._allowed()

    can_create = property(lambda self: self.permits(Action.CREATE))
    can_edit = property(lambda self: self.permits(Action.EDIT))
    can_delete = property(lambda self: self.permits(Action.DELETE))
    can_export = property(lambda self: self.permits(Action.EXPORT))

    def is_accessible(self):
        return bool(self._allowed() & {Action.LIST, Action.DETAILS})

    def is_visible(self):
        return Action.LIST in self._allowed()

    def inaccessible_callback(self, name, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path))
        abort(403)

    def _handle_view(self, name, **kwargs):
        denied = super()._handle_view(name, **kwargs)
        if denied is not None:
            return denied
        needed = self.endpoint_action(name)
        if needed is not None and not self.permits(needed):
            abort(403)
        return None

    def endpoint_action(self, name):
        """The action an endpoint needs; subclasses extend for their own endpoints."""
        if name == "ajax_lookup":
            return Action.EDIT if self.permits(Action.EDIT) else Action.CREATE
        if name == "action_view":
            return Action.DELETE if request.form.get("action") == "delete" else Action.EDIT
        return ENDPOINT_ACTIONS.get(name, Action.LIST)

    # --- street scope ---------------------------------------------------------------------------
    def street_limit(self):
        if not has_request_context() or not current_user.is_authenticated:
            return -1
        return street_limit(current_user, self.area)

    def scope(self, query):
        limit = self.street_limit()
        if limit is not None and hasattr(self.model, "street_scope"):
            query = query.filter(self.model.street_scope(limit))
        return query

    def get_query(self):
        return self.scope(super().get_query())

    def get_count_query(self):
        query = BoundedCountQuery([literal_column("1")], session=db.session()).select_from(self.model)
        query.cap = self.list_count_cap()
        return self.scope(query)

    def list_count_cap(self):
        from flask import current_app

        return current_app.config.get("PORTAL_LIST_COUNT_CAP", BoundedCountQuery.cap)

    def get_one(self, id):
        try:
            pk = int(id)
        except (TypeError, ValueError):
            return None
        return self.get_query().filter(self.model.id == pk).one_or_none()

    def on_model_change(self, form, model, is_created):
        self.check_unique(model)
        self.check_in_scope(model)

    def check_in_scope(self, model):
        """A staff member's save must leave the record inside their street (tested on the row)."""
        limit = self.street_limit()
        if limit is None or not hasattr(self.model, "street_scope"):
            return
        db.session.flush()  # derives street_id from the chosen committee, office, community…
        inside = db.session.scalar(
            select(self.model.id).where(self.model.id == model.id, self.model.street_scope(limit))
        )
        if inside is None:
            raise ValidationError(gettext("You can only keep records of your own street."))

    def check_unique(self, model):
        for columns in self.unique_checks:
            values = {name: getattr(model, name) for name in columns}
            if any(value is None or value == "" for value in values.values()):
                continue
            query = select(self.model.id).filter_by(**values)
            if model.id is not None:
                query = query.where(self.model.id != model.id)
            with db.session.no_autoflush:
                clash = db.session.execute(query.limit(1)).first()
            if clash:
                names = "、".join(str(field_label(self.model, name)) for name in columns)
                raise ValidationError(
                    gettext("Another record already has the same %(fields)s.", fields=names)
                )

    def _get_filter_groups(self):
        """Filter groups built per request, so options follow the user (a staff member's street)."""
        if not self._filters:
            return None
        groups = OrderedDict()
        for index, flt in enumerate(self._filters):
            group = groups.setdefault(str(flt.name), FilterGroup(flt.name))
            group.append({
                "index": index,
                "arg": self.get_filter_arg(index, flt),
                "operation": flt.operation(),
                "options": flt.get_options(self) or None,
                "type": flt.data_type,
            })
        return OrderedDict(group.non_lazy() for group in groups.values())

    # --- forms: stale-edit protection -------------------------------------------------------
    def scaffold_form(self):
        form_class = super().scaffold_form()
        form_class.record_version = HiddenField()
        return form_class

    def scaffold_inline_form_models(self, form_class):
        self.inline_models = [self._inline_with_base(item) for item in (self.inline_models or ())]
        return super().scaffold_inline_form_models(form_class)

    def _inline_with_base(self, item):
        """Inline rows get the inline form base and drop-downs for their enum columns."""
        if not isinstance(item, tuple):
            return item
        model, options = item
        # Translated field labels, as on the screens' own forms.
        options = {"form_base_class": self.inline_form_base, "column_labels": labels_for(model), **options}
        extra = dict(options.get("form_extra_fields") or {})
        columns = options.get("form_columns")
        for column in model.__table__.c:
            enum_cls = column.info.get("enum")
            if enum_cls is None or column.key in extra or (columns and column.key not in columns):
                continue
            default = column.default.arg if column.default is not None else None
            extra[column.key] = EnumSelectField(
                field_label(model, column.key), enum_cls=enum_cls, nullable=column.nullable, default=default
            )
        options["form_extra_fields"] = extra
        return (model, options)

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        if obj is not None and not form.record_version.data:
            form.record_version.data = str(obj.version)
        return form

    def update_model(self, form, model):
        submitted = form.record_version.data if "record_version" in form else None
        if submitted and submitted != str(model.version):
            self.report_stale_edit(form, model)
            return False
        if "record_version" in form:
            del form.record_version
        return super().update_model(form, model)

    def report_stale_edit(self, form, model):
        flash(
            gettext(
                "Someone else saved this record while you were editing it. Your changes are "
                "still in the form below and have not been saved. Check the record's history, "
                "then save again to keep your version."
            ),
            "error",
        )
        form.record_version.data = str(model.version)

    def handle_view_exception(self, exc):
        if isinstance(exc, StaleDataError):
            flash(gettext("Someone else saved this record at the same moment. Nothing was saved; please reload and try again."), "error")
            return True
        if isinstance(exc, IntegrityError):
            flash(self.integrity_message(exc), "error")
            return True
        if isinstance(exc, ValidationError):
            flash(str(exc), "error")
            return True
        return super().handle_view_exception(exc)

    def integrity_message(self, exc):
        text = str(exc.orig).lower()
        if "unique" in text or "duplicate" in text:
            return gettext("This would duplicate an existing record. Nothing was saved.")
        if "foreign key" in text:
            return gettext("This record is still used by other records, or refers to one that no longer exists. Nothing was saved.")
        if "check" in text:
            return gettext("Some values are out of the allowed range. Nothing was saved.")
        return gettext("The record could not be saved. Nothing was saved.")

    def delete_model(self, model):
        return super().delete_model(model)

    @action("delete", admin_lazy_gettext("Delete"), admin_lazy_gettext("Are you sure you want to delete selected records?"))
    def action_delete(self, ids):
        # Row ids arrive as strings; PostgreSQL refuses to compare them with integer keys.
        numbers = []
        for value in ids:
            try:
                numbers.append(int(value))
            except (TypeError, ValueError):
                continue
        return super().action_delete(tuple(numbers))

    # --- details: history -----------------------------------------------------------------------
    def render(self, template, **kwargs):
        model = kwargs.get("model")
        if template == self.details_template and model is not None:
            kwargs.setdefault("history", self.history_for(model))
            for key, value in self.details_context(model).items():
                kwargs.setdefault(key, value)
        if template == self.list_template and kwargs.get("count") is not None:
            kwargs["count"] = self.count_display(kwargs["count"])
        return super().render(template, **kwargs)

    def count_display(self, count):
        cap = self.list_count_cap()
        if count > cap:
            return gettext("more than %(n)s", n=format_decimal(cap))
        return format_decimal(count)

    def details_context(self, model):
        """Extra values for this screen's details template."""
        return {}

    def history_for(self, model, limit=50):
        entries = db.session.scalars(audit.history_query(model).limit(limit)).all()
        return describe_entries(entries, current_user)

    # --- exports ----------------------------------------------------------------------------------
    def get_export_value(self, model, name):
        text = export_value(super().get_export_value(model, name))
        # A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection).
        if text and text[0] in "=+-@\t\r" and not _NUMBER.match(text):
            text = "'" + text
        return text

    def _export_data(self):
        """Rows for an export, with every relationship it shows loaded up front (no query per row)."""
        view_args = self._get_list_extra_args()
        sort = self._get_column_by_idx(view_args.sort)
        count, query = self.get_list(
            0, sort[0] if sort else None, view_args.sort_desc, view_args.search, view_args.filters,
            execute=False, page_size=self.export_max_rows,
        )
        relationships = inspect(self.model).relationships
        already_joined = {getattr(join, "key", None) for join in self._auto_joins}
        for name, _label in self._export_columns:
            key = name.split(".")[0] if isinstance(name, str) else None
            if key in relationships and key not in already_joined:
                query = query.options(selectinload(getattr(self.model, key)))
        return count, query.all()

    def _export_csv(self, return_url):
        """The whole CSV built inside the request (rows are capped), with a BOM so Excel reads UTF-8."""
        count, data = self._export_data()
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        writer.writerow([str(label) for _name, label in self._export_columns])
        for row in data:
            writer.writerow([self.get_export_value(row, name) for name, _label in self._export_columns])
        filename = self.get_export_name(export_type="csv")
        return Response(
            buffer.getvalue(),
            headers={"Content-Disposition": f"attachment; filename={filename}"},
            mimetype="text/csv; charset=utf-8",
        )

    def get_export_name(self, export_type="csv"):
        slug = re.sub(r"[^a-z0-9]+", "-", (self.endpoint or "export").lower()).strip("-")
        return f"{slug}-{timeutil.now():%Y%m%d-%H%M}.{export_type}"

    @property
    def export_max_rows(self):
        from flask import current_app

        return current_app.config.get("PORTAL_EXPORT_MAX_ROWS", 50_000) if has_request_context() else 0


def link(url, text):
    return Markup('<a href="{}">{}</a>').format(url, text)


__all__ = ["PortalModelView", "BoundedCountQuery", "link", "_l"]

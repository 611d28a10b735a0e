"""The one base every admin screen derives from.

Composed of mixins, each one concern: access rules checked on every endpoint
(admin_views/access.py), what is derived from the model (declarations.py), stale-edit
protection (stale_merge.py) and exports (exports.py). Here: staff's confinement to their
street, bounded list counts, checks on save, friendly database errors and each record's history.
Subclasses only declare columns, filters and forms.
"""
from collections import OrderedDict

from flask import current_app, flash, request
from flask_admin.actions import action
from flask_admin.babel import lazy_gettext as admin_lazy_gettext
from flask_admin.contrib.sqla import ModelView
from flask_admin.contrib.sqla.fields import QuerySelectMultipleField
from flask_admin.model import template as row_templates
from flask_admin.model import typefmt
from flask_babel import format_decimal, gettext
from flask_login import current_user
from jinja2 import pass_context
from sqlalchemy import func, literal_column, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Query
from sqlalchemy.orm.exc import ObjectDeletedError, StaleDataError
from wtforms.validators import ValidationError

from admin_views.access import AreaAccessMixin, can_see
from admin_views.declarations import DeclarationsMixin
from admin_views.exports import ExportMixin
from admin_views.fields import filter_value_ok, int_ids
from admin_views.formatters import EXPORT_TYPE_FORMATTERS, TYPE_FORMATTERS
from admin_views.forms import AdminForm
from admin_views.lean_list import OncePerPageRowAction, PageRows
from admin_views.stale_merge import StaleEditMixin
from portal.errors import as_http_error
from portal.i18n import current_locale_code
from portal.extensions import db
from portal.models.labels import field_label
from portal.models.limits import ValueOutOfRange
from portal.services import audit
from portal.services.access import Action
from portal.services.history import describe_entries
from portal.services.inputs import parse_id


class BoundedCountQuery(Query):
    """A count that stops at a cap: list pages never scan a whole large table to number pages."""

    cap = 10_000

    def scalar(self):
        inner = Query.limit(self, self.cap + 1).subquery()
        return self.session.query(func.count()).select_from(inner).scalar()


class PortalModelView(AreaAccessMixin, DeclarationsMixin, StaleEditMixin, ExportMixin, ModelView):
    unique_checks = ()  # tuples of attribute names that must be unique together

    form_base_class = AdminForm
    can_view_details = True
    can_set_page_size = True
    page_size = 25
    page_size_options = (25, 50, 100)
    column_display_pk = False
    column_default_sort = ("id", True)
    column_type_formatters = {**typefmt.BASE_FORMATTERS, **TYPE_FORMATTERS}
    column_type_formatters_detail = {**typefmt.DETAIL_FORMATTERS, **TYPE_FORMATTERS}
    column_type_formatters_export = {**typefmt.EXPORT_FORMATTERS, **EXPORT_TYPE_FORMATTERS}
    form_excluded_columns = ("created_at", "updated_at", "created_by", "updated_by", "version")
    details_template = "admin/portal/details.html"
    list_template = "admin/portal/list.html"  # cells name their column: cards on a phone

    def __init__(self, model, **kwargs):
        kwargs.setdefault("category", None)
        self.declare_from_model(model)
        super().__init__(model, db, **kwargs)

    # --- permissions ----------------------------------------------------------------------------
    can_create = property(lambda self: self.permits(Action.CREATE))
    can_edit = property(lambda self: self.permits(Action.EDIT))
    can_delete = property(lambda self: self.permits(Action.DELETE))
    can_export = property(lambda self: self.permits(Action.EXPORT))

    def endpoint_action(self, name):
        if name == "ajax_lookup":  # lookups serve the create and edit forms
            return Action.EDIT if self.permits(Action.EDIT) else Action.CREATE
        if name == "action_view":
            return Action.DELETE if request.form.get("action") == "delete" else Action.EDIT
        return super().endpoint_action(name)

    # --- street scope and counting --------------------------------------------------------------
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
        return current_app.config.get("PORTAL_LIST_COUNT_CAP", BoundedCountQuery.cap)

    def count_display(self, count):
        cap = self.list_count_cap()
        if count > cap:
            return gettext("more than %(n)s", n=format_decimal(cap))
        return format_decimal(count)

    def get_list(self, *args, **kwargs):
        count, rows = super().get_list(*args, **kwargs)
        if kwargs.get("execute", True):
            self.preload_rows(rows)
        return count, rows

    def preload_rows(self, rows):
        """Read at once what the formatters of a page of ``rows`` need (one query, not one per row)."""

    @pass_context
    def page_rows(self, context):
        """The rows of a list page, drawn with the page's context taken once (lean_list.PageRows)."""
        return PageRows(self, context)

    def get_one(self, id):
        pk = parse_id(id)
        if pk is None:
            return None
        return self.get_query().filter(self.model.id == pk).one_or_none()

    def _get_filter_groups(self):
        """Filter groups with options per request, so options follow the user (a staff member's
        street); the groups' names, arguments and operations are made once per language."""
        if not self._filters:
            return None
        return OrderedDict(
            (label, [{**item, "options": _option_texts(flt.get_options(self))} for flt, item in items])
            for label, items in self._filter_layout()
        )

    def _filter_layout(self):
        layouts = self.__dict__.setdefault("_filter_layouts", {})
        code = current_locale_code()
        if code not in layouts:
            groups = OrderedDict()
            for index, flt in enumerate(self._filters):
                groups.setdefault(str(flt.name), []).append((flt, {
                    "index": index,
                    "arg": self.get_filter_arg(index, flt),
                    "operation": str(flt.operation()),
                    "type": flt.data_type,
                }))
            layouts[code] = list(groups.items())
        return layouts[code]

    def _get_list_filter_args(self):
        """Filters asked for in the query string (Flask-Admin's reading of them), where a value the
        database could not compare (wrong type, out of range) is dropped with a message instead of
        failing the list."""
        if not self._filters:
            return None
        chosen = []
        for arg, value in request.args.items():
            if not arg.startswith("flt") or "_" not in arg:
                continue
            position, key = arg[3:].split("_", 1)
            if key not in self._filter_args:
                continue
            index, flt = self._filter_args[key]
            if filter_value_ok(flt, value):
                chosen.append((position, (index, str(flt.name), value)))
            else:
                flash(gettext("This filter value is not valid and was ignored: %(value)s", value=value[:50]), "error")
        return [item for _position, item in sorted(chosen, key=lambda pair: pair[0])]

    def create_form(self, obj=None):
        form = super().create_form(obj)
        # Staff can only ever choose their own street: start the form with it.
        limit = self.street_limit()
        if request.method == "GET" and limit not in (None, -1) and "street" in form and form.street.data is None:
            from portal.models import Street

            form.street.data = db.session.get(Street, limit)
        return form

    # --- checks on save ---------------------------------------------------------------------------
    def validate_form(self, form):
        valid = super().validate_form(form)
        # Flask-Admin's multi-select checks for unknown ids before it has read them, so an id
        # outside the offered choices (another case's party, another street's room) would be
        # dropped silently instead of refused.
        for field in form:
            if isinstance(field, QuerySelectMultipleField):
                field.data  # noqa: B018 - reading resolves the ids and flags unknown ones
                if field._invalid_formdata:
                    field.errors = [*field.errors, gettext("Not a valid choice.")]
                    valid = False
        return valid

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
            values = {name: _value_before_flush(model, name) for name in columns}
            if any(value is None or value == "" for value in values.values()):
                continue
            query = select(self.model.id).filter_by(**values)
            if model.id is not None:
                query = query.where(self.model.id != model.id)
            with db.session.no_autoflush:
                clash = db.session.execute(query.limit(1)).first()
            if clash:
                names = "、".join(str(field_label(self.model, name)) for name in columns)
                raise ValidationError(gettext("Another record already has the same %(fields)s.", fields=names))

    def handle_view_exception(self, exc):
        if isinstance(exc, (StaleDataError, ObjectDeletedError)):
            if not self.saw_stale_save():  # an edit: update_model merges and says so itself
                flash(gettext(
                    "Someone else changed or deleted this record at the same moment. Nothing was done; "
                    "check the record as it is now."
                ), "error")
            return True
        if isinstance(exc, SQLAlchemyError) and as_http_error(exc) is not None:
            raise as_http_error(exc) from exc  # busy or unreachable: "try again" (503), nothing saved
        if isinstance(exc, IntegrityError):
            flash(self.integrity_message(exc), "error")
            return True
        if isinstance(exc, (ValidationError, ValueOutOfRange)):
            flash(str(exc), "error")
            return True
        if isinstance(exc, SQLAlchemyError):
            # Never show a database's own message: it carries SQL and values of other records.
            current_app.logger.exception("database error while saving in %s", self.endpoint)
            flash(gettext("The record could not be saved. Nothing was saved."), "error")
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

    # --- deleting ---------------------------------------------------------------------------------
    def deletion_refusal(self, model):
        """Why the current user may not delete ``model`` (a translated message), or None.

        Checked on every delete (one, bulk or from the details page), and a list row gets no
        delete icon where it would say no.
        """
        return None

    def delete_model(self, model):
        refusal = self.deletion_refusal(model)
        if refusal is not None:
            flash(str(refusal), "error")
            return False
        return super().delete_model(model)

    def get_list_row_actions(self):
        actions = [RefusableDeleteRowAction() if isinstance(row_action, row_templates.DeleteRowAction) else row_action
                   for row_action in super().get_list_row_actions()]
        return [OncePerPageRowAction(row_action) if isinstance(row_action, ONCE_PER_PAGE) else row_action
                for row_action in actions]

    @action("delete", admin_lazy_gettext("Delete"), admin_lazy_gettext("Are you sure you want to delete selected records?"))
    def action_delete(self, ids):
        # Row ids arrive as strings; PostgreSQL will not compare them with an integer key.
        return super().action_delete(int_ids(ids))

    # --- details and history ----------------------------------------------------------------------
    def render(self, template, **kwargs):
        model = kwargs.get("model")
        if template == self.details_template and model is not None:
            kwargs.setdefault("history", self.history_for(model))
            for key, value in self.details_context(model).items():
                kwargs.setdefault(key, value)
        if template == self.list_template:
            if kwargs.get("count") is not None:
                kwargs["count"] = self.count_display(kwargs["count"])
            # Each cell names its column (data-label): translate the names once, not once a cell.
            if kwargs.get("list_columns"):
                kwargs["list_columns"] = [(column, str(label)) for column, label in kwargs["list_columns"]]
        return super().render(template, **kwargs)

    def details_context(self, model):
        """Extra values for this screen's details template."""
        return {}

    def history_for(self, model, limit=50):
        entries = db.session.scalars(audit.history_query(model).limit(limit)).all()
        return describe_entries(entries, current_user, can_see=can_see)


class RefusableDeleteRowAction(row_templates.DeleteRowAction):
    """The row's delete icon, left out where the screen would refuse the deletion."""

    def skip_row(self, context, row):
        view = context.resolve("admin_view")
        return view is not None and view.deletion_refusal(row) is not None

    def render(self, context, row_id, row):
        if self.skip_row(context, row):
            return ""
        return self.render_unchecked(context, row_id, row)

    def render_unchecked(self, context, row_id, row):
        return super().render(context, row_id, row)


# Row buttons whose markup differs from row to row only by the id (admin_views.lean_list).
ONCE_PER_PAGE = (row_templates.ViewRowAction, row_templates.EditRowAction, RefusableDeleteRowAction,
                 row_templates.EndpointLinkRowAction)


def _option_texts(options):
    return [(key, str(label)) for key, label in options] if options else None


def _value_before_flush(model, name):
    """``committee_id`` is only set at flush; before it, read the chosen object's id."""
    value = getattr(model, name)
    if value is None and name.endswith("_id"):
        related_obj = getattr(model, name[:-3], None)
        value = getattr(related_obj, "id", None)
    return value

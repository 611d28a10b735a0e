from flask import abort, flash, has_request_context, redirect, url_for
from flask_admin import expose
from flask_admin.contrib.sqla.filters import FilterEqual, FilterLike
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from admin_views.base import PortalModelView
from portal.extensions import db
from portal.models import AuditAction, AuditEntry
from portal.models.labels import field_label
from portal.services import audit
from portal.services.access import Action, Area, can
from portal.services.history import describe_entries

RESTORE_MESSAGES = {
    "not_a_deletion": lambda: gettext("Only a deletion can be restored."),
    "unknown_kind": lambda: gettext("This kind of record can no longer be restored."),
    "already_exists": lambda: gettext("This record exists again already; there is nothing to restore."),
    "booking_taken": lambda: gettext("The room has been booked for that time since; nothing was restored."),
}


def _kind_options():
    if not has_request_context():
        return []
    options = []
    for mapper in db.Model.registry.mappers:
        model = mapper.class_
        if hasattr(model, "__label__") and model is not AuditEntry:
            options.append((model.__tablename__, str(model.__label__)))
    return sorted(options, key=lambda o: o[1])


def kind_formatter(view, context, model, name):
    target = audit.model_for_table(model.entity)
    return str(target.__label__) if target is not None else model.entity


class AuditLogView(PortalModelView):
    """The district office's view of the whole log, with restore for deletions."""

    area = Area.AUDIT
    disabled_actions = frozenset({Action.CREATE, Action.EDIT, Action.DELETE})
    details_template = "admin/portal/audit_details.html"
    list_template = "admin/portal/audit_list.html"  # names the archives older entries went to
    column_list = ("at", "actor", "action", "entity", "summary", "entity_id")
    column_export_list = column_list
    column_sortable_list = ("at",)
    column_default_sort = ("id", True)
    column_searchable_list = ("summary",)
    column_formatters = {"entity": kind_formatter}

    def __init__(self, model, **kwargs):
        self.column_filters = (
            "action",
            FilterEqual(AuditEntry.entity, field_label(AuditEntry, "entity"), options=_kind_options),
            FilterLike(AuditEntry.summary, field_label(AuditEntry, "summary")),
            "at",
        )
        super().__init__(model, **kwargs)

    def get_query(self):
        from sqlalchemy.orm import joinedload

        return super().get_query().options(joinedload(AuditEntry.actor))

    def render(self, template, **kwargs):
        if template == self.list_template:
            from portal.ops.audit_archive import archives

            kwargs.setdefault("archives", archives())
        return super().render(template, **kwargs)

    def details_context(self, model):
        return {
            "entry": describe_entries([model], current_user)[0],
            "can_restore": model.action == AuditAction.DELETE and can(current_user, Area.AUDIT, Action.CREATE),
        }

    def history_for(self, model, limit=50):
        return []

    def endpoint_action(self, name):
        if name == "restore_view":
            return None  # checked in the view: restoring is the district office's alone
        return super().endpoint_action(name)

    @expose("/restore/<int:entry_id>", methods=("POST",))
    def restore_view(self, entry_id):
        if not can(current_user, Area.AUDIT, Action.CREATE):
            abort(403)
        try:
            restored = audit.restore(entry_id)
            db.session.commit()
        except audit.RestoreError as error:
            db.session.rollback()
            flash(RESTORE_MESSAGES[error.code](), "error")
            return redirect(url_for(".details_view", id=entry_id))
        except SQLAlchemyError:
            db.session.rollback()
            flash(gettext("The record could not be restored: something it depends on is gone or taken. Nothing was changed."), "error")
            return redirect(url_for(".details_view", id=entry_id))
        flash(gettext("Restored %(n)d record(s).", n=len(restored)), "success")
        return redirect(url_for(".index_view"))


VIEWS = ((AuditLogView, AuditEntry, "audit_log"),)

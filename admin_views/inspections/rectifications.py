"""Rectification items: the list (an office sees its own), the item's page where the office
answers and the district accepts or reopens. Each step locks the item, so two people acting on
it at the same moment get one result and a clear message, never an error page."""
from flask import abort, flash, get_template_attribute, redirect, request, url_for
from flask_admin import expose
from flask_admin.contrib.sqla.filters import FilterEqual
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import selectinload

from admin_views.base import PortalModelView
from admin_views.fields import street_filter
from admin_views.inspections.common import read_upload, send_stored, take_step
from forms.inspections import AcceptForm, AnswerForm, ReopenForm
from portal.extensions import db
from portal.models import InspectionFinding, Rectification, RectificationStatus, Role
from portal.services.access import Action, Area
from portal.services.inspections import InspectionRuleError, uploads
from portal.services.inspections import rectifications as rules

S = RectificationStatus


class OverdueFilter(FilterEqual):
    def __init__(self, name):
        super().__init__(Rectification.due_on, name, options=(("1", _l("Yes")), ("0", _l("No"))))

    def apply(self, query, value, alias=None):
        clause = rules.overdue_condition()
        return query.filter(clause if value == "1" else ~clause)


def status_formatter(view, context, model, name):
    badge = get_template_attribute("admin/portal/inspections/_macros.html", "rect_status")
    return badge(model, rules.is_overdue(model))


def item_formatter(view, context, model, name):
    return model.finding.item.label if model.finding is not None else ""


STEPS = {
    "answer": (AnswerForm, _l("Answer")),
    "accept": (AcceptForm, _l("Accept")),
    "reopen": (ReopenForm, _l("Reopen")),
}


class RectificationView(PortalModelView):
    area = Area.RECTIFICATIONS
    disabled_actions = frozenset({Action.CREATE, Action.DELETE})  # made by failed findings, never deleted
    details_template = "admin/portal/inspections/rectification_details.html"
    column_list = ("due_on", "street", "finding", "inspection", "status")
    column_export_list = ("due_on", "street", "finding", "requirement", "inspection", "status", "answer",
                          "answered_at", "decision_note", "decided_at", "done_on_time")
    column_details_list = ("inspection", "finding", "street", "requirement", "due_on", "status", "answer",
                           "answered_at", "evidence_name", "decision_note", "decided_at", "done_on_time")
    column_labels = {"finding": _l("Checklist item")}
    column_sortable_list = ("due_on", "status")
    column_default_sort = ("due_on", False)
    column_select_related_list = (Rectification.street, Rectification.inspection)
    form_columns = ("requirement", "due_on")

    def __init__(self, model, **kwargs):
        self.column_filters = (street_filter(model, self.area), "status", OverdueFilter(_l("Overdue")), "due_on")
        self.column_formatters = {"status": status_formatter, "finding": item_formatter}
        self.column_formatters_export = {"finding": item_formatter}
        super().__init__(model, **kwargs)

    def get_query(self):
        return super().get_query().options(selectinload(Rectification.finding).selectinload(InspectionFinding.item))

    # Only the district corrects an item's wording or deadline; an office's EDIT is for answering.
    can_edit = property(lambda self: self.permits(Action.EDIT) and current_user.role == Role.ADMIN)

    def step_refusal(self, item, step):
        if not self.permits(Action.EDIT):
            return gettext("You may not do this.")
        if step == "answer":
            if current_user.role != Role.STAFF:
                return gettext("The responsible office answers a rectification item.")
            if item.status not in rules.WAITING_FOR_OFFICE:
                return gettext("This item is “%(status)s”: it cannot be answered now.", status=S.label_of(item.status))
        else:
            if current_user.role != Role.ADMIN:
                return gettext("Only the district office accepts or reopens a rectification item.")
            if item.status != S.ANSWERED:
                return gettext("Only an answered item can be accepted or reopened; this one is “%(status)s”.",
                               status=S.label_of(item.status))
        return None

    def step_form(self, step, item, formdata=None):
        form = STEPS[step][0](formdata=formdata, prefix=step)
        if formdata is None:
            form.record_version.data = str(item.version)
        return form

    def details_context(self, model):
        steps = []
        for name, (_form, label) in STEPS.items():
            if self.step_refusal(model, name) is None:
                steps.append({"name": name, "label": label, "form": self.step_form(name, model)})
        return {"steps": steps, "overdue": rules.is_overdue(model),
                "inspection_url": url_for("inspections.details_view", id=model.inspection_id)}

    def endpoint_action(self, name):
        if name == "step_view":
            return Action.EDIT
        if name == "evidence_view":
            return Action.DETAILS
        return super().endpoint_action(name)

    @expose("/step/<step>/", methods=("POST",))
    def step_view(self, step):
        if step not in STEPS:
            abort(404)
        item = self.get_one(request.args.get("id"))
        if item is None:
            abort(404)
        details = url_for(".details_view", id=item.id)
        refusal = self.step_refusal(item, step)
        if refusal is not None:
            # Sent from a page showing an older state: someone else acted meanwhile; say so.
            changed = request.form.get(f"{step}-record_version") not in (None, str(item.version))
            flash(self._changed_message(item.id) if changed else refusal, "error")
            return redirect(details)
        from werkzeug.datastructures import CombinedMultiDict

        form = self.step_form(step, item, formdata=CombinedMultiDict((request.files, request.form)))
        if not form.validate():
            for errors in form.errors.values():
                for error in errors:
                    flash(str(error), "error")
            return redirect(details)
        stored = None
        if step == "answer":
            data, filename = read_upload(form.evidence)
            if data:
                try:
                    stored = uploads.store(data, filename)
                except InspectionRuleError as error:
                    flash(str(error), "error")
                    return redirect(details)
        def apply(locked):
            if step == "answer":
                rules.answer(locked, text=form.answer.data, user_id=current_user.id)
                if stored:
                    locked.evidence_key, locked.evidence_name, locked.evidence_type = stored
            elif step == "accept":
                rules.accept(locked, note=form.note.data, user_id=current_user.id)
            else:
                rules.reopen(locked, note=form.note.data, due_on=form.due_on.data, user_id=current_user.id)

        done = {"answer": gettext("The answer was sent to the district."),
                "accept": gettext("The rectification item was accepted."),
                "reopen": gettext("The rectification item was reopened.")}[step]
        response = take_step(rules.lock, item.id, apply, back=details, done=done, version=form.record_version.data,
                             stale=lambda: self._changed_message(item.id))
        if stored and db.session.get(Rectification, item.id, populate_existing=True).evidence_key != stored[0]:
            uploads.discard([stored[0]])  # refused or beaten by someone else: the file is not kept
        return response

    def _changed_message(self, item_id):
        item = db.session.get(Rectification, item_id, populate_existing=True)
        return gettext("Someone else acted on this item at the same moment: it is now “%(status)s”. Nothing of "
                       "yours was saved; check it, then try again if still needed.", status=S.label_of(item.status))

    @expose("/evidence/")
    def evidence_view(self):
        item = self.get_one(request.args.get("id"))
        if item is None:
            abort(404)
        return send_stored(item.evidence_key, item.evidence_type, item.evidence_name)

"""Inspections: the list, the form, and the inspection's page where the inspector records a
finding per checklist item (with a photo or scan), draws and checks dossiers, and sees the
rectification items its failures made. Prints on A4 and exports to Word."""
from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms.validators import InputRequired, Length

from admin_views.base import PortalModelView
from admin_views.fields import bool_filter, street_filter
from admin_views.inspections.common import (
    as_validation_error, inspector_accounts, offices, read_upload, send_stored, take_step, usable_templates,
)
from forms.inspections import DossierForm, DrawForm, FindingsForm, UploadForm
from forms.validators import NotInFuture
from portal import timeutil
from portal.extensions import db
from portal.models import Committee, DossierCheck, FindingResult, Inspection, Rectification
from portal.services.access import Action, Area, can
from portal.services.inspections import InspectionRuleError, spot_check, uploads, visits
from portal.services.inspections import lock as lock_row
from portal.services.inspections import rectifications as rect_rules


def score_formatter(view, context, model, name):
    found = view.scores.get(model.id)
    score, recorded, total = found if found is not None else visits.score_of(model)
    if score is not None:
        return f"{score}"
    return gettext("%(done)s of %(total)s items recorded", done=recorded, total=total)


def pilot_units():
    return db.session.scalars(select(Committee).order_by(Committee.street_id, Committee.name)).all()


class InspectionView(PortalModelView):
    area = Area.INSPECTIONS
    disabled_actions = frozenset({Action.DELETE})  # an inspection is a record of what was found: never deleted
    details_template = "admin/portal/inspections/inspection_details.html"
    column_list = ("inspected_on", "judicial_office", "committee", "announced", "template", "score")
    column_export_list = ("inspected_on", "judicial_office", "committee", "announced", "template", "other_inspectors",
                          "score", "conclusion")
    column_details_list = ("judicial_office", "committee", "inspected_on", "announced", "inspectors", "other_inspectors",
                           "template", "conclusion", "created_at", "created_by", "updated_at", "updated_by")
    column_labels = {"score": _l("Score")}
    column_sortable_list = ("inspected_on", "announced")
    column_default_sort = ("inspected_on", True)
    column_searchable_list = ("other_inspectors",)
    form_columns = ("judicial_office", "committee", "inspected_on", "announced", "inspectors", "other_inspectors",
                    "template", "conclusion")
    form_args = {
        "judicial_office": {"query_factory": offices, "validators": [InputRequired()]},
        "committee": {"query_factory": pilot_units, "blank_text": "—"},
        "inspected_on": {"validators": [InputRequired(), NotInFuture()]},
        "inspectors": {"query_factory": inspector_accounts},
        "other_inspectors": {"validators": [Length(max=300)]},
        "template": {"query_factory": usable_templates, "validators": [InputRequired()]},
    }
    column_descriptions = {
        "announced": _l("Untick for an inspection without notice."),
        "other_inspectors": _l("Inspectors without an account (leading-group members, invited experts), by name."),
        "committee": _l("When the visit was to a pilot unit (a committee) of the office's street."),
        "template": _l("The checklist the inspection follows; a finding is asked for each of its items."),
    }

    def __init__(self, model, **kwargs):
        self.column_filters = (street_filter(model, self.area), bool_filter(model, "announced"), "inspected_on")
        self.column_formatters = {"score": score_formatter}
        self.column_formatters_export = dict(self.column_formatters)
        self.scores = {}
        super().__init__(model, **kwargs)

    def preload_rows(self, rows):
        self.scores = visits.scores([row.id for row in rows])

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        # The findings follow the checklist chosen at the start, and the rectification items the
        # office inspected: neither changes afterwards.
        del form.template
        del form.judicial_office
        return form

    def on_model_change(self, form, model, is_created):
        as_validation_error(visits.check_inspection, model, is_created=is_created)
        super().on_model_change(form, model, is_created)
        if is_created:
            db.session.flush()
            visits.add_findings(model)

    # --- the inspection's page ---------------------------------------------------------------------
    def may_record(self):
        return self.permits(Action.EDIT)

    def details_context(self, model):
        score, recorded, total = visits.score_of(model)
        editing = self.may_record()
        findings_form = FindingsForm(prefix="f", formdata=None) if editing else None
        if findings_form is not None:
            findings_form.record_version.data = str(model.version)
            findings_form.conclusion.data = model.conclusion
        checks = []
        for check in model.dossier_checks:
            form = None
            if editing:
                form = DossierForm(prefix=f"d{check.id}", formdata=None)
                form.record_version.data = str(check.version)
                form.note.data = check.note
            checks.append({"check": check, "required": spot_check.required_kinds(check), "form": form,
                           "case_url": url_for("cases.details_view", id=check.case_id)
                           if can(current_user, Area.CASES, Action.DETAILS) else None})
        draw_form = None
        if editing and model.draw_seed is None:
            draw_form = DrawForm(prefix="draw", formdata=None)
            draw_form.record_version.data = str(model.version)
        items = db.session.scalars(select(Rectification).where(Rectification.inspection_id == model.id)
                                   .order_by(Rectification.id)).all()
        from admin_views.inspections.checklists import record_list_urls

        return {
            "list_urls": record_list_urls({f.item.record_list for f in model.findings if f.item.record_list}),
            "groups": visits.grouped_findings(model),
            "results": FindingResult.choices(),
            "score": score, "recorded": recorded, "total": total,
            "findings_form": findings_form, "upload_form": UploadForm() if editing else None,
            "draw_form": draw_form, "checks": checks, "outcomes": spot_check_outcomes(),
            "rectifications": items, "is_overdue": rect_rules.is_overdue,
            "rect_url": (lambda item: url_for("rectifications.details_view", id=item.id))
            if can(current_user, Area.RECTIFICATIONS, Action.DETAILS) else None,
        }

    def _inspection_or_404(self):
        inspection = self.get_one(request.args.get("id"))
        if inspection is None:
            abort(404)
        return inspection

    def _step(self, inspection, apply, done, version):
        return take_step(lambda pk: lock_row(Inspection, pk), inspection.id, apply,
                         back=url_for(".details_view", id=inspection.id), done=done, version=version)

    @expose("/findings/", methods=("POST",))
    def findings_view(self):
        inspection = self._inspection_or_404()
        form = FindingsForm(prefix="f")
        if not form.validate():
            flash(gettext("Some fields need attention; nothing was saved."), "error")
            return redirect(url_for(".details_view", id=inspection.id))

        def apply(locked):
            for finding in locked.findings:
                result = request.form.get(f"result-{finding.id}") or None
                note = request.form.get(f"note-{finding.id}", finding.note)
                visits.record_finding(finding, result, note)
            locked.conclusion = (form.conclusion.data or "").strip()
            locked.updated_at = timeutil.now()  # a new version: a second form on the old page is refused

        return self._step(inspection, apply, gettext("The findings were saved."), form.record_version.data)

    @expose("/findings/<int:finding_id>/photo/", methods=("POST",))
    def finding_photo_upload(self, finding_id):
        inspection = self._inspection_or_404()
        finding = next((f for f in inspection.findings if f.id == finding_id), None)
        if finding is None:
            abort(404)
        form = UploadForm()
        data, filename = read_upload(form.file) if form.validate_on_submit() else (None, "")
        details = url_for(".details_view", id=inspection.id) + f"#finding-{finding.id}"
        if not data:
            flash(gettext("Choose a file to add."), "error")
            return redirect(details)
        try:
            stored, name, content_type = uploads.store(data, filename)
        except InspectionRuleError as error:
            flash(str(error), "error")
            return redirect(details)
        old = finding.photo_key
        finding.photo_key, finding.photo_name, finding.photo_type = stored, name, content_type
        try:
            db.session.commit()
        except Exception:
            db.session.rollback()
            uploads.discard([stored])
            raise
        del old  # the history can restore the earlier file: it stays in the store
        flash(gettext("The file was added."), "success")
        return redirect(details)

    @expose("/findings/<int:finding_id>/photo/view/")
    def finding_photo_view(self, finding_id):
        inspection = self._inspection_or_404()
        finding = next((f for f in inspection.findings if f.id == finding_id), None)
        if finding is None:
            abort(404)
        return send_stored(finding.photo_key, finding.photo_type, finding.photo_name)

    @expose("/draw/", methods=("POST",))
    def draw_view(self):
        inspection = self._inspection_or_404()
        form = DrawForm(prefix="draw")
        if not form.validate():
            flash(gettext("Draw between 1 and %(n)s dossiers.", n=spot_check.MAX_DRAW), "error")
            return redirect(url_for(".details_view", id=inspection.id))
        return self._step(inspection, lambda locked: spot_check.draw(locked, form.count.data),
                          gettext("The dossiers were drawn."), form.record_version.data)

    @expose("/dossiers/<int:check_id>/", methods=("POST",))
    def dossier_view(self, check_id):
        inspection = self._inspection_or_404()
        check = next((c for c in inspection.dossier_checks if c.id == check_id), None)
        if check is None:
            abort(404)
        form = DossierForm(prefix=f"d{check.id}")
        if not form.validate():
            flash(gettext("Some fields need attention; nothing was saved."), "error")
            return redirect(url_for(".details_view", id=inspection.id))
        results = {key[len("doc-"):]: value for key, value in request.form.items() if key.startswith("doc-")}
        return take_step(lambda pk: lock_row(DossierCheck, pk), check.id,
                         lambda locked: spot_check.record(locked, results, form.note.data),
                         back=url_for(".details_view", id=inspection.id) + "#dossiers",
                         done=gettext("The dossier check was saved."), version=form.record_version.data)

    def endpoint_action(self, name):
        if name in ("findings_view", "finding_photo_upload", "draw_view", "dossier_view"):
            return Action.EDIT
        if name in ("finding_photo_view", "print_view", "docx_view"):
            return Action.DETAILS
        return super().endpoint_action(name)

    # --- the report ---------------------------------------------------------------------------------
    @expose("/print/")
    def print_view(self):
        from admin_views.inspections.report import render_print

        return render_print(self._inspection_or_404())

    @expose("/docx/")
    def docx_view(self):
        from admin_views.inspections.report import send_docx

        return send_docx(self._inspection_or_404())


def spot_check_outcomes():
    return [("ok", gettext("Present and correct")), ("missing", gettext("Missing")), ("incorrect", gettext("Present but wrong"))]


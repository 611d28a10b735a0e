"""Dispute leads: the list, the form, and the lead's page where its level changes and it ends
(resolved on the spot, turned into a case, handed over, closed). Leads are never deleted.

The rules are in portal.services.screening.leads; each step is a small form on the lead's page,
posted to ``step_view``, which locks the lead so two people acting on it at once get one result
and a clear message, never an error page.
"""
from dataclasses import dataclass

from flask import abort, flash, get_template_attribute, redirect, request, url_for
from flask_admin import expose
from flask_admin.contrib.sqla.filters import FilterEqual
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from admin_views.access import visible_url
from admin_views.base import PortalModelView
from admin_views.fields import lookup_filter, street_filter
from admin_views.screening.common import (
    ScreeningStyles, as_validation_error, grid_label, level_formatter, level_text, scoped_grids, scoped_reporters,
    scoped_rounds, time_left_text,
)
from forms.screening import CloseForm, ConvertForm, HandOverForm, LevelForm, PhotoForm, ResolveForm
from forms.validators import IdNumberOrCreditCode, NotInFuture, Phone
from portal import timeutil
from portal.extensions import db
from portal.models import (
    DisputeType, Grid, Lead, LeadParty, LeadPhoto, LeadStatus, PartnerBody, PreventionRecord, RiskLevel,
)
from portal.services import files
from portal.services.access import Action, Area, can, sees_personal_data
from portal.services.screening import ScreeningRuleError
from portal.services.screening import leads as lead_rules
from portal.services.screening import photos

LEVEL_MEANINGS = _l(
    "Red: may turn into violence, a group incident or a petition; report to the district at once. "
    "Orange: handle the same day at street level. Yellow: the grid or community resolves it."
)


@dataclass(frozen=True)
class Step:
    name: str
    label: object
    form: type
    action: object


STEPS = {
    step.name: step for step in (
        Step("level", _l("Change the risk level"), LevelForm, lead_rules.change_level),
        Step("resolve", _l("Resolved on the spot"), ResolveForm, lead_rules.resolve),
        Step("convert", _l("Turn into a case"), ConvertForm, lead_rules.convert_to_case),
        Step("hand_over", _l("Hand to a partner body"), HandOverForm, lead_rules.hand_over),
        Step("close", _l("Close: no longer a risk"), CloseForm, lead_rules.close),
    )
}


class OverdueLeadFilter(FilterEqual):
    """Open leads past their response deadline (yes) or not (no)."""

    def __init__(self, name):
        super().__init__(Lead.due_at, name, options=(("1", _l("Yes")), ("0", _l("No"))))

    def apply(self, query, value, alias=None):
        clause = lead_rules.overdue_clause()
        return query.filter(clause if value == "1" else ~clause)


def due_formatter(view, context, model, name):
    badge = get_template_attribute("admin/portal/screening/_macros.html", "deadline")
    return badge(model, lead_rules.is_overdue(model), time_left_text(lead_rules.time_left(model)))


def grid_formatter(view, context, model, name):
    return grid_label(model.grid)


def short_description(view, context, model, name):
    text = " ".join((model.description or "").split())
    return text if len(text) <= 40 else text[:39] + "…"


class LeadView(ScreeningStyles, PortalModelView):
    area = Area.SCREENING
    details_template = "admin/portal/screening/lead_details.html"
    # Nothing is deleted, only closed (the district office too: the history must stay whole).
    disabled_actions = frozenset({Action.DELETE})
    personal_columns = ("follower_phone",)  # may be a private mobile: masked for inspectors
    column_list = ("level", "reported_at", "street", "grid", "dispute_type", "description", "follower", "due_at", "status")
    column_details_list = (
        "level", "status", "street", "community", "grid", "round", "reporter", "found_on", "reported_at",
        "dispute_type", "description", "people_involved", "follower", "follower_phone", "due_at", "closed_at",
        "outcome_note", "handed_to", "created_at", "created_by", "updated_at", "updated_by",
    )
    column_export_list = (
        "reported_at", "found_on", "level", "status", "street", "community", "grid", "dispute_type", "description",
        "people_involved", "follower", "due_at", "closed_at", "outcome_note", "handed_to",
    )
    column_searchable_list = ("description", "follower")
    column_sortable_list = ("reported_at", "level", "due_at", "status")
    column_default_sort = ("reported_at", True)
    form_columns = (
        "grid", "round", "reporter", "found_on", "dispute_type", "level", "description", "people_involved",
        "follower", "follower_phone", "due_at", "parties",
    )
    form_args = {
        "grid": {"query_factory": scoped_grids, "get_label": grid_label, "validators": [InputRequired()]},
        "round": {"query_factory": scoped_rounds, "blank_text": "—"},
        "reporter": {"query_factory": scoped_reporters, "blank_text": "—"},
        "found_on": {"validators": [InputRequired(), NotInFuture()]},
        "description": {"validators": [InputRequired(), Length(max=lead_rules.MAX_DESCRIPTION)]},
        "people_involved": {"validators": [InputRequired(), NumberRange(min=1, max=100_000)]},
        "follower": {"validators": [Optional(), Length(max=60)]},
        "follower_phone": {"validators": [Phone()]},
        "due_at": {"validators": [Optional()]},
    }
    form_widget_args = {"description": {"rows": 4}}
    column_descriptions = {
        "level": LEVEL_MEANINGS,
        "due_at": _l("Leave empty to count it from the risk level. A deadline you give must lie ahead."),
        "round": _l("The screening round that found it, if any."),
        "reporter": _l("The grid reporter who reported it, if any."),
        "follower": _l("Who follows the lead until it ends."),
    }
    inline_models = (
        (LeadParty, {
            "form_columns": ("id", "role", "kind", "name", "sex", "id_number", "phone", "address"),
            "form_args": {
                "id_number": {"validators": [IdNumberOrCreditCode()]},
                "phone": {"validators": [Phone()]},
            },
        }),
    )
    endpoint_actions = {
        "step_view": Action.EDIT,
        "photo_upload_view": Action.EDIT,
        "photo_view": Action.DETAILS,
    }

    def __init__(self, model, **kwargs):
        self.column_filters = (
            street_filter(model, self.area), "level", "status", OverdueLeadFilter(_l("Past deadline")),
            lookup_filter(model, "dispute_type", DisputeType), "reported_at", "follower",
        )
        self.column_formatters = {
            "level": level_formatter, "due_at": due_formatter, "grid": grid_formatter, "description": short_description,
        }
        self.column_formatters_export = {"level": level_text, "due_at": lambda v, c, m, n: m.due_at,
                                         "grid": grid_formatter}
        super().__init__(model, **kwargs)

    def get_query(self):
        return super().get_query().options(
            joinedload(Lead.grid).joinedload(Grid.community), joinedload(Lead.street), joinedload(Lead.dispute_type),
        )

    def _handle_view(self, name, **kwargs):
        denied = super()._handle_view(name, **kwargs)
        if denied is not None:
            return denied
        if name in ("index_view", "details_view"):
            lead_rules.sweep()  # deadlines passed since the last look are written down first
        elif name == "edit_view" and not current_user.is_admin:
            lead = self.get_one(request.args.get("id"))
            if lead is not None and lead.status != LeadStatus.OPEN:
                flash(gettext("This lead has ended: only the district office can correct it."), "error")
                return redirect(url_for(".details_view", id=lead.id))
        return None

    # --- the form --------------------------------------------------------------------------------
    def scaffold_form(self):
        form_class = super().scaffold_form()
        # Left empty, the deadline comes from the level: not a required field, whatever the column says.
        form_class.due_at.kwargs["validators"] = [Optional()]
        return form_class

    def get_edit_form(self):
        form_class = super().get_edit_form()
        # The level changes only through its step on the lead's page, with the reason.
        form_class.level = None
        return form_class

    def create_form(self, obj=None):
        form = super().create_form(obj)
        if request.method == "GET":
            form.found_on.data = form.found_on.data or timeutil.today()
            round_id = request.args.get("round_id", type=int)
            chosen = next((r for r in form.round.query_factory() if r.id == round_id), None) if round_id else None
            if chosen is not None:
                form.round.data = chosen
        return form

    def on_model_change(self, form, model, is_created):
        if is_created:
            as_validation_error(lead_rules.report, model)
        else:
            self._check_edit(model)
        super().on_model_change(form, model, is_created)

    def _check_edit(self, lead):
        from sqlalchemy import inspect

        state = inspect(lead)
        if lead.status != LeadStatus.OPEN and not current_user.is_admin:
            raise ValidationError(gettext("This lead has ended: only the district office can correct it."))
        if state.attrs.due_at.history.has_changes():
            as_validation_error(lead_rules.check_deadline, lead.due_at)
        as_validation_error(lead_rules.check_lead, lead)

    def delete_model(self, model):  # pragma: no cover - DELETE is disabled for every role
        abort(403)

    # --- the lead's page -----------------------------------------------------------------------------
    def editable(self, lead):
        return self.can_edit and lead.status == LeadStatus.OPEN

    def step_refusal(self, lead, step):
        """Why the user cannot take ``step`` on ``lead`` now, or None."""
        if lead.status != LeadStatus.OPEN:
            # A form sent from the open lead: someone else ended it meanwhile (a writer that waited
            # for the other's lock reads the lead only after it ended).
            posted = request.form.get(f"{step}-lead_version") if request.method == "POST" else None
            return ended_message(lead, by_someone_else=posted is not None and posted != str(lead.version))
        if step == "convert":
            if not can(current_user, Area.CASES, Action.CREATE):
                return gettext("Only the office that keeps cases can turn a lead into one.")
            refusal = lead_rules.no_committee_refusal(lead)
            if refusal is not None:
                return str(refusal)
        return None

    def step_form(self, step, lead, formdata=None):
        form = STEPS[step].form(formdata=formdata, prefix=step)
        if formdata is None:
            form.lead_version.data = str(lead.version)
        if step == "level":
            others = [choice for choice in RiskLevel.choices() if choice[0] != lead.level]
            form.level.choices = others
        elif step == "hand_over":
            bodies = db.session.scalars(select(PartnerBody).order_by(PartnerBody.name)).all()
            form.partner.choices = [(body.id, body.name) for body in bodies]
        elif step == "convert":
            form.committee.choices = [(c.id, c.name) for c in lead_rules.receiving_committees(lead)]
        return form

    def details_context(self, model):
        editable = self.editable(model)
        steps = []
        if editable:
            for name, step in STEPS.items():
                refusal = self.step_refusal(model, name)
                steps.append({"name": name, "label": step.label, "refusal": refusal,
                              "form": None if refusal else self.step_form(name, model)})
        records = db.session.scalars(
            select(PreventionRecord).where(PreventionRecord.lead_id == model.id).order_by(PreventionRecord.prevented_on)
        ).all()
        return {
            "steps": steps,
            "editable": editable,
            "overdue": lead_rules.is_overdue(model),
            "time_left": time_left_text(lead_rules.time_left(model)),
            "meaning": RiskLevel(model.level).meaning,
            "sees_personal": sees_personal_data(current_user),
            "photo_form": PhotoForm() if editable else None,
            "photo_limit_mb": photos.limit_megabytes(),
            "case_url": visible_url(model.case) if model.case is not None else None,
            "prevention_records": records,
            "prevention_urls": {record: visible_url(record) for record in records},
            "add_prevention_url": url_for("prevention_records.create_view", lead_id=model.id)
            if can(current_user, Area.SCREENING, Action.CREATE) else None,
            "round_url": visible_url(model.round) if model.round is not None else None,
        }

    @expose("/step/<step>/", methods=("GET", "POST"))
    def step_view(self, step):
        if step not in STEPS:
            abort(404)
        lead = self.get_one(request.args.get("id"))
        if lead is None:
            flash(gettext("Record does not exist."), "error")
            return redirect(url_for(".index_view"))
        details = url_for(".details_view", id=lead.id)
        refusal = self.step_refusal(lead, step)
        if refusal is not None:
            flash(refusal, "error")
            return redirect(details)
        form = self.step_form(step, lead, formdata=request.form if request.method == "POST" else None)
        if request.method == "POST":
            if form.validate():
                done = self._take(step, lead.id, form)
                if done is not None:
                    return redirect(done)
            else:
                flash(gettext("Some fields need attention; nothing was saved."), "error")
        return self.render("admin/portal/screening/lead_step.html", lead=lead, form=form, step=STEPS[step],
                           action=url_for(".step_view", step=step, id=lead.id), return_url=details)

    def _take(self, step, lead_id, form):
        """Take the step under the lead's lock and commit; the URL to go to, or None to show the form."""
        details = url_for(".details_view", id=lead_id)
        try:
            lead = lead_rules.lock(lead_id)
            if lead.status != LeadStatus.OPEN:
                db.session.rollback()
                flash(ended_message(lead, by_someone_else=True), "error")
                return details
            if form.lead_version.data != str(lead.version):
                db.session.rollback()
                flash(gettext("Someone else changed this lead while you were filling in the form. Nothing was "
                              "saved; check the lead, then submit again."), "error")
                return details
            result = STEPS[step].action(lead, **form.values())
            db.session.commit()
        except ScreeningRuleError as error:
            db.session.rollback()
            flash(str(error), "error")
            return None
        except (StaleDataError, IntegrityError, OperationalError):
            # Another request took a step on this lead at the very same moment (SQLite gives the
            # second writer a stale version, PostgreSQL a lock it waited for): say what happened.
            db.session.rollback()
            lead = db.session.get(Lead, lead_id, populate_existing=True)
            message = ended_message(lead, by_someone_else=True) if lead.status != LeadStatus.OPEN else gettext(
                "Someone else changed this lead at the same moment. Nothing was saved; check the lead, then try again.")
            flash(message, "error")
            return details
        if step == "convert":
            case, _event = result
            flash(gettext("The lead is now the registered case “%(title)s” of %(committee)s.",
                          title=case.title, committee=case.committee.name), "success")
            return visible_url(case) or details
        flash(gettext("Done: %(step)s.", step=STEPS[step].label), "success")
        return details

    # --- photos ----------------------------------------------------------------------------------------
    @expose("/photos/add/", methods=("POST",))
    def photo_upload_view(self):
        lead = self.get_one(request.args.get("id"))
        if lead is None:
            abort(404)
        details = url_for(".details_view", id=lead.id) + "#photos"
        if not self.editable(lead):
            flash(ended_message(lead), "error")
            return redirect(details)
        form = PhotoForm()
        upload = form.photo.data if form.validate_on_submit() else None
        if upload is None or not getattr(upload, "filename", ""):
            flash(gettext("Choose a photo to add."), "error")
            return redirect(details)
        try:
            stored = photos.store(lead, photos.read_limited(upload.stream), filename=upload.filename).stored_name
        except ScreeningRuleError as error:
            db.session.rollback()
            flash(str(error), "error")
            return redirect(details)
        try:
            db.session.commit()
        except Exception:
            db.session.rollback()
            photos.discard([stored])
            raise
        flash(gettext("The photo was added."), "success")
        return redirect(details)

    @expose("/photos/<int:photo_id>/")
    def photo_view(self, photo_id):
        # Photos may show the people involved: personal data, not for inspectors.
        if not sees_personal_data(current_user):
            abort(403)
        query = select(LeadPhoto).where(LeadPhoto.id == photo_id)
        limit = self.street_limit()
        if limit is not None:
            query = query.where(LeadPhoto.street_scope(limit))
        photo = db.session.scalar(query)
        if photo is None:
            abort(404)
        return files.send_private(photos.key_of(photo), photo.content_type, photo.filename, as_attachment=False)


def ended_message(lead, by_someone_else=False):
    """What became of a lead that has ended, for someone who tried to act on it."""
    status = LeadStatus.label_of(lead.status)
    if lead.status == LeadStatus.CONVERTED and lead.case is not None:
        text = gettext("This lead was already turned into the case “%(title)s”.", title=lead.case.title)
    else:
        text = gettext("This lead has already ended: %(status)s.", status=status)
    if by_someone_else:
        text += " " + gettext("Someone else did this at the same moment; nothing of yours was saved.")
    return text

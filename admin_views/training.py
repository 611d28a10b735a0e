"""Training screens: sessions (with fast attendance and materials), the hours rule, compliance."""
from flask import abort, flash, redirect, request
from flask_admin import expose
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import inspect, select
from wtforms.validators import InputRequired, NumberRange, ValidationError

from admin_views.access import screen_of
from admin_views.ajax import ScopedLoader
from admin_views.area_page import PageInfo
from admin_views.base import PortalModelView
from admin_views.fields import lookup_filter, street_filter
from admin_views.room_bookings import booking_clash_message
from admin_views.training_attendance import AttendancePage
from admin_views.training_reports import ComplianceReportPage
from forms.validators import After
from portal.extensions import db
from portal.models import (
    Facility, JudicialOffice, Mediator, PartnerBody, PartnerKind, Role, TrainingKind, TrainingMaterial,
    TrainingRequirement, TrainingSession, User,
)
from portal.services import files, training, training_materials
from portal.services.access import Action, Area
from portal.services.bookings import BookingConflict

MATERIAL_ERRORS = {
    "empty": _l("Choose a file to upload; the file was empty."),
    "too_large": _l("The file is too large: at most %(mb)s MB."),
    "type": _l("Only PDF, Word, Excel, PowerPoint, JPEG and PNG files can be attached."),
    "mismatch": _l("The file's content does not match its name's extension; rename or re-save it."),
    "store_down": _l("The file store cannot be reached just now, so the file was not attached. Please try again in a "
                     "few minutes."),
}


def _is_court():
    return PartnerBody.kind_id.in_(select(PartnerKind.id).where(PartnerKind.code == "court"))


def _is_trainer_account():
    return (User.role == Role.TRAINER) & User.active.is_(True)


class TrainingSessionView(PortalModelView):
    area = Area.TRAINING
    details_template = "admin/portal/training_session_details.html"
    create_template = "admin/portal/training_session_create.html"
    edit_template = "admin/portal/training_session_edit.html"
    column_list = ("title", "kind", "starts_at", "hours", "trainer_name", "facility", "organiser_office")
    column_details_list = (
        "title", "kind", "topic", "trainers", "trainer_name", "starts_at", "ends_at", "hours", "facility",
        "location_text", "court", "judge_name", "organiser_office", "street", "notes",
        "created_at", "created_by", "updated_at", "updated_by",
    )
    column_export_list = (
        "title", "kind", "topic", "trainers", "trainer_name", "starts_at", "ends_at", "hours", "facility",
        "location_text", "court", "judge_name", "organiser_office", "street",
    )
    column_searchable_list = ("title", "topic", "trainer_name")
    column_sortable_list = ("title", "starts_at", "hours")
    column_default_sort = ("starts_at", True)
    form_columns = (
        "title", "kind", "topic", "trainers", "trainer_name", "starts_at", "ends_at", "hours",
        "organiser_office", "facility", "location_text", "court", "judge_name", "notes",
    )
    column_descriptions = {
        "trainers": _l("Trainer accounts running the session; it shows on their home page."),
        "trainer_name": _l("Who teaches, as on the notice (e.g. an invited judge or lawyer)."),
        "hours": _l("Hours credited to each attendee by default."),
        "facility": _l("A mediation room chosen here is booked for the session's time."),
        "location_text": _l("Where it is held when not in one of our facilities (e.g. the court)."),
        "court": _l("Court hearing observation only: the court and the presiding judge."),
        "organiser_office": _l("Leave empty for sessions the district office organises."),
    }
    form_args = {
        "ends_at": {"validators": [After("starts_at")]},
        "hours": {"validators": [InputRequired(), NumberRange(min=0.5, max=999)]},
    }
    form_ajax_refs = {
        "facility": ScopedLoader("facility", Facility, Area.TRAINING, fields=["name", "address"]),
        "organiser_office": ScopedLoader("organiser_office", JudicialOffice, Area.TRAINING, fields=["name"]),
        "court": ScopedLoader("court", PartnerBody, Area.TRAINING, fields=["name"], extra_filters=[_is_court]),
        "trainers": ScopedLoader(
            "trainers", User, Area.TRAINING, fields=["display_name", "username"], extra_filters=[_is_trainer_account]
        ),
    }

    def __init__(self, model, **kwargs):
        self.column_filters = (
            lookup_filter(model, "kind", TrainingKind), street_filter(model, Area.TRAINING), "starts_at",
            "trainer_name",
        )
        super().__init__(model, **kwargs)

    endpoint_actions = {
        "attendance_view": Action.EDIT,
        "material_upload": Action.EDIT,
        "material_delete": Action.EDIT,
        "material_download": Action.DETAILS,
    }

    # --- saving ---------------------------------------------------------------------------------
    def on_model_change(self, form, model, is_created):
        try:
            training.check_session(model)
        except training.SessionRuleError as error:
            raise ValidationError(str(error)) from None
        if is_created and not model.trainers and current_user.role == Role.TRAINER:
            model.trainers = [current_user._get_current_object()]
        if not is_created:
            changed = inspect(model).attrs.hours.history
            if changed.deleted:
                training.follow_session_hours(model, changed.deleted[0])
        super().on_model_change(form, model, is_created)
        try:
            training.sync_room_booking(model)
        except BookingConflict as clash:
            raise ValidationError(booking_clash_message(clash.existing)) from clash

    def get_save_return_url(self, model, is_created=False):
        if is_created:  # a new session's next step is its attendance
            return self.get_url(".attendance_view", id=model.id)
        return super().get_save_return_url(model, is_created)

    def on_model_delete(self, model):
        # The materials' files stay on disk: the district office may restore the session.
        training.release_room(model)

    def render(self, template, **kwargs):
        if template in (self.create_template, self.edit_template):
            # The form's script shows the court and judge only for this kind.
            kwargs.setdefault("hearing_kind_id", training.hearing_observation_kind_id())
        return super().render(template, **kwargs)

    # --- details -----------------------------------------------------------------------------------
    def details_context(self, model):
        return {
            "attendances": training.roster(model),
            "materials": model.materials,
            "booking": model.booking,
            "max_mb": files.megabytes(training_materials.max_bytes()),
        }

    # --- fast attendance -----------------------------------------------------------------------------
    @expose("/attendance/", methods=("GET", "POST"))
    def attendance_view(self):
        session = self.get_one(request.args.get("id"))
        if session is None:
            flash(gettext("That training session does not exist or is not yours to see."), "error")
            return redirect(self.get_url(".index_view"))
        return AttendancePage(self, session).handle()

    # --- materials ---------------------------------------------------------------------------------
    @expose("/materials/upload/", methods=("POST",))
    def material_upload(self):
        session = self.get_one(request.args.get("id"))
        if session is None:
            abort(404)
        back = self.get_url(".details_view", id=session.id)
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            flash(str(MATERIAL_ERRORS["empty"]), "error")
            return redirect(back)
        data = training_materials.read_limited(upload.stream)
        try:
            material = training_materials.attach(session, upload.filename, data, request.form.get("description", ""))
        except training_materials.MaterialError as error:
            flash(str(MATERIAL_ERRORS[error.code]) % {"mb": files.megabytes(training_materials.max_bytes())}, "error")
            return redirect(back)
        try:
            db.session.commit()
        except Exception:
            db.session.rollback()
            training_materials.discard([material.stored_name])
            raise
        flash(gettext("Attached %(name)s.", name=material.original_name), "success")
        return redirect(back)

    def _material(self, material_id):
        material = db.session.get(TrainingMaterial, material_id)
        # The material is only as visible as its session (street scope included).
        if material is None or self.get_one(material.session_id) is None:
            abort(404)
        return material

    @expose("/materials/<int:material_id>/")
    def material_download(self, material_id):
        material = self._material(material_id)
        return files.send_private(training_materials.key_of(material), material.content_type, material.original_name)

    @expose("/materials/<int:material_id>/delete/", methods=("POST",))
    def material_delete(self, material_id):
        material = self._material(material_id)
        session_id, name = material.session_id, material.original_name
        # Only the record goes: its file stays so that restoring it from the audit log works.
        db.session.delete(material)
        db.session.commit()
        flash(gettext("Removed %(name)s.", name=name), "success")
        return redirect(self.get_url(".details_view", id=session_id))

    # --- one mediator's training record (names and training only: trainers may see it) -----------
    @expose("/mediator/")
    def mediator_record(self):
        # Asked of the mediator directory itself: its access rule and street scope.
        names = screen_of(Mediator, Area.MEDIATOR_NAMES)
        if names is None or not names.permits(Action.LIST):
            abort(403)
        mediator = names.get_one(request.args.get("id"))
        if mediator is None:
            abort(404)
        return self.render(
            "admin/portal/training_mediator_record.html", mediator=mediator,
            committees=[m.committee for m in mediator.memberships], training=training.training_record(mediator),
        )


class TrainingRequirementView(PortalModelView):
    """The hours rule, one row per year it changes; the district office edits it."""

    area = Area.TRAINING_RULES
    column_list = (
        "effective_year", "annual_hours_full_time", "annual_hours_part_time", "pre_service_hours",
        "new_mediator_months", "updated_at", "updated_by",
    )
    column_default_sort = ("effective_year", True)
    form_columns = (
        "effective_year", "annual_hours_full_time", "annual_hours_part_time", "pre_service_hours",
        "new_mediator_months", "notes",
    )
    column_descriptions = {
        "effective_year": _l("The rule applies from this year until a later rule takes over."),
        "pre_service_hours": _l("Hours of pre-service training a new mediator needs before taking cases."),
        "new_mediator_months": _l("A mediator who joined within this many months counts as new."),
    }
    form_args = {
        "effective_year": {"validators": [InputRequired(), NumberRange(min=2000, max=2100)]},
        "annual_hours_full_time": {"validators": [InputRequired(), NumberRange(min=0, max=999)]},
        "annual_hours_part_time": {"validators": [InputRequired(), NumberRange(min=0, max=999)]},
        "pre_service_hours": {"validators": [InputRequired(), NumberRange(min=0, max=999)]},
        "new_mediator_months": {"validators": [InputRequired(), NumberRange(min=1, max=120)]},
    }
    unique_checks = (("effective_year",),)

    def on_model_delete(self, model):
        if db.session.scalar(select(TrainingRequirement.id).where(TrainingRequirement.id != model.id).limit(1)) is None:
            raise ValidationError(gettext("The only training rule cannot be deleted; edit it instead."))


def trainer_home(user):
    """The trainer's upcoming and recent sessions for the dashboard, or None for other roles."""
    if user.role != Role.TRAINER:
        return None
    upcoming, recent = training.trainer_sessions(user)
    return {"upcoming": upcoming, "recent": recent}


def warn_untrained_mediators(mediators):
    """Flash a warning naming new mediators without pre-service training (cases call this)."""
    lacking = training.lacking_pre_service(list(mediators))
    if lacking:
        flash(gettext(
            "These mediators have not completed pre-service training: %(names)s.",
            names="、".join(m.name for m in lacking),
        ), "warning")
    return lacking


VIEWS = (
    (TrainingSessionView, TrainingSession, "training_sessions"),
    (ComplianceReportPage, PageInfo(_l("Training compliance")), "training_compliance"),
    (TrainingRequirementView, TrainingRequirement, "training_requirements"),
)

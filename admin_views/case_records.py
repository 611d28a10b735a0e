"""Screens for the records that belong to one case: meetings, the agreement, the judicial
confirmation and follow-up visits.

They are opened from the case page (a new record with ``?case_id=``) and lead back to it. The
generated screens give them what every record has (access rules, street scope, history,
stale-edit protection); this module adds the case: the record must belong to a case the user
may see, an archived case stays read-only except for the district office, and each kind's
rules (portal.services.cases) are checked on save.
"""
from flask import flash, redirect, request, url_for
from flask_admin.contrib.sqla.filters import FilterEqual
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import or_, select
from wtforms.validators import ValidationError

from admin_views.base import PortalModelView
from forms.validators import After
from portal.extensions import db
from portal.models import (
    Case, CaseAgreement, CaseParty, CommitteeMembership, Facility, FacilityKind, FollowUp,
    JudicialConfirmation, MediationSession, Mediator, PartnerBody, PartnerKind, case_mediators,
)
from portal.services import cases as lifecycle
from portal.services.access import Action, Area
from portal.services.cases import CaseRuleError
from portal.services.inputs import parse_id
from portal.services.privacy import case_label, preload, record_place


OPEN_THE_CASE_FIRST = _l("Open the case first, then add the record from its page.")


def case_formatter(view, context, model, name):
    return case_label(model.case)


def place_formatter(view, context, model, name):
    """A place that is a party's home is personal data (portal.services.privacy)."""
    return record_place(model, name)


def parties_formatter(view, context, model, name):
    from portal.services.cases import join_labels
    from portal.template_helpers import personal

    return join_labels(personal(party, "name") for party in model.parties)


class CaseRecordView(PortalModelView):
    area = Area.CASES
    details_template = "admin/portal/case_record_details.html"
    create_template = "admin/portal/case_record_create.html"
    edit_template = "admin/portal/case_record_edit.html"
    in_menu = False
    column_formatters = {"case": case_formatter}

    def is_visible(self):
        return self.in_menu and super().is_visible()

    def __init__(self, model, **kwargs):
        places = {name: place_formatter for name in model.__party_places__}
        self.column_formatters = {**self.column_formatters, **places}
        super().__init__(model, **kwargs)

    def preload_rows(self, rows):
        preload({row.case_id for row in rows})

    # --- the case the record belongs to --------------------------------------------------------
    def visible_case(self, case_id):
        pk = parse_id(case_id)
        if pk is None:
            return None
        query = select(Case).where(Case.id == pk)
        limit = self.street_limit()
        if limit is not None:
            query = query.where(Case.street_scope(limit))
        return db.session.scalar(query)

    def _handle_view(self, name, **kwargs):
        denied = super()._handle_view(name, **kwargs)
        if denied is not None:
            return denied
        if name == "create_view":
            case = self.visible_case(request.args.get("case_id"))
            if case is None:
                flash(str(OPEN_THE_CASE_FIRST), "error")
                return redirect(url_for("cases.index_view"))
            problem = self.creation_problem(case)
            if problem is not None:
                flash(str(problem), "error")
                return redirect(url_for("cases.details_view", id=case.id))
        elif name in ("edit_view", "delete_view"):
            record = self.get_one(request.args.get("id") or request.form.get("id"))
            refusal = lifecycle.archived_refusal(current_user, record.case) if record is not None else None
            if refusal is not None:
                flash(str(refusal), "error")
                return redirect(url_for("cases.details_view", id=record.case_id))
        return None

    def kind_refusal(self, case):
        """Why ``case`` can take no record of this kind now (a rule of portal.services.cases), or None."""
        return None

    def creation_problem(self, case):
        """Why no record of this kind can be added to ``case`` now, or None."""
        return lifecycle.archived_refusal(current_user, case) or self.kind_refusal(case)

    def check_record(self, record, case):
        """The kind's own rules; raise CaseRuleError."""

    def limit_choices(self, form, case):
        """Narrow drop-downs to what fits the case (its parties, its street's rooms…)."""

    # --- forms and saving ------------------------------------------------------------------------
    def create_form(self, obj=None):
        form = super().create_form(obj)
        case = self.visible_case(request.args.get("case_id"))
        if case is not None:
            self.limit_choices(form, case)
        return form

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        if obj is not None:
            self.limit_choices(form, obj.case)
        return form

    def on_model_change(self, form, model, is_created):
        try:
            if is_created:
                # The new record is already in the session, without its case: no flush until it has one.
                with db.session.no_autoflush:
                    case = self.visible_case(request.args.get("case_id"))
                    if case is None:
                        raise ValidationError(str(OPEN_THE_CASE_FIRST))
                    problem = self.creation_problem(case)
                    if problem is not None:
                        raise problem
                    model.case = case
            lifecycle.check_can_change(current_user, model.case)
            self.check_record(model, model.case)
        except CaseRuleError as error:
            raise ValidationError(str(error)) from None
        super().on_model_change(form, model, is_created)

    def deletion_refusal(self, model):
        return lifecycle.archived_refusal(current_user, model.case)

    # The case page's tab that lists this kind of record: a saved record returns there.
    case_tab = "overview"

    def get_save_return_url(self, model, is_created=False):
        from admin_views.case_workspace import page_url

        return page_url(model.case_id, self.case_tab)

    def details_context(self, model):
        return {"case": model.case}

    def render(self, template, **kwargs):
        # The create and edit pages say which case the record belongs to.
        if template in (self.create_template, self.edit_template):
            model = kwargs.get("model")
            kwargs.setdefault(
                "case", model.case if model is not None else self.visible_case(request.args.get("case_id"))
            )
        return super().render(template, **kwargs)


# --- mediation and investigation records --------------------------------------------------------

def bookable_rooms(case):
    query = db.session.query(Facility).join(FacilityKind).filter(FacilityKind.bookable.is_(True))
    if case.street_id is not None:
        query = query.filter(Facility.street_id == case.street_id)
    return query.order_by(Facility.name)


def mediators_for(case):
    """Who can be present: the case's mediators and the members of its committees."""
    committees = {case.committee_id, case.origin_committee_id} - {None}
    members = select(CommitteeMembership.mediator_id).where(CommitteeMembership.committee_id.in_(committees))
    assigned = select(case_mediators.c.mediator_id).where(case_mediators.c.case_id == case.id)
    return db.session.query(Mediator).filter(or_(Mediator.id.in_(members), Mediator.id.in_(assigned))).order_by(Mediator.name)


class MediationSessionView(CaseRecordView):
    case_tab = "records"
    in_menu = True
    column_list = ("starts_at", "kind", "case", "facility", "location_text", "recorder")
    column_details_list = (
        "case", "kind", "starts_at", "ends_at", "facility", "location_text", "mediators", "parties",
        "invited_helpers", "recorder", "summary", "outcome", "created_at", "created_by", "updated_at", "updated_by",
    )
    column_export_list = ("case", "kind", "starts_at", "ends_at", "facility", "location_text", "recorder", "outcome")
    column_sortable_list = ("starts_at",)
    column_default_sort = ("starts_at", True)
    column_searchable_list = ("recorder", "location_text")
    form_columns = (
        "kind", "starts_at", "ends_at", "facility", "location_text", "mediators", "parties",
        "invited_helpers", "recorder", "summary", "outcome",
    )
    form_args = {
        "ends_at": {"validators": [After("starts_at")]},
        "facility": {
            "description": _l("Mediation rooms of the case's street; the room is booked for the time given."),
            "blank_text": "—",
        },
    }
    # Party names are shown in full only to the office.
    column_formatters = {**CaseRecordView.column_formatters, "parties": parties_formatter}

    def __init__(self, model, **kwargs):
        self.column_filters = ("kind", "starts_at")
        super().__init__(model, **kwargs)

    def get_query(self):
        from sqlalchemy.orm import joinedload

        return super().get_query().options(joinedload(MediationSession.case), joinedload(MediationSession.facility))

    def limit_choices(self, form, case):
        form.facility.query = bookable_rooms(case)
        form.mediators.query = mediators_for(case)
        form.parties.query = db.session.query(CaseParty).filter(CaseParty.case_id == case.id).order_by(CaseParty.id)

    kind_refusal = staticmethod(lifecycle.meeting_refusal)

    def check_record(self, record, case):
        lifecycle.check_meeting(record, case)
        lifecycle.book_meeting_room(record, case)


# --- the agreement --------------------------------------------------------------------------------

class CaseAgreementView(CaseRecordView):
    case_tab = "agreement"
    # Created by the "settle" step; removed only with its case.
    disabled_actions = frozenset({Action.CREATE, Action.DELETE})
    column_list = ("case", "kind", "signed_on", "performance_deadline", "amount")
    column_details_list = (
        "case", "kind", "signed_on", "facts", "responsibilities", "terms", "performance_method",
        "performance_place", "performance_deadline", "amount", "copies",
        "created_at", "created_by", "updated_at", "updated_by",
    )
    column_export_list = column_list
    form_columns = (
        "kind", "signed_on", "facts", "responsibilities", "terms", "performance_method",
        "performance_place", "performance_deadline", "amount", "copies",
    )
    form_args = {"performance_deadline": {"validators": [After("signed_on", allow_equal=True)]}}

    def check_record(self, record, case):
        lifecycle.revise_agreement(record, case)


# --- judicial confirmation --------------------------------------------------------------------------

def courts():
    return (
        db.session.query(PartnerBody).join(PartnerKind).filter(PartnerKind.code == "court").order_by(PartnerBody.name)
    )


class JudicialConfirmationView(CaseRecordView):
    case_tab = "agreement"
    column_list = ("case", "applied_on", "court", "outcome", "decided_on")
    column_details_list = (
        "case", "applied_on", "court", "outcome", "decided_on", "notes",
        "created_at", "created_by", "updated_at", "updated_by",
    )
    column_export_list = column_list
    form_columns = ("applied_on", "court", "outcome", "decided_on", "notes")
    form_args = {"decided_on": {"validators": [After("applied_on", allow_equal=True)]}}

    def limit_choices(self, form, case):
        form.court.query = courts()

    kind_refusal = staticmethod(lifecycle.confirmation_application_refusal)

    def check_record(self, record, case):
        lifecycle.check_confirmation(record, case)


# --- follow-up visits --------------------------------------------------------------------------------

class DoneFilter(FilterEqual):
    def __init__(self, name):
        super().__init__(FollowUp.done_on, name, options=(("1", _l("Yes")), ("0", _l("No"))))

    def apply(self, query, value, alias=None):
        return query.filter(FollowUp.done_on.isnot(None) if value == "1" else FollowUp.done_on.is_(None))


class FollowUpView(CaseRecordView):
    case_tab = "follow_ups"
    in_menu = True
    column_list = ("due_on", "case", "done_on", "method", "performed", "satisfaction", "lawsuit", "risk")
    column_details_list = (
        "case", "due_on", "done_on", "method", "visited_by", "performed", "satisfaction", "lawsuit", "risk",
        "measures", "notes", "created_at", "created_by", "updated_at", "updated_by",
    )
    column_export_list = column_list
    column_sortable_list = ("due_on", "done_on")
    column_default_sort = ("due_on", False)
    form_columns = (
        "due_on", "done_on", "method", "visited_by", "performed", "satisfaction", "lawsuit", "risk",
        "measures", "notes",
    )

    def __init__(self, model, **kwargs):
        self.column_filters = (DoneFilter(_l("Done")), "due_on", "done_on", "performed", "risk", "lawsuit")
        super().__init__(model, **kwargs)

    def get_query(self):
        from sqlalchemy.orm import joinedload

        return super().get_query().options(joinedload(FollowUp.case))

    kind_refusal = staticmethod(lifecycle.follow_up_refusal)

    def check_record(self, record, case):
        lifecycle.check_follow_up(record, case)


VIEWS = (
    (MediationSessionView, MediationSession, "mediation_sessions"),
    (FollowUpView, FollowUp, "follow_ups"),
    (CaseAgreementView, CaseAgreement, "case_agreements"),
    (JudicialConfirmationView, JudicialConfirmation, "judicial_confirmations"),
)

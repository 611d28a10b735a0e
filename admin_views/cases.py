"""Dispute cases: the list, the edit form, and the case page where the lifecycle happens.

The rules are in portal.services.cases; this module only turns requests into calls of it.
Steps (accept, settle, archive…) are small forms on the case page, each posted to
``transition_view``; scanned documents go through ``upload_view`` and are read back through
``attachment_view``, which checks the reader may see the case.
"""

from flask import abort, flash, g, get_template_attribute, redirect, request, url_for
from flask_admin import expose
from flask_admin.actions import action
from flask_admin.contrib.sqla.filters import FilterEqual
from flask_admin.model.fields import AjaxSelectField
from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import or_, select
from sqlalchemy.orm.exc import ObjectDeletedError, StaleDataError
from wtforms.validators import ValidationError

from admin_views.ajax import ScopedLoader
from admin_views.base import PortalModelView
from admin_views import case_workspace as workspace
from admin_views.case_mediators import CaseMediatorsMixin
from admin_views.case_records import VIEWS as RECORD_VIEWS
from admin_views.imports import ImportableMixin
from admin_views.term_search import CASE_HINT, TermSearchMixin
from admin_views.fields import int_ids, lookup_filter, street_filter
from admin_views.documents import upload_scans
from admin_views.online_applications import VIEWS as APPLICATION_VIEWS
from admin_views.screening import case_context as screening_case_context
from admin_views.training import warn_untrained_mediators
from forms.cases import STEP_FORMS, AttachmentForm, RemoveAttachmentForm
from forms.validators import IdNumberOrCreditCode, NotInFuture, Phone
from portal import timeutil
from portal.extensions import db
from portal.models import (
    Case, CaseAttachment, CaseParty, CaseSource, CaseStatus, Committee, Community, DisputeType, Mediator,
    PartnerBody, Transition,
)
from portal.models.applications import OnlineApplication
from portal.models.cases import RemedyRoute
from portal.services import attachments, files
from portal.services import cases as lifecycle
from portal.services.access import Action, Area, sees_personal_data
from portal.services.cases import CaseRuleError
from portal.services.inputs import parse_id
from portal.services.privacy import case_title, preload
from portal.services.training import lacking_pre_service


class OverdueFilter(FilterEqual):
    """Open cases past their due date (yes) or not (no)."""

    def __init__(self, name):
        super().__init__(Case.due_on, name, options=(("1", _l("Yes")), ("0", _l("No"))))

    def apply(self, query, value, alias=None):
        today = timeutil.today()
        if value == "1":
            return query.filter(lifecycle.overdue_clause(today))
        return query.filter(or_(Case.status.notin_(lifecycle.OPEN_STATUSES), Case.due_on.is_(None), Case.due_on >= today))


class DueSoonFilter(FilterEqual):
    """Open cases due within the warning days (PORTAL_CASE_DUE_SOON_DAYS): the to-do list's link."""

    def __init__(self, name):
        super().__init__(Case.due_on, name, options=(("1", _l("Yes")),))

    def apply(self, query, value, alias=None):
        return query.filter(lifecycle.due_soon_clause()) if value == "1" else query


def due_formatter(view, context, model, name):
    badge = get_template_attribute("admin/portal/_case_macros.html", "due_badge")
    return badge(model.due_on, lifecycle.days_left(model), lifecycle.is_overdue(model))


def title_formatter(view, context, model, name):
    """Party names inside the title are masked for readers without personal data (services.privacy)."""
    return case_title(model)


def routes_formatter(view, context, model, name):
    return lifecycle.join_labels(RemedyRoute.label_of(code) for code in model.failure_route_list)


class CaseView(TermSearchMixin, ImportableMixin, CaseMediatorsMixin, PortalModelView):
    import_kind = "cases"
    area = Area.CASES
    details_template = "admin/portal/case_workspace/page.html"
    column_list = ("number", "title", "dispute_type", "committee", "street", "received_on", "due_on", "status")
    column_details_list = (
        "number", "title", "dispute_type", "source", "status", "committee", "street", "community",
        "origin_committee", "start_level", "settled_level", "received_on", "accepted_on", "due_on",
        "concluded_on", "facts", "amount", "mediators", "refusal_reason", "referred_to", "failure_routes",
        "transferred_to", "archived_on", "retention", "created_at", "created_by", "updated_at", "updated_by",
    )
    column_export_list = (
        "number", "title", "dispute_type", "source", "start_level", "settled_level", "committee", "street",
        "community", "received_on", "accepted_on", "due_on", "concluded_on", "amount", "status", "mediators",
    )
    column_searchable_list = ("number", "title")  # and the parties: search_terms (admin_views.term_search)
    search_hint = CASE_HINT
    column_sortable_list = ("number", "received_on", "due_on", "status", "amount")
    # Status, number and dates change only through the steps on the case page.
    form_columns = (
        "title", "dispute_type", "source", "committee", "community", "received_on",
        "facts", "amount", "mediators", "parties",
    )
    form_args = {"received_on": {"validators": [NotInFuture()]}}
    form_ajax_refs = {
        "committee": ScopedLoader("committee", Committee, Area.CASES, fields=["name", "short_name"]),
        "community": ScopedLoader("community", Community, Area.CASES, fields=["name", "code"]),
        "mediators": ScopedLoader("mediators", Mediator, Area.CASES, fields=["name", "name_pinyin", "name_initials"]),
    }
    inline_models = (
        (CaseParty, {
            "form_columns": (
                "id", "role", "kind", "name", "sex", "ethnicity", "birth_date", "occupation", "id_number", "phone",
                "address", "representative",
            ),
            "form_args": {
                "id_number": {"validators": [IdNumberOrCreditCode()]},
                "phone": {"validators": [Phone()]},
                "birth_date": {"validators": [NotInFuture()]},
            },
        }),
    )
    endpoint_actions = {
        "transition_view": Action.EDIT,
        "mediators_view": Action.EDIT,
        "upload_view": Action.EDIT,
        "delete_attachment_view": Action.EDIT,
        "attachment_view": Action.DETAILS,
        "agreement_print_view": Action.DETAILS,
        "cover_print_view": Action.DETAILS,
        "summary_print_view": Action.DETAILS,
    }
    # Endpoints that change a case: refused on an archived case except for the district office.
    guarded_endpoints = frozenset({
        "edit_view", "delete_view", "transition_view", "mediators_view", "upload_view", "delete_attachment_view",
    })

    def __init__(self, model, **kwargs):
        self.column_filters = (
            street_filter(model, Area.CASES), "status", OverdueFilter(_l("Overdue")), DueSoonFilter(_l("Due soon")),
            lookup_filter(model, "dispute_type", DisputeType), lookup_filter(model, "source", CaseSource),
            "start_level", "committee.name", "received_on", "accepted_on", "due_on",
        )
        self.column_formatters = {"due_on": due_formatter, "failure_routes": routes_formatter, "title": title_formatter}
        self.column_formatters_export = {"due_on": lambda v, c, m, n: m.due_on, "failure_routes": routes_formatter,
                                         "title": title_formatter}
        super().__init__(model, **kwargs)

    # --- access --------------------------------------------------------------------------------
    def _handle_view(self, name, **kwargs):
        denied = super()._handle_view(name, **kwargs)
        if denied is not None or name not in self.guarded_endpoints:
            return denied
        case = self.get_one(request.args.get("id") or request.form.get("id"))
        refusal = lifecycle.archived_refusal(current_user, case) if case is not None else None
        if refusal is not None:
            flash(str(refusal), "error")
            return redirect(url_for(".details_view", id=case.id))
        return None

    def is_action_allowed(self, name):
        if name in ("accept", "start_mediation"):
            return self.can_edit
        return super().is_action_allowed(name)

    def render(self, template, **kwargs):
        kwargs.setdefault("list_sep", lifecycle.list_separator())
        return super().render(template, **kwargs)

    def preload_rows(self, rows):
        preload([case.id for case in rows])

    # --- saving --------------------------------------------------------------------------------
    def validate_form(self, form):
        valid = super().validate_form(form)
        # The optional community lookup reads an id the user may not see (another street's) as
        # "none": refuse it rather than quietly clearing the field.
        community = getattr(form, "community", None)
        if isinstance(community, AjaxSelectField) and community.data is None and community._formdata:
            community.errors = [*community.errors, gettext("Not a valid choice.")]
            valid = False
        return valid

    def on_model_change(self, form, model, is_created):
        if not is_created:
            self._check_edit(model)
        with db.session.no_autoflush:
            try:
                lifecycle.check_community(model)
            except CaseRuleError as error:
                raise ValidationError(str(error)) from None
        super().on_model_change(form, model, is_created)

    def _check_edit(self, case):
        from sqlalchemy import inspect

        try:
            lifecycle.check_can_change(current_user, case)
            with db.session.no_autoflush:
                lifecycle.check_received_on(case)
        except CaseRuleError as error:
            raise ValidationError(str(error)) from None
        committee = inspect(case).attrs.committee_id.history
        moved = inspect(case).attrs.committee.history
        if (committee.has_changes() or moved.has_changes()) and case.status != CaseStatus.REGISTERED:
            raise ValidationError(gettext(
                "The committee of an accepted case changes only by escalating or transferring it."
            ))

    def deletion_refusal(self, model):
        return lifecycle.deletion_refusal(current_user, model, from_public=model.id in self._public_case_ids([model]))

    def _public_case_ids(self, cases):
        """Ids among ``cases`` that came from an online application (one query per list page)."""
        known = g.setdefault("public_case_ids", {})
        missing = [case.id for case in cases if case.id not in known]
        if missing:
            found = set(db.session.scalars(select(OnlineApplication.case_id).where(OnlineApplication.case_id.in_(missing))))
            known.update({case_id: case_id in found for case_id in missing})
        return {case.id for case in cases if known.get(case.id)}

    def get_list(self, *args, **kwargs):
        count, data = super().get_list(*args, **kwargs)
        if isinstance(data, list):
            self._public_case_ids(data)
        return count, data

    # --- the case page (a workspace: admin_views.case_workspace) ----------------------------------
    def get_one(self, id):
        if request.endpoint != f"{self.endpoint}.details_view":
            return super().get_one(id)
        pk = parse_id(id)
        if pk is None:
            return None
        # The workspace reads the case and what its tab shows in a few queries, whatever it holds.
        options = workspace.load_options(workspace.current_tab())
        return self.get_query().filter(Case.id == pk).options(*options).one_or_none()

    def history_for(self, model, limit=50):
        return []  # the workspace's history tab pages the history itself (case_workspace.history_page)

    def details_context(self, model):
        archived = lifecycle.archived_refusal(current_user, model)
        editable = self.can_edit and archived is None
        may_add_records = self.permits(Action.CREATE) and archived is None
        context = workspace.context(self, model, editable, may_add_records)
        context.update(editable=editable, archived_refusal=archived, may_add_records=may_add_records)
        tabs = context["shown_tabs"]
        if "overview" in tabs:
            context.update(
                mediators_form=self.mediators_form(model) if editable else None,
                # The warning matters while the case is worked on; a concluded case is past it.
                untrained_mediators=lacking_pre_service(model.mediators) if model.status in workspace.WORKED_ON else [],
                screening=screening_case_context(model),
            )
        if "parties" in tabs:
            context["parties"] = model.parties
        if "records" in tabs:
            context["meeting_refusal"] = lifecycle.meeting_refusal(model)
        if "agreement" in tabs and model.agreement is not None:
            context.update(
                application_refusal=lifecycle.confirmation_application_refusal(model),
                confirmation_window=lifecycle.confirmation_window(model.agreement),
                confirmation_refusal=lifecycle.confirmation_refusal(model),
            )
        if "follow_ups" in tabs:
            context.update(follow_up_refusal=lifecycle.follow_up_refusal(model), today=timeutil.today())
        if "documents" in tabs:
            context.update(
                dossier=lifecycle.dossier_checklist(model),
                upload_form=AttachmentForm() if editable else None,
                upload_limit_mb=attachments.limit_megabytes(),
            )
        return context

    def after_mediators_assigned(self, case):
        warn_untrained_mediators(case.mediators)

    def after_model_change(self, form, model, is_created):
        super().after_model_change(form, model, is_created)
        warn_untrained_mediators(model.mediators)

    def step_form(self, transition, case, formdata=None):
        form_class = STEP_FORMS[transition]
        form = form_class(formdata=formdata)
        if formdata is None:
            form.case_version.data = str(case.version)
            if transition == Transition.SETTLE:
                form.facts.data = case.facts
            if transition == Transition.ARCHIVE:
                form.filed_by.data = current_user.display_name
        if transition == Transition.TRANSFER:
            bodies = db.session.scalars(select(PartnerBody).order_by(PartnerBody.name)).all()
            form.partner.choices = [(body.id, body.name) for body in bodies]
        return form

    @staticmethod
    def escalation_target(case, transition):
        return case.committee.parent if transition == Transition.ESCALATE else None

    @expose("/transition/<step>/", methods=("GET", "POST"))
    def transition_view(self, step):
        try:
            transition = Transition(step)
        except ValueError:
            abort(404)
        case = self.get_one(request.args.get("id"))
        if case is None:
            flash(gettext("Record does not exist."), "error")
            return redirect(url_for(".index_view"))
        details = workspace.return_url_for(case.id)
        try:
            lifecycle.check_transition(case, transition)
        except CaseRuleError as error:
            flash(str(error), "error")
            return redirect(details)
        form = self.step_form(transition, case, formdata=request.form if request.method == "POST" else None)
        if request.method == "POST" and form.validate():
            if form.case_version.data != str(case.version):
                flash(gettext(
                    "Someone else changed this case while you were filling in the form. Nothing was "
                    "saved; check the case, then submit again."
                ), "error")
                form.case_version.data = str(case.version)
            else:
                done = self._apply(case, transition, form.values(), details)
                if done is not None:
                    return done
        elif request.method == "POST":
            flash(gettext("Some fields need attention; nothing was saved."), "error")
        return self.render(
            "admin/portal/case_step.html", case=case, form=form, transition=transition,
            target=self.escalation_target(case, transition), return_url=details,
        )

    def _apply(self, case, transition, values, details):
        """Take the step and commit, then go back to the case page.

        Everything the answer says is settled before the commit, so once the step is saved the
        answer needs the database no more. A refused step says why and returns None (the form is
        shown again); a step that lost the race to someone taking it at the same moment says what
        they did, on the case page."""
        try:
            lifecycle.check_can_change(current_user, case)
            lifecycle.apply_transition(case, transition, **values)
            db.session.flush()
            messages = self._step_messages(case, transition)
            # An escalated case may leave the street: staff then go back to their list.
            target = details if self.get_one(case.id) is not None else url_for(".index_view")
            db.session.commit()
        except CaseRuleError as error:
            db.session.rollback()
            flash(str(error), "error")
            return None
        except (StaleDataError, ObjectDeletedError):
            db.session.rollback()
            flash(str(lifecycle.changed_meanwhile(case, transition)), "warning")
            return redirect(details)
        for message in messages:
            flash(message, "success")
        return redirect(target)

    @staticmethod
    def _step_messages(case, transition):
        messages = [gettext("Done: %(step)s. The case is now “%(status)s”.",
                            step=Transition.label_of(transition), status=CaseStatus.label_of(case.status))]
        if case.number and transition == Transition.ACCEPT:
            messages.append(gettext("Case number: %(number)s", number=case.number))
        return messages

    # --- bulk steps ------------------------------------------------------------------------------
    @action("accept", _l("Accept"), _l("Accept the selected cases? Each gets its committee's next case number."))
    def action_accept(self, ids):
        self._bulk(ids, Transition.ACCEPT)

    @action("start_mediation", _l("Start mediation"), _l("Start mediation of the selected cases?"))
    def action_start_mediation(self, ids):
        self._bulk(ids, Transition.START)

    def _bulk(self, ids, transition):
        """Each case moves on its own: one refused case does not hold back the others."""
        keys = int_ids(ids)
        chosen = self.get_query().filter(Case.id.in_(keys)).order_by(Case.received_on, Case.id).all()
        done, problems = 0, []
        for case in chosen:
            label = case_title(case)
            try:
                with db.session.begin_nested():
                    lifecycle.check_can_change(current_user, case)
                    lifecycle.apply_transition(case, transition)
                done += 1
            except CaseRuleError as error:
                problems.append(f"{label}: {error}")
            except (StaleDataError, ObjectDeletedError):
                # Someone moved this case on at the same moment: their step stands.
                problems.append(f"{label}: {lifecycle.changed_meanwhile(case, transition)}")
        db.session.commit()
        if done:
            flash(ngettext("%(num)d case moved on: %(step)s.", "%(num)d cases moved on: %(step)s.", done,
                           step=Transition.label_of(transition)), "success")
        for problem in problems:
            flash(problem, "error")

    # --- scanned documents -----------------------------------------------------------------------
    @expose("/attachments/upload/", methods=("GET", "POST"))
    def upload_view(self):
        case = self.get_one(request.args.get("id"))
        if case is None:
            flash(gettext("Record does not exist."), "error")
            return redirect(url_for(".index_view"))
        return upload_scans(self, case)

    def _attachment(self, attachment_id, missing_ok=False):
        attachment_id = parse_id(attachment_id)
        query = select(CaseAttachment).where(CaseAttachment.id == attachment_id)
        limit = self.street_limit()
        if limit is not None:
            query = query.where(CaseAttachment.street_scope(limit))
        attachment = db.session.scalar(query) if attachment_id is not None else None
        if attachment is None and not missing_ok:
            abort(404)
        return attachment

    @expose("/attachments/<int:attachment_id>/")
    def attachment_view(self, attachment_id):
        # Scans (identity cards, agreements) are personal data: not for inspectors.
        if not sees_personal_data(current_user):
            abort(403)
        attachment = self._attachment(attachment_id)
        return files.send_private(attachments.key_of(attachment), attachment.content_type, attachment.filename,
                                  as_attachment=request.args.get("download") == "1")

    @expose("/attachments/delete/", methods=("POST",))
    def delete_attachment_view(self):
        case = self.get_one(request.args.get("id"))
        if case is None:
            abort(404)
        form = RemoveAttachmentForm()
        if not form.validate_on_submit():
            abort(400)
        documents = workspace.page_url(case.id, "documents") + "#documents"
        attachment = self._attachment(form.attachment_id.data, missing_ok=True)
        if attachment is None and attachments.was_removed(case, form.attachment_id.data):
            return self._removed_meanwhile(documents)
        if attachment is None or attachment.case_id != case.id:
            abort(404)
        try:
            db.session.delete(attachment)
            db.session.commit()
        except (StaleDataError, ObjectDeletedError):
            db.session.rollback()
            return self._removed_meanwhile(documents)
        flash(gettext("The document was removed from the case; the district office can restore it from the history."), "success")
        return redirect(documents)

    @staticmethod
    def _removed_meanwhile(documents):
        flash(gettext("This document was just removed by someone else; nothing else was changed."), "warning")
        return redirect(documents)

    # --- printing ----------------------------------------------------------------------------------
    def _printable(self):
        if not sees_personal_data(current_user):
            abort(403)  # the printed papers carry the parties' full details
        case = self.get_one(request.args.get("id"))
        if case is None:
            abort(404)
        return case

    @expose("/agreement/print/")
    def agreement_print_view(self):
        # The agreement is a standard document now (admin_views.documents), in Chinese always.
        case = self._printable()
        if case.agreement is None:
            abort(404)
        key = "agreement" if case.agreement.kind == "written" else "oral_agreement"
        return redirect(url_for("case_documents.print_view", key=key, id=case.id))

    @expose("/cover/print/")
    def cover_print_view(self):
        case = self._printable()
        return redirect(url_for("case_documents.print_view", key="cover", id=case.id))

    @expose("/summary/print/")
    def summary_print_view(self):
        """One A4 page about the case for the dossier or a meeting: what it is, where it stands,
        who is in it and what happened (masked for readers without personal data)."""
        case = self.get_one(request.args.get("id"))
        if case is None:
            abort(404)
        return self.render("admin/portal/case_workspace/summary_print.html", case=case,
                           **workspace.summary(case))

    # --- the dashboard ------------------------------------------------------------------------------
    def overdue_url(self):
        index = next(i for i, flt in enumerate(self._filters) if isinstance(flt, OverdueFilter))
        return url_for(f"{self.endpoint}.index_view", **{f"flt0_{self.get_filter_arg(index, self._filters[index])}": "1"})



def dashboard_tiles(user):
    """Extra dashboard tiles about cases: the overdue count, linked to the filtered list."""
    from flask import current_app

    from portal.services.access import can, street_limit

    if not can(user, Area.CASES, Action.LIST):
        return []
    limit = street_limit(user, Area.CASES)
    count = lifecycle.count_overdue(Case.street_scope(limit) if limit is not None else None)
    view = next(v for v in current_app.extensions["portal_admin"]._views if getattr(v, "endpoint", None) == "cases")
    return [{"label": _l("Overdue cases"), "count": count, "url": view.overdue_url(), "warning": count > 0}]


VIEWS = ((CaseView, Case, "cases"), *APPLICATION_VIEWS, *RECORD_VIEWS)

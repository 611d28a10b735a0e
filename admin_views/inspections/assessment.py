"""The annual target assessment: the district's schemes (indicators with weights, sources and
scoring rules), and the scorecards — all offices ranked, one office's card with each value's
formula and the records behind it, the scores judged by hand, the offices' comments, XLSX and
an A4 print.

An office sees its own card once the scheme is published, and the ranking only once it is final.
"""
from decimal import Decimal

from flask import abort, flash, redirect, render_template, request, url_for
from flask_admin import expose
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.validators import InputRequired, Length, NumberRange

from admin_views.area_page import AreaPage
from admin_views.base import PortalModelView
from admin_views.fields import int_arg
from admin_views.inspections.checklists import record_list_urls
from admin_views.inspections.common import as_validation_error, take_step
from forms.inspections import CommentForm, FinaliseForm, PublishForm, ScoreForm
from portal.models import AssessmentIndicator, IndicatorSource, Role, SchemeStatus, ScoringRule
from portal.services.access import Action, Area
from portal.services.inspections import assessment as service

S = IndicatorSource


class AssessmentSchemeView(PortalModelView):
    area = Area.INSPECTION_SETUP
    details_template = "admin/portal/inspections/scheme_details.html"
    column_list = ("year", "name", "status", "comments_until")
    column_details_list = ("year", "name", "status", "comments_until", "published_at", "finalised_at",
                           "created_at", "created_by", "updated_at", "updated_by")
    column_sortable_list = ("year",)
    column_default_sort = ("year", True)
    form_columns = ("year", "name", "indicators")
    form_args = {
        "year": {"validators": [InputRequired(), NumberRange(min=2000, max=2100)]},
        "name": {"validators": [InputRequired(), Length(max=100)]},
    }
    unique_checks = (("year",),)
    inline_models = (
        (AssessmentIndicator, {
            "form_columns": ("id", "name", "name_zh_hant", "name_en", "source", "rule", "weight", "target", "sort_order"),
            "form_args": {
                "name": {"validators": [InputRequired(), Length(max=200)]},
                "weight": {"validators": [InputRequired(), NumberRange(min=0, max=100)]},
                "target": {"validators": [InputRequired(), NumberRange(min=0, max=100)]},
                "sort_order": {"validators": [NumberRange(min=0, max=10_000)]},
            },
        }),
    )
    column_descriptions = {
        "indicators": _l("Weights must add up to 100. Target: for a rate, the percentage that earns full marks; "
                         "for a count, the points taken off for each one."),
    }

    def on_model_change(self, form, model, is_created):
        if not is_created:
            refusal = service.edit_refusal(model)
            if refusal is not None:
                from wtforms.validators import ValidationError

                raise ValidationError(refusal)
        as_validation_error(service.check_scheme, model)
        super().on_model_change(form, model, is_created)

    def deletion_refusal(self, model):
        return service.edit_refusal(model)

    def details_context(self, model):
        admin = self.permits(Action.EDIT)
        publish = finalise = None
        if admin and model.status == SchemeStatus.DRAFT:
            publish = PublishForm(prefix="publish", formdata=None)
            publish.record_version.data = str(model.version)
        if admin and model.status == SchemeStatus.PUBLISHED:
            finalise = FinaliseForm(prefix="finalise", formdata=None)
            finalise.record_version.data = str(model.version)
        return {"publish_form": publish, "finalise_form": finalise,
                "cards_url": url_for("assessment.index", year=model.year),
                "weight_total": model.total_weight, "formulas": service.FORMULAS}

    def endpoint_action(self, name):
        if name == "state_view":
            return Action.EDIT
        return super().endpoint_action(name)

    @expose("/state/<step>/", methods=("POST",))
    def state_view(self, step):
        scheme = self.get_one(request.args.get("id"))
        if scheme is None or step not in ("publish", "finalise"):
            abort(404)
        details = url_for(".details_view", id=scheme.id)
        form = (PublishForm if step == "publish" else FinaliseForm)(prefix=step)
        if not form.validate():
            flash(gettext("Give the last day the offices may comment: today or later."), "error")
            return redirect(details)

        def apply(locked):
            if step == "publish":
                service.publish(locked, comments_until=form.comments_until.data)
            else:
                service.finalise(locked, user_id=current_user.id)

        done = (gettext("The scorecards were published to the offices.") if step == "publish"
                else gettext("The assessment is final: its scorecards are frozen."))
        return take_step(service.lock, scheme.id, apply, back=details, done=done, version=form.record_version.data)


# --- drill-down: the records behind a value --------------------------------------------------------------

def drill_down(source, year, street_id):
    """The page listing the records a computed value comes from, when the reader may open it."""
    statistics = {"period": "year", "year": year, "street": street_id}
    targets = {
        S.TRAINING: ("training_compliance", {"year": year, "street": street_id}),
        S.THREE_IN_PLACE: ("office_checklist", {"year": year}),
        S.REPORTS_ON_TIME: ("monthly_reports", {"year": year}),
        S.SUCCESS_RATE: ("ledgers", {"kind": "cases", "column": "settled", **statistics}),
        S.AT_START: ("statistics_tiers", statistics),
        S.OVERDUE_CASES: ("ledgers", {"kind": "cases", "column": "overdue", **statistics}),
        S.DOSSIERS: ("inspections", {"flt0_0": street_id}),
        S.INSPECTIONS: ("inspections", {"flt0_0": street_id}),
        S.RECTIFICATIONS: ("rectifications", {"flt0_0": street_id}),
        S.SCREENING: ("screening_rounds", {"flt0_0": street_id}),
    }
    if source not in targets:
        return None
    endpoint, args = targets[source]
    base = record_list_urls({endpoint}).get(endpoint)
    if base is None:
        return None
    from urllib.parse import urlencode

    return f"{base}?{urlencode(args)}"


class ScorecardsPage(AreaPage):
    """Scorecards of a year's scheme (``?year=``): the ranking, an office's card, XLSX, print."""

    area = Area.ASSESSMENT
    endpoint_actions = {"export": Action.EXPORT, "score_view": Action.EDIT, "comment_view": Action.DETAILS,
                        "office": Action.DETAILS, "print_view": Action.DETAILS}

    def own_street(self):
        return current_user.street_id if current_user.role == Role.STAFF else None

    def chosen_scheme(self):
        schemes = service.schemes()
        year = int_arg("year")
        scheme = next((s for s in schemes if s.year == year), None) or (schemes[0] if schemes else None)
        if scheme is not None and self.own_street() is not None and scheme.status == SchemeStatus.DRAFT:
            # An office never sees a draft: offer its latest published or final scheme instead.
            shown = [s for s in schemes if s.status != SchemeStatus.DRAFT]
            scheme = next((s for s in shown if s.year == year), None) or (shown[0] if shown else None)
        return scheme, schemes

    @expose("/")
    def index(self):
        scheme, schemes = self.chosen_scheme()
        street = self.own_street()
        if street is not None:
            # An office reads its own card; the ranking of every office only once it is final.
            if scheme is None:
                return self.render("admin/portal/inspections/scorecards.html", scheme=None, schemes=[], cards=[])
            if scheme.status != SchemeStatus.FINAL:
                return redirect(url_for(".office", year=scheme.year, street=street))
            schemes = [s for s in schemes if s.status != SchemeStatus.DRAFT]
        cards = service.scorecards(scheme) if scheme is not None else []
        return self.render("admin/portal/inspections/scorecards.html", scheme=scheme, schemes=schemes, cards=cards,
                           can_export=self.permits(Action.EXPORT) and scheme is not None and street is None,
                           own_street=street)

    def _card(self):
        scheme, _schemes = self.chosen_scheme()
        street_id = int_arg("street")
        own = self.own_street()
        if own is not None and street_id != own:
            abort(404)
        if scheme is None or (own is not None and scheme.status == SchemeStatus.DRAFT):
            abort(404)
        cards = service.scorecards(scheme)
        card = next((c for c in cards if c.street_id == street_id), None)
        if card is None:
            abort(404)
        if own is not None and scheme.status != SchemeStatus.FINAL:
            card.rank = None  # the ranking is the offices' to see only once it is final
        return scheme, card, len(cards)

    @expose("/office/")
    def office(self):
        scheme, card, count = self._card()
        admin = current_user.role == Role.ADMIN and scheme.status != SchemeStatus.FINAL
        own = self.own_street() is not None
        lines = []
        for line in card.lines:
            lines.append({"line": line, "formula": service.FORMULAS.get(line.source, ""),
                          "url": drill_down(line.source, scheme.year, card.street_id),
                          "score_form": ScoreForm(prefix=f"s{line.indicator_id}", formdata=None,
                                                  data={"score": Decimal(line.score) if line.score else None,
                                                        "reason": line.reason})
                          if admin and line.source == S.MANUAL else None})
        return self.render(
            "admin/portal/inspections/scorecard.html", scheme=scheme, card=card, count=count, lines=lines,
            comments=service.comments(scheme, card.street_id),
            comment_form=CommentForm() if own and service.may_comment(scheme) else None,
            rules=ScoringRule, own=own,
        )

    @expose("/office/score/<int:indicator_id>/", methods=("POST",))
    def score_view(self, indicator_id):
        scheme, card, _count = self._card()
        back = url_for(".office", year=scheme.year, street=card.street_id)
        if current_user.role != Role.ADMIN:
            abort(403)
        form = ScoreForm(prefix=f"s{indicator_id}")
        if not form.validate():
            for errors in form.errors.values():
                for error in errors:
                    flash(str(error), "error")
            return redirect(back)

        def apply(locked):
            indicator = service.indicator_of(locked, indicator_id)
            if indicator is None:
                abort(404)
            service.set_score(locked, indicator, card.street_id, form.score.data, form.reason.data)

        return take_step(service.lock, scheme.id, apply, back=back, done=gettext("The score was saved."))

    @expose("/office/comment/", methods=("POST",))
    def comment_view(self):
        scheme, card, _count = self._card()
        back = url_for(".office", year=scheme.year, street=card.street_id)
        if self.own_street() is None:
            abort(403)
        form = CommentForm()
        if not form.validate():
            flash(gettext("Write the comment."), "error")
            return redirect(back)
        return take_step(service.lock, scheme.id, lambda locked: service.comment(locked, card.street_id, form.text.data),
                         back=back, done=gettext("Your comment was sent to the district."))

    @expose("/office/print/")
    def print_view(self):
        scheme, card, count = self._card()
        from flask_babel import force_locale

        with force_locale("zh_Hans_CN"):
            lines = [{"line": line, "formula": str(service.FORMULAS.get(line.source, ""))} for line in card.lines]
            status = str(SchemeStatus.label_of(scheme.status))
        return render_template("admin/portal/inspections/scorecard_print.html", scheme=scheme, card=card, count=count,
                               lines=lines, status=status,
                               back_url=url_for(".office", year=scheme.year, street=card.street_id))

    @expose("/export/xlsx/")
    def export(self):
        scheme, _schemes = self.chosen_scheme()
        if scheme is None or self.own_street() is not None:
            abort(404)
        from portal.services.inspections.workbook import scorecards_xlsx

        return self.xlsx_response(scorecards_xlsx(scheme, service.scorecards(scheme)), f"assessment-{scheme.year}")


"""Monthly reports: an office prepares and submits its street's report; the district sees who
filed on time, accepts or returns each report with a reason, and sums the accepted ones.

The rules are in portal.services.statistics.reports; this module turns requests into its calls.
Every step is a small POST form with the report's version, so a step based on what someone else
has since changed is refused with a message, and two people submitting at once get one version.
"""
from datetime import date

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from admin_views.fields import int_arg, visible_streets
from admin_views.statistics.common import StatisticsPage
from portal import timeutil
from portal.extensions import db
from portal.models import Street
from portal.models.statistics import OFFICE_FIGURE_FIELDS
from portal.services.access import Action, Area, can
from portal.services.statistics import COUNTING_RULES, office_figures
from portal.services.statistics.tiers import definitions as tier_definitions
from portal.services.statistics import reports as service
from portal.services.statistics.columns import CASE_COLUMNS, OFFICE_COLUMNS, PREVENTION_COLUMNS, REPORT_COLUMNS
from portal.services.statistics.periods import MAX_YEAR, MIN_YEAR, add_months, month_label
from portal.services.statistics.reports import ReportError
from portal.services.statistics.workbook import Sheet, workbook_bytes


def may_review(user):
    return can(user, Area.DISTRICT_REPORTS, Action.EDIT)


def grid_months(year=None, today=None):
    """The months the district's table shows: a year's (as far as they can be filed), or the last 12."""
    today = today or timeutil.today()
    if year is None:
        return service.reported_months(12, today)
    months = [(year, m) for m in range(12, 0, -1) if date(year, m, 1) <= today]
    return months


class MonthlyReportsPage(StatisticsPage):
    area = Area.REPORTS
    endpoint_actions = {
        "save": Action.EDIT, "submit": Action.EDIT, "review": Action.LIST,
        "export": Action.EXPORT, "print_view": Action.EXPORT,
    }

    # --- which report ---------------------------------------------------------------------------
    def wanted(self, values=None):
        """(street, year, month) asked for, or aborts: 403 for another street, 400 for a bad month."""
        values = values if values is not None else request.args
        street_id, year, month = int_arg("street", values), int_arg("year", values), int_arg("month", values)
        own = self.own_street()
        if own is not None and street_id is None:
            street_id = own
        if own is not None and street_id != own:
            abort(403)
        street = db.session.get(Street, street_id) if street_id is not None else None
        if street is None:
            abort(404)
        if year is None or month is None or not MIN_YEAR <= year <= MAX_YEAR or not 1 <= month <= 12:
            self.refuse(gettext("A report is for a month: choose a year and a month from 1 to 12."))
        today = timeutil.today()
        if date(year, month, 1) > today:
            self.refuse(gettext("There is no report for a month that has not begun."))
        return street, year, month

    def report_url(self, street_id, year, month, **extra):
        return url_for(".report_view", street=street_id, year=year, month=month, **extra)

    # --- the list and the district's table ----------------------------------------------------------------
    @expose("/")
    def index(self):
        today = timeutil.today()
        year = int_arg("year")
        if year is not None and not MIN_YEAR <= year <= today.year:
            year = None
        months = grid_months(year, today)
        streets = visible_streets(Area.REPORTS)().all()
        grid = service.status_grid(streets, months, today)
        current = service.reported_months(1, today)[0]
        return self.render(
            "admin/portal/statistics/reports_index.html", streets=streets, months=months, grid=grid,
            month_label=month_label, year=year, years=list(range(today.year, max(today.year - 5, MIN_YEAR) - 1, -1)),
            current=current, due_on=service.due_date(*current), district=self.own_street() is None,
            may_summary=can(current_user, Area.DISTRICT_REPORTS, Action.LIST),
        )

    # --- one report ------------------------------------------------------------------------------------------
    def context(self, street, year, month, *, values=None, errors=None):
        report = service.find(street.id, year, month)
        shown = report if report is not None else service.blank(street.id, year, month)
        today = timeutil.today()
        live = service.live_figures(shown, today)
        version_number = int_arg("version")
        versions = list(report.versions) if report is not None else []
        version = next((v for v in versions if v.number == version_number), versions[-1] if versions else None)
        frozen = service.frozen_figures(version) if version is not None else None
        differences = service.differences(frozen, live) if frozen is not None else {}
        editable = self.permits(Action.EDIT) and service.edit_refusal(shown) is None
        refusal = service.submit_refusal(shown, today) if self.permits(Action.EDIT) else None
        if values is None:
            values = {name: getattr(shown, name) for name in OFFICE_FIGURE_FIELDS}
            values.update(preparer=shown.preparer, preparer_phone=shown.preparer_phone, notes=shown.notes)
        office = office_figures.office_values(shown, *_month_bounds(year, month))
        return {
            "street": street, "year": year, "month": month, "title": month_label(year, month),
            "report": report, "shown": shown, "state": service.state_of(report, year, month, today),
            "live": live, "version": version, "versions": versions, "frozen": frozen,
            "differences": differences, "editable": editable,
            "submit_refusal": refusal if editable else None,
            "may_submit": editable and refusal is None, "may_review": may_review(current_user),
            "values": values, "errors": errors or [], "office": office,
            "office_columns": list(OFFICE_COLUMNS) + list(PREVENTION_COLUMNS),
            "prevention_pairs": list(zip(PREVENTION_COLUMNS[::2], PREVENTION_COLUMNS[1::2])),
            "case_columns": list(CASE_COLUMNS), "columns": list(REPORT_COLUMNS),
            "rules": COUNTING_RULES, "form_version": shown.version if report is not None else 0,
            "can_export": self.permits(Action.EXPORT), "report_url": self.report_url,
            "previous": add_months(year, month, -1), "next": add_months(year, month, 1),
            "today": today, "office_source": office_figures.source_label,
            "tier_definitions": tier_definitions(),
            "live_only": [row for row in live.rows if frozen is not None and row[0] not in {k for k, _n, _f in frozen.rows}],
        }

    @expose("/report/")
    def report_view(self):
        street, year, month = self.wanted()
        return self.render("admin/portal/statistics/report.html", **self.context(street, year, month))

    def _posted_report(self):
        street, year, month = self.wanted(request.form)
        return street, year, month

    def _stale(self, report):
        posted = request.form.get("report_version", "")
        current = str(report.version) if report is not None else "0"
        return posted != current

    def _refresh_failed(self, street_id, year, month, message):
        db.session.rollback()
        flash(message, "error")
        return redirect(self.report_url(street_id, year, month))

    @expose("/report/save/", methods=("POST",))
    def save(self):
        street, year, month = self._posted_report()
        street_id = street.id  # read before any write: a failed flush expires the objects
        values = {name: request.form.get(name, "") for name in OFFICE_FIGURE_FIELDS}
        typed = {"preparer": request.form.get("preparer", ""), "preparer_phone": request.form.get("preparer_phone", ""),
                 "notes": request.form.get("notes", "")}
        stale = [gettext("Someone else changed this report while you were editing it. Nothing was saved; "
                         "check the report below (your input is kept), then save again.")]
        if self._stale(service.find(street_id, year, month)):
            return self._render_errors(street, year, month, values | typed, stale)
        try:
            report, created = service.obtain_new(street_id, year, month)
            if not created and self._stale(report):  # someone created it a moment ago
                db.session.rollback()
                return self._render_errors(db.session.get(Street, street_id), year, month, values | typed, stale)
            service.save(report, values=values, **typed)
            db.session.commit()
        except ReportError as error:
            db.session.rollback()
            return self._render_errors(db.session.get(Street, street_id), year, month, values | typed, [str(error)])
        except (StaleDataError, IntegrityError):
            return self._refresh_failed(street_id, year, month, gettext(
                "Someone else saved this report at the same moment. Nothing was saved; check it and try again."))
        flash(gettext("The report was saved."), "success")
        return redirect(self.report_url(street_id, year, month))

    def _render_errors(self, street, year, month, values, errors):
        context = self.context(street, year, month, values=values, errors=errors)
        return self.render("admin/portal/statistics/report.html", **context), 200

    @expose("/report/submit/", methods=("POST",))
    def submit(self):
        street, year, month = self._posted_report()
        street_id = street.id
        report = service.find(street_id, year, month)
        if report is None:
            flash(gettext("Save the report before submitting it."), "error")
            return redirect(self.report_url(street_id, year, month))
        if self._stale(report):
            return self._refresh_failed(street_id, year, month, gettext(
                "The report changed since you opened it (someone saved or submitted it). Nothing was "
                "submitted; check it, then submit again."))
        return self._step(street_id, year, month, lambda: gettext(
            "Version %(n)s of the report was submitted to the district and is now frozen.",
            n=service.submit(report, user_id=current_user.id).number,
        ), gettext("Someone else submitted this report at the same moment; it was submitted once."))

    @expose("/report/review/", methods=("POST",))
    def review(self):
        if not may_review(current_user):
            abort(403)
        street, year, month = self._posted_report()
        street_id = street.id
        report = service.find(street_id, year, month)
        if report is None:
            abort(404)
        if self._stale(report):
            return self._refresh_failed(street_id, year, month, gettext(
                "The report changed since you opened it. Nothing was recorded; check it and decide again."))
        decision = request.form.get("decision")
        if decision not in ("accept", "return"):
            abort(400)

        def decide():
            if decision == "accept":
                service.accept(report, user_id=current_user.id, note=request.form.get("note", ""))
                return gettext("The report was accepted.")
            service.return_for_correction(report, user_id=current_user.id, reason=request.form.get("reason", ""))
            return gettext("The report was returned to the office with your reason.")

        return self._step(street_id, year, month, decide, gettext(
            "Someone else reviewed this report at the same moment. Nothing was recorded; check it."))

    def _step(self, street_id, year, month, take, clash_message):
        """Take a step (``take()`` returns the message to show) and commit; a refusal or a clash
        with someone else's step at the same moment rolls back and says so."""
        try:
            message = take()
            db.session.commit()
        except ReportError as error:
            db.session.rollback()
            flash(str(error), "error")
            return redirect(self.report_url(street_id, year, month))
        except (StaleDataError, IntegrityError):
            return self._refresh_failed(street_id, year, month, clash_message)
        flash(message, "success")
        return redirect(self.report_url(street_id, year, month))

    # --- the official document ----------------------------------------------------------------------------
    def sheets(self, street, year, month):
        context = self.context(street, year, month)
        content = context["frozen"] if context["frozen"] is not None and request.args.get("live") != "1" else context["live"]
        version = context["version"] if content is context["frozen"] else None
        return report_sheets(content, street, year, month, version, self.prepared_line), context

    @expose("/report/xlsx/")
    def export(self):
        street, year, month = self.wanted()

        def build():
            sheets, _context = self.sheets(street, year, month)
            return workbook_bytes(sheets, page_footer=gettext("Page &P of &N"))

        return self.xlsx_response(self.official(build), f"monthly-report-{street.code}-{year}-{month:02d}")

    @expose("/report/print/")
    def print_view(self):
        street, year, month = self.wanted()

        def build():
            sheets, _context = self.sheets(street, year, month)
            return self.render("admin/portal/statistics/official_print.html", sheets=sheets,
                               back_url=self.report_url(street.id, year, month))

        return self.official(build)


def _month_bounds(year, month):
    from portal.services.statistics.periods import Period

    period = Period.month(year, month)
    return period.start, period.end


def report_sheets(content, street, year, month, version, prepared_line):
    """The monthly report's two tables (main and breakdowns) in the official layout."""
    from portal.services.statistics.figures import breakdowns_for

    title = gettext("Monthly people's mediation statistics report")
    unit = gettext("Reporting unit: %(office)s", office=content.office_name or street.name)
    period = month_label(year, month)
    status = (gettext("Version %(n)s, submitted %(at)s", n=version.number, at=version.submitted_at.strftime("%Y-%m-%d %H:%M"))
              if version is not None else gettext("Live figures, not submitted"))
    footer = [prepared_line(content.preparer, content.preparer_phone, version.submitted_at.date() if version else None),
              status]
    sources = [gettext("%(figure)s: %(source)s", figure=c.label, source=content.source_of(c.key))
               for c in OFFICE_COLUMNS + PREVENTION_COLUMNS[:1]]
    footer.append(gettext("Sources of the office figures: %(list)s", list="；".join(sources)))
    footer.append(str(COUNTING_RULES))
    columns = list(REPORT_COLUMNS)
    rows = [([name], [fig.value(c) if not c.is_office else None for c in columns]) for _key, name, fig in content.rows]
    total = ([gettext("Total")], [content.total.value(c) for c in columns])
    breakdowns = breakdowns_for(content.total)
    main = Sheet(name=gettext("Monthly report"), title=title, unit_name=unit, period=period,
                 key_headings=[gettext("Mediation committee")], columns=columns, rows=rows, total=total,
                 footer=footer, units_line=gettext("Units: cases, persons, yuan"))
    detail = Sheet(name=gettext("Breakdowns"), title=title + gettext(" (breakdowns)"), unit_name=unit, period=period,
                   key_headings=[gettext("Mediation committee")], columns=breakdowns,
                   rows=[([name], [fig.value(c) for c in breakdowns]) for _key, name, fig in content.rows],
                   total=([gettext("Total")], [content.total.value(c) for c in breakdowns]), footer=footer[:2],
                   units_line=gettext("Unit: cases"))
    return [main, detail]


class DistrictSummaryPage(StatisticsPage):
    """The district's month: the sum of the accepted reports, with the live figures beside it."""

    area = Area.DISTRICT_REPORTS
    endpoint_actions = {"export": Action.EXPORT, "print_view": Action.EXPORT}

    def wanted(self):
        today = timeutil.today()
        default = service.reported_months(1, today)[0]
        year, month = int_arg("year"), int_arg("month")
        if request.args.get("ym"):
            year, _sep, month = request.args["ym"].partition("-")
            year, month = int_arg("y", {"y": year}), int_arg("m", {"m": month})
            if year is None or month is None:
                return default, gettext("A report is for a month: choose a year and a month from 1 to 12.")
        if year is None and month is None:
            return default, None
        if year is None or month is None or not MIN_YEAR <= year <= MAX_YEAR or not 1 <= month <= 12:
            return default, gettext("A report is for a month: choose a year and a month from 1 to 12.")
        return (year, month), None

    def summary(self, year, month):
        streets = db.session.scalars(db.select(Street).order_by(Street.code)).all()
        rows, accepted_total, live_total = service.district_summary(year, month, streets)
        return {"rows": rows, "accepted_total": accepted_total, "live_total": live_total,
                "other": service.other_live_total(year, month), "year": year, "month": month,
                "title": month_label(year, month)}

    @expose("/")
    def index(self):
        (year, month), error = self.wanted()
        today = timeutil.today()
        body = self.render(
            "admin/portal/statistics/district_summary.html", error=error, **self.summary(year, month),
            columns=list(REPORT_COLUMNS), months=service.reported_months(24, today),
            month_label=month_label, can_export=self.permits(Action.EXPORT), rules=COUNTING_RULES,
        )
        return body if error is None else (body, 400)

    def sheets(self, year, month):
        summary = self.summary(year, month)
        columns = list(REPORT_COLUMNS)
        rows = []
        for row in summary["rows"]:
            label = [row.street.name, str(row.state.label) + (f" · {row.state.review_label}" if row.state.review_label else "")]
            values = [row.accepted.total.value(c) for c in columns] if row.accepted is not None else [None] * len(columns)
            rows.append((label, values))
        footer = [StatisticsPage.prepared_line(),
                  gettext("The total is the sum of the accepted reports; streets without an accepted report are not in it."),
                  str(COUNTING_RULES)]
        return [Sheet(
            name=gettext("District summary"), title=gettext("District people's mediation statistics (summary)"),
            unit_name=gettext("Reporting unit: the district's leading-group office"), period=summary["title"],
            key_headings=[gettext("Street"), gettext("Report")], columns=columns, rows=rows,
            total=([gettext("Total"), ""], [summary["accepted_total"].value(c) for c in columns]), footer=footer,
            units_line=gettext("Units: cases, persons, yuan"),
        )]

    @expose("/export/xlsx/")
    def export(self):
        (year, month), error = self.wanted()
        if error:
            abort(400)
        data = StatisticsPage.official(lambda: workbook_bytes(self.sheets(year, month), page_footer=gettext("Page &P of &N")))
        return self.xlsx_response(data, f"district-summary-{year}-{month:02d}")

    @expose("/print/")
    def print_view(self):
        (year, month), error = self.wanted()
        if error:
            abort(400)
        return StatisticsPage.official(lambda: self.render(
            "admin/portal/statistics/official_print.html", sheets=self.sheets(year, month),
            back_url=url_for(".index", year=year, month=month)))

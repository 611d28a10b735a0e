"""Who falls short of the training rule: by street, committee and full/part-time; XLSX export."""
from flask import request
from flask_admin import expose
from flask_babel import gettext
from flask_login import current_user

from admin_views.area_page import AreaPage
from admin_views.fields import int_arg, street_and_committee_choice
from portal.models import Employment
from portal.services import training
from portal.services.access import Action, Area, street_limit
from portal.services.xlsx_report import workbook_bytes

PAGE_SIZE = 100


class ComplianceReportPage(AreaPage):
    area = Area.TRAINING
    endpoint_actions = {"export": Action.EXPORT}

    def choices(self):
        """The filters from the query string, limited to what the user may pick."""
        year, years = self.year_choice()
        employment = request.args.get("employment") or None
        if employment not in {e.value for e in Employment}:
            employment = None
        return {
            "year": year, "years": years, **street_and_committee_choice(Area.MEDIATOR_NAMES),
            "employment": employment, "employments": Employment.choices(),
            "all": request.args.get("show") == "all",
        }

    def report(self, chosen):
        conditions = training.mediator_filter(
            street_limit=street_limit(current_user, Area.MEDIATOR_NAMES), street_id=chosen["street_id"],
            committee_id=chosen["committee_id"], employment=chosen["employment"],
        )
        return training.compliance_report(chosen["year"], conditions)

    @expose("/")
    def index(self):
        chosen = self.choices()
        report = self.report(chosen)
        short_only = not chosen["all"]
        total = report.count(short_only=short_only)
        pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
        page = min(max(int_arg("page") or 1, 1), pages)
        return self.render(
            "admin/portal/training_compliance.html", report=report, chosen=chosen,
            rows=report.page(short_only=short_only, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE),
            total=total, page=page, pages=pages,
            can_export=self.permits(Action.EXPORT), args=request.args.to_dict(),
        )

    @expose("/export/xlsx/")
    def export(self):
        chosen = self.choices()
        report = self.report(chosen)
        rows = report.rows if chosen["all"] else report.short_rows
        header = [
            gettext("Full name"), gettext("Street"), gettext("Committees"), gettext("Full-time / part-time"),
            gettext("Joined on"), gettext("New mediator"), gettext("Hours this year"), gettext("Hours required"),
            gettext("Hours short"), gettext("Pre-service hours"), gettext("Pre-service hours required"),
            gettext("Falls short"),
        ]
        yes, no, district = gettext("Yes"), gettext("No"), gettext("District level")
        body = [
            [
                row.name, row.street_name or district, "、".join(row.committees), row.employment_label,
                row.joined_on, yes if row.is_new else no, row.hours, row.required,
                row.shortfall, row.pre_service,
                row.pre_service_required if row.pre_service_required is not None else "",
                yes if row.falls_short else no,
            ]
            for row in rows
        ]
        summary_header = [gettext("Street"), gettext("Active mediators"), gettext("Short of hours"),
                          gettext("New without pre-service training")]
        sheets = [
            (gettext("Mediators"), header, body),
            (gettext("By street"), summary_header,
             [[name or district, *counts] for name, *counts in report.by_street()]),
        ]
        return self.xlsx_response(workbook_bytes(sheets), f"training-compliance-{chosen['year']}")

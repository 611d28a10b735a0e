"""The grid reporter's own page, made for a phone: report a lead in under a minute (the grid
preselected, the kind, the level, what was seen, an optional photo) and follow what became of
one's own reports. Plain HTML forms: it works without JavaScript and fits a 390-pixel screen.

Reporters see only their own leads in grids that are still theirs, and nothing of any case.
"""
from flask import abort, flash, redirect, url_for
from flask_admin import expose
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import select

from admin_views.area_page import AreaPage
from forms.screening import FieldReportForm
from portal import timeutil
from portal.extensions import db
from portal.models import DisputeType, Lead, LeadPhoto, RiskLevel
from portal.services import files
from portal.services.access import Action, Area
from portal.services.screening import ScreeningRuleError
from portal.services.screening import leads as lead_rules
from portal.services.screening import photos
from portal.services.screening.reporters import own_grid, own_lead, own_leads, reporter_of

RECENT = 30


class FieldPage(AreaPage):
    area = Area.FIELD_REPORTS
    endpoint_actions = {"report": Action.CREATE, "lead": Action.DETAILS, "photo": Action.DETAILS}

    def is_visible(self):
        return False  # reporters land here from the sign-in; it is not a screen of the admin menu

    def form(self, reporter):
        form = FieldReportForm()  # the posted fields and the photo, when sent
        form.grid.choices = [(grid.id, f"{grid.community.name} · {grid.name}") for grid in reporter.grids]
        form.dispute_type.choices = [(kind.id, kind.label) for kind in db.session.scalars(DisputeType.in_use())]
        if not form.is_submitted() and reporter.grids:
            form.grid.data = self.usual_grid(reporter)
        return form

    @staticmethod
    def usual_grid(reporter):
        """The grid of the reporter's latest report if it is still theirs, else their first."""
        last = db.session.scalar(own_leads(reporter).with_only_columns(Lead.grid_id).limit(1))
        return last if last is not None else reporter.grids[0].id

    def page(self, reporter, form, status=200):
        leads = db.session.scalars(own_leads(reporter).limit(RECENT)).all() if reporter else []
        meanings = {level.value: level.meaning for level in RiskLevel}
        return self.render("admin/portal/screening/field_home.html", reporter=reporter, form=form, leads=leads,
                           photo_limit_mb=photos.limit_megabytes(), meanings=meanings), status

    @expose("/")
    def index(self):
        reporter = reporter_of(current_user)
        return self.page(reporter, self.form(reporter) if reporter else None)

    @expose("/report/", methods=("POST",))
    def report(self):
        reporter = reporter_of(current_user)
        if reporter is None:
            abort(403)
        form = self.form(reporter)
        if not form.validate_on_submit():
            return self.page(reporter, form, status=400)  # the page lists what needs attention
        grid = own_grid(reporter, form.grid.data)
        if grid is None:  # no longer theirs since the page was loaded
            form.grid.errors = [gettext("Not a valid choice.")]
            return self.page(reporter, form, status=400)
        upload = form.photo.data if getattr(form.photo.data, "filename", "") else None
        lead = Lead(grid=grid, reporter=reporter, found_on=timeutil.today(), dispute_type_id=form.dispute_type.data,
                    level=form.level.data, description=form.description.data.strip(),
                    people_involved=form.people_involved.data)
        stored = None
        try:
            lead_rules.report(lead)
            if upload is not None:
                stored = photos.store(lead, photos.read_limited(upload.stream), filename=upload.filename).stored_name
        except ScreeningRuleError as error:
            db.session.rollback()
            field = form.photo if upload is not None and stored is None else form.description
            field.errors = [*field.errors, str(error)]
            return self.page(reporter, form, status=400)
        try:
            db.session.commit()
        except Exception:
            db.session.rollback()
            if stored:
                photos.discard([stored])
            raise
        flash(gettext("Thank you: your report was sent. The office will follow it up."), "success")
        return redirect(url_for(".lead", lead_id=lead.id))

    @expose("/lead/<int:lead_id>/")
    def lead(self, lead_id):
        reporter = reporter_of(current_user)
        lead = own_lead(reporter, lead_id) if reporter else None
        if lead is None:
            abort(404)
        return self.render("admin/portal/screening/field_lead.html", reporter=reporter, lead=lead,
                           meaning=RiskLevel(lead.level).meaning)

    @expose("/photo/<int:photo_id>/")
    def photo(self, photo_id):
        reporter = reporter_of(current_user)
        if reporter is None:
            abort(404)
        own = own_leads(reporter).with_only_columns(Lead.id).order_by(None)
        photo = db.session.scalar(select(LeadPhoto).where(LeadPhoto.id == photo_id, LeadPhoto.lead_id.in_(own)))
        if photo is None:
            abort(404)
        return files.send_private(photos.key_of(photo), photo.content_type, photo.filename, as_attachment=False)

"""Screens of the screening area: grid reporters, screening rounds and themes, dispute leads,
prevention records, the early-warning board, the figures, and the grid reporters' own page.

``case_context(case)`` gives the case page what it shows of screening (the lead the case came
from, its prevention records); ``dashboard`` holds the panels for the per-role dashboard.
"""
from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from admin_views.access import visible_url
from admin_views.area_page import PageInfo
from admin_views.screening import dashboard  # noqa: F401  (registers the dashboard panels)
from portal.services.screening import report_figures  # noqa: F401  (monthly reports take their figures from screening)
from admin_views.screening.board import BoardPage
from admin_views.screening.field import FieldPage
from admin_views.screening.figures import FiguresPage
from admin_views.screening.leads import LeadView
from admin_views.screening.prevention import PreventionView
from admin_views.screening.reporters import ReporterView
from admin_views.screening.rounds import RoundView, ThemeView
from portal.extensions import db
from portal.models import Case, Lead, PreventionRecord, Reporter, ScreeningRound, ScreeningTheme
from portal.services.access import Action, Area, can

VIEWS = (
    (BoardPage, PageInfo(_l("Early warning board")), "screening_board"),
    (LeadView, Lead, "screening_leads"),
    (RoundView, ScreeningRound, "screening_rounds"),
    (PreventionView, PreventionRecord, "prevention_records"),
    (ReporterView, Reporter, "grid_reporters"),
    (FiguresPage, PageInfo(_l("Screening figures")), "screening_figures"),
    (ThemeView, ScreeningTheme, "screening_themes"),
    (FieldPage, PageInfo(_l("Report a dispute")), "field_reports"),
)

NAMES = {
    "screening_leads": _l("Dispute leads"),
    "screening_rounds": _l("Screening rounds"),
    "prevention_records": _l("Prevention records"),
    "grid_reporters": _l("Grid reporters"),
    "screening_themes": _l("Special screening themes"),
}


def case_context(case):
    """For the case page: the lead it was made from and its prevention records, each linked where
    the reader may open it, and where to add a prevention record."""
    # One query for both (the case page counts its queries): the case's row, its lead (at most
    # one) and its records, outer-joined.
    rows = db.session.execute(
        select(Lead, PreventionRecord).select_from(Case)
        .outerjoin(Lead, Lead.case_id == Case.id)
        .outerjoin(PreventionRecord, PreventionRecord.case_id == Case.id)
        .where(Case.id == case.id)
        .order_by(PreventionRecord.prevented_on, PreventionRecord.id)
    ).all()
    lead = next((row[0] for row in rows if row[0] is not None), None)
    records = [row[1] for row in rows if row[1] is not None]
    urls = {obj: visible_url(obj) for obj in [lead, *records] if obj is not None}
    return {
        "lead": lead, "records": records, "urls": urls,
        "add_url": url_for("prevention_records.create_view", case_id=case.id)
        if can(current_user, Area.SCREENING, Action.CREATE) else None,
    }

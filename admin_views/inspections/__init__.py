"""Screens of inspections and the annual target assessment: checklist templates, inspections
(findings, dossier spot check, report), rectification items, assessment schemes and scorecards,
and the dashboard panels they add."""
from flask_babel import lazy_gettext as _l

from admin_views.area_page import PageInfo
from admin_views.inspections import dashboard  # noqa: F401  (registers the dashboard panels)
from admin_views.inspections.assessment import AssessmentSchemeView, ScorecardsPage
from admin_views.inspections.checklists import ChecklistTemplateView
from admin_views.inspections.rectifications import RectificationView
from admin_views.inspections.visits import InspectionView
from portal.models import AssessmentScheme, ChecklistTemplate, Inspection, Rectification

VIEWS = (
    (InspectionView, Inspection, "inspections"),
    (RectificationView, Rectification, "rectifications"),
    (ScorecardsPage, PageInfo(_l("Annual assessment")), "assessment"),
    (ChecklistTemplateView, ChecklistTemplate, "checklist_templates"),
    (AssessmentSchemeView, AssessmentScheme, "assessment_schemes"),
)

NAMES = {
    "inspections": _l("Inspections"),
    "rectifications": _l("Rectification items"),
    "checklist_templates": _l("Checklist templates"),
    "assessment_schemes": _l("Assessment schemes"),
}

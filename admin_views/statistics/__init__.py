"""Statistics: figures, the three-tier figure, monthly reports and their review, the annual
report, ledgers, and the panels they add to the admin home."""
from flask_babel import lazy_gettext as _l

from admin_views.area_page import PageInfo
from admin_views.statistics import dashboard  # noqa: F401  (registers the dashboard panels)
from admin_views.statistics.annual import AnnualReportPage, TiersPage
from admin_views.statistics.figures import FiguresPage
from admin_views.statistics.ledgers import LedgersPage
from admin_views.statistics.reports import DistrictSummaryPage, MonthlyReportsPage

VIEWS = (
    (MonthlyReportsPage, PageInfo(_l("Monthly reports")), "monthly_reports"),
    (DistrictSummaryPage, PageInfo(_l("District summary")), "district_summary"),
    (FiguresPage, PageInfo(_l("Case statistics")), "statistics"),
    (TiersPage, PageInfo(_l("Three-tier resolution")), "statistics_tiers"),
    (AnnualReportPage, PageInfo(_l("Annual report")), "annual_report"),
    (LedgersPage, PageInfo(_l("Ledgers")), "ledgers"),
)

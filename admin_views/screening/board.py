"""The early-warning board (预警): open red and orange leads, oldest first, with who follows each
and the time left to its deadline; past-deadline leads flagged; filters by street, level, kind."""
from flask import request
from flask_admin import expose
from sqlalchemy import select

from admin_views.area_page import AreaPage
from admin_views.fields import int_arg, visible_streets
from admin_views.screening.common import ScreeningStyles, time_left_text
from portal import timeutil
from portal.extensions import db
from portal.models import DisputeType, RiskLevel
from portal.services.access import Area
from portal.services.screening import board
from portal.services.screening import leads as lead_rules

PAGE_SIZE = 50


class BoardPage(ScreeningStyles, AreaPage):
    area = Area.SCREENING

    def choices(self):
        """The filters from the query string, each dropped unless the user may pick it."""
        streets = visible_streets(Area.SCREENING)().all()
        street_id = int_arg("street")
        if street_id not in {s.id for s in streets}:
            street_id = None
        level = request.args.get("level")
        if level not in {lv.value for lv in board.WARNING_LEVELS}:
            level = None
        kinds = db.session.scalars(select(DisputeType).order_by(DisputeType.sort_order, DisputeType.id)).all()
        kind_id = int_arg("kind")
        if kind_id not in {k.id for k in kinds}:
            kind_id = None
        return {
            "streets": streets, "street_id": street_id, "levels": [(lv.value, lv.label) for lv in board.WARNING_LEVELS],
            "level": level, "kinds": kinds, "kind_id": kind_id, "overdue_only": request.args.get("overdue") == "1",
        }

    @expose("/")
    def index(self):
        lead_rules.sweep()
        chosen = self.choices()
        now = timeutil.now()
        query = board.board_query(
            street_limit=self.street_limit(), street_id=chosen["street_id"], level=chosen["level"],
            dispute_type_id=chosen["kind_id"], overdue_only=chosen["overdue_only"], now=now,
        )
        page_number = max(int_arg("page") or 1, 1)
        page = board.board_page(query, offset=(page_number - 1) * PAGE_SIZE, limit=PAGE_SIZE, now=now)
        pages = max((page.total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
        rows = [
            {"lead": lead, "overdue": lead_rules.is_overdue(lead, now),
             "time_left": time_left_text(lead_rules.time_left(lead, now))}
            for lead in page.leads
        ]
        return self.render(
            "admin/portal/screening/board.html", chosen=chosen, rows=rows, page=page, page_number=page_number,
            pages=pages, args={k: v for k, v in request.args.items() if k != "page"}, levels=RiskLevel,
        )

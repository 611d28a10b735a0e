"""The early-warning board and the dashboard panels: open leads that need attention, oldest first.

Every function takes ``street_limit`` (None: all streets; a street id: only that street, as for
office staff; -1: nothing), so callers apply the same scope as the lists.
"""
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portal import timeutil
from portal.extensions import db
from portal.models import Grid, Lead, LeadStatus, RiskLevel
from portal.services.screening import leads as lead_rules

WARNING_LEVELS = (RiskLevel.RED, RiskLevel.ORANGE)


@dataclass
class Page:
    leads: list
    total: int
    overdue: int


def _scoped(query, street_limit):
    return query.where(Lead.street_scope(street_limit)) if street_limit is not None else query


def _with_places(query):
    return query.options(
        joinedload(Lead.grid).joinedload(Grid.community), joinedload(Lead.street), joinedload(Lead.dispute_type),
    )


def board_query(*, street_limit=None, street_id=None, level=None, dispute_type_id=None, overdue_only=False, now=None):
    """Open red and orange leads (or the one ``level`` asked for), oldest first."""
    levels = (RiskLevel(level),) if level in {lv.value for lv in WARNING_LEVELS} else WARNING_LEVELS
    query = select(Lead).where(Lead.status == LeadStatus.OPEN, Lead.level.in_(levels))
    query = _scoped(query, street_limit)
    if street_id is not None:
        query = query.where(Lead.street_id == street_id)
    if dispute_type_id is not None:
        query = query.where(Lead.dispute_type_id == dispute_type_id)
    if overdue_only:
        query = query.where(lead_rules.overdue_clause(now))
    return query.order_by(Lead.reported_at, Lead.id)


def board_page(query, *, offset=0, limit=100, now=None):
    counted = query.order_by(None).subquery()
    total = db.session.scalar(select(func.count()).select_from(counted))
    overdue = db.session.scalar(
        select(func.count()).select_from(counted).where(counted.c.due_at < (now or timeutil.now()))
    )
    leads = db.session.scalars(_with_places(query.offset(offset).limit(limit))).unique().all()
    return Page(leads=leads, total=total or 0, overdue=overdue or 0)


def open_red(street_limit=None, limit=5):
    """The district dashboard: open red leads, oldest first."""
    return board_page(board_query(street_limit=street_limit, level=RiskLevel.RED), limit=limit)


def past_deadline(street_limit=None, limit=5, now=None):
    """Open leads of any level past their deadline, the longest overdue first."""
    query = _scoped(select(Lead).where(lead_rules.overdue_clause(now)), street_limit).order_by(Lead.due_at, Lead.id)
    return board_page(query, limit=limit, now=now)


def waiting_in_street(street_id, limit=5):
    """A street's to-do panel: its open red and orange leads, oldest first."""
    return board_page(board_query(street_limit=street_id), limit=limit)

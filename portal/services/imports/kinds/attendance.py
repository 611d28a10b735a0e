"""Attendance of one training session: who came (by ID number or name), how, and the hours.

Started from the session; a row is matched to its mediator by ID number, or by name when only
one mediator the user may see has it, and then to the session's roster. The same rules as the
roster form: absent earns no hours, nobody is credited more than the session's hours, and before
the session starts a ledger can only plan who comes.
"""
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.extensions import db
from portal.models import AttendanceStatus, MediatorStatus, TrainingAttendance, TrainingSession
from portal.services import training
from portal.services.access import Action, Area, can, street_limit
from portal.services.imports.kinds.base import Column, Kind
from portal.services.imports.messages import Problem
from portal.services.imports.values import Choice, IdNumber, Number, Text

ZERO = Decimal(0)


class AttendanceImport(Kind):
    key = "attendance"
    label = _l("Training attendance")
    model = TrainingAttendance
    area = Area.TRAINING
    key_column = "name"
    needs = ("session",)
    help = _l("One row per person at the session. A person is found by ID number, or by name when "
              "only one mediator has it. Hours default to the session's hours; absent earns none.")
    columns = (
        Column("name", Text(40), label=_l("Full name"), attr=None, example="张秀英"),
        Column("id_number", IdNumber(), attr=None, aliases=("身份证号", "身份證號"), example="11010119680512002X"),
        Column("status", Choice(AttendanceStatus), attr="status", example=AttendanceStatus.PRESENT),
        Column("hours", Number(1, maximum=Decimal("999.9")), label=_l("Hours credited"), attr="hours_credited",
               example="3"),
        Column("score", Number(1, maximum=Decimal(100)), example="90"),
    )

    def permitted(self, user):
        return can(user, self.area, Action.EDIT)

    def missing_columns(self, mapping):
        if "name" in mapping or "id_number" in mapping:
            return []
        return [f"{self.by_key['name'].label} / {self.by_key['id_number'].label}"]

    def load_params(self, run, params):
        """The session, if the user may edit it (the session screen's own street scope)."""
        try:
            session_id = int(params.get("session"))
        except (TypeError, ValueError):
            return None
        query = select(TrainingSession).where(TrainingSession.id == session_id)
        limit = street_limit(run.user, Area.TRAINING)
        if limit is not None:
            query = query.where(TrainingSession.street_scope(limit))
        session = db.session.scalar(query)
        return {"session": session} if session is not None else None

    # --- matching ----------------------------------------------------------------------------------
    def natural_key(self, row, run):
        number, name = row.values.get("id_number"), row.values.get("name")
        index = run.index("mediator")
        try:
            if number:
                mediator = index.find(number)
                if name and mediator.name != name:
                    row.fail("id_number", "name_mismatch", name=mediator.name)
            elif name:
                mediator = index.find(name)
            else:
                if not row.errors:
                    row.fail("name" if "name" in row.values else "id_number", "no_person")
                return None
        except Problem as problem:
            row.fail("id_number" if number else "name", problem.code, **problem.params)
            return None
        if mediator.status != MediatorStatus.ACTIVE:
            row.fail("name" if name else "id_number", "not_active_mediator", value=mediator.name)
        return mediator.id

    def load_existing(self, rows, run):
        ids = [row.key for row in rows if row.key is not None]
        if not ids:
            return {}
        session = run.params["session"]
        records = db.session.scalars(select(TrainingAttendance).where(
            TrainingAttendance.session_id == session.id, TrainingAttendance.mediator_id.in_(ids)))
        return {record.mediator_id: record for record in records}

    def street_of(self, values, record, run):
        return run.default_street  # the mediator was found among those of the user's street

    # --- rules (as the roster form's) ---------------------------------------------------------------
    def check(self, row, record, run):
        session, values = run.params["session"], row.values
        started = training.has_started(session)
        if record is None:  # before the session, a ledger is its planned roster
            values.setdefault("status", AttendanceStatus.PRESENT if started else AttendanceStatus.PLANNED)
        status = values.get("status", getattr(record, "status", None))
        if not started and status != AttendanceStatus.PLANNED:
            row.fail("status", "session_not_started", start=f"{session.starts_at:%Y-%m-%d %H:%M}")
        if status in (AttendanceStatus.ABSENT, AttendanceStatus.PLANNED):
            if values.get("hours") and status == AttendanceStatus.ABSENT:
                row.fail("hours", "absent_hours")
            values["hours"] = ZERO
        elif values.get("hours") is None and (record is None or "hours" in values):
            values["hours"] = session.hours
        if values.get("hours") is not None and values["hours"] > session.hours:
            row.fail("hours", "hours_over", max=session.hours)

    def new_record(self, row, run):
        return TrainingAttendance(session=run.params["session"], mediator_id=row.key)

"""Fixes from a walkthrough: unique committee short names, withdrawal of a case, who filed a
dossier, and a planned roster for training still to come.

Revision ID: fixes0001
Revises: d1a0e0001
Create Date: 2026-11-29

- committees.short_name is unique (where given): case numbers carry it. Existing duplicates are
  made unique first, the oldest committee keeping the name and the others getting a character
  of their own name added (东 → 东青), or a number when that is not enough. Empty short names
  stay allowed (a committee that numbers no cases).
- cases.status may be "withdrawn", case_events may record the "withdraw" step.
- cases.archived_by: 立卷人, the person who compiled the dossier.
- training_attendances.status may be "planned" (on the roster of a session still to come).
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "fixes0001"
down_revision = "docs0001"
branch_labels = None
depends_on = None

STATUSES = ("registered", "accepted", "refused", "in_mediation", "settled", "failed", "escalated", "transferred",
            "archived")
TRANSITIONS = ("accept", "refuse", "start_mediation", "settle", "fail", "escalate", "transfer", "archive")
ATTENDANCE = ("present", "late", "absent")
SHORT_NAME_MAX = 20
NOT_EMPTY = sa.text("short_name <> ''")


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _replace_check(table, name, condition):
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f(name), type_="check")
        batch_op.create_check_constraint(batch_op.f(name), condition)


def distinct_short_name(short, name, taken):
    """``short`` made unique among ``taken``: add the committee's own characters, then a number."""
    candidate = short
    for char in name:
        if candidate not in taken:
            return candidate
        if char not in candidate and len(candidate) < SHORT_NAME_MAX:
            candidate += char
    number = 2
    while f"{short}{number}"[:SHORT_NAME_MAX] in taken:
        number += 1
    return f"{short}{number}"[:SHORT_NAME_MAX]


def _unique_short_names():
    committees = sa.table("committees", sa.column("id", sa.Integer), sa.column("name", sa.String),
                          sa.column("short_name", sa.String))
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(committees.c.id, committees.c.name, committees.c.short_name)
        .where(committees.c.short_name != "").order_by(committees.c.id)
    ).all()
    taken = set()
    for committee_id, name, short in rows:
        if short in taken:
            new = distinct_short_name(short, name or "", taken)
            connection.execute(committees.update().where(committees.c.id == committee_id).values(short_name=new))
            short = new
        taken.add(short)


def upgrade():
    _unique_short_names()
    op.create_index("uq_committees_short_name", "committees", ["short_name"], unique=True,
                    sqlite_where=NOT_EMPTY, postgresql_where=NOT_EMPTY)

    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("archived_by", sa.String(length=40), nullable=False, server_default=""))
        batch_op.drop_constraint(batch_op.f("ck_cases_status_valid"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_cases_status_valid"), _in("status", STATUSES + ("withdrawn",)))
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        for column in ("from_status", "to_status"):
            batch_op.drop_constraint(batch_op.f(f"ck_case_events_{column}_valid"), type_="check")
            batch_op.create_check_constraint(batch_op.f(f"ck_case_events_{column}_valid"),
                                             _in(column, STATUSES + ("withdrawn",)))
        batch_op.drop_constraint(batch_op.f("ck_case_events_transition_valid"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_case_events_transition_valid"),
                                         _in("transition", TRANSITIONS + ("withdraw",)))
    _replace_check("training_attendances", "ck_training_attendances_status_valid",
                   _in("status", ("planned",) + ATTENDANCE))


def downgrade():
    op.execute("DELETE FROM training_attendances WHERE status = 'planned'")
    _replace_check("training_attendances", "ck_training_attendances_status_valid", _in("status", ATTENDANCE))
    op.execute("DELETE FROM case_events WHERE transition = 'withdraw' OR from_status = 'withdrawn'")
    # A withdrawn case goes back to where it was withdrawn from is unknown here: call it failed.
    op.execute("UPDATE cases SET status = 'failed' WHERE status = 'withdrawn'")
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_case_events_transition_valid"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_case_events_transition_valid"), _in("transition", TRANSITIONS))
        for column in ("from_status", "to_status"):
            batch_op.drop_constraint(batch_op.f(f"ck_case_events_{column}_valid"), type_="check")
            batch_op.create_check_constraint(batch_op.f(f"ck_case_events_{column}_valid"), _in(column, STATUSES))
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_cases_status_valid"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_cases_status_valid"), _in("status", STATUSES))
        batch_op.drop_column("archived_by")
    op.drop_index("uq_committees_short_name", table_name="committees")

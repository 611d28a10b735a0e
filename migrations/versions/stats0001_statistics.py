"""Statistics: monthly reports and their frozen versions; each case's street of origin; the
indexes the aggregate queries need.

Revision ID: stats0001
Revises: d1a0e0001
Create Date: 2026-11-29

Statistics count a case for the street where it started, which escalation to a district
committee would otherwise erase (cases.street_id follows the committee). Existing cases get it
from the committee where they started.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "stats0001"
down_revision = "import0001"
branch_labels = None
depends_on = None

FIGURES = (
    "screened", "criminal_cases", "criminal_persons", "suicide_cases", "suicide_persons",
    "petition_cases", "petition_persons", "fight_cases", "fight_persons",
)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _record_columns():
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def upgrade():
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin_street_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_cases_origin_street_id_streets"), "streets", ["origin_street_id"], ["id"]
        )
        batch_op.create_index("ix_cases_origin_street_id_received_on", ["origin_street_id", "received_on"], unique=False)
        batch_op.create_index("ix_cases_concluded_on", ["concluded_on"], unique=False)
    op.execute(
        "UPDATE cases SET origin_street_id = "
        "(SELECT committees.street_id FROM committees WHERE committees.id = cases.origin_committee_id)"
    )
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.create_index("ix_case_events_transition_occurred_on", ["transition", "occurred_on"], unique=False)

    op.create_table(
        "monthly_reports",
        sa.Column("street_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        *[sa.Column(name, sa.Integer(), nullable=False) for name in FIGURES],
        sa.Column("preparer", sa.String(length=40), nullable=False),
        sa.Column("preparer_phone", sa.String(length=30), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("first_submitted_at", sa.DateTime(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("return_reason", sa.Text(), nullable=False),
        *_record_columns(),
        sa.CheckConstraint(
            " AND ".join(f"{name} >= 0" for name in FIGURES), name=op.f("ck_monthly_reports_figures_not_negative")
        ),
        sa.CheckConstraint("month >= 1 AND month <= 12", name=op.f("ck_monthly_reports_month_range")),
        sa.CheckConstraint("year >= 2000 AND year <= 2100", name=op.f("ck_monthly_reports_year_range")),
        sa.CheckConstraint(
            "status IN ('draft', 'submitted', 'accepted', 'returned', 'corrected')",
            name=op.f("ck_monthly_reports_status_valid"),
        ),
        sa.ForeignKeyConstraint(["street_id"], ["streets.id"], name=op.f("fk_monthly_reports_street_id_streets")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monthly_reports")),
        sa.UniqueConstraint("street_id", "year", "month", name=op.f("uq_monthly_reports_street_id_year_month")),
    )
    with op.batch_alter_table("monthly_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_monthly_reports_street_id"), ["street_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_monthly_reports_status"), ["status"], unique=False)

    op.create_table(
        "monthly_report_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("preparer", sa.String(length=40), nullable=False),
        sa.Column("figures", JSON, nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=False),
        sa.CheckConstraint("number >= 1", name=op.f("ck_monthly_report_versions_number_positive")),
        sa.CheckConstraint(
            "outcome IN ('pending', 'accepted', 'returned')", name=op.f("ck_monthly_report_versions_outcome_valid")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["monthly_reports.id"], name=op.f("fk_monthly_report_versions_report_id_monthly_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monthly_report_versions")),
        sa.UniqueConstraint("report_id", "number", name=op.f("uq_monthly_report_versions_report_id_number")),
    )
    with op.batch_alter_table("monthly_report_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_monthly_report_versions_report_id"), ["report_id"], unique=False)


def downgrade():
    with op.batch_alter_table("monthly_report_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_monthly_report_versions_report_id"))
    op.drop_table("monthly_report_versions")
    with op.batch_alter_table("monthly_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_monthly_reports_status"))
        batch_op.drop_index(batch_op.f("ix_monthly_reports_street_id"))
    op.drop_table("monthly_reports")
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.drop_index("ix_case_events_transition_occurred_on")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_concluded_on")
        batch_op.drop_index("ix_cases_origin_street_id_received_on")
        batch_op.drop_constraint(batch_op.f("fk_cases_origin_street_id_streets"), type_="foreignkey")
        batch_op.drop_column("origin_street_id")

"""Indexes for the lists at scale: trigram search and an office's own cases.

Revision ID: d1a0e0001
Revises: c4b7e0001
Create Date: 2026-11-28

Flask-Admin searches with ILIKE '%…%' across the searchable columns; on PostgreSQL only trigram
GIN indexes serve that, and only when every searched column has one. pg_trgm is a trusted
extension (PostgreSQL 13+): the database owner may create it. Elsewhere these are plain indexes.
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = "d1a0e0001"
down_revision = "c4b7e0001"
branch_labels = None
depends_on = None

TRIGRAM = (("cases", "number"), ("cases", "title"), ("audit_entries", "summary"))


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column in TRIGRAM:
        op.create_index(
            f"ix_{table}_{column}_trgm", table, [column],
            postgresql_using="gin", postgresql_ops={column: "gin_trgm_ops"},
        )
    op.create_index("ix_cases_street_id_id", "cases", ["street_id", "id"])
    op.create_index("ix_cases_street_id_received_on", "cases", ["street_id", "received_on"])


def downgrade():
    op.drop_index("ix_cases_street_id_received_on", table_name="cases")
    op.drop_index("ix_cases_street_id_id", table_name="cases")
    for table, column in TRIGRAM:
        op.drop_index(f"ix_{table}_{column}_trgm", table_name=table)

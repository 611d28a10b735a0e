"""Search that works for Chinese: search terms on cases and mediators, indexed on PostgreSQL.

Revision ID: perf0001
Revises: harden0001
Create Date: 2026-11-29

Each case and mediator keeps its search terms (characters and character pairs, pinyin, digits,
hashed ID numbers and phones: portal.services.search). On PostgreSQL a GIN index over the terms
as a text-search vector serves searches of one or two characters, which trigram indexes cannot;
it needs no extension. The terms of existing rows are written here (`flask portal
reindex-search` does it again, e.g. after the secret key changed).
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "perf0001"
down_revision = "harden0001"
branch_labels = None
depends_on = None

TABLES = ("cases", "mediators")
VECTOR = "array_to_tsvector(string_to_array(search_terms, ' '))"


def upgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("search_terms", sa.Text(), server_default="", nullable=False))
    from portal.services import search

    search.reindex(op.get_bind())
    if postgres:
        for table in TABLES:
            op.create_index(f"ix_{table}_search_terms", table, [sa.text(VECTOR)], postgresql_using="gin")


def downgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in TABLES:
        if postgres:
            op.drop_index(f"ix_{table}_search_terms", table_name=table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("search_terms")

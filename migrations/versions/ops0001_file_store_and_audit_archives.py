"""Content files move into the file store; history archives are recorded.

Revision ID: ops0001
Revises: d1a0e0001
Create Date: 2026-12-01

Every upload area now keeps its bytes in one file store (a folder or S3-compatible storage,
``PORTAL_STORAGE_URL``), so several app hosts can share it. Content files were the last kept in
the database: their bytes are written to the store (``content/<sha256>``) before the column
goes. ``audit_archives`` records each batch of old history moved to a compressed file.
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "ops0001"
down_revision = "d1a0e0001"
branch_labels = None
depends_on = None

BLOBS = sa.table("content_blobs", sa.column("sha256", sa.String), sa.column("data", sa.LargeBinary))


def _key(digest):
    return f"content/{digest}"


def upgrade():
    from portal import storage

    bind = op.get_bind()
    for digest, data in bind.execute(sa.select(BLOBS.c.sha256, BLOBS.c.data)):
        storage.put(_key(digest), bytes(data))
    with op.batch_alter_table("content_blobs") as batch:
        batch.drop_column("data")

    op.create_table(
        "audit_archives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("older_than", sa.DateTime(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("first_entry_id", sa.Integer(), nullable=True),
        sa.Column("last_entry_id", sa.Integer(), nullable=True),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("restored_at", sa.DateTime(), nullable=True),
        sa.Column("file_keys", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                  nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_archives")),
        sa.UniqueConstraint("key", name=op.f("uq_audit_archives_key")),
    )


def downgrade():
    from portal import storage

    op.drop_table("audit_archives")
    with op.batch_alter_table("content_blobs") as batch:
        batch.add_column(sa.Column("data", sa.LargeBinary(), nullable=True))
    bind = op.get_bind()
    for (digest,) in bind.execute(sa.select(BLOBS.c.sha256)).all():
        bind.execute(BLOBS.update().where(BLOBS.c.sha256 == digest).values(data=storage.read(_key(digest))))
    with op.batch_alter_table("content_blobs") as batch:
        batch.alter_column("data", existing_type=sa.LargeBinary(), nullable=False)

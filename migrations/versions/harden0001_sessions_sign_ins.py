"""Hardening: a session version per account (signing out ends every session) and the sign-in log.

Revision ID: harden0001
Revises: d1a0e0001
Create Date: 2026-11-30

Signing in no longer writes to the record history: the history entries it left on accounts
(changes of nothing but the last sign-in time) are removed; the sign-in log starts empty.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "harden0001"
down_revision = "stats0001"
branch_labels = None
depends_on = None

OUTCOMES = "'success', 'wrong_password', 'unknown_user', 'disabled', 'throttled'"


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_version", sa.Integer(), server_default="1", nullable=False))

    op.create_table(
        "sign_ins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=40), nullable=False),
        sa.Column("address", sa.String(length=45), nullable=False),
        sa.Column("user_agent", sa.String(length=200), nullable=False),
        sa.Column("success", sa.Boolean(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.CheckConstraint(f"outcome IN ({OUTCOMES})", name=op.f("ck_sign_ins_outcome_valid")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_sign_ins_user_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_ins")),
    )
    with op.batch_alter_table("sign_ins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sign_ins_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_sign_ins_success"), ["success"], unique=False)
        batch_op.create_index("ix_sign_ins_user_id_at", ["user_id", "at"], unique=False)

    _drop_sign_in_noise()


def _drop_sign_in_noise():
    """History entries of accounts that only say "last signed in changed"."""
    entries = sa.table("audit_entries", sa.column("id", sa.Integer), sa.column("entity", sa.String),
                       sa.column("action", sa.String), sa.column("changes", sa.JSON))
    bind = op.get_bind()
    rows = bind.execute(sa.select(entries.c.id, entries.c.changes).where(
        entries.c.entity == "users", entries.c.action == "update")).all()
    noise = [row.id for row in rows if isinstance(row.changes, dict) and set(row.changes) <= {"last_login_at"}]
    for start in range(0, len(noise), 500):
        bind.execute(sa.delete(entries).where(entries.c.id.in_(noise[start:start + 500])))


def downgrade():
    with op.batch_alter_table("sign_ins", schema=None) as batch_op:
        batch_op.drop_index("ix_sign_ins_user_id_at")
        batch_op.drop_index(batch_op.f("ix_sign_ins_success"))
        batch_op.drop_index(batch_op.f("ix_sign_ins_at"))
    op.drop_table("sign_ins")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_version")

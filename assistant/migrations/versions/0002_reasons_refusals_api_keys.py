"""Feedback reasons, refused questions and named API keys.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

- feedback.reason: why a reader rated an answer down (None: no reason given). The
  words of "other" go in the existing comment column.
- refusals: questions the assistant declined, for the knowledge-gap report.
- api_keys: named /api/v1 clients, each key kept only as its sha256.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

REASONS = "'wrong_section', 'not_answered', 'wrong_recommendation', 'other'"


def _feedback_0001() -> sa.Table:
    """feedback as 0001 left it, given rather than reflected: an app.db from before
    migrations has its rating CHECK unnamed, and a reflected copy would silently drop it."""
    return sa.Table(
        "feedback", sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("citations_json", sa.Text, nullable=False, server_default="[]"),
        sa.Column("mode", sa.Text, nullable=False, server_default="offline"),
        sa.Column("rating", sa.Text, nullable=False),
        sa.Column("comment", sa.Text, nullable=False, server_default=""),
        sa.CheckConstraint("rating IN ('up', 'down')", name="ck_feedback_rating"),
        sa.PrimaryKeyConstraint("id", name="pk_feedback"),
    )


def upgrade() -> None:
    # batch: SQLite cannot add a CHECK constraint in place, so the table is copied (rows kept);
    # PostgreSQL alters it in place.
    with op.batch_alter_table("feedback", copy_from=_feedback_0001()) as batch:
        batch.add_column(sa.Column("reason", sa.Text, nullable=True))
        batch.create_check_constraint(op.f("ck_feedback_reason"), f"reason IS NULL OR reason IN ({REASONS})")
    op.create_table(
        "refusals",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("mode", sa.Text, nullable=False, server_default="offline"),
        sa.Column("nearest_section", sa.Text, nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refusals")),
    )
    op.create_index(op.f("ix_refusals_created_at"), "refusals", ["created_at"])
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("prefix", sa.Text, nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("rate_limit_per_minute", sa.Integer, nullable=True),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("revoked_at", sa.Text, nullable=True),
        sa.Column("revoked_by", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
        sa.UniqueConstraint("name", name=op.f("uq_api_keys_name")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_api_keys_key_hash")),
    )


def downgrade() -> None:
    op.drop_table("api_keys")
    op.drop_index(op.f("ix_refusals_created_at"), table_name="refusals")
    op.drop_table("refusals")
    with op.batch_alter_table("feedback") as batch:
        batch.drop_constraint(op.f("ck_feedback_reason"), type_="check")
        batch.drop_column("reason")

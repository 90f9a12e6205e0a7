"""The app tables: feedback, conversations with their messages, and the audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-26

Written to be safe on a database that already has some of these tables: an app.db
made before migrations existed holds `feedback` with exactly this shape, and it is
kept (with its rows) rather than created again.
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _missing(name: str) -> bool:
    return not sa.inspect(op.get_bind()).has_table(name)


def upgrade() -> None:
    if _missing("feedback"):
        op.create_table(
            "feedback",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("created_at", sa.Text, nullable=False),
            sa.Column("question", sa.Text, nullable=False),
            sa.Column("answer", sa.Text, nullable=False),
            sa.Column("citations_json", sa.Text, nullable=False, server_default="[]"),
            sa.Column("mode", sa.Text, nullable=False, server_default="offline"),
            sa.Column("rating", sa.Text, nullable=False),
            sa.Column("comment", sa.Text, nullable=False, server_default=""),
            sa.CheckConstraint("rating IN ('up', 'down')", name=op.f("ck_feedback_rating")),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
        )
    if _missing("conversations"):
        op.create_table(
            "conversations",
            sa.Column("id", sa.String(32), nullable=False),
            sa.Column("user_id", sa.Text, nullable=True),
            sa.Column("title", sa.Text, nullable=False, server_default=""),
            sa.Column("created_at", sa.Text, nullable=False),
            sa.Column("updated_at", sa.Text, nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_conversations")),
        )
        op.create_index(op.f("ix_conversations_user_id"), "conversations", ["user_id"])
    if _missing("conversation_messages"):
        op.create_table(
            "conversation_messages",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("conversation_id", sa.String(32), nullable=False),
            sa.Column("position", sa.Integer, nullable=False),
            sa.Column("role", sa.Text, nullable=False),
            sa.Column("content", sa.Text, nullable=False),
            sa.Column("result_json", sa.Text, nullable=True),
            sa.Column("created_at", sa.Text, nullable=False),
            sa.CheckConstraint("role IN ('user', 'assistant')", name=op.f("ck_conversation_messages_role")),
            sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"], ondelete="CASCADE",
                                    name=op.f("fk_conversation_messages_conversation_id_conversations")),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_messages")),
            sa.UniqueConstraint("conversation_id", "position", name=op.f("uq_conversation_messages_conversation_id")),
        )
    if _missing("audit_log"):
        op.create_table(
            "audit_log",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("created_at", sa.Text, nullable=False),
            sa.Column("actor", sa.Text, nullable=False),
            sa.Column("action", sa.Text, nullable=False),
            sa.Column("target", sa.Text, nullable=False, server_default=""),
            sa.Column("details_json", sa.Text, nullable=False, server_default="{}"),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
        )
        op.create_index(op.f("ix_audit_log_action"), "audit_log", ["action"])


def downgrade() -> None:
    op.drop_table("audit_log")
    op.drop_table("conversation_messages")
    op.drop_table("conversations")
    op.drop_table("feedback")

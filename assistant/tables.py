"""The app database's tables, as SQLAlchemy Core metadata: the shape the newest
migration produces (a test compares them), and what the repositories query.

Plain columns that read the same on SQLite and PostgreSQL: timestamps are ISO 8601 UTC
text (sortable, and what the CSV export shows), JSON is text written by json.dumps.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, MetaData, String, Table, Text, UniqueConstraint

metadata = MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

feedback = Table(
    "feedback", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", Text, nullable=False),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("citations_json", Text, nullable=False, server_default="[]"),
    Column("mode", Text, nullable=False, server_default="offline"),
    Column("rating", Text, nullable=False),
    Column("comment", Text, nullable=False, server_default=""),  # free text; the words of reason "other"
    Column("reason", Text, nullable=True),  # why a thumbs-down (feedback.REASONS); None: not given
    CheckConstraint("rating IN ('up', 'down')", name="rating"),
    CheckConstraint("reason IS NULL OR reason IN ('wrong_section', 'not_answered', 'wrong_recommendation', 'other')",
                    name="reason"),
)

conversations = Table(
    "conversations", metadata,
    Column("id", String(32), primary_key=True),
    Column("user_id", Text, nullable=True),  # signed-in user or API key name; None: anonymous
    Column("title", Text, nullable=False, server_default=""),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Index(None, "user_id"),
)

conversation_messages = Table(
    "conversation_messages", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("conversation_id", String(32), ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("role", Text, nullable=False),
    Column("content", Text, nullable=False),
    Column("result_json", Text, nullable=True),  # the ask JSON behind an assistant turn
    Column("created_at", Text, nullable=False),
    CheckConstraint("role IN ('user', 'assistant')", name="role"),
    UniqueConstraint("conversation_id", "position"),
)

audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", Text, nullable=False),
    Column("actor", Text, nullable=False),  # who: a user, an API key name, or "system"
    Column("action", Text, nullable=False),  # what, as noun.verb: "case_note.added", "key.revoked"
    Column("target", Text, nullable=False, server_default=""),
    Column("details_json", Text, nullable=False, server_default="{}"),
    Index(None, "action"),
)

refusals = Table(  # questions the assistant declined to answer: the knowledge-gap report's input
    "refusals", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", Text, nullable=False),
    Column("question", Text, nullable=False),  # capped (refusals.MAX_QUESTION_CHARS); no user is recorded
    Column("mode", Text, nullable=False, server_default="offline"),
    Column("nearest_section", Text, nullable=False, server_default=""),  # best search hit when refused
    Index(None, "created_at"),
)

api_keys = Table(  # named API clients; only the sha256 of each key is kept
    "api_keys", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(64), nullable=False),
    Column("prefix", Text, nullable=False),  # the key's first characters, to recognise it in a list
    Column("key_hash", String(64), nullable=False),  # hex sha256 of the whole key
    Column("rate_limit_per_minute", Integer, nullable=True),  # None: ASSISTANT_RATE_LIMIT_PER_MINUTE
    Column("created_at", Text, nullable=False),
    Column("created_by", Text, nullable=False),
    Column("revoked_at", Text, nullable=True),
    Column("revoked_by", Text, nullable=True),
    UniqueConstraint("name"),
    UniqueConstraint("key_hash"),
)

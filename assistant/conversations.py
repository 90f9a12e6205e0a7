"""Saved conversations in the app database: a conversation per chat, its turns in order.

Nothing in the app saves conversations yet; this is the storage a "my conversations"
page (and per-user roles) builds on. Plain dicts in and out; the database is passed in.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone

from sqlalchemy import delete, func, select, update

from .db import Database, database_for
from .errors import InputError
from .tables import conversation_messages, conversations

ROLES = ("user", "assistant")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class ConversationStore:
    def __init__(self, db: Database):
        self.db = db

    @classmethod
    def for_settings(cls, settings) -> "ConversationStore":
        return cls(database_for(settings))

    def start(self, user_id: str | None = None, title: str = "") -> str:
        """A new, empty conversation; returns its id."""
        conversation_id = uuid.uuid4().hex
        now = _now()
        with self.db.begin() as conn:
            conn.execute(conversations.insert().values(id=conversation_id, user_id=user_id, title=title[:200],
                                                       created_at=now, updated_at=now))
        return conversation_id

    def append(self, conversation_id: str, role: str, content: str, result: dict | None = None) -> int:
        """Add a turn at the end; returns its position (0, 1, …). `result` is the ask
        JSON behind an assistant turn. The conversation's row is updated first, which
        locks it (a row lock on PostgreSQL, the write lock on SQLite), so writers
        appending to one conversation take turns and never claim the same position."""
        if role not in ROLES:
            raise InputError(f"role must be one of {', '.join(ROLES)} (got {role!r})", field="role", allowed=list(ROLES))
        now = _now()
        with self.db.begin() as conn:
            touched = conn.execute(update(conversations).where(conversations.c.id == conversation_id)
                                   .values(updated_at=now)).rowcount
            if not touched:
                raise InputError(f"no conversation {conversation_id!r}", field="conversation_id")
            last = conn.execute(select(func.max(conversation_messages.c.position))
                                .where(conversation_messages.c.conversation_id == conversation_id)).scalar()
            position = 0 if last is None else last + 1
            conn.execute(conversation_messages.insert().values(
                conversation_id=conversation_id, position=position, role=role, content=content,
                result_json=None if result is None else json.dumps(result, ensure_ascii=False), created_at=now))
        return position

    def get(self, conversation_id: str) -> dict | None:
        """The conversation with its turns in order, or None."""
        with self.db.begin() as conn:
            head = conn.execute(select(conversations).where(conversations.c.id == conversation_id)).first()
            if head is None:
                return None
            turns = conn.execute(select(conversation_messages)
                                 .where(conversation_messages.c.conversation_id == conversation_id)
                                 .order_by(conversation_messages.c.position)).all()
        messages = [{"position": t.position, "role": t.role, "content": t.content, "created_at": t.created_at,
                     "result": None if t.result_json is None else json.loads(t.result_json)} for t in turns]
        return {**dict(head._mapping), "messages": messages}

    def list(self, user_id: str | None = None, limit: int = 50) -> list[dict]:
        """Conversations (without their turns), most recently updated first; one user's when given."""
        query = select(conversations).order_by(conversations.c.updated_at.desc(), conversations.c.id).limit(limit)
        if user_id is not None:
            query = query.where(conversations.c.user_id == user_id)
        with self.db.begin() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def delete(self, conversation_id: str) -> bool:
        """Remove a conversation and its turns; False when there was none."""
        with self.db.begin() as conn:
            conn.execute(delete(conversation_messages).where(conversation_messages.c.conversation_id == conversation_id))
            return conn.execute(delete(conversations).where(conversations.c.id == conversation_id)).rowcount > 0

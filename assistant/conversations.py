"""Saved conversations in the app database: a conversation per chat, its turns in order.

Every conversation has an owner: a signed-in user's id, or `browser:<random id>` for
an anonymous visitor. Each method that reads or changes a conversation takes that
owner and scopes its query by it, so a caller can never list, open, rename, extend or
delete someone else's: another owner's conversation looks exactly like a missing one.
Plain dicts in and out; the database is passed in.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone

from sqlalchemy import and_, delete, func, select, update

from .db import Database, database_for
from .errors import InputError
from .tables import conversation_messages, conversations

ROLES = ("user", "assistant")
MAX_TITLE_CHARS = 200
AUTO_TITLE_CHARS = 60  # a title made from the first question: what fits a sidebar line


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _owner(owner) -> str:
    if not isinstance(owner, str) or not owner.strip():
        raise InputError("a conversation needs an owner: a signed-in user or a browser id", field="owner")
    return owner


def _title(title) -> str:
    text = " ".join(str(title or "").split())
    if not text:
        raise InputError("a conversation's name cannot be empty", field="title")
    if len(text) > MAX_TITLE_CHARS:
        raise InputError(f"a conversation's name is too long: {len(text)} characters; the limit is "
                         f"{MAX_TITLE_CHARS}", field="title")
    return text


def title_from(question: str) -> str:
    """A sidebar name for a new conversation: its first question, shortened at a word."""
    text = " ".join((question or "").split())
    if len(text) <= AUTO_TITLE_CHARS:
        return text or "New chat"
    cut = text[:AUTO_TITLE_CHARS].rsplit(" ", 1)[0] or text[:AUTO_TITLE_CHARS]
    return cut.rstrip(" ,.;:") + "…"


class ConversationStore:
    def __init__(self, db: Database):
        self.db = db

    @classmethod
    def for_settings(cls, settings) -> "ConversationStore":
        return cls(database_for(settings))

    @staticmethod
    def _owned(conversation_id: str, owner: str):
        return and_(conversations.c.id == conversation_id, conversations.c.user_id == _owner(owner))

    def start(self, owner: str, title: str = "") -> str:
        """A new, empty conversation of `owner`; returns its id."""
        conversation_id = uuid.uuid4().hex
        now = _now()
        with self.db.begin() as conn:
            conn.execute(conversations.insert().values(id=conversation_id, user_id=_owner(owner),
                                                       title=_title(title) if title else "",
                                                       created_at=now, updated_at=now))
        return conversation_id

    def append(self, conversation_id: str, role: str, content: str, result: dict | None = None, *,
               owner: str) -> int:
        """Add a turn at the end of one of `owner`'s conversations; returns its position
        (0, 1, …). `result` is the ask JSON behind an assistant turn. The conversation's
        row is updated first, which locks it (a row lock on PostgreSQL, the write lock on
        SQLite), so writers appending to one conversation take turns and never claim the
        same position."""
        if role not in ROLES:
            raise InputError(f"role must be one of {', '.join(ROLES)} (got {role!r})", field="role", allowed=list(ROLES))
        now = _now()
        with self.db.begin() as conn:
            touched = conn.execute(update(conversations).where(self._owned(conversation_id, owner))
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

    def get(self, conversation_id: str, *, owner: str) -> dict | None:
        """One of `owner`'s conversations with its turns in order, or None (missing, or not theirs)."""
        with self.db.begin() as conn:
            head = conn.execute(select(conversations).where(self._owned(conversation_id, owner))).first()
            if head is None:
                return None
            turns = conn.execute(select(conversation_messages)
                                 .where(conversation_messages.c.conversation_id == conversation_id)
                                 .order_by(conversation_messages.c.position)).all()
        messages = [{"position": t.position, "role": t.role, "content": t.content, "created_at": t.created_at,
                     "result": None if t.result_json is None else json.loads(t.result_json)} for t in turns]
        return {**dict(head._mapping), "messages": messages}

    def list(self, owner: str, limit: int = 50) -> list[dict]:
        """`owner`'s conversations (without their turns), most recently updated first."""
        query = (select(conversations).where(conversations.c.user_id == _owner(owner))
                 .order_by(conversations.c.updated_at.desc(), conversations.c.id).limit(limit))
        with self.db.begin() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def rename(self, conversation_id: str, title: str, *, owner: str) -> bool:
        """Give one of `owner`'s conversations a new name; False when they have none by that id."""
        new_title = _title(title)
        with self.db.begin() as conn:
            return conn.execute(update(conversations).where(self._owned(conversation_id, owner))
                                .values(title=new_title)).rowcount > 0

    def delete(self, conversation_id: str, *, owner: str) -> bool:
        """Remove one of `owner`'s conversations and its turns; False when they have none by that id."""
        with self.db.begin() as conn:
            if conn.execute(select(conversations.c.id).where(self._owned(conversation_id, owner))).first() is None:
                return False
            conn.execute(delete(conversation_messages).where(conversation_messages.c.conversation_id == conversation_id))
            return conn.execute(delete(conversations).where(self._owned(conversation_id, owner))).rowcount > 0

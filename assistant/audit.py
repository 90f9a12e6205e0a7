"""The audit log in the app database: who did what to which thing, and when.

Append-only from the app's side. Nothing writes to it yet; knowledge edits, key
changes and role changes are meant to (`record("alice@example.com", "case_note.added",
"case-015")`). Plain dicts in and out; the database is passed in.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from sqlalchemy import select

from .db import Database, database_for
from .errors import InputError
from .tables import audit_log


class AuditLog:
    def __init__(self, db: Database):
        self.db = db

    @classmethod
    def for_settings(cls, settings) -> "AuditLog":
        return cls(database_for(settings))

    def record(self, actor: str, action: str, target: str = "", details: dict | None = None) -> int:
        """Append one entry; returns its id. `action` is noun.verb ("key.revoked")."""
        if not actor or not action:
            raise InputError("an audit entry needs an actor and an action", field="actor" if not actor else "action")
        row = {"created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "actor": actor,
               "action": action, "target": target, "details_json": json.dumps(details or {}, ensure_ascii=False)}
        with self.db.begin() as conn:
            return int(conn.execute(audit_log.insert().values(**row)).inserted_primary_key[0])

    def entries(self, limit: int = 100, actor: str | None = None, action: str | None = None) -> list[dict]:
        """Newest first, optionally one actor's or one action's."""
        query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
        if actor is not None:
            query = query.where(audit_log.c.actor == actor)
        if action is not None:
            query = query.where(audit_log.c.action == action)
        with self.db.begin() as conn:
            rows = [dict(r._mapping) for r in conn.execute(query)]
        for row in rows:
            row["details"] = json.loads(row.pop("details_json") or "{}")
        return rows

"""Named API keys for /api/v1: one per client (a portal back end, a script), each with
its own rate limit, revocable on its own.

A key is `fa_` followed by 43 random URL-safe characters (256 bits): the prefix makes
a leaked key recognisable to secret scanners and people. Only its sha256 is stored,
with its first characters to tell keys apart in a list; the key itself is shown once,
when created. Checking a key reads the database every time, so a revoked key is
refused on its very next request, on every replica. `ASSISTANT_API_TOKEN` still
works: it is the key named "default" (`DEFAULT_KEY`), kept in the environment rather
than in the database.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:  # the database layer (SQLAlchemy) is imported on first use, not before
    # the first answer: the key check reads the SQLite file through `Database.peek` (issue 13)
    from .db import Database

PREFIX = "fa_"
DEFAULT_KEY = "default"  # the name ASSISTANT_API_TOKEN answers to
SHOWN_CHARS = 10  # "fa_" and 7 more: enough to tell keys apart, far too few to guess the rest
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
MAX_RATE = 100_000


@dataclass(frozen=True)
class ApiKey:
    name: str
    prefix: str
    rate_limit_per_minute: int | None  # None: the server's ASSISTANT_RATE_LIMIT_PER_MINUTE
    created_at: str
    created_by: str
    revoked_at: str | None = None
    revoked_by: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def as_dict(self) -> dict:
        return {"name": self.name, "prefix": self.prefix, "rate_limit_per_minute": self.rate_limit_per_minute,
                "created_at": self.created_at, "created_by": self.created_by, "revoked_at": self.revoked_at,
                "revoked_by": self.revoked_by, "active": self.active}


def new_key() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", errors="surrogatepass")).hexdigest()


def check_name(name) -> str:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise InputError("a key name is 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit "
                         f"(got {name!r})", field="name")
    if name.casefold() == DEFAULT_KEY:
        raise InputError(f"the key name {DEFAULT_KEY!r} is reserved for ASSISTANT_API_TOKEN; pick another name",
                         field="name")
    return name


def check_rate(rate) -> int | None:
    if rate is None:
        return None
    if isinstance(rate, bool) or not isinstance(rate, int) or not 0 <= rate <= MAX_RATE:
        raise InputError(f"a key's rate limit is a whole number of requests a minute from 0 (no limit) to {MAX_RATE} "
                         f"(got {rate!r})", field="rate_limit")
    return rate


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# The api_keys columns an ApiKey is made of, for `Database.peek`'s plain SQL.
_ACTIVE_SQL = ("SELECT name, prefix, rate_limit_per_minute, created_at, created_by, revoked_at, revoked_by, key_hash "
               "FROM api_keys WHERE revoked_at IS NULL")


def _key(row) -> ApiKey:
    m = getattr(row, "_mapping", row)  # an SQLAlchemy row or an sqlite3.Row from `peek`
    return ApiKey(m["name"], m["prefix"], m["rate_limit_per_minute"], m["created_at"], m["created_by"],
                  m["revoked_at"], m["revoked_by"])


class KeyStore:
    """The api_keys table. Creating and revoking are written to the audit log by the
    caller that knows who did it (`create_key`, `revoke_key`)."""

    def __init__(self, db: Database):
        self.db = db

    @classmethod
    def for_settings(cls, settings) -> "KeyStore":
        from .db import database_for

        return cls(database_for(settings))

    def create(self, name: str, actor: str, rate_limit: int | None = None) -> tuple[ApiKey, str]:
        """A new key named `name`; returns it with the key itself (not stored: show it once).
        A revoked key's name can be used again; an active one's cannot."""
        from sqlalchemy import delete, select
        from sqlalchemy.exc import IntegrityError

        from .tables import api_keys

        name, rate_limit = check_name(name), check_rate(rate_limit)
        key = new_key()
        row = {"name": name, "prefix": key[:SHOWN_CHARS], "key_hash": hash_key(key), "rate_limit_per_minute": rate_limit,
               "created_at": _now(), "created_by": actor}
        taken = InputError(f"a key named {name!r} already exists; revoke it first or pick another name", field="name")
        try:
            with self.db.begin() as conn:
                existing = conn.execute(select(api_keys).where(api_keys.c.name == name).with_for_update()).first()
                if existing is not None and existing.revoked_at is None:
                    raise taken
                if existing is not None:
                    conn.execute(delete(api_keys).where(api_keys.c.name == name))
                conn.execute(api_keys.insert().values(**row))
        except IntegrityError:  # another process created the same name at the same moment
            raise taken from None
        return ApiKey(name, row["prefix"], rate_limit, row["created_at"], actor), key

    def revoke(self, name: str, actor: str) -> ApiKey:
        """Revoke the active key `name` (refused from its next request on); InputError if there is none."""
        from sqlalchemy import select, update

        from .tables import api_keys

        with self.db.begin() as conn:
            done = conn.execute(update(api_keys).where(api_keys.c.name == name, api_keys.c.revoked_at.is_(None))
                                .values(revoked_at=_now(), revoked_by=actor))
            if done.rowcount != 1:
                raise InputError(f"no active API key named {name!r}: `keys list` shows them", field="name")
            return _key(conn.execute(select(api_keys).where(api_keys.c.name == name)).one())

    def list(self) -> list[ApiKey]:
        """Every key, active and revoked, oldest first."""
        from sqlalchemy import select

        from .tables import api_keys

        with self.db.begin() as conn:
            return [_key(r) for r in conn.execute(select(api_keys).order_by(api_keys.c.id))]

    def has_active(self) -> bool:
        peeked = self.db.peek("SELECT count(*) FROM api_keys WHERE revoked_at IS NULL")
        if peeked is not None:
            return bool(peeked[0][0])
        from sqlalchemy import func, select

        from .tables import api_keys

        with self.db.begin() as conn:
            query = select(func.count()).select_from(api_keys).where(api_keys.c.revoked_at.is_(None))
            return bool(conn.execute(query).scalar_one())

    def authenticate(self, presented: str) -> ApiKey | None:
        """The active key `presented` is, or None. Every active hash is compared in
        constant time, so how long this takes says nothing about how close a guess was."""
        if not presented.startswith(PREFIX):
            return None
        digest = hash_key(presented)
        rows = self.db.peek(_ACTIVE_SQL)
        if rows is None:
            from sqlalchemy import select

            from .tables import api_keys

            with self.db.begin() as conn:
                rows = conn.execute(select(api_keys).where(api_keys.c.revoked_at.is_(None))).all()
        found = None
        for row in rows:
            if hmac.compare_digest(digest, getattr(row, "_mapping", row)["key_hash"]):
                found = row
        return _key(found) if found is not None else None


def create_key(settings, name: str, actor: str, rate_limit: int | None = None) -> tuple[ApiKey, str]:
    """Create a key and write `key.created` to the audit log (the key itself never is)."""
    from .audit import AuditLog

    record, key = KeyStore.for_settings(settings).create(name, actor, rate_limit)
    AuditLog.for_settings(settings).record(actor, "key.created", name,
                                           {"prefix": record.prefix, "rate_limit_per_minute": rate_limit})
    return record, key


def revoke_key(settings, name: str, actor: str) -> ApiKey:
    from .audit import AuditLog

    record = KeyStore.for_settings(settings).revoke(name, actor)
    AuditLog.for_settings(settings).record(actor, "key.revoked", name, {"prefix": record.prefix})
    return record

"""Questions the assistant declined to answer, kept for the knowledge-gap report.

Ratings only cover answers someone bothered to rate; a refusal says more plainly what
the knowledge does not hold. Each is stored with its time, the answering mode and the
nearest section a search found, and nothing about who asked. The question is cut to
MAX_STORED_CHARS: enough to see what was wanted, not a store of whole pastes.

A refusal is an answer that abstained because the knowledge does not cover the
question. Prompt-injection refusals are not knowledge gaps and are not recorded.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from .errors import AssistantError
from .text import normalise, without_controls

if TYPE_CHECKING:  # the database layer (SQLAlchemy) is imported when a refusal is stored,
    # not by the API's import: the first answer does not need it (issue 13)
    from .db import Database

MAX_STORED_CHARS = 500
log = logging.getLogger(__name__)


def is_knowledge_gap(result: dict) -> bool:
    """An answer that abstained because the knowledge lacks it: "not covered", a
    partial answer (with citations), or a model's abstention. Not the refusal of an
    instruction hidden in a question, and not an error shown in the answer's place."""
    from .answer import NOT_AN_INSTRUCTION

    answer = str(result.get("answer", ""))
    if not result.get("abstained") or answer.startswith(NOT_AN_INSTRUCTION[:40]):
        return False
    return result.get("mode") == "llm" or bool(result.get("citations")) or answer.startswith(("The framework", "The article"))


class RefusalStore:
    def __init__(self, db: Database):
        self.db = db

    @classmethod
    def for_settings(cls, settings) -> "RefusalStore":
        from .db import database_for

        return cls(database_for(settings))

    def record(self, question: str, mode: str = "offline", nearest_section: str = "") -> int:
        """Store one refused question (cut to MAX_STORED_CHARS); returns its row id."""
        from .tables import refusals

        text = " ".join(without_controls(normalise(question or "", "question")).split())[:MAX_STORED_CHARS]
        row = {"created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "question": text,
               "mode": mode or "offline", "nearest_section": nearest_section or ""}
        with self.db.begin() as conn:
            return int(conn.execute(refusals.insert().values(**row)).inserted_primary_key[0])

    def rows(self, limit: int = 2000) -> list[dict]:
        """The newest `limit` refusals, oldest first."""
        from sqlalchemy import select

        from .tables import refusals

        query = select(refusals).order_by(refusals.c.id.desc()).limit(limit)
        with self.db.begin() as conn:
            return [dict(r._mapping) for r in conn.execute(query)][::-1]


def record_refusal(assistant, question: str, result: dict) -> int | None:
    """Called by a front after an answer: stores the question when the result is a
    knowledge gap (the nearest section from one search), else does nothing."""
    if not is_knowledge_gap(result):
        return None
    passages = assistant.passages(question, k=1)
    nearest = passages[0].section_id if passages else ""
    return RefusalStore.for_settings(assistant.settings).record(question, result.get("mode", "offline"), nearest)


def note_refusal(assistant, question: str, result: dict) -> None:
    """`record_refusal` for a front (chat page, API) that must answer whatever happens
    here: a failure is logged, never raised."""
    try:
        record_refusal(assistant, question, result)
    except AssistantError as exc:
        log.warning("a refused question was not recorded for the gap report: %s", exc)

"""What readers think of the answers, kept in the app database (`assistant.db`: the
SQLite file data_dir/app.db, or the PostgreSQL server replicas share). The Streamlit
script threads write while the editors' Insights page reads the export. A thumbs-down
may say why (REASONS), stored in the same row as the question, answer and citations.
Also the Markdown transcript a reader downloads from the chat.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import func, select

from .config import MAX_QUESTION_CHARS
from .db import Database, database_for, open_database, storage_message  # noqa: F401 — storage_message re-exported
from .errors import InputError
from .tables import feedback
from .text import normalise

log = logging.getLogger(__name__)
RATINGS = ("up", "down")
MAX_COMMENT_CHARS = 2000
MAX_ANSWER_CHARS = 50_000
EXPORT_COLUMNS = ("id", "created_at", "rating", "question", "answer", "citations", "mode", "comment", "reason")
# Why an answer was rated down; "other" carries the reader's words in the comment.
REASONS = {"wrong_section": "It cited the wrong section", "not_answered": "It did not answer my question",
           "wrong_recommendation": "The recommendation is wrong", "other": "Something else"}

class FeedbackStore:
    """The feedback table of the app database (SQLite by default, PostgreSQL when
    ASSISTANT_DATABASE_URL says so). Safe across threads and processes: each call is
    one short transaction on the shared engine."""

    def __init__(self, target: Database | Path | str):
        """`target`: a Database, a database URL, or an SQLite file path."""
        self.db = target if isinstance(target, Database) else open_database(target)

    @property
    def path(self) -> Path | None:
        """The SQLite file (None on PostgreSQL)."""
        return self.db.path

    @classmethod
    def for_settings(cls, settings) -> "FeedbackStore":
        return cls(database_for(settings))

    def record(self, question: str, answer: str, citations: list[dict] | None = None, mode: str = "offline",
               rating: str = "up", comment: str = "", reason: str | None = None) -> int:
        """Store one rating; returns its row id. Text is normalised like every input, and
        too-long text is refused (the same limits as asking), never silently cut. A
        thumbs-down may carry a reason (REASONS); "other" is said in `comment`."""
        if rating not in RATINGS:
            raise InputError(f"rating must be one of {', '.join(RATINGS)} (got {rating!r})", field="rating", allowed=list(RATINGS))
        row = {"created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
               "question": normalise(question or "", "question", MAX_QUESTION_CHARS),
               "answer": normalise(answer or "", "answer", MAX_ANSWER_CHARS),
               "citations_json": json.dumps(citations or [], ensure_ascii=False), "mode": mode or "offline",
               "rating": rating, **_checked_reason(rating, reason, comment)}
        with self.db.begin() as conn:
            return int(conn.execute(feedback.insert().values(**row)).inserted_primary_key[0])

    def add_reason(self, row_id: int, reason: str, comment: str = "") -> bool:
        """Say why, after the thumbs-down was stored (the chat saves the rating first, so a
        reader who never answers the follow-up still counts). Only once, and only on a
        thumbs-down: returns False when that row has no room for a reason."""
        values = _checked_reason("down", reason, comment)
        with self.db.begin() as conn:
            done = conn.execute(feedback.update().where(feedback.c.id == row_id, feedback.c.rating == "down",
                                                        feedback.c.reason.is_(None)).values(**values))
            return done.rowcount == 1

    def rows(self) -> list[dict]:
        with self.db.begin() as conn:
            return [dict(r._mapping) for r in conn.execute(select(feedback).order_by(feedback.c.id))]

    def count(self) -> int:
        with self.db.begin() as conn:
            return int(conn.execute(select(func.count()).select_from(feedback)).scalar_one())

    def problem(self) -> str | None:
        """None when the database can be read and written; else what health reports."""
        return self.db.problem()

    def export_csv(self) -> str:
        """All feedback, oldest first; citations as `[n] section_id` joined by '; '.
        Every field is quoted and made inert (see `inert_cell`)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
        writer.writerow(EXPORT_COLUMNS)
        for row in self.rows():
            citations = "; ".join(f"[{c.get('n')}] {c.get('section_id')}" for c in json.loads(row["citations_json"] or "[]"))
            writer.writerow([inert_cell(str(v)) for v in (row["id"], row["created_at"], row["rating"], row["question"],
                                                         row["answer"], citations, row["mode"], row["comment"],
                                                         row["reason"] or "")])
        return out.getvalue()


_LINE_BREAKS = re.compile(r"\r\n?|[\v\f\x1c-\x1e\x85\u2028\u2029]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(text: str) -> str:
    """A CSV cell no tool can misread (OWASP's CSV injection advice): a cell that starts
    with = + - @ tab or CR, even after leading blanks, gets a leading apostrophe so a
    spreadsheet shows it as text instead of running it; then every line break becomes
    \\n (a bare CR used to split the row)."""
    if text[:1] in _FORMULA_START or text.lstrip(" \t\r\n\v\f")[:1] in _FORMULA_START:
        text = "'" + text
    return _LINE_BREAKS.sub("\n", text)


def _checked_reason(rating: str, reason: str | None, comment: str) -> dict:
    """The reason and comment columns, or an InputError naming what is wrong."""
    if reason is not None:
        if reason not in REASONS:
            raise InputError(f"reason must be one of {', '.join(REASONS)} (got {reason!r})", field="reason",
                             allowed=list(REASONS))
        if rating != "down":
            raise InputError("a reason goes with a thumbs-down only", field="reason")
    return {"reason": reason, "comment": normalise(comment or "", "comment", MAX_COMMENT_CHARS)}


def rating_from_thumbs(value: int | None) -> str | None:
    """st.feedback("thumbs") gives 1 for up, 0 for down, None for no choice."""
    return {1: "up", 0: "down"}.get(value)


def conversation_markdown(history: list[dict], title: str = "Conversation with the framework assistant") -> str:
    """The chat as Markdown: each question, each answer and its numbered sources."""
    lines = [f"# {title}", ""]
    for message in history:
        if message.get("role") == "user":
            lines += ["## Question", "", message.get("content", ""), ""]
            continue
        result = message.get("result") or {"answer": message.get("content", ""), "citations": []}
        lines += ["## Answer", "", result.get("answer", ""), ""]
        if result.get("notice"):
            lines += [f"> Note: {result['notice']}", ""]
        if result.get("citations"):
            lines += ["**Sources**", ""]
            for c in result["citations"]:
                quote = " ".join(str(c.get("quote", "")).split())
                lines.append(f"{c.get('n')}. {c.get('title')} (`{c.get('section_id')}`, {c.get('source')}): \"{quote}\"")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"

"""What readers think of the answers, kept in the app database (`assistant.db`: the
SQLite file data_dir/app.db, or the PostgreSQL server replicas share). The Streamlit
script threads write while the Knowledge page reads the export. Also the Markdown
transcript a reader downloads from the chat.
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
EXPORT_COLUMNS = ("id", "created_at", "rating", "question", "answer", "citations", "mode", "comment")

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
               rating: str = "up", comment: str = "") -> int:
        """Store one rating; returns its row id. Text is normalised like every input, and
        too-long text is refused (the same limits as asking), never silently cut."""
        if rating not in RATINGS:
            raise InputError(f"rating must be one of {', '.join(RATINGS)} (got {rating!r})", field="rating", allowed=list(RATINGS))
        row = {"created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
               "question": normalise(question or "", "question", MAX_QUESTION_CHARS),
               "answer": normalise(answer or "", "answer", MAX_ANSWER_CHARS),
               "citations_json": json.dumps(citations or [], ensure_ascii=False), "mode": mode or "offline",
               "rating": rating, "comment": normalise(comment or "", "comment", MAX_COMMENT_CHARS)}
        with self.db.begin() as conn:
            return int(conn.execute(feedback.insert().values(**row)).inserted_primary_key[0])

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
        Every field is quoted and made inert (see `_cell`)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
        writer.writerow(EXPORT_COLUMNS)
        for row in self.rows():
            citations = "; ".join(f"[{c.get('n')}] {c.get('section_id')}" for c in json.loads(row["citations_json"] or "[]"))
            writer.writerow([_cell(str(v)) for v in (row["id"], row["created_at"], row["rating"], row["question"],
                                                    row["answer"], citations, row["mode"], row["comment"])])
        return out.getvalue()


_LINE_BREAKS = re.compile(r"\r\n?|[\v\f\x1c-\x1e\x85\u2028\u2029]")
_FORMULA_START = ("=", "+", "-", "@", "\t")


def _cell(text: str) -> str:
    """A CSV cell no tool can misread: every line break becomes \\n (a bare CR used to
    split the row), and a cell a spreadsheet would run as a formula (= + - @ …, even
    after leading blanks) gets a leading quote so it stays text."""
    text = _LINE_BREAKS.sub("\n", text)
    return "'" + text if text.lstrip(" \n")[:1] in _FORMULA_START else text


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

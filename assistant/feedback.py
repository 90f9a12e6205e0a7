"""What readers think of the answers, kept in the app database (data_dir/app.db).

One SQLite file in WAL mode: the Streamlit script threads write while the Knowledge
page reads the export. Also the Markdown transcript a reader downloads from the chat.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import threading
from datetime import datetime, timezone
from pathlib import Path

from .errors import InputError

RATINGS = ("up", "down")
EXPORT_COLUMNS = ("id", "created_at", "rating", "question", "answer", "citations", "mode", "comment")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations_json TEXT NOT NULL DEFAULT '[]',
    mode TEXT NOT NULL DEFAULT 'offline',
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT NOT NULL DEFAULT ''
)
"""


class FeedbackStore:
    """The feedback table; one short-lived connection per call (safe across threads)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._ready = False
        self._lock = threading.Lock()

    @classmethod
    def for_settings(cls, settings) -> "FeedbackStore":
        return cls(Path(settings.data_dir) / "app.db")

    def _connect(self) -> sqlite3.Connection:
        if not self._ready:
            with self._lock:
                if not self._ready:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                    with sqlite3.connect(self.path) as conn:
                        conn.execute("PRAGMA journal_mode=WAL")  # persistent: readers never block the writer
                        conn.execute(_SCHEMA)
                    self._ready = True
        conn = sqlite3.connect(self.path, timeout=10)
        conn.execute("PRAGMA busy_timeout=10000")
        return conn

    def record(self, question: str, answer: str, citations: list[dict] | None = None, mode: str = "offline",
               rating: str = "up", comment: str = "") -> int:
        """Store one rating; returns its row id."""
        if rating not in RATINGS:
            raise InputError(f"rating must be one of {', '.join(RATINGS)} (got {rating!r})", field="rating", allowed=list(RATINGS))
        created = datetime.now(timezone.utc).isoformat(timespec="seconds")
        conn = self._connect()
        try:
            with conn:
                cursor = conn.execute(
                    "INSERT INTO feedback (created_at, question, answer, citations_json, mode, rating, comment)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (created, question or "", answer or "", json.dumps(citations or [], ensure_ascii=False),
                     mode or "offline", rating, (comment or "")[:2000]),
                )
            return int(cursor.lastrowid)
        finally:
            conn.close()

    def rows(self) -> list[dict]:
        conn = self._connect()
        conn.row_factory = sqlite3.Row
        try:
            return [dict(r) for r in conn.execute("SELECT * FROM feedback ORDER BY id")]
        finally:
            conn.close()

    def count(self) -> int:
        conn = self._connect()
        try:
            return int(conn.execute("SELECT COUNT(*) FROM feedback").fetchone()[0])
        finally:
            conn.close()

    def export_csv(self) -> str:
        """All feedback, oldest first; citations as `[n] section_id` joined by '; '."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(EXPORT_COLUMNS)
        for row in self.rows():
            citations = "; ".join(f"[{c.get('n')}] {c.get('section_id')}" for c in json.loads(row["citations_json"] or "[]"))
            writer.writerow([row["id"], row["created_at"], row["rating"], _cell(row["question"]), _cell(row["answer"]),
                             citations, row["mode"], _cell(row["comment"])])
        return out.getvalue()


def _cell(text: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; a leading quote keeps them text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


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

"""Answer ratings in the app database, the CSV export, and the Markdown transcript."""

from __future__ import annotations

import csv
import io
import sqlite3
import threading

import pytest

from assistant.errors import InputError
from assistant.feedback import FeedbackStore, conversation_markdown, rating_from_thumbs

CITATIONS = [{"n": 1, "section_id": "hidden-costs", "source": "framework", "title": "§5 Hidden costs", "quote": "Fine-tuning is not a one-time cost."}]


def test_record_then_export_csv(tmp_path):
    store = FeedbackStore(tmp_path / "app.db")
    first = store.record("What are the hidden costs?", "Retraining [1].", CITATIONS, "offline", "up")
    second = store.record("=cmd|' /C calc'!A0", "No idea.", [], "llm", "down", comment="wrong section")
    assert (first, second) == (1, 2)

    rows = list(csv.DictReader(io.StringIO(store.export_csv())))
    assert [r["rating"] for r in rows] == ["up", "down"]
    assert rows[0]["question"] == "What are the hidden costs?"
    assert rows[0]["citations"] == "[1] hidden-costs"
    assert rows[1]["mode"] == "llm" and rows[1]["comment"] == "wrong section"
    assert rows[1]["question"].startswith("'=")  # a spreadsheet must not run it as a formula
    assert rows[0]["created_at"].endswith("+00:00")


def test_database_is_in_wal_mode_with_the_documented_columns(tmp_path):
    store = FeedbackStore(tmp_path / "data" / "app.db")
    store.record("q", "a", CITATIONS, "offline", "up")
    with sqlite3.connect(tmp_path / "data" / "app.db") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        columns = [r[1] for r in conn.execute("PRAGMA table_info(feedback)")]
        saved = conn.execute("SELECT citations_json FROM feedback").fetchone()[0]
    assert columns == ["id", "created_at", "question", "answer", "citations_json", "mode", "rating", "comment"]
    assert '"section_id": "hidden-costs"' in saved


def test_a_rating_must_be_up_or_down(tmp_path):
    with pytest.raises(InputError) as err:
        FeedbackStore(tmp_path / "app.db").record("q", "a", [], "offline", "meh")
    assert err.value.field == "rating"


def test_writers_in_threads_all_land(tmp_path):
    store = FeedbackStore(tmp_path / "app.db")
    threads = [threading.Thread(target=lambda i=i: store.record(f"q{i}", "a", [], "offline", "up")) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.count() == 12


def test_settings_place_the_database_in_the_data_dir(tmp_path):
    from assistant.config import load_settings

    settings = load_settings(env={"ASSISTANT_DATA_DIR": str(tmp_path)}, secrets={})
    assert FeedbackStore.for_settings(settings).path == tmp_path / "app.db"


def test_thumbs_values_map_to_ratings():
    assert [rating_from_thumbs(v) for v in (1, 0, None)] == ["up", "down", None]


def test_conversation_markdown_has_questions_answers_and_sources():
    history = [
        {"role": "user", "content": "What are the hidden costs?"},
        {"role": "assistant", "content": "Retraining [1].", "result": {"answer": "Retraining [1].", "citations": CITATIONS}},
    ]
    text = conversation_markdown(history)
    assert text.startswith("# Conversation with the framework assistant\n")
    assert "## Question\n\nWhat are the hidden costs?" in text
    assert "## Answer\n\nRetraining [1]." in text
    assert '1. §5 Hidden costs (`hidden-costs`, framework): "Fine-tuning is not a one-time cost."' in text


def test_csv_export_quotes_every_field_and_neutralises_bare_cr_and_formulas(tmp_path):
    """Issue 13, finding 6: a bare CR inside a question split a row, so `=1+1` started a
    new row of its own — a formula a spreadsheet would run."""
    store = FeedbackStore(tmp_path / "app.db")
    store.record("What is RAG?\r=1+1", "Answer\r\n@SUM(A1)", [], "offline", "up", comment="  -2+3")
    store.record("plain", "fine", CITATIONS, "offline", "down", comment="line one\rline two")
    text = store.export_csv()

    lines = text.split("\r\n")
    assert "\r" not in "".join(lines)  # the only CRs are the record terminators
    assert all(line.startswith('"') and line.endswith('"') for line in lines if line)  # every field quoted
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == 2
    assert rows[0]["question"] == "What is RAG?\n=1+1"  # one cell: no new row starts with =1+1
    assert rows[0]["answer"] == "Answer\n@SUM(A1)"
    assert rows[0]["comment"] == "'  -2+3"  # a formula after leading blanks is neutralised too
    assert rows[1]["comment"] == "line one\nline two"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())

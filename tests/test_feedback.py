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
    assert columns == ["id", "created_at", "question", "answer", "citations_json", "mode", "rating", "comment", "reason"]
    assert '"section_id": "hidden-costs"' in saved


def test_a_thumbs_down_keeps_its_reason_with_the_question_answer_and_citations(tmp_path):
    store = FeedbackStore(tmp_path / "app.db")
    store.record("Should we fine-tune?", "Use RAG [1].", CITATIONS, "offline", "down", reason="wrong_recommendation")
    row = store.rows()[0]
    assert (row["rating"], row["reason"], row["question"], row["answer"]) == \
        ("down", "wrong_recommendation", "Should we fine-tune?", "Use RAG [1].")
    assert '"section_id": "hidden-costs"' in row["citations_json"]


def test_a_reason_given_after_the_rating_is_added_once(tmp_path):
    """The chat stores the thumbs-down at once, then asks why: the reason joins that row."""
    store = FeedbackStore(tmp_path / "app.db")
    down = store.record("What is LoRA?", "Not covered.", [], "offline", "down")
    up = store.record("What is RAG?", "Retrieval [1].", CITATIONS, "offline", "up")
    assert store.add_reason(down, "other", "It should explain adapters") is True
    assert store.add_reason(down, "wrong_section") is False  # already said
    assert store.add_reason(up, "not_answered") is False  # a thumbs-up has no reason
    rows = {r["id"]: r for r in store.rows()}
    assert (rows[down]["reason"], rows[down]["comment"]) == ("other", "It should explain adapters")
    assert rows[up]["reason"] is None
    exported = list(csv.DictReader(io.StringIO(store.export_csv())))
    assert exported[0]["reason"] == "other" and exported[0]["comment"] == "It should explain adapters"


def test_a_reason_must_be_known_and_go_with_a_thumbs_down(tmp_path):
    store = FeedbackStore(tmp_path / "app.db")
    with pytest.raises(InputError) as unknown:
        store.record("q", "a", [], "offline", "down", reason="boring")
    assert unknown.value.field == "reason" and "wrong_section" in str(unknown.value)
    with pytest.raises(InputError, match="thumbs-down"):
        store.record("q", "a", [], "offline", "up", reason="not_answered")
    with pytest.raises(InputError):
        store.add_reason(1, "boring")
    assert store.count() == 0  # nothing was stored
    with sqlite3.connect(tmp_path / "app.db") as conn, pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO feedback (created_at, question, answer, rating, reason) VALUES ('t', 'q', 'a', 'down', 'x')")


@pytest.mark.parametrize("cell,expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\r=1", "'\n=1"), ("  =1", "'  =1"), ("plain", "plain"), ("a=b", "a=b"), ("", ""),
])
def test_cells_a_spreadsheet_would_run_get_a_leading_apostrophe(cell, expected):
    from assistant.feedback import inert_cell

    assert inert_cell(cell) == expected


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


# -- on the chat page (AppTest, the real offline assistant) ---------------------------------------
@pytest.fixture
def chat(assistant, tmp_path):
    """The chat page over the built index, with an app database of its own."""
    from assistant import runtime
    from assistant.service import Assistant
    from conftest import PROJECT
    from streamlit.testing.v1 import AppTest

    own = Assistant(assistant.settings.with_overrides(data_dir=tmp_path), embedder=assistant.embedder,
                    chroma_client=assistant.index.client)
    runtime.reset_assistant(own)
    yield own, AppTest.from_file(str(PROJECT / "assistant" / "ui" / "chat.py"), default_timeout=120).run()
    runtime.reset_assistant()


def test_a_thumbs_down_in_the_chat_asks_why_and_stores_the_reason(chat):
    own, at = chat
    at = at.chat_input[0].set_value("What are the hidden costs of fine-tuning?").run()
    at = at.feedback[0].set_value(0).run()  # thumbs down: stored at once
    assert not at.exception and FeedbackStore.for_settings(own.settings).rows()[0]["reason"] is None
    key = next(r.key for r in at.radio if r.key.startswith("reason-choice-")).removeprefix("reason-choice-")
    at.radio(key=f"reason-choice-{key}").set_value("wrong_section")
    at.text_input(key=f"reason-text-{key}").set_value("It should cite the RAG section")
    at = at.button(key=f"reason-send-{key}").click().run()
    assert not at.exception
    row = FeedbackStore.for_settings(own.settings).rows()[0]
    assert (row["rating"], row["reason"], row["comment"]) == ("down", "wrong_section", "It should cite the RAG section")
    assert row["question"] == "What are the hidden costs of fine-tuning?" and "hidden-costs" in row["citations_json"]
    assert not [r for r in at.radio if r.key.startswith("reason-choice-")]  # asked once


def test_a_question_the_chat_refuses_is_noted_for_the_gap_report(chat):
    from assistant.refusals import RefusalStore

    own, at = chat
    at = at.chat_input[0].set_value("Who won the 2022 World Cup?").run()
    at = at.chat_input[0].set_value("What are the hidden costs of fine-tuning?").run()
    assert not at.exception
    assert [r["question"] for r in RefusalStore.for_settings(own.settings).rows()] == ["Who won the 2022 World Cup?"]

"""The app database on both backends (a real SQLite file and a real PostgreSQL server):
migrations, feedback, conversations and the audit log, and what a broken database says."""

from __future__ import annotations

import csv
import io
import sqlite3
import threading

import pytest
from sqlalchemy import inspect

from assistant.audit import AuditLog
from assistant.conversations import ConversationStore
from assistant.db import HEAD, MIGRATIONS, Database, open_database
from assistant.errors import InputError, StorageError
from assistant.feedback import FeedbackStore

try:
    from fixtures.databases import db_url  # noqa: F401
except ImportError:  # tests/ became a package
    from tests.fixtures.databases import db_url  # noqa: F401

CITATIONS = [{"n": 1, "section_id": "hidden-costs", "source": "framework", "title": "§5", "quote": "Not one-off."}]
TABLES = {"feedback", "conversations", "conversation_messages", "audit_log", "refusals", "api_keys"}


def run_threads(target, count: int) -> None:
    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


# -- migrations -----------------------------------------------------------------------------
def test_head_constant_matches_the_migration_scripts():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD


def test_first_use_migrates_to_head_and_the_schema_matches_the_tables(db_url):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from assistant.tables import metadata

    db = open_database(db_url)
    assert db.revision() is None
    FeedbackStore(db).count()
    assert db.revision() == HEAD
    assert TABLES <= set(inspect(db.engine).get_table_names())
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_server_default": False}), metadata)
    assert diff == []  # the newest migration and tables.py describe the same schema


def test_replicas_starting_together_migrate_once(db_url):
    """Separate engines (as separate processes would have) racing to migrate one database."""
    errors: list[BaseException] = []
    dbs = [Database(db_url) for _ in range(4)]

    def start(i: int) -> None:
        try:
            dbs[i].migrate()
        except BaseException as exc:  # noqa: BLE001 — collected for the assertion below
            errors.append(exc)

    run_threads(start, 4)
    for db in dbs:
        db.dispose()
    assert errors == [] and open_database(db_url).revision() == HEAD


def test_an_app_db_from_before_migrations_is_adopted_with_its_rows(tmp_path):
    path = tmp_path / "app.db"
    with sqlite3.connect(path) as conn:  # the schema the first release created by hand
        conn.execute("CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, "
                     "question TEXT NOT NULL, answer TEXT NOT NULL, citations_json TEXT NOT NULL DEFAULT '[]', "
                     "mode TEXT NOT NULL DEFAULT 'offline', rating TEXT NOT NULL CHECK (rating IN ('up', 'down')), "
                     "comment TEXT NOT NULL DEFAULT '')")
        conn.execute("INSERT INTO feedback (created_at, question, answer, rating) "
                     "VALUES ('2026-11-25T10:00:00+00:00', 'old question', 'old answer', 'up')")
    store = FeedbackStore(path)
    assert [r["question"] for r in store.rows()] == ["old question"]
    store.record("new question", "new answer", [], "offline", "down", reason="not_answered")
    assert store.count() == 2 and store.db.revision() == HEAD
    assert TABLES <= set(inspect(store.db.engine).get_table_names())
    with sqlite3.connect(path) as conn, pytest.raises(sqlite3.IntegrityError):  # 0002 kept the old rating check
        conn.execute("INSERT INTO feedback (created_at, question, answer, rating) VALUES ('t', 'q', 'a', 'meh')")


# -- feedback ---------------------------------------------------------------------------------
def test_feedback_round_trip_and_export(db_url):
    store = FeedbackStore(db_url)
    first = store.record("What are the hidden costs?", "Retraining [1].", CITATIONS, "offline", "up")
    second = store.record("=cmd|' /C calc'!A0", "No idea.", [], "llm", "down", comment="wrong section")
    assert second > first
    rows = list(csv.DictReader(io.StringIO(store.export_csv())))
    assert [r["rating"] for r in rows] == ["up", "down"] and rows[0]["citations"] == "[1] hidden-costs"
    assert rows[1]["question"].startswith("'=") and rows[0]["created_at"].endswith("+00:00")
    with pytest.raises(InputError):
        store.record("q", "a", [], "offline", "meh")


def test_feedback_reasons_on_both_backends(db_url):
    store = FeedbackStore(db_url)
    first = store.record("Should we fine-tune?", "Use RAG [1].", CITATIONS, "offline", "down", reason="wrong_section")
    second = store.record("What is LoRA?", "Not covered.", [], "offline", "down")
    assert store.add_reason(second, "other", "explain adapters") and not store.add_reason(second, "other")
    rows = store.rows()
    assert [(r["id"], r["reason"]) for r in rows] == [(first, "wrong_section"), (second, "other")]
    assert rows[1]["comment"] == "explain adapters"
    from sqlalchemy.exc import IntegrityError

    from assistant.tables import feedback

    with pytest.raises(IntegrityError), store.db.begin() as conn:  # the database itself refuses an unknown reason
        conn.execute(feedback.insert().values(created_at="t", question="q", answer="a", rating="down", reason="meh"))


def test_refusals_and_keys_on_both_backends(db_url):
    from assistant.api_keys import KeyStore
    from assistant.refusals import RefusalStore

    db = open_database(db_url)
    refusals = RefusalStore(db)
    refusals.record("What is the capital of France?", "offline", "intro")
    refusals.record("Who won the World Cup?", "llm", "")
    assert [(r["question"], r["mode"], r["nearest_section"]) for r in refusals.rows()] == [
        ("What is the capital of France?", "offline", "intro"), ("Who won the World Cup?", "llm", "")]
    assert [r["question"] for r in refusals.rows(limit=1)] == ["Who won the World Cup?"]  # the newest
    keys = KeyStore(db)
    _, key = keys.create("portal", "ana")
    assert keys.authenticate(key).name == "portal"
    keys.revoke("portal", "ana")
    assert keys.authenticate(key) is None


def test_feedback_writers_in_threads_all_land(db_url):
    store = FeedbackStore(db_url)
    run_threads(lambda i: store.record(f"q{i}", "a", [], "offline", "up"), 12)
    assert store.count() == 12 and store.problem() is None


def test_two_replicas_share_feedback(db_url):
    """Two engines on one URL stand for two app processes: each sees the other's ratings."""
    one, two = Database(db_url), Database(db_url)
    try:
        FeedbackStore(one).record("from replica one", "a", [], "offline", "up")
        FeedbackStore(two).record("from replica two", "a", [], "offline", "down")
        assert [r["question"] for r in FeedbackStore(one).rows()] == ["from replica one", "from replica two"]
    finally:
        one.dispose()
        two.dispose()


# -- conversations ----------------------------------------------------------------------------
def test_conversations_keep_turns_in_order(db_url):
    store = ConversationStore(open_database(db_url))
    ana = "ana@example.com"
    cid = store.start(ana, title="RAG or fine-tuning?")
    assert store.append(cid, "user", "When should we fine-tune?", owner=ana) == 0
    assert store.append(cid, "assistant", "Rarely [1].", result={"answer": "Rarely [1].", "citations": CITATIONS},
                        owner=ana) == 1
    other = store.start("bo@example.com")
    got = store.get(cid, owner=ana)
    assert got["title"] == "RAG or fine-tuning?" and got["user_id"] == "ana@example.com"
    assert [(m["position"], m["role"]) for m in got["messages"]] == [(0, "user"), (1, "assistant")]
    assert got["messages"][1]["result"]["citations"] == CITATIONS and got["messages"][0]["result"] is None
    assert [c["id"] for c in store.list(ana)] == [cid]
    assert [c["id"] for c in store.list("bo@example.com")] == [other]
    assert store.delete(cid, owner=ana) is True and store.get(cid, owner=ana) is None
    assert store.delete(cid, owner=ana) is False


def test_concurrent_appends_get_distinct_positions(db_url):
    store = ConversationStore(open_database(db_url))
    cid = store.start("browser:1")
    run_threads(lambda i: store.append(cid, "user", f"turn {i}", owner="browser:1"), 8)
    assert [m["position"] for m in store.get(cid, owner="browser:1")["messages"]] == list(range(8))


def test_conversation_input_is_checked(db_url):
    store = ConversationStore(open_database(db_url))
    with pytest.raises(InputError) as bad_role:
        store.append(store.start("browser:1"), "system", "hi", owner="browser:1")
    assert bad_role.value.field == "role"
    with pytest.raises(InputError):
        store.append("no-such-conversation", "user", "hi", owner="browser:1")


# -- audit log --------------------------------------------------------------------------------
def test_audit_log_newest_first_and_filtered(db_url):
    audit = AuditLog(open_database(db_url))
    audit.record("ana@example.com", "case_note.added", "case-015", {"file": "case-015.md"})
    audit.record("system", "index.rebuilt")
    audit.record("ana@example.com", "key.revoked", "portal")
    entries = audit.entries()
    assert [e["action"] for e in entries] == ["key.revoked", "index.rebuilt", "case_note.added"]
    assert entries[2]["details"] == {"file": "case-015.md"} and entries[2]["target"] == "case-015"
    assert [e["action"] for e in audit.entries(actor="ana@example.com", action="case_note.added")] == ["case_note.added"]
    with pytest.raises(InputError):
        audit.record("", "x")


# -- failures ----------------------------------------------------------------------------------
def test_an_unreachable_server_is_a_storage_error_naming_the_setting():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    db = Database(f"postgresql+psycopg://nobody:secret-pw@127.0.0.1:{port}/app")
    try:
        with pytest.raises(StorageError) as err:
            FeedbackStore(db).count()
        assert "ASSISTANT_DATABASE_URL" in str(err.value) and "secret-pw" not in str(err.value)
        assert err.value.http_status == 503
        problem = db.problem()
        assert problem.startswith("database:") and "cannot be reached" in problem
    finally:
        db.dispose()


def test_a_damaged_sqlite_file_is_reported_not_raised(tmp_path):
    path = tmp_path / "app.db"
    path.write_bytes(b"this is not a database" * 100)
    db = Database(f"sqlite:///{path}")
    try:
        assert "damaged" in db.problem()
        with pytest.raises(StorageError, match="damaged"):
            FeedbackStore(db).record("q", "a")
    finally:
        db.dispose()


def test_the_database_url_setting(tmp_path):
    from assistant.config import load_settings
    from assistant.errors import ConfigError

    default = load_settings(env={"ASSISTANT_DATA_DIR": str(tmp_path)}, secrets={})
    assert default.database_url is None and default.db_url == f"sqlite:///{tmp_path / 'app.db'}"
    assert FeedbackStore.for_settings(default).path == tmp_path / "app.db"
    pg = load_settings(env={"ASSISTANT_DATABASE_URL": "postgres://app:pw@db.internal:5432/assistant"}, secrets={})
    assert pg.db_url == "postgresql+psycopg://app:pw@db.internal:5432/assistant"
    assert "pw" not in repr(pg)
    with pytest.raises(ConfigError) as bad:
        load_settings(env={"ASSISTANT_DATABASE_URL": "mysql://app:pw@db/assistant"}, secrets={})
    assert bad.value.field == "ASSISTANT_DATABASE_URL" and "postgresql://" in str(bad.value) and "pw" not in str(bad.value)


# -- start-up -----------------------------------------------------------------------------------
@pytest.fixture
def app_env(monkeypatch, tmp_path):
    from assistant import runtime

    for name in ("ASSISTANT_DATABASE_URL", "ASSISTANT_LLM_TIMEOUT", "ASSISTANT_LLM_FIRST_TOKEN_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path))
    monkeypatch.setattr("assistant.config.SECRETS_FILE", tmp_path / "no-secrets.toml")
    runtime.reset_assistant()
    yield monkeypatch
    runtime.reset_assistant()


def start_app() -> None:
    import asyncio

    from assistant.runtime import lifespan

    async def start_and_stop() -> None:
        async with lifespan(None):
            pass

    asyncio.run(start_and_stop())


def test_the_app_migrates_the_database_on_start(app_env, tmp_path):
    from assistant.db import sqlite_url

    start_app()
    assert open_database(sqlite_url(tmp_path / "app.db")).revision() == HEAD


def test_a_database_that_is_down_at_start_is_logged_not_fatal(app_env, caplog):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app_env.setenv("ASSISTANT_DATABASE_URL", f"postgresql://nobody@127.0.0.1:{port}/app")
    start_app()
    assert any("app database not ready at start" in r.getMessage() for r in caplog.records)

"""Issue 13: a warm restart's first answer does not wait for SQLAlchemy (~0.25 s of
imports). The app imports no database layer; the API's key check, which reads the app
database on every call, reads the SQLite file with the standard library's sqlite3 until
the process has made its engine (`Database.peek`), and gives the same verdicts.

Whether SQLAlchemy is imported is a per-process fact: the served checks run the app in
a fresh interpreter, as `streamlit run app.py` imports it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import PROJECT

# What the server does up to its first answer: import app.py, run the start-up the
# lifespan starts (startup.py), answer over HTTP a loopback client; then health, which
# needs the database (and so SQLAlchemy) and must still find it working.
SERVE = """
import json, sys
import app  # noqa: F401 — the served module, as Streamlit imports it
seen = {"import": "sqlalchemy" in sys.modules}
from assistant.runtime import get_assistant, get_embedder
from assistant.startup import start_in_background, wait_until_started
start_in_background(get_assistant, get_embedder)
assert wait_until_started().stage == "ready"
from starlette.testclient import TestClient
from assistant.api import api_app
headers = json.loads(sys.argv[1])
with TestClient(api_app(), client=("127.0.0.1", 50000)) as http:
    first = http.post("/api/v1/ask", json={"question": "What are the hidden costs of fine-tuning?"}, headers=headers)
    wrong = http.post("/api/v1/ask", json={"question": "What is RAG?"}, headers={"Authorization": "Bearer fa_wrong"})
    seen |= {"first": first.status_code, "cited": bool(first.json().get("citations")), "wrong": wrong.status_code,
             "answered": "sqlalchemy" in sys.modules or "alembic" in sys.modules}
    health = http.get("/api/health")
    seen |= {"health": health.status_code, "problems": health.json().get("problems", [])}
print(json.dumps(seen))
"""


@pytest.fixture(scope="module")
def served_env(tmp_path_factory):
    """A built index and a migrated app database: a warm restart's data dir."""
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path_factory.mktemp("lazy") / "data"), "PYTHONPATH": str(PROJECT)}
    for key in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_ENDPOINT", "ASSISTANT_CHROMA_URL",
                "ASSISTANT_API_TOKEN", "ASSISTANT_DATABASE_URL"):
        env.pop(key, None)
    for command in (["index"], ["keys", "list"]):
        done = subprocess.run([sys.executable, "-m", "assistant", *command], cwd=PROJECT, env=env,
                              capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stderr[-2000:]
    return env


def serve(env: dict, headers: dict) -> dict:
    done = subprocess.run([sys.executable, "-c", SERVE, json.dumps(headers)], cwd=PROJECT, env=env,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.splitlines()[-1])


def test_the_first_answer_without_keys_does_not_import_sqlalchemy(served_env):
    seen = serve(served_env, {})
    # with no key anywhere a loopback client is answered, whatever bearer it sends
    assert seen == {"import": False, "first": 200, "cited": True, "wrong": 200, "answered": False,
                    "health": 200, "problems": []}


def test_the_first_answer_with_a_key_does_not_import_sqlalchemy_and_a_revoked_key_is_refused(served_env):
    created = subprocess.run([sys.executable, "-m", "assistant", "keys", "create", "portal", "--json"], cwd=PROJECT,
                             env=served_env, capture_output=True, text=True, timeout=300)
    assert created.returncode == 0, created.stderr
    bearer = {"Authorization": "Bearer " + json.loads(created.stdout)["key"]}
    seen = serve(served_env, bearer)
    assert seen == {"import": False, "first": 200, "cited": True, "wrong": 401, "answered": False,
                    "health": 200, "problems": []}
    # a key exists now: a loopback client without one is refused, still before SQLAlchemy
    assert serve(served_env, {})["first"] == 401
    for command in (["create", "spare"], ["revoke", "portal"]):  # another key stays active: keys are required
        done = subprocess.run([sys.executable, "-m", "assistant", "keys", *command], cwd=PROJECT,
                              env=served_env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    seen = serve(served_env, bearer)
    assert (seen["first"], seen["answered"]) == (401, False)


def test_peek_gives_the_engines_verdicts_and_steps_aside_when_it_cannot(tmp_path):
    from assistant.api_keys import KeyStore
    from assistant.db import Database, close_database, open_database

    path = tmp_path / "app.db"
    assert Database(f"sqlite:///{path}").peek("SELECT 1") is None  # no file yet: the engine creates it
    store = KeyStore(open_database(path))
    assert store.has_active() is False
    _, key = store.create("portal", "tester")
    _, other = store.create("script", "tester", rate_limit=5)
    store.revoke("script", "tester")
    by_engine = (store.has_active(), store.authenticate(key), store.authenticate(other), store.authenticate("fa_x"))
    close_database(path)

    fresh = Database(f"sqlite:///{path}")  # a new process's view: no engine made yet
    assert [tuple(r) for r in fresh.peek("SELECT name FROM api_keys ORDER BY id")] == [("portal",), ("script",)]
    peeked = KeyStore(fresh)
    assert (peeked.has_active(), peeked.authenticate(key), peeked.authenticate(other),
            peeked.authenticate("fa_x")) == by_engine
    assert fresh._engine is None  # answered without SQLAlchemy's engine

    assert fresh.peek("SELECT * FROM no_such_table") is None  # an error: the engine path reports it
    with fresh.begin() as conn:  # once the engine exists, everything goes through it as before
        conn.exec_driver_sql("SELECT 1")
    assert fresh.peek("SELECT 1") is None
    fresh.dispose()
    assert Database("postgresql+psycopg://u@localhost/x").peek("SELECT 1") is None


def test_an_older_schema_is_left_to_the_engine_to_migrate(tmp_path):
    import sqlite3

    from assistant.db import Database

    path = tmp_path / "app.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        conn.execute("INSERT INTO alembic_version VALUES ('0001')")
    conn.close()
    assert Database(f"sqlite:///{path}").peek("SELECT 1") is None

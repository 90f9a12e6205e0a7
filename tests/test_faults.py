"""Failure modes stay boring: a writer killed with SIGKILL mid-re-index leaves a
consistent index (the old generation or the new, never half)."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import PROJECT


def run_cli(env, *args, timeout=300):
    return subprocess.run([sys.executable, "-m", "assistant", *args], cwd=PROJECT, env=env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def env(tmp_path):
    e = {**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path / "data")}
    for key in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_ENDPOINT"):
        e.pop(key, None)
    assert run_cli(e, "index").returncode == 0
    return e


def live_generation(env) -> str:
    code = ("import json; from assistant.config import load_settings; from assistant.index import open_chroma, VectorIndex; "
            "print(json.dumps(VectorIndex(open_chroma(load_settings()), None).live_state()))")
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120)
    return json.loads(out.stdout)["generation"]


def test_kill_9_during_a_rebuild_keeps_a_consistent_index(env):
    before = live_generation(env)
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "index", "--rebuild"], cwd=PROJECT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Wait until it is embedding (the progress bar is on stderr), then kill it hard.
    deadline = time.time() + 120
    seen = ""
    while time.time() < deadline and "Embedding" not in seen:
        seen += proc.stderr.read(1) or ""
    time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    after = live_generation(env)
    assert after == before  # the pointer never moved to a half-built generation
    out = run_cli(env, "search", "hidden costs", "-k", "1", "--json")
    assert out.returncode == 0 and json.loads(out.stdout)["results"][0]["section_id"] == "hidden-costs"
    again = run_cli(env, "index", "--json")
    assert json.loads(again.stdout)["embedded"] == 0  # the old generation is intact and current


WRITER = """
import sys
from pathlib import Path
from assistant.feedback import FeedbackStore
store = FeedbackStore(Path(sys.argv[1]))
print("ready", flush=True)
i = 0
while True:
    store.record(f"question {i}", "answer " * 200, [{"n": 1, "section_id": "rag"}], "offline", "up")
    i += 1
"""


def test_kill_9_during_feedback_writes_leaves_a_database_that_opens_clean(tmp_path):
    import sqlite3

    from assistant.feedback import FeedbackStore

    db = tmp_path / "app.db"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db)], cwd=PROJECT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(1.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store = FeedbackStore(db)
    written = store.count()
    assert written > 0
    store.record("after the crash", "still fine", [], "offline", "down")
    assert store.count() == written + 1 and "after the crash" in store.export_csv()


def test_the_api_says_503_when_the_vector_store_is_gone_and_recovers(tmp_path, embedder):
    """Chroma unreachable → a clear 503 from the API (not a traceback); back → 200."""
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from assistant import runtime
    from assistant.api import api_routes
    from conftest import make_assistant
    from test_chroma_server import free_port, start_server

    port = free_port()
    server = start_server(tmp_path / "chroma", port)
    app_assistant = make_assistant(tmp_path / "data", embedder, chroma_url=f"http://127.0.0.1:{port}")
    app_assistant.sync_index()
    runtime.reset_assistant(app_assistant)
    try:
        client = TestClient(Starlette(routes=api_routes()), client=("127.0.0.1", 5000))
        assert client.get("/api/v1/search", params={"q": "hidden costs"}).status_code == 200
        server.kill()
        server.wait()
        time.sleep(2.5)
        down = client.get("/api/v1/search", params={"q": "hidden costs"})
        assert down.status_code == 503 and "unavailable" in down.json()["error"]["message"]
        assert client.get("/api/health").status_code == 503
        server = start_server(tmp_path / "chroma", port)
        time.sleep(2.5)
        assert client.get("/api/v1/search", params={"q": "hidden costs"}).json()["results"][0]["section_id"] == "hidden-costs"
    finally:
        server.kill()
        runtime.reset_assistant()

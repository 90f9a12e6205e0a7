"""Failure modes stay boring: a writer killed with SIGKILL mid-re-index leaves a
consistent index (the old generation or the new, never half)."""

import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest

from conftest import PROJECT


def wait_for(probe, ready, what: str, timeout: float = 60.0):
    """Call `probe` until `ready(result)`; a wait on a condition, never a fixed sleep."""
    end = time.monotonic() + timeout
    while True:
        result = probe()
        if ready(result):
            return result
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what} (last: {result!r})")
        time.sleep(0.05)


def rows_in(db) -> int:
    """Feedback rows another process has committed so far (0 before its table exists)."""
    import sqlite3

    try:
        with sqlite3.connect(db, timeout=10) as conn:
            return conn.execute("SELECT COUNT(*) FROM feedback").fetchone()[0]
    except sqlite3.Error:
        return 0


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
    while time.time() < deadline and not re.search(r"\b[1-9]\d*/\d+ \[", seen):  # some texts embedded, not all
        seen += proc.stderr.read(1) or ""
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
    wait_for(lambda: rows_in(db), lambda n: n >= 50, "the writer to be well under way")
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
    from starlette.testclient import TestClient

    from assistant import runtime
    from assistant.api import api_app
    from conftest import make_assistant
    from test_chroma_server import free_port, start_server

    port = free_port()
    server = start_server(tmp_path / "chroma", port)
    app_assistant = make_assistant(tmp_path / "data", embedder, chroma_url=f"http://127.0.0.1:{port}")
    app_assistant.sync_index()
    runtime.reset_assistant(app_assistant)
    try:
        client = TestClient(api_app(), client=("127.0.0.1", 5000))
        assert client.get("/api/v1/search", params={"q": "hidden costs"}).status_code == 200
        server.kill()
        server.wait()
        down = wait_for(lambda: client.get("/api/v1/search", params={"q": "hidden costs"}),
                        lambda r: r.status_code != 200, "the API to notice the store is gone")
        assert down.status_code == 503 and "unavailable" in down.json()["error"]["message"]
        assert client.get("/api/health").status_code == 503
        server = start_server(tmp_path / "chroma", port)
        back = wait_for(lambda: client.get("/api/v1/search", params={"q": "hidden costs"}),
                        lambda r: r.status_code == 200, "the API to recover")
        assert back.json()["results"][0]["section_id"] == "hidden-costs"
    finally:
        server.kill()
        runtime.reset_assistant()


# -- issue 13, finding 3: faults that were silent or leaked --------------------------------
FALLBACK = """
import json, sys
sys.modules["onnxruntime"] = None  # ONNX Runtime missing or broken: a real ImportError on import
from pathlib import Path
from assistant.config import load_settings
from assistant.service import Assistant
from assistant.health import health_report
a = Assistant(load_settings())
a.embedder.model()
print(json.dumps({"backend": a.embedder.backend_used, "health": health_report(a)[0]}))
"""


def test_an_onnx_fallback_to_torch_is_logged_and_reported_by_health(env):
    out = subprocess.run([sys.executable, "-c", FALLBACK], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    data = json.loads(out.stdout.splitlines()[-1])
    assert data["backend"] == "torch"
    assert "falling back to torch" in out.stderr  # one log line says what was lost
    assert data["health"]["status"] == "degraded"
    assert any(p.startswith("encoder: torch fallback: ModuleNotFoundError") and "onnxruntime" in p
               for p in data["health"]["problems"]), data["health"]["problems"]


def test_a_truncated_onnx_export_is_exported_again_not_silently_replaced_by_torch(env, tmp_path):
    import shutil
    from pathlib import Path

    (cached,) = (Path(env["ASSISTANT_DATA_DIR"]) / "models").glob("*.onnx")
    for form in cached.parent.glob(f"{cached.stem}-ort*"):  # the export's serving form would serve instead of it
        shutil.rmtree(form)
    cached.write_bytes(cached.read_bytes()[: cached.stat().st_size // 3])
    code = ("import sys; from pathlib import Path; from assistant.embedder import Embedder; "
            f"e = Embedder(cache_dir=Path({env['ASSISTANT_DATA_DIR']!r})); e.encode(['x']); "
            "print(e.backend_used, e.problem, 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["onnx", "None", "False"]
    assert "exporting it again" in out.stderr
    assert cached.stat().st_size > 1_000_000


def test_a_damaged_chroma_database_gives_the_same_clear_503_every_time(tmp_path, embedder):
    from starlette.testclient import TestClient

    from assistant import runtime
    from assistant.api import api_app
    from conftest import make_assistant

    store = tmp_path / "data" / "chroma"
    store.mkdir(parents=True)
    (store / "chroma.sqlite3").write_bytes(b"this is not a database" * 1000)
    runtime.reset_assistant(make_assistant(tmp_path / "data", embedder))
    try:
        client = TestClient(api_app(), client=("127.0.0.1", 5000))
        replies = [client.get("/api/v1/search", params={"q": "hidden costs"}) for _ in range(3)]
        replies += [client.post("/api/v1/ask", json={"question": "What is RAG?"}) for _ in range(2)]
        assert {r.status_code for r in replies} == {503}
        messages = {r.json()["error"]["message"] for r in replies}
        assert len(messages) == 1, messages  # not a clear 503 one time and an AttributeError the next
        (message,) = messages
        assert "damaged" in message and "python -m assistant index" in message and str(tmp_path) not in message
        health = client.get("/api/health")
        assert health.status_code == 503 and health.json()["status"] == "degraded"
        assert any("damaged" in p for p in health.json()["problems"])
    finally:
        runtime.reset_assistant()

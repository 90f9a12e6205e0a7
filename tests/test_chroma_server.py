"""Scale-out: two app replicas share one index on a real `chroma run` server on loopback;
when the server goes away the API says 503, and it recovers when the server returns."""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from assistant.errors import IndexUnavailable
from conftest import make_assistant

CHROMA = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
pytestmark = pytest.mark.skipif(not Path(CHROMA).exists(), reason="the chroma CLI is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(path: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    proc = subprocess.Popen([CHROMA, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("chroma server did not start")


@pytest.fixture
def server(tmp_path):
    port = free_port()
    proc = start_server(tmp_path / "chroma", port)
    state = {"proc": proc, "port": port, "path": tmp_path / "chroma"}
    yield state
    state["proc"].kill()
    state["proc"].wait()


def test_two_replicas_share_one_index(server, tmp_path, embedder):
    url = f"http://127.0.0.1:{server['port']}"
    writer = make_assistant(tmp_path / "a", embedder, chroma_url=url)
    reader = make_assistant(tmp_path / "b", embedder, chroma_url=url)
    report = writer.sync_index()
    assert report.embedded > 0
    assert reader.sync_index().embedded == 0  # the second replica finds the index already built
    assert reader.search("hidden costs of fine-tuning", k=1)["results"][0]["section_id"] == "hidden-costs"
    assert reader.ask("What does prompt engineering include?")["citations"][0]["section_id"] == "prompt-engineering"


def test_server_down_is_a_clear_error_and_recovery_follows(server, tmp_path, embedder):
    url = f"http://127.0.0.1:{server['port']}"
    app = make_assistant(tmp_path / "a", embedder, chroma_url=url)
    app.sync_index()
    assert app.search("RAG", k=1)["results"]
    server["proc"].kill()
    server["proc"].wait()
    time.sleep(2.5)  # past the snapshot's re-check interval
    with pytest.raises(IndexUnavailable):
        app.search("RAG", k=1)
    server["proc"] = start_server(server["path"], server["port"])
    time.sleep(2.5)
    assert app.search("hidden costs", k=1)["results"][0]["section_id"] == "hidden-costs"

"""The server's background start-up (issue 11 §3, issue 13's warm first answer): it builds
a missing index with progress, warms what the first answer needs, reports each stage,
and /api/health says so meanwhile ("degraded", with a "starting:" problem and its progress).

Real embedding model and a real Chroma store in a temp dir; the status is the module's
own (reset to idle after each test)."""

from __future__ import annotations

import shutil
import threading

import pytest

from assistant import startup
from assistant.health import health_report
from conftest import KNOWLEDGE, make_assistant


@pytest.fixture(autouse=True)
def idle_status():
    startup.report(stage="idle", done=0, total=0, error="")
    yield
    startup.report(stage="idle", done=0, total=0, error="")


@pytest.fixture
def small_knowledge(tmp_path):
    """Two framework sections: a build with real embeddings that takes a moment, not minutes."""
    target = tmp_path / "knowledge" / "framework"
    target.mkdir(parents=True)
    for name in ("01-intro.md", "08-prompt-engineering.md"):
        shutil.copy(KNOWLEDGE / "framework" / name, target / name)
    return target.parent


def watch_until_over(seen: list) -> threading.Thread:
    """Record every status the start-up passes through (each change wakes the watcher)."""
    def watch():
        status = startup.index_status()
        seen.append(status)
        while status.stage not in ("ready", "failed"):
            status = startup.wait_for_change(status, timeout=60)
            seen.append(status)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def test_a_missing_index_is_built_in_the_background_with_progress_then_warmed(tmp_path, embedder, small_knowledge):
    assistant = make_assistant(tmp_path / "data", embedder, knowledge_dir=small_knowledge)
    seen: list = []
    watcher = watch_until_over(seen)
    final = startup.warm_up(lambda: assistant)
    watcher.join(timeout=120)

    assert final.stage == "ready" and not final.error
    stages = list(dict.fromkeys(s.stage for s in seen))
    assert stages[-3:] == ["indexing", "warming", "ready"], stages
    indexing = [s for s in seen if s.stage == "indexing" and s.total]
    assert indexing and indexing[-1].done == indexing[-1].total > 0  # every passage counted
    assert "passages embedded" in indexing[-1].message
    assert assistant.index.live_state().get("generation")  # built, and live
    assert assistant.index.verify() is None


def test_a_built_index_is_only_warmed(tmp_path, embedder, small_knowledge):
    assistant = make_assistant(tmp_path / "data", embedder, knowledge_dir=small_knowledge)
    assistant.ensure_index()
    generation = assistant.index.live_state()["generation"]
    seen: list = []
    watcher = watch_until_over(seen)
    assert startup.warm_up(lambda: assistant).stage == "ready"
    watcher.join(timeout=120)
    assert "indexing" not in {s.stage for s in seen}
    assert assistant.index.live_state()["generation"] == generation  # unchanged notes: nothing rebuilt


def test_the_encoder_can_start_loading_before_the_assistant_exists(tmp_path, embedder, small_knowledge):
    """The server passes the shared encoder separately (runtime.get_embedder): its model
    loads beside the Assistant's imports, and the start-up ends ready all the same."""
    assistant = make_assistant(tmp_path / "data", embedder, knowledge_dir=small_knowledge)
    assistant.ensure_index()
    asked_for: list = []

    def get_embedder():
        asked_for.append("encoder")
        return assistant.embedder

    def get_assistant():
        asked_for.append("assistant")
        return assistant

    assert startup.warm_up(get_assistant, get_embedder=get_embedder).stage == "ready"
    assert "encoder" in asked_for and assistant.embedder.loaded


def test_a_start_up_that_cannot_finish_says_why_and_does_not_raise(tmp_path, embedder, small_knowledge):
    store = tmp_path / "data" / "chroma"
    store.mkdir(parents=True)
    (store / "chroma.sqlite3").write_bytes(b"this is not a database" * 1000)  # a damaged vector store
    assistant = make_assistant(tmp_path / "data", embedder, knowledge_dir=small_knowledge)

    final = startup.warm_up(lambda: assistant)
    assert final.stage == "failed" and "damaged" in final.error
    assert not final.starting  # the pages stop waiting and show the real error themselves


def test_health_says_starting_while_the_index_builds(tmp_path, embedder, small_knowledge):
    assistant = make_assistant(tmp_path / "data", embedder, knowledge_dir=small_knowledge)
    body, status = health_report(assistant)
    assert body["status"] == "degraded" and status == 200  # no start-up running: an empty index is a problem

    startup.report(stage="indexing", done=12, total=40)
    body, status = health_report(assistant)
    assert status == 200 and body["status"] == "degraded"
    assert body["problems"] == ["starting: The assistant is starting: building the knowledge index: 12 of 40 passages embedded."]
    assert body["starting"] == {"stage": "indexing", "done": 12, "total": 40}

    startup.report(stage="ready")
    assistant.ensure_index()
    body, status = health_report(assistant)
    assert status == 200 and body["status"] == "ok" and "starting" not in body


def test_a_real_fault_during_start_up_is_still_degraded(tmp_path, embedder, small_knowledge):
    assistant = make_assistant(tmp_path / "data", embedder, knowledge_dir=small_knowledge)
    assistant.ensure_index()
    (tmp_path / "data" / "app.db").write_bytes(b"this is not a database" * 1000)  # a damaged app database
    startup.report(stage="indexing")
    body, status = health_report(assistant)
    assert body["status"] == "degraded" and body["problems"] and status == 200
    assert body["starting"]["stage"] == "indexing"


def test_warming_caches_is_already_serving(tmp_path, embedder, small_knowledge):
    assistant = make_assistant(tmp_path / "data", embedder, knowledge_dir=small_knowledge)
    assistant.ensure_index()
    startup.report(stage="warming")
    body, status = health_report(assistant)
    assert status == 200 and body["status"] == "ok" and "starting" not in body
    assert startup.index_status().starting  # the chat still waits the moment it takes


def test_the_status_reads_as_a_visitor_would_see_it():
    assert startup.StartStatus("indexing", 0, 0).message == "The assistant is starting: building the knowledge index."
    assert startup.StartStatus("indexing", 30, 120).fraction == 0.25
    assert startup.StartStatus("loading").starting and not startup.StartStatus("idle").starting
    assert not startup.StartStatus("ready").message


def test_an_api_request_during_the_start_up_waits_for_it_instead_of_repeating_it(assistant):
    """`get_ready_assistant` (the API's) returns once the start-up is over; health's
    `get_assistant` answers meanwhile."""
    from assistant import runtime

    runtime.reset_assistant(assistant)
    try:
        startup.report(stage="warming")
        served = threading.Event()
        waiter = threading.Thread(target=lambda: (runtime.get_ready_assistant(), served.set()), daemon=True)
        waiter.start()
        assert runtime.get_assistant() is assistant  # health is not held up
        assert not served.wait(timeout=0.3)  # still starting: the request waits
        startup.report(stage="ready")
        assert served.wait(timeout=30)
    finally:
        runtime.reset_assistant()

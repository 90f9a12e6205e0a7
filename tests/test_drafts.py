"""Drafts, publishing and the audit log (assistant/drafts.py): a note written in the UI
is a draft outside the knowledge folder until an editor publishes it; every change is
audited with the file's sha256; a `kill -9` in the middle of a publish leaves a sound
audit log and nothing half-written for the index."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from filelock import FileLock, Timeout

from assistant.audit import AuditLog
from assistant.case_notes import case_note_markdown
from assistant.config import load_settings
from assistant.db import open_database
from assistant.drafts import DraftStore, knowledge_sha256
from assistant.errors import KnowledgeError
from assistant.knowledge import load_knowledge
from conftest import PROJECT, make_assistant

EDITOR = "editor@example.com"


def note_text(n: int, title: str = "Warranty claims triage", padding: int = 0) -> str:
    body = ("## Situation\n\nAn appliance maker wanted to fine-tune a model to sort warranty claims by defect code "
            f"across compressor, gasket and thermostat failures (engagement {n}).\n\n"
            "## What we recommended and why\n\n- Prompt engineering with twenty labelled examples first\n\n"
            "## Outcome\n\nNine in ten claims were routed correctly and the fine-tuning budget was deferred.\n"
            + "\nThe team kept a log of every routed claim for the quarterly review." * padding)
    return case_note_markdown(id=f"case-{n:03d}", title=f"{title} {n}", industry="Manufacturing",
                              requested="fine_tuning", recommendation="prompt_engineering",
                              sections=["reason-narrow-task", "prompt-engineering"],
                              outcome="Nine in ten warranty claims were routed correctly.", body=body)


@pytest.fixture
def store(tmp_path, knowledge_copy):
    settings = load_settings(env={}, secrets={}).with_overrides(data_dir=tmp_path / "data", knowledge_dir=knowledge_copy)
    return DraftStore(settings, AuditLog.for_settings(settings))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def actions(store: DraftStore) -> list[tuple[str, str]]:
    return [(e["action"], e["target"]) for e in reversed(store.audit.entries(limit=1000))]


def test_a_saved_draft_is_outside_the_knowledge_folder_and_not_loaded(store):
    draft = store.save(note_text(15), "form", EDITOR)
    assert draft.path == store.dir / "case-015.md" and draft.path.exists()
    assert "case-015" not in load_knowledge(store.knowledge_dir).cases
    assert [d.id for d in store.drafts()] == ["case-015"]
    assert store.next_id() == "case-016"  # a draft's id is taken
    assert actions(store) == [("case_note.drafted", "case-015")]


def test_publish_copies_the_exact_bytes_audits_the_hash_and_removes_the_draft(store):
    draft = store.save(note_text(15), "form", EDITOR)
    published = store.publish("case-015", EDITOR)
    assert published.path.parent == store.cases_dir and published.path.name == "case-015-warranty-claims-triage-15.md"
    assert sha(published.path) == draft.sha256 == published.sha256
    assert not draft.path.exists()
    assert "case-015" in load_knowledge(store.knowledge_dir).cases
    entry = store.audit.entries(action="case_note.published")[0]
    assert entry["actor"] == EDITOR and entry["target"] == "case-015"
    assert entry["details"] == {"file": f"cases/{published.path.name}", "sha256": draft.sha256}


def test_unpublish_moves_the_note_back_to_the_drafts_and_delete_removes_it(store):
    store.save(note_text(15), "form", EDITOR)
    published = store.publish("case-015", EDITOR)
    draft = store.unpublish("case-015", EDITOR)
    assert not published.path.exists() and draft.path.exists() and draft.sha256 == published.sha256
    assert "case-015" not in load_knowledge(store.knowledge_dir).cases
    store.delete("case-015", EDITOR)
    assert not draft.path.exists() and store.drafts() == []
    assert actions(store) == [("case_note.drafted", "case-015"), ("case_note.published", "case-015"),
                              ("case_note.unpublished", "case-015"), ("case_note.deleted", "case-015")]
    assert all(len(e["details"]["sha256"]) == 64 for e in store.audit.entries())


def test_a_sample_note_can_be_unpublished_too(store):
    before = sha(store.cases_dir / "case-002-claims-json-extraction.md")
    draft = store.unpublish("case-002", EDITOR)
    assert draft.sha256 == before and "case-002" not in load_knowledge(store.knowledge_dir).cases


@pytest.mark.parametrize("taken", ["case-002", "case-015"])
def test_an_id_already_published_or_drafted_is_refused(store, taken):
    store.save(note_text(15), "form", EDITOR)
    with pytest.raises(KnowledgeError, match="already"):
        store.save(note_text(int(taken[-3:]), title="Other"), "form", EDITOR)


def test_a_malformed_draft_is_refused_naming_the_field(store):
    with pytest.raises(KnowledgeError, match="recommendation"):
        store.save(note_text(15).replace("recommendation: prompt_engineering", "recommendation: maybe"), "up.md", EDITOR)
    assert store.drafts() == [] and store.audit.entries() == []


def test_publishing_a_missing_draft_is_a_clear_error(store):
    with pytest.raises(KnowledgeError, match="no readable draft 'case-099'"):
        store.publish("case-099", EDITOR)


def test_a_draft_edited_on_disk_into_nonsense_is_reported_not_published(store):
    draft = store.save(note_text(15), "form", EDITOR)
    draft.path.write_text("not a note\n", encoding="utf-8")
    assert store.drafts() == [] and "front matter" in str(store.problems()[0])
    with pytest.raises(KnowledgeError):
        store.publish("case-015", EDITOR)
    assert not list(store.cases_dir.glob("case-015*"))


def test_the_reindex_hash_changes_with_the_knowledge(store):
    before = knowledge_sha256(store.knowledge_dir)
    store.save(note_text(15), "form", EDITOR)
    assert knowledge_sha256(store.knowledge_dir) == before  # a draft is not knowledge
    store.publish("case-015", EDITOR)
    assert knowledge_sha256(store.knowledge_dir) != before


# -- kill -9 in the middle of a publish ---------------------------------------------------
CHILD = """
import sys
from assistant.audit import AuditLog
from assistant.config import load_settings
from assistant.drafts import DraftStore
sys.path.insert(0, {tests!r})
from test_drafts import note_text

settings = load_settings(env={{}}, secrets={{}}).with_overrides(data_dir={data!r}, knowledge_dir={knowledge!r})
store = DraftStore(settings, AuditLog.for_settings(settings))
first, last = {first}, {last}
for n in range(first, last + 1):
    store.save(note_text(n, padding=30), "form", "editor@example.com")
print("drafted", flush=True)
sys.stdin.readline()
for n in range(first, last + 1):
    store.publish(f"case-{{n:03d}}", "editor@example.com")
    print("published", n, flush=True)
"""


def start_child(store: DraftStore, first: int, last: int) -> subprocess.Popen:
    code = CHILD.format(tests=str(PROJECT / "tests"), data=str(store.settings.data_dir),
                        knowledge=str(store.knowledge_dir), first=first, last=last)
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    child = subprocess.Popen([sys.executable, "-c", code], cwd=PROJECT, env=env, stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "drafted"
    return child


def notes_lock_held(store: DraftStore) -> bool:
    lock = FileLock(Path(store.settings.data_dir) / "locks" / "case-notes.lock", timeout=0)
    try:
        lock.acquire()
    except Timeout:
        return True
    lock.release()
    return False


def assert_sound(store: DraftStore) -> None:
    """The audit log's database is intact and readable; every published note is whole
    and has a published entry with its exact hash; nothing else sits in the folder."""
    db = store.settings.data_dir / "app.db"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    entries = store.audit.entries(limit=10_000)
    kb = load_knowledge(store.knowledge_dir)
    assert kb.problems == []
    assert sorted(p.name for p in store.cases_dir.iterdir() if not p.name.endswith(".md")) == []  # no temp files
    hashes = {e["details"]["sha256"] for e in entries if e["action"] == "case_note.published"}
    for note in kb.cases.values():
        if not note.sample:
            assert sha(store.knowledge_dir.parent / note.file) in hashes, note.id


def test_kill_9_while_a_publish_waits_on_the_audit_log_leaves_nothing_half_done(store):
    """Deterministic: the test holds the database's write lock, so the child's publish
    stops inside the critical section (lock taken, audit entry not yet committed); then
    the child is killed."""
    child = start_child(store, 15, 15)
    blocker = sqlite3.connect(store.settings.data_dir / "app.db", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        child.stdin.write("go\n")
        child.stdin.flush()
        deadline = time.monotonic() + 30
        while not notes_lock_held(store):
            assert time.monotonic() < deadline and child.poll() is None, "the publish never started"
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert child.returncode == -signal.SIGKILL
    assert not list(store.cases_dir.glob("case-015*"))
    assert [d.id for d in store.drafts()] == ["case-015"]
    assert actions(store) == [("case_note.drafted", "case-015")]
    assert_sound(store)
    store.publish("case-015", EDITOR)  # the editor simply publishes again
    assert_sound(store)


def test_kill_9_at_any_point_of_a_run_of_publishes_keeps_the_log_and_the_folder_sound(store, embedder):
    """Not a chosen point: the child publishes in a tight loop and is killed as soon as
    it has published one note, wherever it then is. Repeated; then every draft left is
    published (a publish interrupted after its file landed just finishes) and the
    index holds exactly the notes on disk, each whole."""
    open_database(store.settings.db_url).migrate()
    first = 15
    for _ in range(3):
        last = first + 3
        child = start_child(store, first, last)
        child.stdin.write("go\n")
        child.stdin.flush()
        child.stdout.readline()  # one publish done: the next is under way
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        assert_sound(store)
        first = last + 1
    for draft in store.drafts():
        store.publish(draft.id, EDITOR)
    assert_sound(store)
    kb = load_knowledge(store.knowledge_dir)
    assert {n for n in kb.cases if not kb.cases[n].sample} == {f"case-{n:03d}" for n in range(15, first)}
    assert store.drafts() == []

    assistant = make_assistant(store.settings.data_dir, embedder, knowledge_dir=store.knowledge_dir)
    assistant.ensure_index()
    assert assistant.index.counts()["sources"] == len(kb.sections) + len(kb.cases)
    hits = assistant.search("warranty claims sorted by defect code for compressor and gasket failures", k=5)
    assert hits["results"][0]["section_id"].startswith("case-0")


# -- how a note is shown ----------------------------------------------------------------------
def test_a_note_renders_with_its_structure_and_without_its_markup():
    from assistant.ui.note_views import safe_markdown

    shown = safe_markdown("## Situation\n\nSome *emphasis* and **bold**.\n\n- one\n  - nested\n1. first\n"
                          "    four spaces\n[click](https://evil.example/x) ![p](http://t.example/p.png) "
                          "<script>alert(1)</script> www.evil.example a@evil.example")
    lines = shown.splitlines()
    assert lines[0] == "## Situation" and "*emphasis*" in shown and "**bold**" in shown
    assert "- one" in lines and "  - nested" in lines and "1. first" in lines
    assert "four spaces" in lines  # not an indented code block, where escapes would show
    assert not re.search(r"(?<!\\)[<>\[\]()!]", shown)  # link, image and HTML characters all escaped
    for live in ("https://", "http://", "www.", "a@"):  # nothing for the renderer's autolinker either
        assert live not in shown, live

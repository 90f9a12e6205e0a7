"""The live generation's on-disk snapshot (issue 13, warm first answer): the read path of
an embedded store serves from it without chromadb, with exactly Chroma's results; a
missing, damaged or stale one falls back to Chroma, says so in the log, and is written
again; every index writer publishes it after the pointer.

Real embedding model, real Chroma in temp dirs, the real knowledge base."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant import snapshot as disk
from assistant import startup
from assistant.errors import IndexUnavailable
from conftest import make_assistant

PROJECT = Path(__file__).resolve().parents[1]
QUESTIONS = ["What are the hidden costs of fine-tuning?", "When is RAG better than fine-tuning?",
             "How do I get a fixed JSON output format?", "our documents change every week",
             "domain terminology the model does not know", "prompt engineering first"]


@pytest.fixture
def built(tmp_path, embedder):
    """A data dir with the real knowledge indexed (its writer publishes the snapshot)."""
    writer = make_assistant(tmp_path / "data", embedder)
    writer.ensure_index()
    return tmp_path / "data"


def reader(data_dir: Path, embedder):
    """A fresh Assistant on that data dir, as a restarted server is."""
    return make_assistant(data_dir, embedder)


def snapshot_file(data_dir: Path) -> Path:
    return disk.snapshot_path(data_dir / "chroma", "fa")


def chroma_query(index, kind: str, vector: np.ndarray, k: int, where: dict | None = None) -> list[tuple[str, float]]:
    """Chroma's own nearest neighbours of `vector` in the live generation (cosine space)."""
    generation = index.live_state()["generation"]
    found = index.client.get_collection(f"fa-{kind}-{generation}").query(
        query_embeddings=[vector], n_results=k, include=["distances"], where=where)
    return [(i, 1.0 - d) for i, d in zip(found["ids"][0], found["distances"][0])]


def assert_same_ranking(ours: list[tuple[str, float]], theirs: list[tuple[str, float]], everything: dict[str, float]):
    """Same similarities rank by rank; the same ids, except that texts which are word for
    word the same (case notes share sentences) tie, and float noise (1e-8) orders a tie."""
    assert len(ours) == len(theirs)
    assert np.allclose([s for _, s in ours], [s for _, s in theirs], atol=1e-5)
    for rank, (item, sim) in enumerate(ours):
        assert abs(everything[item] - sim) < 1e-5  # Chroma gives that item the same similarity
        tied = [i for i, s in theirs if abs(s - sim) < 1e-5]
        assert item == theirs[rank][0] or item in tied or abs(theirs[-1][1] - sim) < 1e-5, (rank, item)


def test_the_snapshot_gives_exactly_what_chroma_returns(built, embedder):
    app = reader(built, embedder)
    snap = app.index.snapshot()
    assert snap.from_disk and len(snap.chunks) == app.index.live_state()["chunks"]
    for question in QUESTIONS:
        vector = embedder.encode_query(question)
        chunks = dict(chroma_query(app.index, "chunks", vector, len(snap.chunks)))
        sentences = dict(chroma_query(app.index, "sentences", vector, len(snap.sentences)))
        assert_same_ranking(app.index.dense_search(vector, 10), chroma_query(app.index, "chunks", vector, 10), chunks)
        assert_same_ranking([(s.id, sim) for s, sim in app.index.sentence_search(vector, 20)],
                            chroma_query(app.index, "sentences", vector, 20), sentences)
        some = ["hidden-costs", "rag", "case-003"]
        assert_same_ranking([(s.id, sim) for s, sim in app.index.sentence_search(vector, 15, sections=some)],
                            chroma_query(app.index, "sentences", vector, 15, where={"section_id": {"$in": some}}),
                            sentences)
    top = app.index.dense_search(embedder.encode_query(QUESTIONS[0]), 5)
    assert [i for i, _ in top] == [i for i, _ in chroma_query(app.index, "chunks", embedder.encode_query(QUESTIONS[0]), 5)]


def test_the_snapshot_holds_what_a_reader_loads_from_chroma(built, embedder):
    app = reader(built, embedder)
    from_disk = app.index.snapshot()
    from_chroma = app.index._load_from_chroma(from_disk.generation)
    assert from_disk.chunks == from_chroma.chunks and from_disk.sentences == from_chroma.sentences
    assert np.array_equal(from_disk.chunk_vectors, from_chroma.chunk_vectors)
    assert np.array_equal(from_disk.sentence_vectors, from_chroma.sentence_vectors)


def test_the_pointer_read_without_chromadb_is_chromas_own(built, embedder):
    app = reader(built, embedder)
    assert disk.peek_pointer(built / "chroma", "fa") == {}  # no such collection
    assert disk.peek_pointer(built / "chroma", "fa-pointer") == app.index.live_state()
    assert disk.peek_pointer(built / "nowhere", "fa-pointer") == {}  # no store yet: an empty index


WARM_READ = """
import json, sys
from assistant.config import load_settings
from assistant.service import Assistant
a = Assistant(load_settings())
a.search("hidden costs", 3)
answer = a.ask("What are the hidden costs of fine-tuning?")
a.intake({"use_case": "Answer HR policy questions", "needs_document_facts": "yes"})
print(json.dumps({"chromadb": "chromadb" in sys.modules, "cited": bool(answer["citations"])}))
"""


def test_a_warm_read_path_never_imports_chromadb(built):
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(built)}
    for key in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_ENDPOINT", "ASSISTANT_CHROMA_URL"):
        env.pop(key, None)
    out = subprocess.run([sys.executable, "-c", WARM_READ], cwd=PROJECT, env=env, capture_output=True, text=True,
                         timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout.splitlines()[-1]) == {"chromadb": False, "cited": True}


def damage_truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def damage_one_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # inside the vectors: only the checksum notices
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("fault", ["missing", "truncated", "one byte flipped"])
def test_a_missing_or_damaged_snapshot_falls_back_to_chroma_says_so_and_is_written_again(built, embedder, caplog, fault):
    path = snapshot_file(built)
    expected = reader(built, embedder).search("hidden costs of fine-tuning", 5)
    {"missing": Path.unlink, "truncated": damage_truncated, "one byte flipped": damage_one_byte}[fault](path)

    app = reader(built, embedder)
    with caplog.at_level(logging.WARNING, logger="assistant.index"):
        assert app.search("hidden costs of fine-tuning", 5) == expected
    assert not app.index.snapshot().from_disk
    said = [r.getMessage() for r in caplog.records if "on-disk snapshot" in r.getMessage()]
    assert said and ("there is none" if fault == "missing" else "damaged") in said[0]

    again = reader(built, embedder)  # the next start reads the snapshot the fallback wrote
    assert again.index.snapshot().from_disk and again.search("hidden costs of fine-tuning", 5) == expected


def test_a_stale_snapshot_is_never_served(built, embedder, caplog, knowledge_copy):
    """A writer that flipped the pointer without writing the snapshot (killed between the
    two, or an older version): readers see the pointer moved and read Chroma."""
    path = snapshot_file(built)
    old = path.read_bytes()
    (knowledge_copy / "cases" / "case-951.md").write_text(
        "---\nid: case-951\ntitle: Quokka archive\nindustry: Test\nrequested: fine_tuning\nrecommendation: rag\n"
        "sections: [rag]\noutcome: none\n---\nA zebra-striped knowledge base about quokkas and their burrows.\n",
        encoding="utf-8")
    make_assistant(built, embedder, knowledge_dir=knowledge_copy).sync_index()
    path.write_bytes(old)  # the previous generation's snapshot is back

    app = make_assistant(built, embedder, knowledge_dir=knowledge_copy)
    with caplog.at_level(logging.WARNING, logger="assistant.index"):
        hits = app.search("zebra-striped quokkas burrows", 3)["results"]
    assert hits[0]["section_id"] == "case-951"
    assert any("holds generation" in r.getMessage() for r in caplog.records)
    assert reader(built, embedder).index.snapshot().from_disk  # written again for the live generation


def test_every_sync_publishes_the_snapshot_after_the_pointer_and_a_no_change_sync_repairs_it(built, embedder):
    app = reader(built, embedder)
    live = app.index.live_state()["generation"]
    assert disk.load(snapshot_file(built), live).generation == live
    rebuilt = app.sync_index(rebuild=True)
    assert disk.load(snapshot_file(built), rebuilt.generation).generation == rebuilt.generation != live

    snapshot_file(built).unlink()
    assert not app.sync_index().changed  # nothing to embed: the snapshot is only rewritten
    assert disk.load(snapshot_file(built), rebuilt.generation).generation == rebuilt.generation


def test_a_start_served_from_the_snapshot_still_checks_and_repairs_chroma(built, embedder):
    """The start-up answers from the snapshot first, then verifies the live generation in
    Chroma, as a start without it does, and rebuilds it when it is broken."""
    broken = reader(built, embedder)
    generation = broken.index.live_state()["generation"]
    broken.index.client.get_collection(f"fa-chunks-{generation}").delete(ids=["case-001#0"])  # half a generation
    assert "its pointer says" in broken.index.verify()
    assert reader(built, embedder).index.serves_from_disk()  # the snapshot still stands for it

    app = reader(built, embedder)
    startup.report(stage="idle", done=0, total=0, error="")
    try:
        assert startup.warm_up(lambda: app).stage == "ready"
    finally:
        startup.report(stage="idle", done=0, total=0, error="")
    assert app.index.verify() is None and app.index.live_state()["generation"] != generation
    assert app.search("hidden costs of fine-tuning", 5)["results"][0]["section_id"] == "hidden-costs"
    assert reader(built, embedder).index.snapshot().from_disk  # the repaired generation's snapshot


def test_a_live_generation_missing_from_chroma_is_not_served_from_its_snapshot(built, embedder):
    """Chroma is the truth: while health says the live generation is broken (503), the
    read path says so too, with the same advice, rather than answering from the file."""
    broken = reader(built, embedder)
    broken.index.client.delete_collection(f"fa-chunks-{broken.index.live_state()['generation']}")
    app = reader(built, embedder)
    assert not app.index.serves_from_disk()
    with pytest.raises(IndexUnavailable, match="python -m assistant index"):
        app.search("hidden costs", 3)


def test_a_chroma_server_store_has_no_snapshot(tmp_path, embedder):
    """With ASSISTANT_CHROMA_URL the pointer lives on the server: no local file can follow it."""
    app = make_assistant(tmp_path / "data", embedder, chroma_url="http://127.0.0.1:9")
    assert app.index.store_dir() is None and not app.index.serves_from_disk()
    assert not (tmp_path / "data" / "chroma").exists()


def test_a_snapshot_of_another_layout_or_generation_is_refused(tmp_path):
    path = tmp_path / "fa-live.npz"
    data = disk.GenerationData("1-a", "m", [], np.zeros((0, 3), np.float32), [], np.zeros((0, 3), np.float32))
    disk.save(path, data)
    assert disk.load(path, "1-a").generation == "1-a"
    with pytest.raises(disk.SnapshotUnusable, match="holds generation 1-a, the live one is 2-b"):
        disk.load(path, "2-b")
    path.write_bytes(b"not a zip file")
    with pytest.raises(disk.SnapshotUnusable, match="damaged"):
        disk.load(path, "1-a")
    assert [p.name for p in tmp_path.iterdir()] == ["fa-live.npz"]  # no temp file left behind

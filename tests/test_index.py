"""The index: real embedding model, real Chroma — embedded in a temp dir, and on the
Chroma server that .ci/run starts (ASSISTANT_TEST_CHROMA_URL); incremental and atomic."""

import os
import uuid

import pytest

from conftest import make_assistant

SERVER = os.environ.get("ASSISTANT_TEST_CHROMA_URL")


@pytest.fixture(params=["embedded", "server"])
def fresh(request, tmp_path, embedder, knowledge_copy):
    if request.param == "server":
        if not SERVER:
            pytest.skip("no Chroma server: .ci/run starts one and sets ASSISTANT_TEST_CHROMA_URL")
        # A namespace of its own per test: tests share the server, never each other's index.
        return make_assistant(tmp_path / "data", embedder, knowledge_dir=knowledge_copy, chroma_url=SERVER,
                              index_namespace=f"t{uuid.uuid4().hex[:10]}")
    return make_assistant(tmp_path / "data", embedder, knowledge_dir=knowledge_copy)


def test_first_build_embeds_everything_and_a_second_embeds_nothing(fresh):
    first = fresh.sync_index()
    assert first.embedded > 0 and len(first.added) == fresh.health()["index"]["chunks"]
    second = fresh.sync_index()
    assert second.embedded == 0 and not second.changed
    assert second.generation == first.generation


def test_only_changed_content_is_re_embedded_and_removed_notes_are_deleted(fresh, knowledge_copy):
    fresh.sync_index()
    note = sorted((knowledge_copy / "cases").glob("case-001*.md"))[0]
    note.write_text(note.read_text(encoding="utf-8").replace("## Outcome", "## Outcome\n\nA new sentence about retraining cadence was added."), encoding="utf-8")
    sorted((knowledge_copy / "cases").glob("case-002*.md"))[0].unlink()
    fresh.reload_knowledge()
    report = fresh.sync_index()
    assert report.removed and all(i.startswith("case-002#") for i in report.removed)
    assert report.updated and all(i.startswith("case-001#") for i in report.updated)
    assert 0 < report.embedded < 40
    hits = fresh.search("A new sentence about retraining cadence was added", k=3)["results"]
    assert hits[0]["section_id"] == "case-001"
    assert all(r["section_id"] != "case-002" for r in fresh.search("claims intake emails JSON", k=10)["results"])


def test_a_sync_that_dies_half_way_leaves_the_old_index_live(fresh, knowledge_copy):
    fresh.sync_index()
    before = fresh.index.live_state()["generation"]
    (knowledge_copy / "cases" / "case-950.md").write_text(
        "---\nid: case-950\ntitle: Interrupted\nindustry: Test\nrequested: fine_tuning\nrecommendation: rag\n"
        "sections: [rag]\noutcome: none\n---\nA zebra-striped knowledge base about quokkas.\n", encoding="utf-8")
    fresh.reload_knowledge()

    def die(done, total):
        if done:
            raise KeyboardInterrupt("killed mid-embedding")

    with pytest.raises(KeyboardInterrupt):
        fresh.sync_index(progress=die)
    assert fresh.index.live_state()["generation"] == before
    assert fresh.search("fine-tuning hidden costs", k=1)["results"][0]["section_id"] == "hidden-costs"
    assert fresh.sync_index().added == ["case-950#0"]


def test_rebuild_re_embeds_everything_into_a_new_generation(fresh):
    first = fresh.sync_index()
    rebuilt = fresh.sync_index(rebuild=True)
    assert rebuilt.generation != first.generation and rebuilt.embedded == first.embedded


def test_the_packaged_model_is_checksum_verified(tmp_path):
    from assistant.embedder import ModelFileError, verify_packaged_weights

    fake = tmp_path / "model"
    fake.mkdir()
    (fake / "model.safetensors").write_bytes(b"not the real weights")
    with pytest.raises(ModelFileError, match="checksum mismatch"):
        verify_packaged_weights(fake)

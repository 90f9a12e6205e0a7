"""The Knowledge, About and Chat pages under AppTest, against a copy of the knowledge
base and a temporary data dir (the repository's files are never touched)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from conftest import KNOWLEDGE, PROJECT

UI = PROJECT / "assistant" / "ui"
TIMEOUT = 180  # the first run may build the index with the real model

PROVIDER_VARS = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_KEY",
                 "ASSISTANT_API_TOKEN", "ASSISTANT_CHROMA_URL", "ASSISTANT_EMBEDDING_MODEL")

EDITOR = {"is_logged_in": True, "sub": "editor-1", "email": "editor@example.com", "name": "Editor"}
VALID_FORM = {
    "case-id": "case-015",
    "case-title": "Warranty claims triage",
    "case-industry": "Manufacturing",
    "case-outcome": "A prompted model routed nine in ten warranty claims correctly; training was deferred.",
    "case-body": "## Situation\n\nA appliance maker wanted to fine-tune a model to sort warranty claims by defect "
                 "code across compressor, gasket and thermostat failures.\n\n## What we recommended and why\n\n"
                 "Prompt engineering with twenty labelled examples first; the volume did not justify training.\n\n"
                 "## Outcome\n\nNine in ten claims were routed correctly and the fine-tuning budget was deferred.",
}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory, embedder):
    """ASSISTANT_DATA_DIR and ASSISTANT_KNOWLEDGE_DIR in temp dirs; the shared
    Assistant built from them (with the session's embedder, loaded once)."""
    from assistant.config import load_settings
    from assistant.runtime import reset_assistant
    from assistant.service import Assistant

    root = tmp_path_factory.mktemp("ui")
    knowledge = root / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    with pytest.MonkeyPatch.context() as mp:
        for name in PROVIDER_VARS:
            mp.delenv(name, raising=False)
        mp.setenv("ASSISTANT_DATA_DIR", str(root / "data"))
        mp.setenv("ASSISTANT_KNOWLEDGE_DIR", str(knowledge))
        mp.setenv("ASSISTANT_EDITORS", EDITOR["email"])
        reset_assistant()
        assistant = Assistant(load_settings(secrets={}), embedder=embedder)
        assistant.ensure_index()
        reset_assistant(assistant)
        yield assistant
        reset_assistant()


def page(name: str, user: dict | None = None) -> AppTest:
    """A page as `user` sees it (AppTest's own st.user); writing needs an editor."""
    at = AppTest.from_file(str(UI / name), default_timeout=TIMEOUT)
    if user is not None:
        at.user = user
    return at


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "success", "error", "warning", "info") for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def fill_form(at: AppTest, values: dict, sections=("reason-narrow-task", "prompt-engineering")) -> AppTest:
    for key, value in values.items():
        widget = at.text_area(key=key) if key == "case-body" else at.text_input(key=key)
        widget.set_value(value)
    at.selectbox(key="case-requested").set_value("fine_tuning")
    at.selectbox(key="case-recommendation").set_value("prompt_engineering")
    at.multiselect(key="case-sections").set_value(list(sections))
    return at.button(key="add-form").click().run()


def test_knowledge_page_lists_sections_and_case_notes(workspace):
    at = page("knowledge.py", EDITOR).run()
    assert not at.exception
    labels = [e.label for e in at.expander]
    assert len(labels) == len(workspace.kb.sections) + len(workspace.kb.cases)
    assert any("Hidden costs" in label for label in labels)
    assert any(label.startswith("case-002: Claims intake emails to JSON") for label in labels)
    assert at.text_input(key="case-id").value == "case-015"  # the next free id is proposed
    assert not at.download_button  # the feedback export moved to the editors' Insights page (test_insights.py)


def test_a_valid_case_note_from_the_form_is_a_draft_until_published_then_searchable(workspace):
    at = fill_form(page("knowledge.py", EDITOR).run(), VALID_FORM)
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert "Saved case-015 as a draft" in at.success[0].value
    saved = Path(workspace.settings.cases_dir) / "case-015-warranty-claims-triage.md"
    assert not saved.exists() and "case-015" not in workspace.kb.cases  # a draft is never indexed

    drafts = page("drafts.py", EDITOR).run()
    drafts = drafts.button(key="publish-case-015").click().run()
    assert not drafts.exception
    assert "Published case-015" in drafts.success[0].value
    assert saved.exists()
    assert "case-015" in workspace.kb.cases
    at = page("knowledge.py", EDITOR).run()

    from assistant.runtime import get_assistant

    hits = get_assistant().search("warranty claims sorted by defect code for compressor and gasket failures", k=5)
    assert hits["results"][0]["section_id"] == "case-015"
    assert any(e.label.startswith("case-015: Warranty claims triage") for e in at.expander)


def test_a_malformed_note_from_the_form_is_refused_naming_the_field_in_plain_words(workspace):
    at = fill_form(page("knowledge.py", EDITOR).run(), {**VALID_FORM, "case-id": "case-x", "case-title": "Bad id"})
    message = at.error[0].value
    assert "The id must be 'case-' and at least three digits" in message
    assert not list(Path(workspace.settings.cases_dir).glob("case-x*"))
    assert not (Path(workspace.settings.data_dir) / "drafts" / "case-x.md").exists()

    at = fill_form(page("knowledge.py", EDITOR).run(), {**VALID_FORM, "case-id": "case-016"}, sections=())
    assert "Pick at least one framework section" in at.error[0].value
    assert "case-016" not in workspace.kb.cases


def test_a_malformed_upload_is_refused_naming_file_and_field(workspace):
    note = (KNOWLEDGE / "cases" / "case-002-claims-json-extraction.md").read_text(encoding="utf-8")
    bad = note.replace("id: case-002", "id: case-020").replace("recommendation: prompt_engineering", "recommendation: maybe")
    at = page("knowledge.py", EDITOR).run()
    at.file_uploader(key="case-upload").set_value(("my-note.md", bad.encode(), "text/markdown"))
    at = at.run()
    at = at.button(key="add-upload").click().run()
    message = at.error[0].value
    assert "my-note.md" in message and "field 'recommendation'" in message
    assert "case-020" not in workspace.kb.cases


def test_a_duplicate_id_is_refused(workspace):
    note = (KNOWLEDGE / "cases" / "case-002-claims-json-extraction.md").read_text(encoding="utf-8")
    at = page("knowledge.py", EDITOR).run()
    at.file_uploader(key="case-upload").set_value(("copy.md", note.encode(), "text/markdown"))
    at = at.run().button(key="add-upload").click().run()
    assert "copy.md" in at.error[0].value and "field 'id'" in at.error[0].value


def test_reindex_button_reports_an_up_to_date_index(workspace):
    at = page("knowledge.py", EDITOR).run().button(key="reindex").click().run()
    assert not at.exception
    assert "Index up to date" in at.success[0].value


def test_about_page_shows_mode_index_version_and_settings(workspace):
    import assistant

    at = page("about.py").run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Mode"] == "offline" and metrics["Provider"] == "offline"
    assert int(metrics["Indexed chunks"]) > 0
    assert f"Version {assistant.__version__}" in texts(at)
    table = at.table[0].value
    assert "ASSISTANT_API_TOKEN" in set(table["variable"])


def test_about_page_never_shows_the_key(workspace, tmp_path):
    from assistant.runtime import reset_assistant
    from assistant.service import Assistant

    secret = "sk-test-do-not-show-0123456789"
    settings = workspace.settings.with_overrides(openai_api_key=secret, model="gpt-test-mini", data_dir=tmp_path)
    reset_assistant(Assistant(settings, embedder=workspace.embedder))
    try:
        at = page("about.py").run()
        metrics = {m.label: m.value for m in at.metric}
        assert metrics["Provider"] == "openai" and metrics["Model"] == "gpt-test-mini"
        shown = texts(at) + str(metrics) + at.table[0].value.to_csv()
        assert secret not in shown
    finally:
        reset_assistant(workspace)


def test_chat_answer_can_be_rated_once_and_downloaded(workspace):
    from assistant.feedback import FeedbackStore

    store = FeedbackStore.for_settings(workspace.settings)
    before = store.count()
    at = page("chat.py").run()
    at = at.chat_input[0].set_value("What are the hidden costs of fine-tuning?").run()
    assert not at.exception
    assert at.feedback, "thumbs under the answer"
    at = at.feedback[0].set_value(1).run()
    assert store.count() == before + 1
    at = at.run()  # a rerun must not store it again
    assert store.count() == before + 1
    assert at.feedback[0].disabled
    row = store.rows()[-1]
    assert row["rating"] == "up" and row["question"] == "What are the hidden costs of fine-tuning?"
    download = at.download_button(key="download-conversation")
    assert download.label == "Download conversation (Markdown)"


# -- issue 13, findings 5 and 6: limits in the form, inert case-note fields ------------------
def test_the_case_note_form_holds_the_same_size_limit_as_an_upload(workspace):
    from assistant.knowledge import MAX_NOTE_BYTES

    body = "## Situation\n\n" + "The team wanted a bigger model for every question they had. " * 2000  # ~120 KB
    at = fill_form(page("knowledge.py", EDITOR).run(), {**VALID_FORM, "case-id": "case-040", "case-title": "Too big",
                                                "case-body": body})
    assert not at.exception
    assert "Not saved" in at.error[0].value and f"at most {MAX_NOTE_BYTES} bytes" in at.error[0].value
    assert "case-040" not in workspace.kb.cases
    assert not list(Path(workspace.settings.cases_dir).glob("case-040*"))


def test_case_note_fields_render_inert_in_the_case_list(workspace):
    """A title `![x](http://host/…)` made browsers fetch that image and `[Click me](https://…)`
    became a live link in the case-note list."""
    title = "![x](http://tracker.example/pixel.png) [Click me](https://evil.example/login) www.evil.example"
    note = (KNOWLEDGE / "cases" / "case-002-claims-json-extraction.md").read_text(encoding="utf-8")
    note = note.replace("id: case-002", "id: case-041").replace("title: Claims intake emails to JSON", f"title: '{title}'")
    (Path(workspace.settings.cases_dir) / "case-041-inert.md").write_text(note, encoding="utf-8")
    workspace.reload_knowledge()
    try:
        at = page("knowledge.py", EDITOR).run()
        assert not at.exception
        (label,) = [e.label for e in at.expander if e.label.startswith("case-041")]
        assert "](" not in label and "![" not in label and "http://" not in label and "https://" not in label
        assert "www." not in label
        shown = re.sub(r"\\(.)", r"\1", label).replace("\u2060", "")  # what a reader sees: the title as text
        assert title in shown
    finally:
        (Path(workspace.settings.cases_dir) / "case-041-inert.md").unlink()
        workspace.reload_knowledge()

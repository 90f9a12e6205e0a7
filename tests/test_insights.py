"""The editors' Insights page: refused questions are recorded, the knowledge-gap report
groups them by meaning with the real embedding model, ratings over time, and the
audited, formula-safe feedback export. The pages run under AppTest."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from assistant.audit import AuditLog
from assistant.db import open_database
from assistant.feedback import FeedbackStore
from assistant.insights import (
    GapGroup,
    GapQuestion,
    draft_from_group,
    export_feedback,
    gap_questions,
    group_by_meaning,
    knowledge_gaps,
    ratings_by_day,
)
from assistant.refusals import MAX_STORED_CHARS, RefusalStore, is_knowledge_gap, record_refusal
from conftest import PROJECT

PLANTED = {
    "gpu prices": ["How much does it cost to rent an A100 GPU per hour?",
                   "What is the hourly price of cloud GPUs for training?",
                   "Which cloud provider has the cheapest GPU instances?",
                   "GPU rental prices on AWS vs Azure?"],
    "gdpr": ["Is sending customer data to an LLM API allowed under GDPR?",
             "Does GDPR allow us to put personal data into a hosted LLM?",
             "GDPR rules when customer personal data goes into an LLM API"],
    "hallucinations": ["How do we measure the hallucination rate of our chatbot?",
                       "How can we measure how often the model hallucinates?",
                       "What is a good way to measure LLM hallucinations?"],
    "capital": ["What is the capital of France?"],
    "poem": ["Can you write me a poem about cats?"],
    "football": ["Who won the 2022 World Cup?"],
}


def interleaved(groups: dict[str, list[str]]) -> list[str]:
    """The planted questions as they would arrive: topics mixed, not in blocks."""
    out, lists = [], [list(v) for v in groups.values()]
    while any(lists):
        for questions in lists:
            if questions:
                out.append(questions.pop(0))
    return out


@pytest.fixture
def db(tmp_path):
    return open_database(tmp_path / "app.db")


# -- the knowledge-gap report, real model ------------------------------------------------------
def test_planted_refused_questions_fall_into_the_expected_groups(db, assistant):
    store = RefusalStore(db)
    for question in interleaved(PLANTED):
        store.record(question, "offline", "")

    def nearest(question: str) -> tuple[str, str]:
        hit = assistant.passages(question, k=1)[0]
        return hit.section_id, hit.chunk.label

    groups = knowledge_gaps(gap_questions(store.rows(), []), assistant.embedder.encode, nearest)

    assert sorted(sorted(q.question for q in g.questions) for g in groups) == sorted(sorted(v) for v in PLANTED.values())
    assert [g.size for g in groups] == [4, 3, 3, 1, 1, 1]  # biggest first
    assert groups[0].lead in PLANTED["gpu prices"] and groups[0].kinds == {"refused": 4}
    assert all(g.nearest_section in assistant.kb.sections or g.nearest_section in assistant.kb.cases for g in groups)
    assert all(g.label for g in groups)


def test_answers_rated_down_join_the_group_of_their_meaning_with_their_reason(db, embedder):
    refusals = RefusalStore(db)
    for question in PLANTED["hallucinations"] + PLANTED["gpu prices"]:
        refusals.record(question)
    feedback = FeedbackStore(db)
    feedback.record("How do we measure hallucinations in the model's answers?", "Retraining [1].",
                    [{"n": 1, "section_id": "hidden-costs"}], "offline", "down", reason="not_answered")
    feedback.record("Great answer about RAG", "RAG [1].", [], "offline", "up")  # not a gap

    items = gap_questions(refusals.rows(), feedback.rows())
    assert len(items) == 8 and items[-1].kind == "rated_down" and items[-1].sections == ("hidden-costs",)
    groups = knowledge_gaps(items, embedder.encode)
    hallucinations = next(g for g in groups if g.lead in PLANTED["hallucinations"] or "hallucinat" in g.lead)
    assert hallucinations.size == 4
    assert hallucinations.kinds == {"refused": 3, "rated_down": 1} and hallucinations.reasons == {"not_answered": 1}


def test_grouping_is_deterministic_and_does_not_depend_on_arrival_order(embedder):
    questions = interleaved(PLANTED)
    vectors = embedder.encode(questions)
    first = group_by_meaning(vectors)
    assert first == group_by_meaning(vectors)
    as_sets = {frozenset(questions[i] for i in g) for g in first}
    reverse = questions[::-1]
    assert {frozenset(reverse[i] for i in g) for g in group_by_meaning(embedder.encode(reverse))} == as_sets


def test_grouping_on_plain_vectors():
    a, b, c = np.eye(3, dtype=np.float32)
    vectors = np.stack([a, b, a * 0.9 + b * 0.1, c, a])
    assert group_by_meaning(vectors, threshold=0.9) == [[0, 4, 2], [1], [3]]  # leader first, then by closeness
    assert group_by_meaning(np.zeros((0, 3))) == []


def test_a_group_shows_a_few_different_wordings():
    asked = ["What does a GPU cost?", "what does a  GPU cost?", "GPU price per hour?", "Cheapest GPU?", "GPU on Azure?"]
    group = GapGroup([GapQuestion(q, "refused", "2026-11-26T10:00:00+00:00") for q in asked])
    assert group.examples() == ["What does a GPU cost?", "GPU price per hour?", "Cheapest GPU?"]


def test_a_draft_case_note_is_pre_filled_from_a_group():
    group = GapGroup([GapQuestion("Is GDPR a problem for hosted LLMs?", "refused", "t"),
                      GapQuestion("Can personal data go to an LLM API?", "rated_down", "t")], nearest_section="rag")
    fields = draft_from_group(group, framework_ids=("rag", "hidden-costs"))
    assert fields["title"] == "Is GDPR a problem for hosted LLMs?" and fields["sections"] == ["rag"]
    assert "- Can personal data go to an LLM API?" in fields["body"] and "asked this 2 times" in fields["body"]
    assert draft_from_group(GapGroup(group.questions, nearest_section="case-003"), ("rag",))["sections"] == []


# -- refusals are recorded ----------------------------------------------------------------------
def test_a_refused_question_is_recorded_with_its_nearest_section(tmp_path, assistant):
    settings = assistant.settings.with_overrides(database_url=f"sqlite:///{tmp_path / 'app.db'}")
    from assistant.service import Assistant

    front = Assistant(settings, embedder=assistant.embedder)
    front._index, front._retriever = assistant.index, assistant.retriever  # the built index, shared

    refused = front.ask("What is the capital of France?")
    answered = front.ask("What are the hidden costs of fine-tuning?")
    assert refused["abstained"] and not answered["abstained"]
    assert record_refusal(front, "What is the capital of France?", refused) is not None
    assert record_refusal(front, "What are the hidden costs of fine-tuning?", answered) is None
    rows = RefusalStore.for_settings(settings).rows()
    assert [r["question"] for r in rows] == ["What is the capital of France?"]
    assert rows[0]["nearest_section"] in assistant.kb.sections or rows[0]["nearest_section"] in assistant.kb.cases


def test_only_knowledge_gaps_count_as_refusals():
    from assistant.answer import NOT_AN_INSTRUCTION, NOT_COVERED

    assert is_knowledge_gap({"answer": NOT_COVERED, "citations": [], "abstained": True, "mode": "offline"})
    assert is_knowledge_gap({"answer": "Partly [1].", "citations": [{"n": 1}], "abstained": True, "mode": "offline"})
    assert is_knowledge_gap({"answer": "I don't know.", "citations": [], "abstained": True, "mode": "llm"})
    assert not is_knowledge_gap({"answer": NOT_AN_INSTRUCTION, "citations": [], "abstained": True, "mode": "offline"})
    assert not is_knowledge_gap({"answer": "The assistant is unavailable right now.", "citations": [],
                                 "abstained": True, "mode": "offline"})  # an error in the answer's place
    assert not is_knowledge_gap({"answer": "Yes [1].", "citations": [{"n": 1}], "abstained": False, "mode": "offline"})


def test_a_stored_refusal_is_capped_and_names_nobody(db):
    store = RefusalStore(db)
    store.record("why " * 400 + "\x07?", "llm", "rag")
    row = store.rows()[0]
    assert len(row["question"]) == MAX_STORED_CHARS and "\x07" not in row["question"]
    assert set(row) == {"id", "created_at", "question", "mode", "nearest_section"}


# -- ratings over time and the export ---------------------------------------------------------
def test_ratings_are_counted_per_day():
    rows = [{"created_at": "2026-11-25T09:00:00+00:00", "rating": "up"},
            {"created_at": "2026-11-26T10:00:00+00:00", "rating": "down"},
            {"created_at": "2026-11-25T23:59:59+00:00", "rating": "down"},
            {"created_at": "2026-11-26T11:00:00+00:00", "rating": "down"}]
    assert ratings_by_day(rows) == [{"day": "2026-11-25", "up": 1, "down": 1}, {"day": "2026-11-26", "up": 0, "down": 2}]
    assert ratings_by_day([]) == []


def test_each_export_is_audited_and_formula_safe(db):
    store = FeedbackStore(db)
    store.record("=HYPERLINK(\"http://evil\")", "+1", [], "offline", "down", comment="@SUM(A1)", reason="other")
    store.record("\tTab first", "-2", [], "offline", "up")
    audit = AuditLog(db)

    text = export_feedback(store, audit, "ana@example.com")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["question"] for r in rows] == ["'=HYPERLINK(\"http://evil\")", "'\tTab first"]
    assert [r["answer"] for r in rows] == ["'+1", "'-2"] and rows[0]["comment"] == "'@SUM(A1)"
    assert rows[0]["reason"] == "other" and rows[1]["reason"] == ""
    entry = audit.entries(action="feedback.exported")[0]
    assert entry["actor"] == "ana@example.com" and entry["details"] == {"rows": 2}


# -- the pages ------------------------------------------------------------------------------------
EDITOR = {"is_logged_in": True, "sub": "ed-1", "email": "ed@example.com", "email_verified": True, "name": "Ed"}
READER = {"is_logged_in": True, "sub": "re-1", "email": "reader@example.com", "email_verified": True, "name": "Re"}


@pytest.fixture(scope="module")
def pages(tmp_path_factory, embedder):
    """The pages' shared Assistant (offline, real knowledge, own data dir), with
    ed@example.com as the one editor."""
    from assistant import runtime
    from conftest import make_assistant

    data_dir = tmp_path_factory.mktemp("insights-ui")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ASSISTANT_DATA_DIR", str(data_dir))
        for variable in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_ENDPOINT", "ASSISTANT_API_TOKEN"):
            mp.delenv(variable, raising=False)
        assistant = make_assistant(data_dir, embedder, editors=("ed@example.com",))
        assistant.ensure_index()
        runtime.reset_assistant(assistant)
        yield assistant
        runtime.reset_assistant()


def page(name: str, user: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(PROJECT / "assistant" / "ui" / name), default_timeout=180)
    if user is not None:
        at.user = user
    return at.run()


@pytest.mark.parametrize("name", ["insights.py", "api_keys.py"])
@pytest.mark.parametrize("user", [None, READER], ids=["signed-out", "reader"])
def test_editor_pages_say_editors_only_to_everyone_else(pages, name, user):
    at = page(name, user)
    assert not at.exception
    assert [e.value for e in at.error] and "Editors only" in at.error[0].value
    assert not at.title and not at.button and not at.download_button and not at.text_input  # nothing else rendered


@pytest.mark.parametrize("name", ["insights.py", "api_keys.py"])
def test_a_reader_who_goes_to_an_editor_page_by_url_finds_no_data_there(pages, name):
    RefusalStore.for_settings(pages.settings).record("A refused question nobody else may read")
    at = AppTest.from_file(str(PROJECT / "assistant" / "ui" / "main.py"), default_timeout=180)
    at.user = READER
    at = at.run().switch_page(name).run()
    assert not at.exception and "Editors only" in at.error[0].value
    shown = " ".join(str(m.value) for m in [*at.markdown, *at.caption])
    assert "A refused question" not in shown and not at.download_button and not at.code


def test_the_insights_page_shows_groups_ratings_and_the_export_to_an_editor(pages):
    refusals = RefusalStore.for_settings(pages.settings)
    for question in PLANTED["gpu prices"] + PLANTED["capital"]:
        refusals.record(question)
    FeedbackStore.for_settings(pages.settings).record("q", "a", [], "offline", "up")

    at = AppTest.from_file(str(PROJECT / "assistant" / "ui" / "main.py"), default_timeout=180)
    at.user = EDITOR
    at = at.run().switch_page("insights.py").run()  # through the app's navigation, as a reader's browser goes
    assert not at.exception and not at.error
    shown = "\n".join(m.value for m in at.markdown)
    assert "**4 questions** · 4 refused · nearest section" in shown
    assert "What is the capital of France" in shown
    assert len([b for b in at.button if b.label == "Draft a case note"]) >= 2  # one per group
    assert at.download_button(key="export-feedback")

    at = next(b for b in at.button if b.label == "Draft a case note").click().run()  # → the Knowledge page's form
    assert not at.exception
    assert at.text_input(key="case-title").value in PLANTED["gpu prices"]
    assert "GPU" in at.text_area(key="case-body").value and "- Which cloud provider" in at.text_area(key="case-body").value


def test_the_keys_page_creates_a_key_shown_once_and_revokes_it(pages):
    at = page("api_keys.py", EDITOR)
    assert not at.exception and not at.error
    at.text_input(key="key-name").set_value("intranet")
    at = at.button(key="key-create").click().run()
    assert not at.exception and "Created the key intranet" in at.success[0].value
    key = at.code[0].value
    assert key.startswith("fa_")

    from assistant.api_keys import KeyStore

    store = KeyStore.for_settings(pages.settings)
    assert store.authenticate(key).name == "intranet"
    at = at.run()
    assert not at.code  # shown once
    at = at.button(key="revoke-intranet").click().run()
    assert not at.exception and store.authenticate(key) is None
    actions = [e["action"] for e in AuditLog.for_settings(pages.settings).entries(actor="ed@example.com")]
    assert actions[:2] == ["key.revoked", "key.created"]
    assert json.dumps(AuditLog.for_settings(pages.settings).entries()).find(key) == -1  # the key is never logged

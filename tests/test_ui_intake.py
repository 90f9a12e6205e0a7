"""The Intake page, driven headlessly: guided chat to a recommendation, changing an
earlier answer, the form, and the decision-record downloads."""

from __future__ import annotations

import json
import os
import re

import pytest
from streamlit.testing.v1 import AppTest

from assistant.intake import QUESTIONS, next_question
from conftest import PROJECT, offline_page_assistant

PAGE = str(PROJECT / "assistant" / "ui" / "intake.py")
USE_CASE = "Answer employee questions about our HR policy documents from the intranet"


@pytest.fixture(scope="module", autouse=True)
def shared_assistant(tmp_path_factory, embedder):
    yield from offline_page_assistant(tmp_path_factory, embedder, "ui-intake-data")


def new_page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120).run()
    assert not at.exception, at.exception
    return at


def current_field(at: AppTest) -> str | None:
    q = next_question(at.session_state["intake_answers"] if "intake_answers" in at.session_state else {})
    return q.field if q else None


def reply(at: AppTest, label: str) -> AppTest:
    buttons = [b for b in at.button if b.key and b.key.startswith("intake_reply_") and b.label == label]
    assert buttons, f"no quick reply {label!r}; have {[b.label for b in at.button]}"
    buttons[0].click().run()
    assert not at.exception, at.exception
    return at


def type_text(at: AppTest, text: str) -> AppTest:
    at.chat_input(key="intake_chat_text").set_value(text).run()
    assert not at.exception, at.exception
    return at


def progress_texts(at: AppTest) -> list[str]:
    return [p.proto.text for p in at.get("progress")]


def card_label(at: AppTest) -> str:
    return at.subheader[0].value if len(at.subheader) else ""


# How the test team answers each question: ("text", ...) types, ("click", ...) uses a quick reply.
RAG_SCRIPT = {
    "use_case": ("text", USE_CASE),
    "needs_document_facts": ("click", "Yes"),
    "knowledge_change": ("text", "it changes every week"),
    "output_requirement": ("click", "Free text"),
    "task_type": ("click", "Answering questions"),
    "daily_volume": ("text", "about 2 million a day"),
    "terminology": ("click", "No, general language"),
    "mlops_capacity": ("click", "Nobody yet"),
    "motivations": ("pills", ["know_our_documents"]),
}


def answer_until_done(at: AppTest, script: dict) -> list[str]:
    asked = []
    while (field := current_field(at)) is not None:
        assert len(asked) < len(QUESTIONS), f"asked too many questions: {asked}"
        asked.append(field)
        kind, value = script[field]
        if kind == "text":
            type_text(at, value)
        elif kind == "click":
            reply(at, value)
        else:
            at.button_group(key=f"intake_pick_{field}").set_value(value)
            at.button(key=f"intake_done_{field}").click().run()
            assert not at.exception, at.exception
        assert field in at.session_state["intake_answers"], f"{field} not taken from {value!r}"
    return asked


def test_guided_chat_reaches_rag_then_an_earlier_change_updates_it():
    at = new_page()
    assert progress_texts(at) == ["Question 1 of ~12"]
    assert at.chat_message[0].markdown[0].value == QUESTIONS[0].prompt

    type_text(at, USE_CASE)
    reply(at, "Yes")
    assert progress_texts(at)[0].startswith("Question 3 of ~")

    # An unreadable reply is said plainly, and the same question is asked again.
    type_text(at, "purple elephants")
    assert current_field(at) == "knowledge_change"
    assert any("could not read" in m.value for m in at.markdown)

    asked = ["use_case", "needs_document_facts"] + answer_until_done(at, RAG_SCRIPT)
    assert len(asked) <= 12
    answers = at.session_state["intake_answers"]
    assert answers["knowledge_change"] == "weekly" and answers["daily_volume"] == 2_000_000
    assert "RAG" in card_label(at)
    assert progress_texts(at)[0].startswith("All ")
    user_said = [m.markdown[0].value for m in at.chat_message if m.name == "user"]
    assert any("it changes every week" in s for s in user_said)
    assert len([m for m in at.chat_message if m.name == "assistant"]) <= 13  # 12 questions + the closing line

    # Change an earlier answer: the team does not need facts from documents after all.
    at.selectbox(key="intake_change_field").set_value("needs_document_facts")
    at.button(key="intake_reask").click().run()
    assert current_field(at) == "needs_document_facts"
    reply(at, "No")
    assert current_field(at) is None  # nothing else needed: knowledge_change is now skipped
    assert "knowledge_change" not in at.session_state["intake_answers"]
    assert card_label(at) == "Prompt engineering"


def test_reasons_cite_sections_with_quotes_and_show_the_diagram():
    at = new_page()
    answer_until_done(at, RAG_SCRIPT)
    result = at.session_state["intake_result"]["result"]
    captions = [c.value for c in at.caption]
    for reason in result["reasons"]:
        assert any(f"`{reason['section_id']}`" in c for c in captions)
    assert any(m.value.startswith("> ") for m in at.markdown)
    charts = at.get("graphviz_chart")
    assert charts and "digraph" in charts[0].proto.spec


def test_form_mode_recommends_and_names_a_bad_field():
    at = new_page()
    at.segmented_control(key="intake_mode").set_value("Form").run()
    assert not at.exception, at.exception

    at.button(key="intake_form_submit").click().run()  # no use case yet
    assert at.error and "use_case" in at.error[0].value.replace("\\", "")

    at.text_area(key="intake_form_use_case").set_value(USE_CASE)
    at.selectbox(key="intake_form_needs_document_facts").set_value("yes")
    at.selectbox(key="intake_form_knowledge_change").set_value("weekly")
    at.selectbox(key="intake_form_task_type").set_value("question_answering")
    at.number_input(key="intake_form_daily_volume").set_value(2_000_000)
    at.multiselect(key="intake_form_motivations").set_value(["know_our_documents"])
    at.button(key="intake_form_submit").click().run()
    assert not at.exception, at.exception
    assert not at.error
    assert "RAG" in card_label(at)
    assert at.session_state["intake_form_result"]["answers"]["daily_volume"] == 2_000_000


def test_download_buttons_offer_the_decision_record():
    at = new_page()
    at.segmented_control(key="intake_mode").set_value("Form").run()
    at.text_area(key="intake_form_use_case").set_value("Draft polite replies to customer emails")
    at.selectbox(key="intake_form_needs_document_facts").set_value("no")
    at.button(key="intake_form_submit").click().run()
    assert not at.exception, at.exception

    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Decision record (Markdown)", "Decision record (JSON)"]
    record = at.session_state["intake_form_record"]
    result = at.session_state["intake_form_result"]["result"]
    assert record["markdown"].startswith(f"# Decision record: {result['label']}")
    assert "Draft polite replies to customer emails" in record["markdown"]
    data = json.loads(record["json"])
    assert data["result"]["recommendation"] == result["recommendation"]
    assert data["answers"]["needs_document_facts"] == "no"


def test_progress_estimate_counts_only_questions_still_to_ask():
    from assistant.ui.intake_views import engine_payload, progress

    assert progress({}) == (1, 12)
    given = {"use_case": "x", "needs_document_facts": "no", "task_type": "conversation"}
    current, total = progress(given)
    assert current == 4 and total < 12  # knowledge change, latency and labelled examples are skipped
    assert engine_payload({**given, "terminology": None})["knowledge_change"] == "not_applicable"
    assert os.environ.get("ASSISTANT_DATA_DIR")


def test_model_prefill_keeps_only_valid_fields_and_stays_hidden_offline():
    from assistant.ui.intake_views import _valid_mapping

    mapped = _valid_mapping({"needs_document_facts": "yes", "knowledge_change": "hourly", "bogus": 1,
                             "motivations": ["cost"], "daily_volume": None}, "  Answer HR questions ")
    assert mapped == {"use_case": "Answer HR questions", "needs_document_facts": "yes", "motivations": ["cost"]}
    at = new_page()
    assert not [e for e in at.expander if "pre-fill" in e.label]


# --- Unknowns, pre-fill, one shared answer state, the record in words ---------------------

def not_sure_to_everything(at: AppTest) -> None:
    while (field := current_field(at)) is not None:
        if field == "use_case":
            type_text(at, "Help our team with its weekly work")
        elif field == "needs_document_facts":
            reply(at, "Not sure")
        elif field == "motivations":
            at.button(key="intake_done_motivations").click().run()  # nothing picked
            assert not at.exception, at.exception
        else:
            reply(at, "Don't know yet")


def test_not_sure_everywhere_is_low_confidence_listed_as_missing_and_drawn_unknown():
    at = new_page()
    not_sure_to_everything(at)
    result = at.session_state["intake_result"]["result"]
    assert result["confidence"] == "low"
    assert any("Confidence: low" in m.value for m in at.markdown)
    assert "needs_document_facts" in result["missing_information"]
    shown = " ".join(m.value for m in at.markdown)
    assert "Facts from your documents: answering this could change the recommendation" in shown
    assert "knowledge_change" not in shown and "needs_document_facts" not in shown  # labels, not field names
    spec = at.get("graphviz_chart")[0].proto.spec
    assert re.search(r"knowledge_access -> knowledge_unknown .*bold", spec)
    assert not re.search(r'knowledge_access -> behaviour \[label="no".*bold', spec)


def test_use_case_sentence_prefills_answers_only_once_confirmed():
    at = new_page()
    type_text(at, "Answer staff questions from a policy base that changes weekly")
    assert current_field(at) == "needs_document_facts"  # nothing counts yet
    assert "needs_document_facts" not in at.session_state["intake_answers"]
    proposal = " ".join(m.value for m in at.markdown if "Your description already says" in m.value)
    assert "**Facts from your documents**: Yes" in proposal and "**How often the knowledge changes**: Weekly" in proposal

    at.button(key="intake_guided_prefill_use").click().run()
    assert not at.exception, at.exception
    given = at.session_state["intake_answers"]
    assert (given["needs_document_facts"], given["knowledge_change"], given["task_type"]) == (
        "yes", "weekly", "question_answering")
    assert current_field(at) == "output_requirement"
    user_said = [m.markdown[0].value.replace("\\", "") for m in at.chat_message if m.name == "user"]
    assert "Weekly (from your description)" in user_said

    declined = new_page()
    type_text(declined, "Answer staff questions from a policy base that changes weekly")
    declined.button(key="intake_guided_prefill_no").click().run()
    assert not declined.exception, declined.exception
    assert current_field(declined) == "needs_document_facts"
    assert not [m for m in declined.markdown if "Your description already says" in m.value]


def test_form_and_guided_chat_share_one_answer_state():
    at = new_page()
    at.segmented_control(key="intake_mode").set_value("Form").run()
    at.text_area(key="intake_form_use_case").set_value(USE_CASE)
    at.selectbox(key="intake_form_needs_document_facts").set_value("yes")
    at.number_input(key="intake_form_daily_volume").set_value(2_000_000)
    at.button(key="intake_form_submit").click().run()
    assert not at.exception, at.exception

    at.segmented_control(key="intake_mode").set_value("Guided chat").run()
    assert not at.exception, at.exception
    given = at.session_state["intake_answers"]
    assert (given["use_case"], given["needs_document_facts"], given["daily_volume"]) == (USE_CASE, "yes", 2_000_000)
    assert current_field(at) == "knowledge_change"  # the chat goes on from the form's answers
    user_said = [m.markdown[0].value for m in at.chat_message if m.name == "user"]
    assert "Yes" in user_said and "2,000,000 requests a day" in user_said

    reply(at, "Weekly")
    at.segmented_control(key="intake_mode").set_value("Form").run()
    assert not at.exception, at.exception
    assert at.selectbox(key="intake_form_knowledge_change").value == "weekly"
    assert at.number_input(key="intake_form_daily_volume").value == 2_000_000
    assert at.text_area(key="intake_form_use_case").value == USE_CASE


def test_decision_record_has_words_date_and_knowledge_version(shared_assistant):
    at = new_page()
    answer_until_done(at, {**RAG_SCRIPT, "daily_volume": ("click", "Up to a few hundred")})
    md = at.session_state["intake_guided_record"]["markdown"]
    assert re.search(r"^\*\*Date:\*\* \d{4}-\d\d-\d\d", md, re.MULTILINE)
    generation = shared_assistant.index.counts()["generation"]
    assert generation and f"**Knowledge version:** {generation}" in md
    assert "| Requests a day | Up to a few hundred |" in md
    assert "| Output requirement | Free text |" in md
    assert "| MLOps capacity | Nobody yet |" in md
    assert "| How often the knowledge changes | it changes every week → Weekly |" in md
    assert "free_text" not in md.split("## Why")[0]
    record = json.loads(at.session_state["intake_guided_record"]["json"])
    assert record["answers"]["daily_volume"] == 100 and record["knowledge_version"] == generation


def test_form_offers_what_the_description_states_and_uses_it_once_confirmed():
    at = new_page()
    at.segmented_control(key="intake_mode").set_value("Form").run()
    at.text_area(key="intake_form_use_case").set_value("Answer staff questions from a policy base that changes weekly")
    at.button(key="intake_form_submit").click().run()
    assert not at.exception, at.exception
    assert card_label(at) == "Prompt engineering"  # nothing from the sentence counts yet
    assert any("Your description already says" in m.value for m in at.markdown)

    at.button(key="intake_form_prefill_use").click().run()
    assert not at.exception, at.exception
    assert at.selectbox(key="intake_form_needs_document_facts").value == "yes"
    assert at.selectbox(key="intake_form_knowledge_change").value == "weekly"
    assert "RAG" in card_label(at)
    assert at.session_state["intake_form_result"]["result"]["recommendation"] == "rag"

"""The chat page with a model configured (a real loopback server speaking the OpenAI API):
streamed answers with verified citations, follow-ups retrieved for their combined meaning,
and a visible notice when the provider fails."""

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from assistant import runtime
from conftest import PROJECT

try:
    from fixtures.fake_openai_server import build_assistant, fake_openai, openai_server, status, text  # noqa: F401
except ImportError:
    from tests.fixtures.fake_openai_server import build_assistant, fake_openai, openai_server, status, text  # noqa: F401

PASSAGE = re.compile(r'<passage n="(\d+)" section_id="([^"]+)"')


def cite(section_id: str, sentence: str):
    """A fake model that cites the passage it was shown for `section_id`."""
    def reply(body):
        shown = {}
        for m in body["messages"]:
            if m["role"] == "tool":
                for n, sid in PASSAGE.findall(m["content"]):
                    shown.setdefault(sid, n)
        return text(f"{sentence} [{shown[section_id]}]")
    return reply


def searched_queries(bodies) -> list[str]:
    out = []
    for body in bodies:
        for m in body["messages"]:
            for call in m.get("tool_calls") or []:
                if call["function"]["name"] == "search_knowledge":
                    out.append(json.loads(call["function"]["arguments"])["query"])
    return out


def shown(blocks) -> str:
    return re.sub(r"\\(.)", r"\1", " ".join(b.value for b in blocks))


@pytest.fixture(scope="module")
def llm_assistant(openai_server, tmp_path_factory):
    return build_assistant(tmp_path_factory.mktemp("ui-llm"), openai_server.url)


@pytest.fixture
def page(llm_assistant, fake_openai):
    runtime.reset_assistant(llm_assistant)
    yield AppTest.from_file(str(PROJECT / "assistant" / "ui" / "chat.py"), default_timeout=120)
    runtime.reset_assistant()


def test_the_model_writes_a_cited_answer_and_the_mode_is_shown(page, fake_openai):
    at = page.run()
    assert any("model-written" in c.value for c in at.caption)
    fake_openai.push(cite("hidden-costs", "Fine-tuning keeps costing money after launch."))
    at.chat_input[0].set_value("What are the hidden costs of fine-tuning?").run()
    assert not at.exception
    answer = shown(at.chat_message[1].markdown)
    assert "keeps costing money" in answer and "[1]" in answer and "hidden-costs" in answer


def test_a_follow_up_is_retrieved_for_its_combined_meaning(page, fake_openai):
    at = page.run()
    fake_openai.push(cite("rag", "Retrieval fits knowledge that changes."))
    at.chat_input[0].set_value("When should we use RAG instead of fine-tuning?").run()
    fake_openai.push(text("What does RAG cost compared with fine-tuning?"),
                     cite("hidden-costs", "Fine-tuning costs recur."))
    at.chat_input[0].set_value("and what does that cost?").run()
    assert not at.exception
    queries = searched_queries(fake_openai.bodies)
    assert queries[-1] == "What does RAG cost compared with fine-tuning?"
    assert "costs recur" in shown(at.chat_message[3].markdown)


def test_a_failing_provider_falls_back_with_a_visible_notice(page, fake_openai):
    at = page.run()
    fake_openai.always(status(500))
    at.chat_input[0].set_value("What are the hidden costs of fine-tuning?").run()
    assert not at.exception
    assert at.warning and "offline answer" in at.warning[0].value
    assert "one-time cost" in shown(at.chat_message[1].markdown)


def test_the_intake_page_lets_the_model_pre_fill_answers_for_confirmation(llm_assistant, fake_openai):
    runtime.reset_assistant(llm_assistant)
    try:
        at = AppTest.from_file(str(PROJECT / "assistant" / "ui" / "intake.py"), default_timeout=120).run()
        assert not at.exception
        fake_openai.push(text(json.dumps({
            "use_case": "Answer HR policy questions from our intranet", "needs_document_facts": "yes",
            "knowledge_change": "weekly", "output_requirement": None, "format_status": None, "task_type": "question_answering",
            "daily_volume": None, "latency_budget_ms": None, "terminology": None, "labelled_examples": None,
            "mlops_capacity": "lots", "motivations": []})))
        at.text_area(key="intake_llm_text").set_value("Our HR bot answers from policies that change every week.").run()
        at.button(key="intake_llm_go").click().run()
        shown_back = shown(at.markdown)
        assert "weekly" in shown_back.lower() or "week" in shown_back.lower()
        assert "lots" not in shown_back  # an invalid value is never offered for confirmation
        at.button(key="intake_llm_use").click().run()
        assert not at.exception
        assert at.session_state["intake_answers"]["needs_document_facts"] == "yes"
        assert at.session_state["intake_answers"]["knowledge_change"] == "weekly"
    finally:
        runtime.reset_assistant()

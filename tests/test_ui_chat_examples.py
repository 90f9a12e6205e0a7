"""The browser examples of issue 9, driven through the chat page with AppTest: each one
cites the section that holds its answer, or refuses plainly."""

import pytest
from conftest import PROJECT
from streamlit.testing.v1 import AppTest

from assistant import runtime


@pytest.fixture
def chat_page(assistant):
    runtime.reset_assistant(assistant)
    yield AppTest.from_file(str(PROJECT / "assistant" / "ui" / "chat.py"), default_timeout=120)
    runtime.reset_assistant()


def ask(at, question: str) -> str:
    at.chat_input[0].set_value(question).run()
    assert not at.exception
    return " ".join(md.value for md in at.chat_message[-1].markdown)


@pytest.mark.parametrize("question, sections", [
    ("When should we fine-tune instead of using RAG?", ["decision-rules"]),
    ("How much does fine-tuning cost to maintain?", ["hidden-costs"]),
    ("Our support bot must answer in under 1 second and cite the policy it used. Which approach fits?",
     ["decision-rules", "rag"]),
    ("What's the difference between RAG and fine-tuning?", ["rag", "what-fine-tuning-does"]),
    ("Who wrote the framework?", ["closing"]),
])
def test_browser_examples_cite_the_section_that_answers(chat_page, assistant, question, sections):
    at = chat_page.run()
    shown = ask(at, question)
    direct = assistant.ask(question)
    assert not direct["abstained"]
    cited = {c["section_id"] for c in direct["citations"]}
    assert set(sections) <= cited or (len(sections) > 1 and cited & set(sections)), cited
    assert any(section in shown for section in sections)


def test_fine_tune_instead_of_rag_gets_both_sides(assistant):
    answer = assistant.ask("When should we fine-tune instead of using RAG?")["answer"]
    assert "Use fine-tuning when" in answer and "Use RAG when" in answer


def test_maintenance_cost_gets_the_sections_list(assistant):
    answer = assistant.ask("How much does fine-tuning cost to maintain?")["answer"]
    for item in ("GPU compute", "data preparation", "evaluation pipeline", "serving infrastructure", "retraining cadence"):
        assert item in answer


def test_difference_says_what_each_approach_changes(assistant):
    answer = assistant.ask("What's the difference between RAG and fine-tuning?")["answer"]
    assert "changes the weights" in answer and "access to knowledge" in answer


def test_evaluating_rag_is_refused_with_what_the_framework_does_say(chat_page):
    at = chat_page.run()
    shown = ask(at, "How do we evaluate RAG?")
    assert "doesn't describe how" in shown

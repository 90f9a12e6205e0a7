"""A client is named by the thing built for it, pointed at ("the HR helpdesk assistant"),
or by its kind of organisation with a word that says which ("the HR software vendor"); a
vendor in general ("which vendor should we pick?", "our software vendor") names no client.
"What the HR vendor paid" asks for a sum the note must give."""

import pytest
from conftest import two_turns

from assistant.question import understand


@pytest.mark.parametrize("question", ["What happened at the HR software vendor?", "Tell me about the HR helpdesk assistant."])
def test_a_client_named_by_its_kind_or_its_assistant_is_found(assistant, question):
    assert assistant._case_named(question) == "case-001"


@pytest.mark.parametrize("question", ["what does the vendor say about fine-tuning?", "which vendor should we pick?",
                                      "our software vendor wants to fine-tune a model on our wiki"])
def test_a_vendor_in_general_names_no_client(assistant, question):
    assert assistant._case_named(question) == ""


def test_a_figure_asked_right_after_that_client_is_answered_from_its_note(assistant):
    _, second = two_turns(assistant, "What happened at the HR software vendor?", "how many pages changed per week?")
    assert not second["abstained"]
    assert "case-001" in [c["section_id"] for c in second["citations"]]
    assert "40 pages" in second["answer"]


def test_what_a_client_paid_is_a_sum_asked_for(assistant):
    assert "number" in [a.kind for a in understand("What the HR vendor paid for the seven week project?").asks]
    assert assistant.ask("What the HR vendor paid for the seven week project?")["abstained"]


def test_a_story_recalled_with_an_indefinite_article_names_its_client(assistant):
    question = ("There was a bank which sorted card payments into spending categories with a big hosted model "
                "and it was too slow. What was decided there?")
    assert assistant._case_named(question) == "case-003"
    assert [c["section_id"] for c in assistant.ask(question)["citations"]][0] == "case-003"


@pytest.mark.parametrize("question", ["We're a bank that sorts card payments. Fine-tune?",
                                      "I am at a bank which sorts card payments: should we train a model?"])
def test_the_askers_own_organisation_is_no_client_recalled(assistant, question):
    assert assistant._case_named(question) == ""

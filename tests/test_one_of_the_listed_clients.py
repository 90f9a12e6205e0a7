"""After a list of clients, "which one of those clients had the 18% error?" or "which of
them was in healthcare?" points at the one listed client whose note holds what it says;
"which of the three approaches…?" points at no client."""

import pytest
from conftest import two_turns

from assistant.answer import case_picked_from_listed

LISTED = ("case-004", "case-010", "case-014")  # the clients given RAG plus fine-tuning


def _cited(answer) -> list[str]:
    return [c["section_id"] for c in answer["citations"]]


@pytest.fixture(scope="module")
def documents(assistant):
    return {d.id: d for d in assistant.kb.documents()}


@pytest.mark.parametrize("question, case", [
    ("which one of those clients had the 18% error?", "case-010"),  # the grid operator's prompt-only drafts
    ("which of them was in healthcare?", "case-004"),
    ("which of the three cases was about travel?", "case-014"),
])
def test_a_listed_client_is_picked_by_what_only_its_note_holds(documents, question, case):
    assert case_picked_from_listed(question, LISTED, documents) == case


@pytest.mark.parametrize("question", [
    "which of the three approaches fits a clause bank revised weekly?",  # no client pointed at
    "which of them asked for fine-tuning?",  # every one of them did: words all their notes use tell none apart
    "which one had the biggest budget?",  # no pointer into the list
])
def test_no_client_is_picked_without_a_pointer_or_with_a_tie(documents, question):
    assert case_picked_from_listed(question, LISTED, documents) == ""


def test_the_picked_client_answers_the_follow_up(assistant):
    _, answer = two_turns(assistant, "Which cases ended with both RAG and fine-tuning?",
                          "which one of those clients had the 18% error?")
    assert _cited(answer)[:1] == ["case-010"], answer["answer"]

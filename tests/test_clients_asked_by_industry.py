"""A client asked for by its note's industry ("any energy sector case?", "is there a case
from manufacturing industry?", "a public sector example of that?") is that note's client,
and its story is the answer, though so few words come near any sentence of it. Telling
our own industry ("we're in the travel industry") asks for no client, and a "use case"
is no client's case."""

import pytest
from conftest import two_turns

from assistant.question import intent_of


def _cited(answer) -> list[str]:
    return [c["section_id"] for c in answer["citations"]]


@pytest.mark.parametrize("question, case", [
    ("any energy sector case?", "case-010"),
    ("Is there a case from manufacturing industry?", "case-006"),
    ("is there a case from the public sector?", "case-008"),
])
def test_a_client_asked_for_by_its_industry_is_answered_by_its_note(assistant, question, case):
    answer = assistant.ask_offline(question)
    assert not answer["abstained"], answer["answer"]
    assert _cited(answer)[0] == case, answer["answer"]


@pytest.mark.parametrize("question, case", [
    ("any energy sector case?", "case-010"),
    ("was there a public sector client?", "case-008"),
    ("a travel industry example?", "case-014"),
])
def test_an_industry_before_a_case_noun_names_the_client(assistant, question, case):
    assert assistant._case_named(question) == case


@pytest.mark.parametrize("question", ["we are in the travel industry, should we fine-tune?",
                                      "Our public sector rules change monthly. RAG?"])
def test_our_own_industry_names_no_client(assistant, question):
    assert assistant._case_named(question) == ""


def test_a_public_sector_example_of_what_was_said_is_the_agency(assistant):
    _, second = two_turns(assistant, "What is the article's view on owning a proprietary model?",
                          "Is there a public sector example of that?")
    assert "case-008" in _cited(second), second["answer"]


@pytest.mark.parametrize("question, intent", [
    ("any energy sector case?", "example"),
    ("Is there an energy sector case? Grid operator or so?", "example"),
    ("any good use cases for rag?", "what"),
    ("is there a use case for fine-tuning here?", "yesno"),
])
def test_a_case_asked_for_with_words_between_is_a_client_asked_for(question, intent):
    assert intent_of(question) == intent


def test_a_named_client_is_no_excuse_to_answer_off_topic(assistant):
    answer = assistant.ask_offline("What's the Bank of England base rate at the moment?")
    assert answer["abstained"], answer["answer"]

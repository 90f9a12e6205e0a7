"""A client's name that opens a question as its subject, jotted without "the" ("freight email
routing ended up costing how much per month?", "news publisher wanted custom model bc competitor
had one"), names that client: the subject of its past. A label ("hospital policies, which
approach?") may be the team's own, and so may a story it tells ("grid operators like us need…"). A "which" that someone else finds out ("how would an
auditor know which payer guidance it relied on?") asks no name; "do you know which payer it was?" does."""

import pytest
from conftest import two_turns


def _cited(answer) -> list[str]:
    return [c["section_id"] for c in answer["citations"]]


@pytest.mark.parametrize("question, case", [
    ("freight email routing ended up costing how much per month?", "case-007"),
    ("news publisher wanted custom model bc competitor had one. what did u tell them", "case-011"),
    ("freight desk triage - monthly running spend once they went prompt-only?", "case-007"),  # two of its names
])
def test_a_name_opening_the_question_names_the_client(assistant, question, case):
    assert assistant._case_named(question) == case


@pytest.mark.parametrize("question", ["Grid operators like us need precise switching steps, should we fine-tune?",
                                      "hospital policies, which approach?",
                                      "Freight is our biggest business, RAG?"])
def test_a_name_opening_a_label_or_our_own_story_names_no_client(assistant, question):
    assert assistant._case_named(question) == ""


def test_a_figure_asked_of_a_client_named_first_is_read_from_its_note(assistant):
    answer = assistant.ask_offline("freight email routing ended up costing how much per month?")
    assert not answer["abstained"], answer["answer"]
    assert _cited(answer)[0] == "case-007" and "EUR 300" in answer["answer"], answer["answer"]


def test_a_which_someone_else_finds_out_asks_no_name(assistant):
    assert assistant.understand("And how would an auditor know which payer guidance a suggestion relied on?").asks == ()
    assert {a.kind for a in assistant.understand("do you know which payer it was?").asks} == {"name"}


def test_how_the_source_is_traced_is_answered_from_the_told_note(assistant):
    _, second = two_turns(assistant, "Hospital procedure coding: what was the approach?",
                          "And how would an auditor know which payer guidance a suggestion relied on?")
    assert not second["abstained"] and "case-004" in _cited(second), second["answer"]

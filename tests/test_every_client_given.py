""""Which cases ended with both RAG and fine-tuning?" asks for every client given that approach:
the answer names each of them and quotes the first few, not one story with a "Yes —"."""

import pytest

from assistant.labels import RECOMMENDATION_IN_TEXT


def _given(assistant, recommendation: str) -> list:
    return sorted((d for d in assistant.kb.documents() if d.source == "case" and d.recommendation == recommendation),
                  key=lambda d: d.id)


@pytest.mark.parametrize("question, recommendation", [
    ("Which cases ended with both RAG and fine-tuning?", "rag_and_fine_tuning"),
    ("which clients got both rag and fine tuning recommended", "rag_and_fine_tuning"),
    ("which clients were recommended prompt engineering?", "prompt_engineering"),
    ("Which cases ended up with RAG?", "rag"),
    # asked with "what", or as a list to give
    ("What cases ended up with RAG?", "rag"),
    ("list the cases that got fine-tuning", "fine_tuning"),
])
def test_every_client_given_the_approach_is_named_and_the_first_are_quoted(assistant, question, recommendation):
    answer = assistant.ask_offline(question)
    given = _given(assistant, recommendation)
    assert len(given) >= 2  # the sample knowledge has several of each
    assert answer["answer"].startswith(f"{len(given)} cases ended with {RECOMMENDATION_IN_TEXT[recommendation]}:")
    assert all(d.label in answer["answer"] for d in given)
    assert [c["section_id"] for c in answer["citations"]][:3] == [d.id for d in given][:3]


@pytest.mark.parametrize("question", [
    "Which clients asked for fine-tuning but got RAG?",  # asked for one, given another: its own listing
    "Is there a client that ended up with both?",  # one client asked for
])
def test_a_client_asked_for_otherwise_is_not_this_listing(assistant, question):
    assert " ended with " not in assistant.ask_offline(question)["answer"].split(":")[0]


@pytest.mark.parametrize("question, approach", [
    ("What cases ended up with RAG?", "rag"),
    ("list the cases that got fine-tuning", "fine_tuning"),
    ("name all the clients that were recommended prompt engineering", "prompt_engineering"),
])
def test_every_client_given_an_approach_asked_with_what_or_as_a_list(question, approach):
    from assistant.question import outcome_of_every_client

    assert outcome_of_every_client(question) == approach


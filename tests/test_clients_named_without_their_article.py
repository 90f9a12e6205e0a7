"""A client pointed at as "the travel one" is named too when the article is left out, as people
writing quickly or in a second language do ("what was result in travel one?", "and travel
one?"); an everyday word before "one" in other senses ("we travel one day a week", "travel
is one of…") names no one."""

import pytest
from conftest import two_turns

from assistant.case_names import case_named, client_names
from assistant.spelling import SpellingCorrector


@pytest.fixture(scope="module")
def names(kb):
    return client_names(kb.documents(), SpellingCorrector({}).common_english)


@pytest.fixture(scope="module")
def everyday():
    return SpellingCorrector({}).everyday_words


@pytest.mark.parametrize("question, case_id", [
    ("and what was result in travel one?", "case-014"),
    ("and travel one?", "case-014"),
    ("for travel one, why both approaches?", "case-014"),
])
def test_the_x_one_without_its_article_names_the_client(names, everyday, question, case_id):
    assert case_named(question, names, everyday) == case_id


@pytest.mark.parametrize("question", [
    "we travel one day a week, does RAG fit?",
    "is travel one of the industries you cover?",
    "travel is one more reason to cache answers?",
])
def test_an_everyday_word_before_one_in_other_senses_names_no_one(names, everyday, question):
    assert case_named(question, names, everyday) == ""


def test_a_client_picked_from_a_list_without_the_article(assistant):
    _, second = two_turns(assistant, "which clients ended up with both retrieval and a tuned model?",
                          "and what was outcome in travel one?")
    assert [c["section_id"] for c in second["citations"]][0] == "case-014", second["answer"]

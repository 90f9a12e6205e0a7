"""A client pointed at as "the travel one" is named too when the article is left out, as people
writing quickly or in a second language do ("what was result in travel one?", "and travel
one?"); an everyday word before "one" in other senses ("we travel one day a week", "travel
is one of…") names no one (the naming itself is tested in test_case_names.py)."""

from conftest import two_turns


def test_a_client_picked_from_a_list_without_the_article(assistant):
    _, second = two_turns(assistant, "which clients ended up with both retrieval and a tuned model?",
                          "and what was outcome in travel one?")
    assert [c["section_id"] for c in second["citations"]][0] == "case-014", second["answer"]

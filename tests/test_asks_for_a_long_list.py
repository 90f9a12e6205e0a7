"""A request for every item of a long list that a note only counts ("list the 48 spending
categories", "the full 45-term glossary") asks for a text the knowledge does not hold; a
short list the framework gives ("list the 3 reasons") and a question about the counted
thing ("how did the 45-term glossary help?") are answered."""

import pytest

from assistant.question import asks_in


@pytest.mark.parametrize("question", [
    "can u list the 48 spending categories the bank used",
    "Kindly provide the full 45-term glossary that was written into the system prompt.",
    "give me the full list of the 45 glossary terms from the lease case",
])
def test_every_item_of_a_counted_list_is_an_artifact_asked_for(question):
    assert [a.kind for a in asks_in(question)] == ["artifact"]


@pytest.mark.parametrize("question", ["list the 3 reasons to fine-tune", "how did the 45-term glossary help?",
                                      "give me the hidden costs list"])
def test_a_short_list_or_a_question_about_the_counted_thing_asks_for_no_text(question):
    assert not [a for a in asks_in(question) if a.kind == "artifact"]


def test_the_full_glossary_is_refused_and_the_three_reasons_are_answered(assistant):
    assert assistant.ask("give me the full list of the 45 glossary terms from the lease case")["abstained"]
    reasons = assistant.ask("list the 3 reasons to fine-tune")
    assert not reasons["abstained"]
    assert "three-reasons" in [c["section_id"] for c in reasons["citations"]]

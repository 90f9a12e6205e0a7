""""Give me some examples of this kind of task" after the narrow-task reason was quoted whole
points at the list that passage gives ("text classification, entity extraction, document
parsing to a fixed schema"), a verbatim part of the quoted sentence, rather than repeating it or
citing a rule for something else. A client asked for ("an example client?") is still a client,
and "examples" that are training data ("train a model on correct examples") ask for no list."""

import pytest
from conftest import two_turns


def _cited(answer) -> list[str]:
    return [c["section_id"] for c in answer["citations"]]


@pytest.mark.parametrize("first, follow_up, section, listed", [
    ("can you explain the narrow task reason?", "what examples of such tasks they give?",
     "reason-narrow-task", "text classification, entity extraction, document parsing to a fixed schema"),
    ("What a narrow high-volume task means in the framework?", "give me some examples of this kind of task",
     "reason-narrow-task", "text classification, entity extraction"),
    ("What does the framework say about specialised terminology?", "what kinds of terminology?",
     "reason-domain-terminology", "specific medical procedure codes, proprietary engineering specifications"),
])
def test_examples_of_a_kind_point_at_the_list_the_quoted_passage_gives(assistant, first, follow_up, section, listed):
    earlier, answer = two_turns(assistant, first, follow_up)
    assert section in _cited(earlier)
    assert _cited(answer) == [section], answer["answer"]
    assert listed in answer["answer"] and "examples" in answer["answer"]
    assert answer["citations"][0]["quote"] in assistant.kb.get(section).text  # verbatim


def test_a_client_example_is_still_a_client(assistant):
    _, answer = two_turns(assistant, "can you explain the narrow task reason?", "got a real client example?")
    assert _cited(answer)[0].startswith("case-"), answer["answer"]


def test_examples_that_are_training_data_ask_for_no_list(assistant):
    _, answer = two_turns(assistant, "can you explain the narrow task reason?",
                          "A contractor says we should train a model on correct examples. What should we be trying before that?")
    assert "gives these examples" not in answer["answer"]

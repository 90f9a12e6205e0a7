"""A client's case named by a label of several words ("the newsroom house style case",
"the maintenance manual QA case") is that client's note, and an acronym in the label ("QA")
is no product asked about. After a client's story, a question told in the past passive
("How were the summaries judged?") asks about that story; one in the present about the
framework ("What does the framework say about output format?") does not."""

import pytest
from conftest import two_turns


def _cited(answer) -> list[str]:
    return [c["section_id"] for c in answer["citations"]]


@pytest.mark.parametrize("question, case", [
    ("What happened in the newsroom house style engagement?", "case-011"),
    ("Give me the maintenance manual QA case in brief.", "case-006"),
    ("Tell me about the adverse event extraction case.", "case-009"),
])
def test_a_case_named_by_its_label_leads_with_its_note(assistant, question, case):
    answer = assistant.ask(question)
    assert not answer["abstained"]
    assert _cited(answer)[0] == case


def test_an_acronym_in_a_case_label_is_no_product_asked_about(assistant):
    assert [a.kind for a in assistant.understand("Give me the maintenance manual QA case in brief.").asks] == []
    assert [a.kind for a in assistant.understand("Which QA tool should we buy for our fine-tuned model?").asks]


@pytest.mark.parametrize("story, past, case", [
    ("What happened in the newsroom house style engagement?", "How were the summaries judged?", "case-011"),
    ("Give me the maintenance manual QA case in brief.", "and why was a wrong torque value treated as a safety matter?",
     "case-006"),
])
def test_a_past_passive_question_after_a_story_asks_about_that_story(assistant, story, past, case):
    _, second = two_turns(assistant, story, past)
    assert not second["abstained"]
    assert _cited(second)[0] == case


def test_a_present_question_about_the_framework_leaves_the_story(assistant):
    _, second = two_turns(assistant, "Walk me through the field service manual case.",
                          "What does the framework say about output format in general?")
    assert _cited(second)[0] == "reason-output-format"


@pytest.mark.parametrize("story, past", [
    ("The insurer's claims emails kept breaking the JSON.", "What did you change instead of training?"),
    ("Which client had insurance claim email to JSON?", "What exactly did you change instead of training?"),
])
def test_what_the_consultancy_did_asked_after_a_story_is_that_story(assistant, story, past):
    """"What did you change…?" asks what was done for the client just told, not whether to train."""
    _, second = two_turns(assistant, story, past)
    assert not second["abstained"] and _cited(second)[0] == "case-002", second["answer"]


def test_did_you_say_asks_about_the_answer_not_a_story():
    from assistant.question import tells_of_their_past

    assert tells_of_their_past("What did you change instead of training?")
    assert not tells_of_their_past("Did you say RAG is cheaper to run?")

"""A follow-up on the client just told may find its figure anywhere in that client's short
note, not only among the question's eight best sentences overall ("what error rate did the
prompt-only version have?" after the grid operator: "errors fell from 18% to under 2%").
A client example asked for right after a situation is one of that situation, whatever the
last answer quoted; an everyday word ("pull that off") names no client's story; and "good
enough for" judges whether something suffices, it asks for no product."""

import dataclasses

import pytest
from conftest import two_turns

from assistant.answerability import judge
from assistant.chunking import Sentence
from assistant.question import understand


def _cited(answer) -> list[str]:
    return [c["section_id"] for c in answer["citations"]]


@pytest.mark.parametrize("story, figure", [
    ("grid operator switching instructions", "what error rate did the prompt-only version have"),
    ("that grid control room one", "what was the error rate with just the prompt"),
])
def test_a_figure_further_down_the_told_note_is_answered(assistant, story, figure):
    first, second = two_turns(assistant, story, figure)
    assert _cited(first)[0] == "case-010"
    assert not second["abstained"]
    assert "case-010" in _cited(second)
    assert "18%" in second["answer"]


def test_a_figure_the_told_note_never_gives_is_still_refused(assistant):
    _, second = two_turns(assistant, "grid operator switching instructions", "how many GPUs did the pilot run on?")
    assert second["abstained"]


def _sentence(text: str, section_id: str) -> Sentence:
    return Sentence(f"{section_id}#0", section_id, 0, len(text), text)


_FILLER = [(_sentence(f"Filler sentence number {i} about prompts.", "prompt-engineering"), 0.5 - i / 100) for i in range(8)]
_FIGURE = _sentence("Equipment designation errors fell from 18% to under 2% in a supervised pilot.", "case-010")


def test_the_told_notes_sentences_below_the_best_eight_may_hold_a_follow_ups_figure():
    asked = dataclasses.replace(understand("what error rate did the prompt-only version have"),
                                follow_up=True, topic="grid operator switching instructions", previous_case="case-010")
    assert judge(asked, 0.6, 5.0, [*_FILLER, (_FIGURE, 0.3)], context_on_topic=True).status == "covered"


def test_far_from_the_question_or_not_a_follow_up_the_ninth_sentence_holds_nothing():
    follow_up = dataclasses.replace(understand("what error rate did the prompt-only version have"),
                                    follow_up=True, topic="grid operator switching instructions", previous_case="case-010")
    assert judge(follow_up, 0.6, 5.0, [*_FILLER, (_FIGURE, 0.1)], context_on_topic=True).status == "partial"
    named = dataclasses.replace(understand("what error rate did the grid operator's prompt-only version have"),
                                previous_case="case-010")
    assert judge(named, 0.6, 5.0, [*_FILLER, (_FIGURE, 0.3)]).status == "partial"


def test_a_client_example_after_a_situation_is_one_of_that_situation(assistant):
    _, second = two_turns(assistant, "when does fine tuning make sense for classification stuff", "any example where it paid off?")
    assert not second["abstained"]
    assert _cited(second)[0] in {"case-003", "case-013", "case-009"}


def test_an_everyday_word_names_no_clients_story(assistant):
    _, second = two_turns(assistant, "is prompt engineering enough to get a brand voice",
                          "did some client of yours actually pull that off")
    assert _cited(second)[0] in {"case-011", "case-012"}


@pytest.mark.parametrize("question", ["Is prompt engineering good enough for brand voice?",
                                      "is a prompt good enough to handle our jargon?"])
def test_good_enough_for_asks_for_no_product(question):
    assert not [a for a in understand(question).asks if a.kind == "product"]


def test_a_good_tool_is_still_a_product_asked_for():
    assert [a.kind for a in understand("what are good tools for RAG?").asks] == ["product"]


def test_good_enough_for_brand_voice_is_answered(assistant):
    answer = assistant.ask("Is prompt engineering good enough for brand voice?")
    assert not answer["abstained"]
    assert "prompt-engineering" in _cited(answer)

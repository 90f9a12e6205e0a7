"""Right after a client's story, a question asking for a figure ("how fast are new circulars
available?", "what latency was reached?") asks about that story when the told note gives
that figure, though the question names no client and points back at nothing. A "how
fast/quick/soon" question is answered by a span ("within an hour") as well as by a figure.
A figure the note does not give is still refused, and a question nearer another client's
note is about that client."""

import dataclasses

import pytest
from conftest import two_turns

from assistant.answerability import holds
from assistant.chunking import Sentence
from assistant.question import understand


def _cited(answer) -> list[str]:
    return [c["section_id"] for c in answer["citations"]]


@pytest.mark.parametrize("story, figure, case", [
    ("Explain the benefits agency case.", "how fast are new circulars made available to caseworkers?", "case-008"),
    ("Walk me through the pharmacovigilance engagement.", "and how quick is it on each text?", "case-009"),
    ("Was there a client that only wanted its prompt optimised?", "What latency did it reach after the change?", "case-013"),
])
def test_a_figure_the_told_note_gives_is_answered_from_that_note(assistant, story, figure, case):
    first, second = two_turns(assistant, story, figure)
    assert _cited(first)[0] == case
    assert not second["abstained"]
    assert _cited(second)[0] == case


def test_a_figure_the_told_note_does_not_give_is_still_refused(assistant):
    _, second = two_turns(assistant, "Walk me through the telecom intent routing case.", "how many GPUs did they rent?")
    assert second["abstained"]


def test_a_question_nearer_another_clients_note_is_about_that_client(assistant):
    _, second = two_turns(assistant, "Walk me through the telecom intent routing case.",
                          "what accuracy did the card transaction model reach?")
    assert not second["abstained"]
    assert _cited(second)[0] == "case-003"


def _sentence(text: str, section_id: str = "case-008") -> Sentence:
    return Sentence(f"{section_id}#0", section_id, 0, len(text), text)


@pytest.mark.parametrize("question", ["how fast are new circulars searchable?", "how quick are new circulars to become searchable?"])
def test_how_fast_is_answered_by_a_span_of_time(question):
    asked = understand(question)
    about = dataclasses.replace(asked, previous_case="case-008")
    evidence = [(_sentence("New circulars are searchable within an hour."), 0.6)]
    assert [a.kind for a in asked.asks] == ["number"]
    assert holds("number", asked.asks[0].phrase, about, evidence)


def test_how_fast_is_not_answered_by_a_sentence_with_no_span_or_figure():
    asked = understand("how fast are new circulars searchable?")
    about = dataclasses.replace(asked, previous_case="case-008")
    evidence = [(_sentence("New circulars are searchable soon after they are published."), 0.6)]
    assert not holds("number", asked.asks[0].phrase, about, evidence)

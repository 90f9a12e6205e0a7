"""A follow-up that adds a need of behaviour (a fixed form of words, a language, a tone) to
a told knowledge base that changes ("…and if we also want our strict house phrasing?") asks
whether to use both approaches: the framework's last rule answers it, whichever words the
team used for the form. Without a need added, or without changing knowledge told, it is
not that question."""

import pytest
from conftest import two_turns

from assistant.scenario import adds_behaviour_to_knowledge, scenario_sections

CHANGING = "Our tariff documents are revised every month and staff ask questions about them."


def _cited(answer) -> list[str]:
    return [c["section_id"] for c in answer["citations"]]


@pytest.mark.parametrize("form", ["our strict house phrasing", "a rigid layout", "the exact wording our regulator prescribes",
                                  "a mandatory report format"])
def test_a_form_of_words_the_output_must_keep_is_an_output_format(form):
    assert "reason-output-format" in scenario_sections(f"answers must follow {form}")


@pytest.mark.parametrize("follow_up", [
    "and what if we also want it to use our strict house phrasing?",
    "ok, and the replies must follow a rigid layout as well?",
    "we need the docs AND a fixed reply template, then what?",
    "and on top, it has to use our internal part codes properly?",
])
def test_a_behaviour_added_to_changing_knowledge_asks_whether_to_use_both(follow_up):
    assert adds_behaviour_to_knowledge(follow_up, CHANGING)


@pytest.mark.parametrize("follow_up, told", [
    ("and what if we want it to use our strict house phrasing?", CHANGING),  # nothing added: a new question
    ("and what if we also want our strict house phrasing?", "What did the newsroom client end up with?"),  # no knowledge told
    ("and are prices also revised weekly there?", CHANGING),  # a fact added, no behaviour
])
def test_without_both_needs_it_is_not_that_question(follow_up, told):
    assert not adds_behaviour_to_knowledge(follow_up, told)


@pytest.mark.parametrize("follow_up", [
    "and what if we also want it to use our strict house phrasing?",
    "OK, and if answers also must use our mandatory report wording, what then?",
])
def test_the_rule_for_using_both_answers_it(assistant, follow_up):
    _, second = two_turns(assistant, CHANGING, follow_up)
    assert not second["abstained"]
    assert "decision-rules" in _cited(second)
    assert "Use both when you need domain-adapted behaviour" in second["answer"]

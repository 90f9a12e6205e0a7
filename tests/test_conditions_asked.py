""""Under which conditions exactly?" after "is a fine-tuned small model better for
classification?" asks when the framework says to train: its decision rules, led as "it
depends", not the next client story the search brings up, nor a "yes"."""

import pytest
from conftest import two_turns

from assistant.question import intent_of


def _cited(answer) -> list[str]:
    return [c["section_id"] for c in answer["citations"]]


@pytest.mark.parametrize("question", ["under which conditions exactly?", "what conditions should exist for that to be true?",
                                      "In what conditions does training pay off?"])
def test_conditions_asked_for_are_a_decision(question):
    assert intent_of(question) == "decide"


@pytest.mark.parametrize("first, conditions", [
    ("Is a fine-tuned small model better for classification?", "under which conditions exactly?"),
    ("Why is a small fine-tuned model good for classification?", "what conditions should exist for that to be true?"),
])
def test_conditions_after_a_reason_are_answered_by_the_rules(assistant, first, conditions):
    _, answer = two_turns(assistant, first, conditions)
    assert _cited(answer)[0] == "decision-rules", answer["answer"]
    assert answer["answer"].startswith("It depends"), answer["answer"]
    assert "high-volume narrow tasks" in answer["answer"]

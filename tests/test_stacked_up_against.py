""""How's it stack up against a trained model quality-wise?" after prompt engineering was
described compares the two: the prompt side's own sentence on quality ("often equivalent in
quality to a fine-tuned model") is given. "Its" before any noun of the question's own ("how
does its quality…?") points back at what was just discussed, as "their" does."""

import pytest
from conftest import two_turns

from assistant.question import intent_of, points_back


def _cited(answer) -> list[str]:
    return [c["section_id"] for c in answer["citations"]]


@pytest.mark.parametrize("question", ["how's it stack up against a trained model quality-wise?",
                                      "How does RAG measure up to fine-tuning on cost?", "how does it hold up against RAG?"])
def test_stacking_up_against_is_a_comparison(question):
    assert intent_of(question) == "compare"


@pytest.mark.parametrize("question, pointing", [
    ("How does its quality stack up against a tuned model?", True),
    ("what are its hidden costs?", True),
    ("does a fine-tuned model keep its knowledge?", False),  # its own noun owns it
])
def test_its_points_back_only_before_a_noun_that_could_own_it(question, pointing):
    assert points_back(question) is pointing


@pytest.mark.parametrize("first, follow_up", [
    ("what does prompt engineering cover?", "how's it stack up against a trained model quality-wise?"),
    ("What does prompt engineering consist of, per the framework?", "How does its quality stack up against a tuned model?"),
])
def test_a_comparison_after_prompting_gives_the_prompt_sides_word_on_quality(assistant, first, follow_up):
    _, answer = two_turns(assistant, first, follow_up)
    assert "prompt-engineering" in _cited(answer), answer["answer"]
    assert "equivalent in quality to a fine-tuned model" in answer["answer"]

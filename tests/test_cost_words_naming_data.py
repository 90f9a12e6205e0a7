"""A cost word that names the team's data ("our price sheet", "spending categories", "the
budget app") asks about no cost: "can a trained model quote the grid fees from our price
sheet?" is about what fine-tuning does, not about the hidden costs. "Tell me about the one
where they did both together" asks for that story, not for the rule on combining."""

import pytest

from assistant.question import intent_of


def _cited(answer) -> list[str]:
    return [c["section_id"] for c in answer["citations"]]


@pytest.mark.parametrize("question", [
    "After training on our price circulars, could we trust the model to quote the exact figures from them?",
    "There was a bank which sorted card payments into spending categories.",
    "the budget app categories",
])
def test_a_cost_word_naming_data_asks_about_no_cost(question):
    assert intent_of(question) != "cost"


@pytest.mark.parametrize("question", ["what price should we expect to pay?", "how much budget do we need?",
                                      "is spending on GPUs worth it?", "what does fine-tuning cost?"])
def test_a_cost_asked_about_is_still_a_cost(question):
    assert intent_of(question) == "cost"


def test_quoting_figures_from_a_price_sheet_is_what_fine_tuning_does(assistant):
    answer = assistant.ask("Can we rely on a trained model to quote the current grid fees from our price sheet?")
    assert not answer["abstained"]
    assert {"what-fine-tuning-does", "internal-docs-misconception", "rag"} & set(_cited(answer))
    assert "hidden-costs" not in _cited(answer)


def test_tell_me_about_the_one_that_did_both_is_that_story(assistant):
    answer = assistant.ask("tell me about the hospital coders one, where they did both the look-up thing and the training together")
    assert _cited(answer)[0] == "case-004"

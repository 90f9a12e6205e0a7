"""A figure asked to be put on what was just said ("put a naira figure on that", "give me a $
estimate", "what would those come to in Swedish kronor?") asks for money the framework never
gives: after the hidden-costs list it is refused, with what the framework does say."""

import pytest
from conftest import two_turns

from assistant.question import understand


@pytest.mark.parametrize("question", [
    "put a naira figure on that for a mid-size operator",
    "Give me a figure in shillings for those costs for a team our size.",
    "ok give me a $ estimate for a 3 person startup",
    "And what would that amount to in Swedish kronor for a mid-sized agency?",
])
def test_a_figure_put_on_it_or_asked_in_a_currency_is_a_number_asked_for(question):
    assert "number" in [a.kind for a in understand(question, question).asks]


@pytest.mark.parametrize("question", ["what does it mean in real terms?", "give me an example of a client", "in which case did they win?"])
def test_words_that_only_look_like_it_ask_for_no_figure(question):
    assert "number" not in [a.kind for a in understand(question, question).asks]


@pytest.mark.parametrize("follow_up", ["put a naira figure on that for a mid-size operator",
                                       "And what would that amount to in Swedish kronor for a mid-sized agency?"])
def test_a_currency_figure_for_the_hidden_costs_is_refused(assistant, follow_up):
    _, answer = two_turns(assistant, "What are the hidden costs of fine-tuning?", follow_up)
    assert answer["abstained"], answer["answer"]


@pytest.mark.parametrize("phrase, money", [
    ("what would those come to in naira", True),
    ("a figure in Swedish kronor", True),
    ("how many ordinary tickets", False),  # "ordinary" holds no dinar
    ("the figure for the preceding month", False),  # "preceding" holds no cedi
])
def test_a_currency_is_asked_for_only_by_its_whole_name(phrase, money):
    from assistant.answerability import _CURRENCY_ASK

    assert bool(_CURRENCY_ASK.search(phrase)) == money


def test_a_currency_name_is_not_taken_for_a_slip_on_an_english_word(assistant):
    corrected = assistant.speller.correct("how much that would cost in reais for a team like ours?").text
    assert "reais" in corrected and "reads" not in corrected


def test_what_the_costs_come_to_in_reais_is_refused_as_money_the_framework_never_gives(assistant):
    from conftest import two_turns

    _, second = two_turns(assistant, "What are the hidden costs of fine-tuning?",
                          "ok, and how much that would cost in reais for a team like ours, more or less?")
    assert second["abstained"], second["answer"]

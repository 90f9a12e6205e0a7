"""A question that asks for money and nothing else ("what were they spending before?") is
answered by an amount of money in the told client's note ("…at roughly EUR 19,000 a month"),
though the sentence never says "spend"; one that says what was paid for ("…pay the
consultancy?", "…to label its 350 emails?") still needs a sentence that says it."""

import pytest
from conftest import two_turns


def _cited(answer) -> list[str]:
    return [c["section_id"] for c in answer["citations"]]


@pytest.mark.parametrize("story, money", [
    ("any case where a bank did fine tuning?", "what were they spending before"),
    ("the bank that categorised card transactions, what did they do", "and what did it cost them before vs after"),
])
def test_money_asked_as_such_is_answered_by_the_told_clients_amount(assistant, story, money):
    first, second = two_turns(assistant, story, money)
    assert "case-003" in _cited(first)
    assert not second["abstained"], second["answer"]
    assert "case-003" in _cited(second) and "EUR 19,000" in second["answer"]


def test_money_paid_for_something_the_note_never_prices_is_not_answered_by_another_amount(assistant):
    first, second = two_turns(assistant, "Tell me about the card transaction categorisation case.",
                              "what did they pay the consultancy for it?")
    assert "case-003" in _cited(first)
    assert second["abstained"], second["answer"]


def test_a_clients_cost_of_one_step_is_not_answered_by_its_running_cost(assistant):
    answer = assistant.ask_offline("How much did it cost the freight forwarder to label its 350 emails?")
    assert answer["abstained"], answer["answer"]


def test_what_a_cost_did_after_a_move_is_answered_by_the_fraction_it_came_to(assistant):
    first, second = two_turns(assistant, "Is there a bank example where a classifier was fine-tuned?",
                              "and what did the running cost do after the switch?")
    assert "case-003" in _cited(first)
    assert not second["abstained"], second["answer"]
    assert "case-003" in _cited(second) and "a tenth of the running cost" in second["answer"]


def test_what_a_team_did_after_a_move_is_no_change_asked():
    from assistant.answerability import _CHANGE

    assert _CHANGE.search("what did the running cost do after the switch?")
    assert not _CHANGE.search("what did the team do about the glossary?")

"""A figure asked of one party ("how much does the phone company's monthly retraining cost
them?", "what conversion lift did the rebooking assistant get?") or a date still to come
("when is the next base model release planned?") is a specific ask: answered only where the
knowledge gives it (the retailer's note: "lifted conversion by 12%"), else refused, while
"how much does fine-tuning cost to maintain?" still gets the hidden-costs list."""

import pytest

from assistant.question import understand


def _cited(answer) -> list[str]:
    return [c["section_id"] for c in answer["citations"]]


@pytest.mark.parametrize("question, kind", [
    ("How much does the phone company's monthly retraining cost them?", "number"),
    ("what does the telecom operator spend on retraining each month?", "number"),
    ("what conversion lift did the travel rebooking assistant get", "number"),
    ("When is the next base model release from Meta planned?", "date"),
    ("when is the next version of the article due?", "date"),
])
def test_a_partys_figure_or_a_date_to_come_is_a_specific_ask(question, kind):
    assert kind in [a.kind for a in understand(question).asks]


@pytest.mark.parametrize("question", ["How much does fine-tuning cost to maintain?", "when is RAG the right choice?",
                                      "when is fine-tuning worth it?"])
def test_the_general_cost_and_when_questions_ask_for_no_figure(question):
    assert not understand(question).asks


@pytest.mark.parametrize("question", [
    "what conversion lift did the travel rebooking assistant get",
    "How much does the phone company's monthly retraining cost them?",
    "When is the next base model release from Meta planned?",
])
def test_a_figure_the_knowledge_does_not_give_is_refused(assistant, question):
    assert assistant.ask(question)["abstained"]


def test_a_gain_the_note_gives_in_other_words_is_answered(assistant):
    answer = assistant.ask("What uplift in conversion did the home-goods retailer's shopping assistant achieve over search alone?")
    assert not answer["abstained"]
    assert "case-012" in _cited(answer)
    assert "12%" in answer["answer"]


def test_the_cost_of_maintaining_fine_tuning_is_the_hidden_costs_list(assistant):
    answer = assistant.ask("How much does fine-tuning cost to maintain?")
    assert not answer["abstained"]
    assert _cited(answer)[0] == "hidden-costs"

"""Our answers call each client "Case 003: …", so people ask by number: "retrain cadence
case 013", "what did case-003 cost per month?", "tell me about case #7". The number names
that note, says nothing of what is asked of it, and an idiom ("in that case 5 labels…", "a
case 2 years old") names none. A price at length ("how much did the HR software vendor in
case-001 pay for the project?") is still a figure asked for, which that note does not give."""

import pytest

from assistant.case_names import numbered_cases, without_case_numbers


def _cited(answer) -> list[str]:
    return [c["section_id"] for c in answer["citations"]]


@pytest.mark.parametrize("question, cases", [
    ("retrain cadence case 013", {"case-013"}),
    ("what did case-013 retrain?", {"case-013"}),
    ("tell me about case #7", {"case-007"}),
    ("case no. 4 outcome", {"case-004"}),
    ("in case 003, why fine-tune?", {"case-003"}),
    ("in case 4, why both?", {"case-004"}),
    ("compare case 3 and case 13", {"case-003", "case-013"}),
    ("in that case 5 labels is enough?", set()),
    ("is there a case 2 years old?", set()),
    ("in case 5 fails, what then?", set()),
])
def test_a_case_number_is_read_where_it_names_a_note(question, cases):
    assert numbered_cases(question) == cases


def test_the_number_says_which_note_not_what_is_asked():
    assert "003" not in without_case_numbers("what did case-003 cost per month?")
    assert "in that case 5 labels" in without_case_numbers("in that case 5 labels is enough?")


@pytest.mark.parametrize("question, case", [("retrain cadence case 013", "case-013"),
                                            ("case 7 - why not fine-tune?", "case-007")])
def test_a_question_naming_a_case_by_number_is_answered_from_that_note(assistant, question, case):
    answer = assistant.ask_offline(question)
    assert not answer["abstained"] and _cited(answer)[0] == case, answer["answer"]


def test_a_figure_asked_of_a_numbered_case_is_read_from_its_note(assistant):
    answer = assistant.ask_offline("what did case-003 cost per month before?")
    assert not answer["abstained"], answer["answer"]
    assert "EUR 19,000" in answer["answer"]


def test_a_price_asked_at_length_of_a_note_without_one_is_refused(assistant):
    answer = assistant.ask_offline("how much did the HR software vendor in case-001 pay for the project?")
    assert answer["abstained"], answer["answer"]


def test_a_bill_cut_is_still_answered_by_the_note_that_gives_it(assistant):
    answer = assistant.ask_offline("by how much did the telecom cut its inference bill")
    assert not answer["abstained"] and _cited(answer)[0] == "case-013", answer["answer"]

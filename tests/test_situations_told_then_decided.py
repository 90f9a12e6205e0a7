"""A team that tells its situation without asking ("we have legal jargon the model doesn't
get") is answered by what that situation calls for; its next question, "so do we train right
away?", is answered from that same section: the clause that puts a cheaper step before
training, pointed at rather than repeated. Words that only look like asking are not read as
asking: a relative "which" after "many part numbers", the "money" of "mobile-money", the
"Okay," before a question."""

import pytest
from conftest import two_turns

from assistant.question import intent_of


def _cited(answer) -> list[str]:
    return [c["section_id"] for c in answer["citations"]]


def _sentences(text: str) -> set[str]:
    return {s.strip() for s in text.replace("[1]", "").replace("[2]", "").split(". ") if len(s.strip()) > 30}


def test_a_relative_which_after_a_quantity_of_things_asks_for_no_name(assistant):
    assert assistant.understand("We use many internal part numbers which general model does not know.").asks == ()
    assert assistant.understand("Some of our codes which the model garbles are ten years old.").asks == ()
    # an asking "which" after a dash still asks for a name
    asked = assistant.understand("the regional newspaper group with the house-style tool - which titles does it publish?").asks
    assert "name" in {a.kind for a in asked}, asked


@pytest.mark.parametrize("text", ["We have specialised mobile-money terms like 'float', 'till' and 'reversal'.",
                                  "Our anti-money-laundering procedures are amended every few weeks."])
def test_money_in_a_compound_names_a_trade_not_a_price(text):
    assert intent_of(text) != "cost"


def test_money_on_its_own_still_asks_what_it_costs():
    assert intent_of("how much money would that save us?") == "cost"


@pytest.mark.parametrize("question, intent", [
    ("Okay, should we go straight to training for those?", "decide"),
    ("Alright, when should we retrain?", "decide"),
    ("thanks! is that true for classification too?", "yesno"),
])
def test_a_word_acknowledging_the_last_answer_does_not_hide_the_question(question, intent):
    assert intent_of(question) == intent


@pytest.mark.parametrize("statement", ["We use many internal part numbers which general model does not know.",
                                       "AI doesn't know our jargon"])
def test_a_situation_told_without_a_question_is_answered_by_what_it_calls_for(assistant, statement):
    answer = assistant.ask_offline(statement)
    assert not answer["abstained"], answer["answer"]
    assert _cited(answer)[0] == "reason-domain-terminology", answer["answer"]


@pytest.mark.parametrize("told, decision, section", [
    ("we have legal jargon the model doesnt get", "so do we train right away?", "reason-domain-terminology"),
    ("We have specialised mobile-money terms like 'float', 'till' and 'reversal'.",
     "Okay, should we go straight to training for those?", "reason-domain-terminology"),
    ("our maintenance reports gotta be strict JSON", "should we train for that?", "reason-output-format"),
])
def test_deciding_to_train_after_a_situation_points_at_what_comes_first(assistant, told, decision, section):
    first, second = two_turns(assistant, told, decision)
    assert section in _cited(first), first["answer"]
    assert not second["abstained"], second["answer"]
    assert _cited(second)[0] == section, second["answer"]
    assert "before" in second["answer"] and "As quoted above" in second["answer"]
    assert not _sentences(first["answer"]) & _sentences(second["answer"]), "no sentence is given twice"


def test_a_question_about_a_tuned_model_after_a_situation_is_not_a_decision_to_train(assistant):
    _, second = two_turns(assistant, "shuold i try constrianed decodng or json mode befor finetuneing for the format",
                          "does a finetuned modle halucinate our internel polcies or is that overblown")
    assert "internal-docs-misconception" in _cited(second), second["answer"]
    assert "As quoted above" not in second["answer"]


def test_a_decision_with_its_own_situation_is_decided_on_that_situation(assistant):
    _, second = two_turns(assistant, "we have legal jargon the model doesnt get",
                          "Our product manuals change every week. Should we train on them?")
    assert "As quoted above" not in second["answer"]
    assert "rag" in _cited(second) or "decision-rules" in _cited(second), second["answer"]


def test_our_situation_near_a_clients_note_is_still_ours_in_the_next_question(assistant):
    first, second = two_turns(assistant, "We want our chatbot to answer about stock and delivery times, they change every hour.",
                              "why not just train it then, with our catalogue every week?")
    assert "case-012" in _cited(first)  # the client most like us, given as an example
    assert not _cited(second)[0].startswith("case-"), second["answer"]  # …but our question is not its story
    assert not second["answer"].startswith("Case 012")


def test_we_and_our_tell_our_own_situation_but_recalling_a_client_does_not():
    from assistant.question import tells_our_own

    assert tells_our_own("We want our chatbot to answer about stock")
    assert not tells_our_own("I recall a bank that sorted card payments")


@pytest.mark.parametrize("told, failing, section", [
    ("we're considering ft because of our domain terminology", "and if the prompt w/ a glossary still falls short?",
     "reason-domain-terminology"),
    ("Can structured output APIs fix our format problems?", "and if they don't fix it, what then?", "reason-output-format"),
])
def test_when_the_cheaper_step_fails_the_quoted_section_says_what_training_does(assistant, told, failing, section):
    first, second = two_turns(assistant, told, failing)
    assert section in _cited(first), first["answer"]
    assert _cited(second) == [section], second["answer"]
    assert "fine-tuning" in second["answer"] and "can help" in second["answer"]
    assert not _sentences(first["answer"]) & _sentences(second["answer"]), "no sentence is given twice"


def test_a_failing_step_with_a_new_situation_is_answered_on_that_situation(assistant):
    _, second = two_turns(assistant, "we're considering ft because of our domain terminology",
                          "and if our product docs change every week and the prompt can't keep up?")
    assert "If it falls short" not in second["answer"], second["answer"]


@pytest.mark.parametrize("told, first_step", [
    # words of other situations ("before … training") do not pull the answer away from the one told
    ("Our JSON output for agent float reports keeps breaking.", "What should we try before we think of training?"),
    ("shipping a json extractor this wk, model keeps breaking the schema", "before i go train something what should i try"),
])
def test_what_comes_first_after_a_situation_told_is_what_comes_first_for_it(assistant, told, first_step):
    first, second = two_turns(assistant, told, first_step)
    assert "reason-output-format" in _cited(first), first["answer"]
    assert _cited(second)[0] == "reason-output-format", second["answer"]
    assert "structured output APIs" in second["answer"], second["answer"]


def test_what_comes_first_after_a_question_stands_alone(assistant):
    _, second = two_turns(assistant, "What are the hidden costs of fine-tuning?", "What should we try before we think of training?")
    assert "hidden-costs" not in _cited(second)[:1], second["answer"]


def test_going_and_training_is_something_to_try_things_before():
    assert intent_of("before i go train something what should i try") == "try_first"

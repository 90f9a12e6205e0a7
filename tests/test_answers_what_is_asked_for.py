"""What a question asks for, in the words people use for it: a told client's own name
("what was the newspaper's name?", "what bank was the card one? name?"), a person's
background by their name, a model's parameter count, a price per token. Each is refused
when the knowledge does not hold it. A how-long question keeps the words after a long
subject ("…the HR helpdesk bot take to go live?"), so the span it asks about is found; "the
most common reason" asks for the one heard most, not the list of good ones; looking good to
management is the prestige the introduction describes."""

import pytest
from conftest import two_turns

from assistant.question import understand
from assistant.scenario import scenario_sections


def _cited(answer) -> list[str]:
    return [c["section_id"] for c in answer["citations"]]


def _kinds(question: str) -> set[str]:
    return {a.kind for a in understand(question, question).asks}


@pytest.mark.parametrize("question, kind", [
    ("what was the newspaper's name?", "name"),
    ("and the bank's name?", "name"),
    ("what was the pharma company's name in the adverse event case", "name"),  # two words before the "'s"
    ("what insurer was the claims one? name?", "name"),
    ("What is the name of competitor who announced custom-trained model in newspaper case?", "person"),  # no article before it
    ("what's Rahul's background before GYSP?", "biography"),
    ("Priya's career before she joined?", "biography"),
    ("how big was the compact model, param count?", "number"),
    ("what's the token price for the fine-tuning API?", "number"),
    ("what was the per-month running cost of the shop's assistant?", "number"),
])
def test_the_thing_asked_for_is_read_in_its_everyday_words(question, kind):
    assert kind in _kinds(question)


@pytest.mark.parametrize("question", [
    "What was the team's background in ML at the bank?",  # a client team's experience may be in its note
    "what does the name 'prompt engineering' cover?",
])
def test_a_client_teams_background_or_a_term_is_no_such_ask(question):
    assert not _kinds(question) & {"biography", "name"}


@pytest.mark.parametrize("question", [
    "what was the newspaper's name?",
    "what was the pharma company's name in the adverse event case",
    "what bank was the card categorisation one? name?",
    "What is the name of competitor who announced custom-trained model in newspaper case?",
    "what's Rahul's background before GYSP?",
    "how big was the compact model in the telco case, param count?",
    "what's the token price for OpenAI's fine-tuning API?",
    "What was the per-month running cost of the home-goods shopping assistant?",
])
def test_what_the_knowledge_does_not_hold_is_refused(assistant, question):
    assert assistant.ask(question)["abstained"]


@pytest.mark.parametrize("question", [
    "what was the bank's per-month hosted model bill before the switch?",
    "what was the bank's per-month bill for the hosted model before the switch?",  # "per-month" is "a month"
])
def test_a_figure_the_note_gives_is_still_answered(assistant, question):
    answer = assistant.ask(question)
    assert not answer["abstained"] and "case-003" in _cited(answer) and "19,000" in answer["answer"], answer["answer"]


def test_a_field_shorthand_is_not_spelling_corrected(assistant):
    assert assistant.understand("param count of the small model?").corrected == "param count of the small model?"


def test_a_how_long_with_a_long_subject_finds_the_span_after_it(assistant):
    answer = assistant.ask("how long did the HR helpdesk bot take to go live?")
    assert not answer["abstained"] and _cited(answer) == ["case-001"], answer["answer"]
    assert "seven weeks" in answer["answer"]


def test_the_most_common_reason_is_the_rationale_heard_most_not_the_three_good_ones(assistant):
    answer = assistant.ask("what's the most common reason teams wanna fine-tune?")
    assert "internal-docs-misconception" in _cited(answer) and "three-reasons" not in _cited(answer), answer["answer"]
    # …while the reasons asked for as a list still get the outline
    assert _cited(assistant.ask("what are the reasons to fine-tune?"))[0] == "three-reasons"


def test_looking_good_to_management_is_the_prestige_the_introduction_describes(assistant):
    assert "intro" in scenario_sections("mostly because it looks good to management")
    _, second = two_turns(assistant, "we want our own model mostly coz it looks good to mgmt", "is that a real reason or nah?")
    assert set(_cited(second)) & {"intro", "closing"}, second["answer"]


@pytest.mark.parametrize("question", ["What was the total cost of that four-month deployment?", "what was the cost of the pilot?"])
def test_what_one_deployment_cost_is_a_figure_asked_for(question):
    assert [a.kind for a in understand(question).asks] == ["number"]


@pytest.mark.parametrize("question", ["What is the cost of fine-tuning?", "what was the cost of training the model?"])
def test_what_an_approach_costs_is_the_list_of_costs_not_a_figure(question):
    assert understand(question).intent == "cost"
    assert [a.kind for a in understand(question).asks] == []


def test_a_deployments_total_cost_the_note_does_not_give_is_refused_after_its_story(assistant):
    _, second = two_turns(assistant, "Tell me about the benefits agency engagement.",
                          "What was the total cost of that four-month deployment?")
    assert second["abstained"]


@pytest.mark.parametrize("question, law", [
    ("dpdp act implications for fine tuning on customer chats?", True),  # a law by its acronym, in lower case
    ("does the ndpr regulation allow training on call logs?", True),
    ("And what goes wrong when teams act on it?", False),  # a verb after a plural
    ("Beyond the obvious GPU bill, what are the cost lines to budget for?", False),
    ("is choosing rag a balancing act?", False),
])
def test_a_law_named_by_its_acronym_in_lower_case(question, law):
    assert ("law" in _kinds(question)) == law


def test_a_law_named_by_its_acronym_in_lower_case_is_refused(assistant):
    answer = assistant.ask("dpdp act implications for fine tuning on customer chats?")
    assert answer["abstained"] and "laws or regulations" in answer["answer"], answer["answer"]

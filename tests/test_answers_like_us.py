"""A client "like us" is one whose note is an example of the situation the team just told,
and was advised what the intake's own rules advise for that situation; the field's
shorthand in capitals ("FT", "PE") names the approaches, not a product."""

import pytest
from conftest import two_turns

from assistant.question import is_follow_up


def _cited(answer) -> list[str]:
    return [c["section_id"] for c in answer["citations"]]


@pytest.mark.parametrize("question", ["When is FT worth it over PE?", "FT upkeep costs?", "does FT add new facts to the model"])
def test_capital_shorthand_for_an_approach_is_answered_not_refused_as_a_product(assistant, question):
    answer = assistant.ask(question)
    assert not answer["abstained"] and _cited(answer), answer["answer"]


def test_a_named_base_model_is_still_refused_when_the_approach_is_in_shorthand(assistant):
    assert assistant.ask("Is FT on Llama 3 a good idea?")["abstained"]


def test_a_client_like_a_high_volume_classification_team_is_one_that_was_advised_to_train(assistant):
    _, second = two_turns(assistant, "We route 500k support tickets a day into 20 queues within 100 ms and have 80k labelled tickets.",
                          "which of your cases is closest to ours?")
    assert not second["abstained"] and _cited(second)[0] in {"case-003", "case-009", "case-013"}, second["answer"]


def test_a_client_like_a_low_volume_classification_team_is_one_that_stayed_on_a_prompt(assistant):
    _, second = two_turns(assistant, "We tag about 300 supplier emails a day into six folders and have 150 labelled ones.",
                          "any client with something similar?")
    assert not second["abstained"] and _cited(second)[0] == "case-007", second["answer"]


def test_a_client_with_the_same_template_problem_is_an_output_format_client(assistant):
    _, second = two_turns(assistant, "Our audit letters have to follow a fixed template and the model keeps drifting from it.",
                          "did any client run into the same thing?")
    assert not second["abstained"] and _cited(second)[0] in {"case-002", "case-011", "case-014"}, second["answer"]


@pytest.mark.parametrize("question", ["which case is closest to ours?", "any client nearer to us?",
                                      "Which client is closest to our situation?",  # a long one, "our situation" for "ours"
                                      "Is there a client note that closely resembles our use case?"])
def test_closest_to_ours_points_back_at_the_situation_just_told(question):
    assert is_follow_up(question, ["We sort 2 million claims a day into 30 types."])


def test_this_before_a_preposition_is_a_pronoun_for_what_was_just_said():
    assert is_follow_up("did some client test this before training?", ["Our analysts use a lot of fraud jargon."])


def test_our_own_retail_client_asks_for_a_similar_shop_not_the_retail_bank(assistant):
    """"We have a retail client…" tells our situation; "retail" is also one note's industry
    (a retail bank), but a similar case is asked for, not the note that word names."""
    told = "We have a retail client with 40k products whose prices change daily, and they want a shopping bot with a friendly tone via FT plus RAG."
    _, second = two_turns(assistant, told, "Is there a similar past case, and what was advised there?")
    assert not second["abstained"] and _cited(second)[0] != "case-003", second["answer"]
    assert _cited(second)[0] in {"case-012", "case-001", "case-006", "case-008", "case-014"}, second["answer"]


def test_the_client_closest_to_our_situation_is_the_one_whose_numbers_we_told(assistant):
    _, answer = two_turns(assistant, "We route about 500,000 USSD and chat messages a day to 50 intents, with a 100 ms "
                          "budget and 90,000 labelled messages.", "Which client is closest to our situation?")
    assert _cited(answer)[:1] == ["case-013"], answer["answer"]  # the telecom's intent routing


@pytest.mark.parametrize("question", ["was there a client with that exact problem?", "any client had this issue?"])
def test_a_client_with_that_problem_is_one_in_the_situation_just_told(assistant, question):
    first, second = two_turns(assistant, "our model keeps breaking the json schema, should we finetune?", question)
    assert "reason-output-format" in _cited(first)
    assert not second["abstained"] and _cited(second)[0] == "case-002", second["answer"]


def test_a_problem_the_framework_weighs_is_not_a_client_asked_for():
    from assistant.question import LIKE_THE_SITUATION

    assert LIKE_THE_SITUATION.search("was there a client with that exact problem?")
    assert not LIKE_THE_SITUATION.search("what is the problem with fine-tuning for knowledge?")

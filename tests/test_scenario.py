"""A team's described situation points search and answers at the sections that explain
what such a situation calls for, however it is worded (scenario.py)."""

import pytest

from assistant.scenario import scenario_sections


@pytest.mark.parametrize("situation, section", [
    ("support bot needs to answer from our help center which we edit daily", "rag"),
    ("we need clean JSON out of the model for our product feed", "reason-output-format"),
    ("our ops team has to tag roughly two million tickets a month into 30 buckets", "reason-narrow-task"),
    ("compact tagger, millions daily", "reason-narrow-task"),
    ("obscure specialist vocab - retrain?", "reason-domain-terminology"),
    ("we're a tiny pensions admin outfit with zero ML staff", "hidden-costs"),
    ("marketing wants newsletter drafts in our brand tone", "prompt-engineering"),
    # the words for a specialised language, and words a team made up itself
    ("npc barks in a made up in-world dialect w invented words", "reason-domain-terminology"),
    ("the model has to get our in-house item code naming right", "reason-domain-terminology"),
    ("agents write in the plant's own slang", "reason-domain-terminology"),
    # a field's own words, and words only the team uses
    ("our reports are full of technical terms", "reason-domain-terminology"),
    ("We have defect terms only our factory uses. Should we fine-tune?", "reason-domain-terminology"),
    # a field's words with a word between, and names or numbers a model does not know
    ("We have specialised mobile-money terms like 'float', 'till' and 'reversal'.", "reason-domain-terminology"),
    ("Our supplier part numbers and drawing codes are not known to general models.", "reason-domain-terminology"),
    ("We use many internal part numbers which general model does not know.", "reason-domain-terminology"),
    ("we have our own monster names & skill codes no LLM knows", "reason-domain-terminology"),
])
def test_a_situation_points_to_the_section_that_explains_it(situation, section):
    assert section in scenario_sections(situation)


def test_a_question_that_describes_no_situation_points_nowhere():
    assert scenario_sections("What does fine-tuning actually change in a model?") == ()
    assert scenario_sections("Did that cheaper route ever fall short for a client?") == ()  # a route taken, not routing
    assert scenario_sections("") == ()
    # a model that does not know something is no vocabulary of its own
    assert scenario_sections("the model does not know our numbers") == ()
    assert scenario_sections("What does the model not know after fine-tuning?") == ()


@pytest.mark.parametrize("question, section", [
    ("compact tagger, millions daily", "reason-narrow-task"),
    ("obscure specialist vocab - retrain?", "reason-domain-terminology"),
    ("Our product wording is revised monthly, yet we'd only fund one training cycle a year. "
     "Which technique should carry the product facts?", "rag"),
])
def test_search_lists_what_the_situation_calls_for_among_its_first_three_sections(assistant, question, section):
    ranked = list(dict.fromkeys(r["section_id"] for r in assistant.search(question, k=10)["results"]))
    assert section in ranked[:3], ranked


def test_a_situation_asking_for_one_approach_or_a_combination_ends_with_the_rule_for_both():
    sections = scenario_sections("draft in our house format AND quote the formulary which changes monthly. one approach or a combo?")
    assert sections[0] == "rag" and sections[-1] == "decision-rules"


@pytest.mark.parametrize("question, section", [
    ("We're a public agency: the rules change every quarter, we have two data scientists and no MLOps, "
     "and we want our own model for independence. What would you advise?", "hidden-costs"),
    ("marketing wants customer newsletter drafts in our brand tone. nobody has written a decent system prompt yet "
     "but they already want a custom model. which first?", "prompt-engineering"),
])
def test_the_answer_hears_from_what_the_situation_calls_for(assistant, question, section):
    answer = assistant.ask(question)
    assert not answer["abstained"] and section in {c["section_id"] for c in answer["citations"]}, answer["answer"]


@pytest.mark.parametrize("situation", [
    "execs want our own model mostly because it looks more serious to investors",
    "worth fine tuning just cos a rival health service announced their own model?",
    "own LLM as status symbol",
    "Is looking 'proprietary' to investors a good reason to fine-tune?",
    "the board wants our own model mostly because it would look good in the annual report",
    # why the trend is what the introduction explains
    "why is everyone so keen on fine-tuning these days",
    "What is driving all these companies to want a model of their own?",
])
def test_a_model_wanted_for_how_it_looks_points_to_the_introductions_status_motive(situation):
    assert "intro" in scenario_sections(situation)


@pytest.mark.parametrize("question", ["why do most RAG projects fail?", "Why does the prompt look good in testing but not in production?"])
def test_a_why_about_something_else_is_no_motive_for_a_model_of_ones_own(question):
    assert "intro" not in scenario_sections(question)


def test_a_competitor_named_without_a_model_of_its_own_is_no_status_motive():
    assert "intro" not in scenario_sections("our competitors price their cards lower, which approach for the pricing bot?")

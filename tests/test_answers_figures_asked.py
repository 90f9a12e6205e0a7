"""A figure is answered only by a figure of the thing asked: the client's own (not the
article's), exact when asked exactly, per item when asked per item, of the subset asked for
("new intents"), of people when a team's size is asked. A list asked for ("the cost lines")
is not a figure; a quality asked as accuracy may be told as its error rate. Follow-ups that
point at a part of what was told, ask for something cheaper, or for one more client."""

import pytest
from conftest import two_turns as _two_turns

from assistant.answerability import gives_a_span
from assistant.question import understand


def _cited(answer) -> list[str]:
    return [c["section_id"] for c in answer["citations"]]


@pytest.mark.parametrize("question", [
    # the article's "retraining a model takes days" is no client's figure
    "how long did each monthly retraining run take at the telco?",
    # "well under a billion parameters" bounds the count, it does not give it
    "How many parameters exactly did the bank's compact categorisation model have?",
    # "EUR 19,000 a month" prices a month of hosted calls, not one labelled transaction
    "What was the labelling cost per transaction for the bank's 210,000 labelled records?",
    # "labelled 210,000 transactions over two years" is how long labelling took, not the project
    "How long did the bank's card categorisation project take from start to go-live?",
    # "routes … to 64 intents" counts all of them, not the new ones
    "How many new intents does the telecom add in a typical month's retraining?",
    # "a dedicated ML platform team and 12,000 reviewed historical instructions" counts no people
    "How big was the ML platform team at the grid operator, in headcount?",
    # recall is given for serious events; precision is another measure
    "What precision did the adverse-event model achieve on serious cases?",
])
def test_a_figure_the_note_does_not_give_for_the_thing_asked_is_refused(assistant, question):
    assert assistant.ask(question)["abstained"], question


@pytest.mark.parametrize("question, section, figure", [
    ("How many parameters did the bank's compact categorisation model have?", "case-003", "under a billion"),
    ("what did the bank pay per month for the hosted model?", "case-003", "19,000"),
    ("how many intents does the telecom operator route messages to?", "case-013", "64"),
    # accuracy told by its complement: "unusable command suggestions fell from 11% to under 1%"
    ("What accuracy did the travel rebooking assistant achieve on command suggestions in the pilot?", "case-014", "1%"),
])
def test_the_same_figures_asked_without_the_narrowing_word_are_answered(assistant, question, section, figure):
    answer = assistant.ask(question)
    assert not answer["abstained"] and section in _cited(answer) and figure in answer["answer"], answer["answer"]


def test_how_long_it_took_after_a_clients_story_is_still_answered_by_a_span_in_its_note(assistant):
    """The question naming its client must share a word with the span's sentence; a follow-up
    about the story just told ("how long did it take?") need not."""
    _, second = _two_turns(assistant, "Tell me about the insurer whose claims emails were turned into JSON.",
                           "How long did it take them to see results?")
    assert not second["abstained"] and "case-002" in _cited(second), second["answer"]


def test_a_span_is_also_told_as_time_spent_or_lost():
    assert gives_a_span("Get it wrong and you spend months on infrastructure.")
    assert not gives_a_span("They spend money on infrastructure.")


def test_cost_lines_to_budget_for_ask_for_a_list_not_a_figure(assistant):
    question = "Beyond the obvious GPU bill, what are the cost lines one ought to budget for if one goes down the fine-tuning route?"
    assert not understand(question).asks
    answer = assistant.ask(question)
    assert not answer["abstained"] and "hidden-costs" in _cited(answer), answer["answer"]


@pytest.mark.parametrize("question, section", [
    ("Both the hospital coding and the grid control room engagements ended with a hybrid design. "
     "What was common in the reasoning?", "case-010"),
    ("there was a home goods shop with a shopping bot, pretty close to my negocio — how did that go?", "case-012"),
])
def test_a_question_about_clients_by_a_plural_or_a_story_it_tells_is_about_the_case_notes(assistant, question, section):
    answer = assistant.ask(question)
    assert not answer["abstained"] and section in _cited(answer), answer["answer"]


@pytest.mark.parametrize("question", [
    "Kindly share the chunk size and overlap used while splitting the handbook pages in the HR policy assistant.",
    "go on then, rank/alpha/dropout for the adapter?",
])
def test_settings_asked_for_by_a_request_or_a_slash_list_are_a_settings_ask(question):
    assert any(a.kind == "setting" for a in understand(question).asks)


def test_a_step_by_step_procedure_the_notes_never_describe_is_refused(assistant):
    answer = assistant.ask("Kindly share the step-by-step procedure to set up the nightly index sync job for the technicians' laptops.")
    assert answer["abstained"], answer["answer"]


def test_one_where_training_was_still_needed_asks_for_another_client():
    history = [{"role": "user", "content": "What does the framework say about output format as a reason to fine-tune?"}]
    assert understand("And one where training was still needed even after trying the cheaper options?", history=history).intent == "example"


def test_cheaper_options_to_exhaust_first_ask_what_to_try_first(assistant):
    _, second = _two_turns(assistant, "What is the first reason to fine-tune as per the article?",
                           "Before going for that, what cheaper options should be exhausted?")
    assert understand("Before going for that, what cheaper options should be exhausted?").intent == "try_first"
    assert not second["abstained"] and "reason-output-format" in _cited(second), second["answer"]


def test_which_part_points_back_at_the_whole_just_told(assistant):
    first_question = "What was the travel rebooking assistant engagement about?"
    history = [{"role": "user", "content": first_question}]
    assert understand("Which part was given to retrieval and which part to the trained model?", history=history).follow_up
    assert not understand("Which part of the fine-tuning cost is the largest?", history=history).follow_up
    _, second = _two_turns(assistant, first_question, "Which part was given to retrieval and which part to the trained model?")
    assert "case-014" in _cited(second), second["answer"]


def test_something_cheaper_asks_what_to_try_first():
    assert understand("the format one — can something cheaper solve it?").intent == "try_first"


def test_one_where_the_prompt_was_enough_is_another_client_than_the_one_already_quoted(assistant):
    """The terminology answer quotes one client in passing; "and one where the prompt was
    enough?" asks for a client of that reason, not the one just given."""
    first, second = _two_turns(assistant, "explain the specialized terminology reason", "and one where the prompt was enough?")
    given = {c for c in _cited(first) if c.startswith("case-")}
    assert not second["abstained"] and _cited(second)[0] not in given and _cited(second)[0] == "case-005", second["answer"]


def test_a_count_of_times_before_a_period_makes_a_rate_not_a_span():
    """"Retrained twice a year" says how often, so it does not answer how long training took."""
    assert not gives_a_span("The model is retrained twice a year under formal change control.")
    assert not gives_a_span("They retrain once a month.")
    assert gives_a_span("A retrieval-based assistant went live in a year.")


def test_how_long_training_took_is_not_answered_by_how_often_it_is_retrained(assistant):
    answer = assistant.ask("How long did it take to train the pharmacovigilance extraction model?")
    assert answer["abstained"], answer["answer"]


@pytest.mark.parametrize("question, ask", [
    ("What is the retention period for audit logs of RAG answers?", "What is the retention period"),
    ("what's the recommended retraining interval?", "what's the recommended retraining interval"),
    ("What train/validation split ratio should we use for our fine-tuning dataset?", "What train/validation split ratio"),
])
def test_a_period_interval_or_ratio_named_after_what_is_asked_for_as_a_figure(question, ask):
    asks = understand(question, question).asks
    assert ("number", ask) in [(a.kind, a.phrase) for a in asks], asks  # a data split is also a setting


@pytest.mark.parametrize("question", [
    "What is the retention period for audit logs of RAG answers required by the framework?",
    "What train/validation split ratio should we use for our fine-tuning dataset?",
])
def test_a_period_or_ratio_the_knowledge_never_gives_is_refused(assistant, question):
    assert assistant.ask(question)["abstained"], question


@pytest.mark.parametrize("question", [
    "how much did the card categorisation bank save going off the hosted model, ballpark",
    "how much cost the card categorisation bank before and after the small model",
])
def test_a_saving_told_as_a_fraction_of_the_cost_answers_how_much_was_saved(assistant, question):
    """"…about a tenth of the running cost" says how far the bank's running cost fell."""
    answer = assistant.ask(question)
    assert not answer["abstained"] and "case-003" in _cited(answer), answer["answer"]
    assert "a tenth of the running cost" in answer["answer"], answer["answer"]


def test_money_saved_is_not_answered_by_a_fraction_of_something_else(assistant):
    from assistant.answerability import holds
    from assistant.chunking import Sentence

    question = assistant.understand("What was the dollar savings from the bank's switch?")
    question = question.__class__(**{**question.__dict__, "previous_case": "case-003"})
    asked = next(a for a in question.asks if a.kind == "number")
    of_the_cost = Sentence("case-003#1", "case-003", 0, 10, "The bank's switch brought about a tenth of the running cost.")
    of_the_tickets = Sentence("case-003#2", "case-003", 0, 10, "The bank's switch brought about half the tickets.")
    assert holds(asked.kind, asked.phrase, question, [(of_the_cost, 0.6)])
    assert not holds(asked.kind, asked.phrase, question, [(of_the_tickets, 0.6)])


@pytest.mark.parametrize("question", ["exact % of enterprise ft projects that are the wrong solution according to the article?",
                                      "percentage of fine-tuning projects that were the wrong call?"])
def test_a_share_asked_by_its_name_is_refused_where_the_article_only_says_most(assistant, question):
    answer = assistant.ask_offline(question)
    assert answer["abstained"], answer["answer"]


def test_a_share_named_in_passing_asks_for_no_figure():
    from assistant.question import asks_in

    assert "number" not in {a.kind for a in asks_in("Why do most fine-tuning projects go wrong?")}
    assert "number" in {a.kind for a in asks_in("exact % of enterprise ft projects that are the wrong solution?")}

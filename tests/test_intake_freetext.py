"""Typed chat replies become intake values; unclear replies become None (ask again)."""

from __future__ import annotations

import pytest

from assistant.intake import ENUM_VALUES, parse_answers, parse_free_text

CASES = [
    # knowledge_change
    ("knowledge_change", "it changes every week", "weekly"),
    ("knowledge_change", "updated daily", "daily"),
    ("knowledge_change", "every day", "daily"),
    ("knowledge_change", "hourly", "daily"),
    ("knowledge_change", "never changes", "rarely"),
    ("knowledge_change", "about once a month", "monthly"),
    ("knowledge_change", "every three months", "quarterly"),
    ("knowledge_change", "quarterly releases", "quarterly"),
    ("knowledge_change", "Not applicable", "not_applicable"),
    # daily_volume, always per day
    ("daily_volume", "about 2 million a day", 2_000_000),
    ("daily_volume", "50k per day", 50_000),
    ("daily_volume", "1,200 requests daily", 1200),
    ("daily_volume", "30k a month", 1000),
    ("daily_volume", "10 per hour", 240),
    ("daily_volume", "700 a week", 100),
    ("daily_volume", "1.5M", 1_500_000),
    ("daily_volume", "a million", 1_000_000),
    ("daily_volume", "99999", 99_999),
    ("daily_volume", "zero", 0),
    # latency_budget_ms
    ("latency_budget_ms", "under 2 seconds", 2000),
    ("latency_budget_ms", "300ms", 300),
    ("latency_budget_ms", "200 milliseconds", 200),
    ("latency_budget_ms", "1.5 s", 1500),
    ("latency_budget_ms", "half a second", 500),
    ("latency_budget_ms", "2 minutes", 120_000),
    ("latency_budget_ms", "250", 250),
    # labelled_examples
    ("labelled_examples", "around 5k", 5000),
    ("labelled_examples", "none", 0),
    ("labelled_examples", "no labelled data yet", 0),
    ("labelled_examples", "a few hundred", 300),
    ("labelled_examples", "10,000", 10_000),
    # yes / no / unsure
    ("needs_document_facts", "yes we do", "yes"),
    ("needs_document_facts", "Yeah, definitely", "yes"),
    ("needs_document_facts", "nope", "no"),
    ("needs_document_facts", "no, it doesn't", "no"),
    ("needs_document_facts", "not sure", "unsure"),
    ("needs_document_facts", "I don't know", "unsure"),
    # enums by keyword
    ("output_requirement", "JSON", "structured"),
    ("output_requirement", "a fixed report template", "template"),
    ("output_requirement", "in our brand voice", "dialect_or_tone"),
    ("output_requirement", "just free text", "free_text"),
    ("format_status", "haven't tried yet", "prompt_not_tried"),
    ("format_status", "prompting works fine", "prompt_reliable"),
    ("format_status", "it's inconsistent", "prompt_unreliable"),
    ("format_status", "even structured outputs still fail", "structured_outputs_unreliable"),
    ("task_type", "classify tickets", "classification"),
    ("task_type", "extract names and dates", "extraction"),
    ("task_type", "parse invoices", "document_parsing"),
    ("task_type", "answer staff questions", "question_answering"),
    ("task_type", "a chatbot for customers", "conversation"),
    ("task_type", "summarise reports", "generation"),
    ("terminology", "no special terms, everyday language", "general"),
    ("terminology", "lots of jargon, not tested yet", "specialised_untested"),
    ("terminology", "prompting with a glossary doesn't get it right", "specialised_prompt_fails"),
    ("terminology", "a prompt with examples handles it fine", "specialised_prompt_works"),
    ("mlops_capacity", "nobody", "none"),
    ("mlops_capacity", "one engineer part-time", "some"),
    ("mlops_capacity", "a dedicated platform team", "dedicated"),
    # motivations: a list, in the schema's order
    ("motivations", "lower cost and faster responses", ["cost", "latency"]),
    ("motivations", "we want to own the model and keep our brand tone", ["ownership", "tone"]),
    ("motivations", "it should know our internal documents", ["know_our_documents"]),
    ("motivations", "format, terminology", ["format", "terminology"]),
    ("motivations", "none really", []),
    # exact values are always understood
    ("format_status", "structured_outputs_unreliable", "structured_outputs_unreliable"),
    ("task_type", "document parsing", "document_parsing"),
]


@pytest.mark.parametrize("field,text,expected", CASES, ids=[f"{f}:{t}" for f, t, _ in CASES])
def test_reply_is_understood(field, text, expected):
    assert parse_free_text(field, text) == expected


@pytest.mark.parametrize("field,text", [
    ("daily_volume", "no idea"),
    ("daily_volume", "lots"),
    ("latency_budget_ms", "fast please"),
    ("labelled_examples", "not sure"),
    ("knowledge_change", "hmm"),
    ("knowledge_change", "don't know"),
    ("task_type", "stuff"),
    ("motivations", "because the boss said so"),
    ("mlops_capacity", "¯\\_(ツ)_/¯"),
    ("output_requirement", ""),
    ("needs_document_facts", "   "),
])
def test_unclear_reply_returns_none(field, text):
    assert parse_free_text(field, text) is None


def test_use_case_is_kept_as_written():
    assert parse_free_text("use_case", "  Tag tickets  ") == "Tag tickets"
    assert parse_free_text("use_case", "x" * 4001) is None


@pytest.mark.parametrize("field", sorted(ENUM_VALUES))
def test_every_parsed_value_is_valid_input(field):
    for text in ["yes", "weekly", "json", "inconsistent", "classify", "jargon", "some", "cost and tone"]:
        value = parse_free_text(field, text)
        if value is not None:
            parse_answers({"use_case": "x", field: value})


# --- Pre-filling from the use-case sentence ----------------------------------------------

from assistant.intake import prefill_from_use_case  # noqa: E402


@pytest.mark.parametrize("sentence,expected", [
    ("answers from a policy base that changes weekly",
     {"needs_document_facts": "yes", "knowledge_change": "weekly", "task_type": "question_answering"}),
    ("Answer IT helpdesk questions from our knowledge base articles, which change weekly.",
     {"needs_document_facts": "yes", "knowledge_change": "weekly", "task_type": "question_answering"}),
    ("Our product catalogue is updated daily and customers ask questions about it",
     {"needs_document_facts": "yes", "knowledge_change": "daily", "task_type": "question_answering"}),
    ("Classify about 200,000 support tickets a day; we have 5,000 labelled examples",
     {"task_type": "classification", "daily_volume": 200_000, "labelled_examples": 5000}),
    ("Return order data as JSON; plain prompting is inconsistent.", {"output_requirement": "structured"}),
    ("A chatbot that does not need our documents", {"task_type": "conversation"}),
    ("Summarise and classify meeting transcripts", {}),  # two kinds of task: not clearly stated
    # routing as the task, not a route taken
    ("We route support tickets to 12 teams", {"task_type": "classification"}),
    ("Did that cheaper route ever fall short for a client?", {}),
    ("Something useful for the team", {}),
    ("", {}),
])
def test_use_case_sentence_prefills_only_what_it_states(sentence, expected):
    found = prefill_from_use_case(sentence)
    assert found == expected
    parse_answers({"use_case": sentence or "x", **found})  # always valid answers


@pytest.mark.parametrize("sentence, change", [
    ("Staff ask about procedures that get rewritten monthly", "monthly"),
    ("the price list is reissued every week", "weekly"),
])
def test_rewriting_or_reissuing_the_documents_is_a_knowledge_change(sentence, change):
    assert prefill_from_use_case(sentence)["knowledge_change"] == change


@pytest.mark.parametrize("sentence, change", [
    ("a buyer chatbot; prices and availability move every hour", "daily"),
    ("new brands and items arrive on the platform every week", "weekly"),
    ("our FAQ pages are updated every few days", "weekly"),
    ("we amend the staff handbook each quarter", "quarterly"),
    ("the catalogue changes twice a week", "weekly"),
])
def test_prices_moving_items_arriving_and_every_few_days_are_a_knowledge_change(sentence, change):
    assert prefill_from_use_case(sentence)["knowledge_change"] == change


@pytest.mark.parametrize("sentence", ["shift handover notes every day", "we remove old tickets every week"])
def test_a_noun_or_a_word_that_merely_contains_a_change_verb_is_no_knowledge_change(sentence):
    assert prefill_from_use_case(sentence).get("knowledge_change") is None

"""Offline answers and retrieval quality: the floors this project holds (python -m assistant.eval)."""

import json

import pytest
from conftest import SHARED

from assistant.citations import dangling_markers, is_verbatim
from assistant.eval import evaluate


def _jsonl(name):
    return [json.loads(l) for l in (SHARED / "eval" / name).read_text().splitlines() if l.strip()]


@pytest.mark.parametrize("item", _jsonl("questions.jsonl"), ids=lambda i: i["q"][:40])
def test_public_questions_cite_an_expected_section_verbatim(assistant, item):
    answer = assistant.ask(item["q"])
    texts = assistant.source_texts()
    assert answer["mode"] == "offline" and not answer["abstained"]
    assert {c["section_id"] for c in answer["citations"]} & set(item["expect"])
    assert all(is_verbatim(c["quote"], texts[c["section_id"]]) for c in answer["citations"])
    assert dangling_markers(answer["answer"], answer["citations"]) == []


@pytest.mark.parametrize("item", _jsonl("abstain.jsonl"), ids=lambda i: i["q"][:40])
def test_public_abstain_questions_abstain_plainly(assistant, item):
    answer = assistant.ask(item["q"])
    assert answer["abstained"] and answer["citations"] == []
    assert "[1]" not in answer["answer"]


def test_calibration_part_floors(assistant):
    """Regression floors on the calibration half (the half thresholds were tuned on);
    the test half is reported by `python -m assistant.eval`, never tuned against."""
    from assistant.eval import load_part

    part = load_part("calibration")
    assert len(part.answerable) >= 200 and len(part.abstain) >= 100 and len(part.followups) >= 20
    report = evaluate(assistant, part.answerable, part.abstain, part.followups)
    assert report["recall@3"] >= 0.93
    assert report["answer_cites_expected"] >= 0.85
    assert report["misspelt_answered_and_cited"] >= 0.90
    assert report["false_refusal_rate"] <= 0.02
    assert report["near_topic_refused"] >= 0.84
    assert report["followups_resolved"] >= 0.6
    assert report["dangling_markers"] == 0
    assert report["citation_validity"] == 1.0 and report["verbatim_quote_rate"] == 1.0


def test_the_eval_sets_keep_calibration_and_test_apart():
    from assistant.eval import load_part

    calibration, test = load_part("calibration"), load_part("test")
    assert not {i["q"] for i in calibration.answerable} & {i["q"] for i in test.answerable}
    assert not {i["q"] for i in calibration.abstain} & {i["q"] for i in test.abstain}
    assert len(test.answerable) >= 100 and len(test.abstain) >= 50 and len(test.followups) >= 20


def test_a_follow_up_carries_the_last_topic(assistant):
    history = [{"role": "user", "content": "What are the hidden costs of fine-tuning?"},
               {"role": "assistant", "content": "Fine-tuning is not a one-time cost. [1]"}]
    answer = assistant.ask("and what about the GPUs?", history)
    assert "hidden-costs" in {c["section_id"] for c in answer["citations"]}


def test_a_follow_up_answers_its_own_intent_on_the_previous_topic(assistant):
    first = assistant.ask("Can fine-tuning fix JSON output that keeps breaking the schema?")
    history = [{"role": "user", "content": "Can fine-tuning fix JSON output that keeps breaking the schema?"},
               {"role": "assistant", "content": first["answer"]}]
    answer = assistant.ask("And what would that cost us?", history)
    assert not answer["abstained"]
    assert "hidden-costs" in {c["section_id"] for c in answer["citations"]}


def test_a_follow_up_never_repeats_a_sentence_already_given(assistant):
    question = "What are the hidden costs of fine-tuning?"
    first = assistant.ask(question)
    history = [{"role": "user", "content": question}, {"role": "assistant", "content": first["answer"]}]
    second = assistant.ask("tell me more about that", history)
    first_quotes = {c["quote"] for c in first["citations"]}
    assert not first_quotes & {c["quote"] for c in second["citations"]}


def test_partial_coverage_says_what_is_missing_then_what_the_framework_says(assistant):
    answer = assistant.ask("What does fine-tuning cost in dollars?")
    assert answer["abstained"] and answer.get("coverage") == "partial"
    assert answer["answer"].startswith("The framework gives no figures")
    assert "hidden-costs" in {c["section_id"] for c in answer["citations"]}
    texts = assistant.source_texts()
    assert all(is_verbatim(c["quote"], texts[c["section_id"]]) for c in answer["citations"])
    assert dangling_markers(answer["answer"], answer["citations"]) == []


@pytest.mark.parametrize("question, missing", [
    ("Which vector database should we use for RAG?", "products"),
    ("What learning rate should we use for LoRA fine-tuning?", "hyper-parameter"),
    ("Does GDPR allow fine-tuning on customer data?", "laws"),
])
def test_near_topic_specifics_are_refused_even_though_the_topic_words_match(assistant, question, missing):
    answer = assistant.ask(question)
    assert answer["abstained"] and missing in answer["answer"]


@pytest.mark.parametrize("question, section", [
    ("What are the keep-alive costs of a tuned model?", "hidden-costs"),
    ("Can we just teach it our house style?", "what-fine-tuning-does"),
    ("Why not search our docs first instead of training?", "rag"),
])
def test_covered_meaning_is_answered_though_the_words_differ(assistant, question, section):
    answer = assistant.ask(question)
    assert not answer["abstained"], answer["answer"]
    assert answer["citations"]


def test_one_citation_per_section_and_no_sentence_twice(assistant):
    answer = assistant.ask("When should we fine-tune instead of using RAG?")
    sections = [c["section_id"] for c in answer["citations"]]
    assert len(sections) == len(set(sections))
    body = answer["answer"]
    sentences = [s.strip() for s in body.split("[") if s.strip()]
    assert len(sentences) == len(set(sentences))


def test_search_contract(assistant):
    result = assistant.search("hidden costs", k=3)
    assert result["query"] == "hidden costs" and len(result["results"]) == 3
    first = result["results"][0]
    assert set(first) == {"id", "section_id", "source", "title", "score", "text"}
    assert first["section_id"] == "hidden-costs" and first["source"] == "framework"
    scores = [r["score"] for r in result["results"]]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("bad", ["", "   ", "x" * 2001, None, 42])
def test_bad_questions_are_refused_with_the_problem_named(assistant, bad):
    from assistant.errors import InputError

    with pytest.raises(InputError, match="question"):
        assistant.ask(bad)

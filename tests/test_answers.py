"""Offline answers and retrieval quality: the floors this project holds (python -m assistant.eval)."""

import json

import pytest

from assistant.citations import dangling_markers, is_verbatim
from assistant.eval import evaluate, question_sets
from conftest import SHARED


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


def test_golden_set_floors(assistant):
    answerable, abstain = question_sets()
    assert len(answerable) >= 72 and len(abstain) >= 40
    report = evaluate(assistant, answerable, abstain)
    assert report["recall@3"] >= 0.95
    assert report["recall@1"] >= 0.78
    assert report["mrr"] >= 0.85
    assert report["false_abstentions"] == 0
    assert report["dangling_markers"] == 0
    assert report["citation_validity"] == 1.0 and report["verbatim_quote_rate"] == 1.0
    assert report["answer_cites_expected"] >= 0.82
    assert report["abstention_precision"] == 1.0 and report["abstention_recall"] >= 0.9


def test_a_follow_up_carries_the_last_topic(assistant):
    history = [{"role": "user", "content": "What are the hidden costs of fine-tuning?"},
               {"role": "assistant", "content": "Fine-tuning is not a one-time cost. [1]"}]
    answer = assistant.ask("and what about the GPUs?", history)
    assert "hidden-costs" in {c["section_id"] for c in answer["citations"]}


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

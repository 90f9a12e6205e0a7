"""The intake engine, read as a specification: answers in, recommendation out."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from assistant.errors import IntakeError
from assistant.intake import (
    ENUM_VALUES, IntakeResult, decide, missing_information, parse_answers, rank_similar_cases, recommend,
)
from assistant.knowledge import RECOMMENDATION_LABELS, CaseNote

ROOT = Path(__file__).resolve().parent.parent
SHARED_EVAL = Path("/work/shared/eval/intake.jsonl")
GOLDEN_EVAL = ROOT / "tests" / "eval" / "golden_intake.jsonl"


def run(rules, **answers) -> IntakeResult:
    return recommend(parse_answers({"use_case": "A team's use case.", **answers}), rules)


def _eval_lines(path: Path) -> list:
    if not path.exists():
        return []
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [pytest.param(c, id=f"{path.stem}:{c.get('name', i)}") for i, c in enumerate(cases)]


# --- The shared evaluation sets ------------------------------------------------------

@pytest.mark.parametrize("case", _eval_lines(SHARED_EVAL) + _eval_lines(GOLDEN_EVAL))
def test_evaluation_case(case, rules):
    if "expect_error_field" in case:
        with pytest.raises(IntakeError) as err:
            parse_answers(case["answers"])
        assert err.value.field == case["expect_error_field"]
        assert case["expect_error_field"] in str(err.value)
        return
    result = recommend(parse_answers(case["answers"]), rules)
    assert result.recommendation == case["expect"]


def test_shared_evaluation_set_is_present():
    assert len(_eval_lines(SHARED_EVAL)) >= 6


# --- Scenarios: every rule, every threshold ------------------------------------------

NARROW_FT = dict(needs_document_facts="no", output_requirement="structured", format_status="prompt_reliable",
                 terminology="general", mlops_capacity="dedicated", knowledge_change="not_applicable")

SCENARIOS = [
    # (id, answers, expected recommendation, rule ids that must fire, rule ids that must not)
    ("facts-yes", dict(needs_document_facts="yes"), "rag", ["rag-document-facts", "callout-no-knowledge-injection", "callout-rag-access"], []),
    ("facts-no-weekly", dict(needs_document_facts="no", knowledge_change="weekly"), "prompt_engineering", [], ["rag-changing-knowledge"]),
    ("facts-unsure-daily", dict(needs_document_facts="unsure", knowledge_change="daily"), "rag", ["rag-changing-knowledge"], []),
    ("facts-unknown-monthly", dict(knowledge_change="monthly"), "rag", ["rag-changing-knowledge"], []),
    ("facts-unsure-quarterly", dict(needs_document_facts="unsure", knowledge_change="quarterly"), "prompt_engineering", [], ["rag-changing-knowledge"]),
    ("rarely", dict(knowledge_change="rarely"), "prompt_engineering", ["callout-prompt-range", "callout-prompt-iteration"], []),
    ("know-our-docs", dict(motivations=["know_our_documents"]), "rag", ["rag-know-our-documents", "caution-knowledge-recall"], []),
    ("know-our-docs-but-no-facts", dict(needs_document_facts="no", motivations=["know_our_documents"]), "prompt_engineering", ["caution-knowledge-recall"], ["rag-know-our-documents"]),
    ("json-structured-outputs-fail", dict(output_requirement="structured", format_status="structured_outputs_unreliable"), "fine_tuning", ["ft-format-structured", "ft-format-rule"], []),
    ("template-structured-outputs-fail", dict(output_requirement="template", format_status="structured_outputs_unreliable"), "fine_tuning", ["ft-format-structured"], []),
    ("json-prompt-unreliable", dict(output_requirement="structured", format_status="prompt_unreliable"), "prompt_engineering", ["try-first-structured-outputs"], ["ft-format-structured"]),
    ("template-prompt-unreliable", dict(output_requirement="template", format_status="prompt_unreliable"), "prompt_engineering", ["try-first-structured-outputs"], []),
    ("dialect-prompt-unreliable", dict(output_requirement="dialect_or_tone", format_status="prompt_unreliable"), "fine_tuning", ["ft-format-dialect", "ft-format-rule"], []),
    ("dialect-structured-fail", dict(output_requirement="dialect_or_tone", format_status="structured_outputs_unreliable"), "fine_tuning", ["ft-format-dialect"], []),
    ("dialect-prompt-reliable", dict(output_requirement="dialect_or_tone", format_status="prompt_reliable"), "prompt_engineering", [], ["ft-format-dialect"]),
    ("free-text-structured-fail", dict(output_requirement="free_text", format_status="structured_outputs_unreliable"), "prompt_engineering", [], ["ft-format-structured"]),
    ("prompt-not-tried", dict(output_requirement="structured", format_status="prompt_not_tried"), "prompt_engineering", ["try-first-prompt"], []),
    ("classify-100000", dict(NARROW_FT, task_type="classification", daily_volume=100_000, latency_budget_ms=1000, labelled_examples=1000), "fine_tuning", ["ft-narrow-task", "ft-narrow-task-rule", "caution-hidden-costs"], []),
    ("classify-99999", dict(NARROW_FT, task_type="classification", daily_volume=99_999, latency_budget_ms=1000, labelled_examples=1000), "prompt_engineering", ["try-first-low-volume"], ["ft-narrow-task"]),
    ("extract-latency-200", dict(NARROW_FT, task_type="extraction", daily_volume=10, latency_budget_ms=200, labelled_examples=5000), "fine_tuning", ["ft-narrow-task"], []),
    ("extract-latency-201", dict(NARROW_FT, task_type="extraction", daily_volume=10, latency_budget_ms=201, labelled_examples=5000), "prompt_engineering", ["try-first-low-volume"], []),
    ("parse-999-examples", dict(NARROW_FT, task_type="document_parsing", daily_volume=5_000_000, latency_budget_ms=1000, labelled_examples=999), "prompt_engineering", ["try-first-collect-examples"], ["ft-narrow-task"]),
    ("parse-1000-examples", dict(NARROW_FT, task_type="document_parsing", daily_volume=5_000_000, latency_budget_ms=1000, labelled_examples=1000), "fine_tuning", ["ft-narrow-task"], ["try-first-collect-examples"]),
    ("parse-examples-unknown", dict(task_type="document_parsing", daily_volume=5_000_000), "fine_tuning", ["ft-narrow-task", "caution-examples-unknown"], []),
    ("qa-at-scale", dict(task_type="question_answering", daily_volume=5_000_000, latency_budget_ms=50, labelled_examples=10**6), "prompt_engineering", [], ["ft-narrow-task"]),
    ("conversation-at-scale", dict(task_type="conversation", daily_volume=5_000_000, latency_budget_ms=50), "prompt_engineering", [], ["ft-narrow-task"]),
    ("generation-at-scale", dict(task_type="generation", daily_volume=5_000_000, latency_budget_ms=50), "prompt_engineering", [], ["ft-narrow-task"]),
    ("terminology-fails", dict(terminology="specialised_prompt_fails"), "fine_tuning", ["ft-terminology"], []),
    ("terminology-untested", dict(terminology="specialised_untested"), "prompt_engineering", ["try-first-terminology-prompt"], []),
    ("terminology-works", dict(terminology="specialised_prompt_works"), "prompt_engineering", [], ["ft-terminology"]),
    ("both", dict(needs_document_facts="yes", terminology="specialised_prompt_fails", mlops_capacity="dedicated"), "rag_and_fine_tuning", ["callout-both", "rag-document-facts", "ft-terminology"], []),
    ("ft-no-mlops", dict(terminology="specialised_prompt_fails", mlops_capacity="none"), "fine_tuning", ["caution-hidden-costs-no-capacity"], ["caution-hidden-costs"]),
    ("ft-some-mlops", dict(terminology="specialised_prompt_fails", mlops_capacity="some"), "fine_tuning", ["caution-hidden-costs-some-capacity"], []),
    ("ft-unknown-mlops", dict(terminology="specialised_prompt_fails"), "fine_tuning", ["caution-hidden-costs-some-capacity"], []),
    ("ft-knowledge-changes", dict(needs_document_facts="no", knowledge_change="quarterly", terminology="specialised_prompt_fails"), "fine_tuning", ["caution-staleness"], []),
    ("ownership", dict(motivations=["ownership"]), "prompt_engineering", ["caution-ownership"], []),
    ("cost-latency-without-evidence", dict(motivations=["cost", "latency"], task_type="classification", daily_volume=500), "prompt_engineering", ["caution-cost-latency-motivation"], []),
    ("cost-with-evidence", dict(NARROW_FT, motivations=["cost"], task_type="classification", daily_volume=10**6, labelled_examples=10**4), "fine_tuning", [], ["caution-cost-latency-motivation"]),
    ("format-tone-without-evidence", dict(motivations=["format", "tone"], output_requirement="structured", format_status="prompt_reliable"), "prompt_engineering", ["caution-format-tone-motivation"], []),
    ("format-with-evidence", dict(motivations=["format"], output_requirement="structured", format_status="structured_outputs_unreliable"), "fine_tuning", [], ["caution-format-tone-motivation"]),
    ("terminology-motivation", dict(motivations=["terminology"], terminology="general"), "prompt_engineering", ["caution-terminology-motivation"], []),
    ("terminology-motivation-with-evidence", dict(motivations=["terminology"], terminology="specialised_prompt_fails"), "fine_tuning", [], ["caution-terminology-motivation"]),
    ("try-first-is-scoped-to-its-path", dict(output_requirement="structured", format_status="prompt_not_tried", terminology="specialised_prompt_fails"), "fine_tuning", ["try-first-prompt", "ft-terminology"], []),
]


@pytest.mark.parametrize("name,answers,expected,fires,silent", SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_scenario(name, answers, expected, fires, silent, rules):
    result = run(rules, **answers)
    assert result.recommendation == expected
    assert result.label == RECOMMENDATION_LABELS[expected]
    for rule_id in fires:
        assert rule_id in result.fired_rules, f"{rule_id} should fire"
    for rule_id in silent:
        assert rule_id not in result.fired_rules, f"{rule_id} should not fire"
    assert result.reasons, "every outcome has at least one reason"


def test_every_rule_is_exercised_by_a_scenario(rules):
    fired = set()
    for _, answers, *_ in SCENARIOS:
        fired |= set(run(rules, **answers).fired_rules)
    assert fired == {r.id for r in rules.rules}


# --- Every enum value, one field at a time ------------------------------------------

SINGLE_FIELD_OUTCOME = {
    ("needs_document_facts", "yes"): "rag",
    ("knowledge_change", "daily"): "rag", ("knowledge_change", "weekly"): "rag", ("knowledge_change", "monthly"): "rag",
    ("terminology", "specialised_prompt_fails"): "fine_tuning",
    ("motivations", "know_our_documents"): "rag",
}
ENUM_CASES = [(f, v) for f, values in ENUM_VALUES.items() for v in values]


@pytest.mark.parametrize("field,value", ENUM_CASES, ids=[f"{f}={v}" for f, v in ENUM_CASES])
def test_each_enum_value_alone(field, value, rules):
    answer = [value] if field == "motivations" else value
    result = run(rules, **{field: answer})
    assert result.recommendation == SINGLE_FIELD_OUTCOME.get((field, value), "prompt_engineering")


@pytest.mark.parametrize("field,low,high", [
    ("daily_volume", 99_999, 100_000), ("latency_budget_ms", 201, 200), ("labelled_examples", 999, 1000),
])
def test_thresholds_sit_exactly_on_the_boundary(field, low, high, rules):
    base = dict(NARROW_FT, task_type="classification", daily_volume=100_000, latency_budget_ms=1000, labelled_examples=1000)
    if field == "latency_budget_ms":
        base["daily_volume"] = 10
    assert run(rules, **{**base, field: low}).recommendation == "prompt_engineering"
    assert run(rules, **{**base, field: high}).recommendation == "fine_tuning"


def test_thresholds_come_from_the_rules_file(rules):
    assert rules.thresholds == {"high_volume": 100_000, "tight_latency_ms": 200, "min_labelled_examples": 1000}


# --- Confidence and missing information --------------------------------------------

FULL_RAG = dict(needs_document_facts="yes", knowledge_change="weekly", output_requirement="free_text",
                format_status="not_applicable", task_type="question_answering", daily_volume=800,
                latency_budget_ms=3000, terminology="general", labelled_examples=0, mlops_capacity="some",
                motivations=["know_our_documents"])


def test_fully_answered_gives_high_confidence_and_nothing_missing(rules):
    result = run(rules, **FULL_RAG)
    assert result.recommendation == "rag"
    assert result.missing_information == []
    assert result.confidence == "high"


def test_only_use_case_gives_low_confidence(rules):
    result = run(rules)
    assert result.recommendation == "prompt_engineering"
    assert result.confidence == "low"
    assert {"needs_document_facts", "knowledge_change", "terminology", "motivations"} <= set(result.missing_information)


def test_unanswered_field_that_could_change_it_is_listed(rules):
    answers = {k: v for k, v in FULL_RAG.items() if k != "terminology"}
    result = run(rules, **answers)
    assert result.missing_information == ["terminology"]
    assert result.confidence == "medium"
    assert "terminology" in result.summary


def test_unanswered_field_that_cannot_change_it_is_not_listed(rules):
    answers = {k: v for k, v in FULL_RAG.items() if k not in ("mlops_capacity", "latency_budget_ms")}
    result = run(rules, **answers)
    assert result.missing_information == []
    assert result.confidence == "high"


def test_knowledge_change_is_irrelevant_without_document_facts(rules):
    result = run(rules, needs_document_facts="no", terminology="general")
    assert "knowledge_change" not in result.missing_information


def test_unknown_labelled_examples_lowers_confidence(rules):
    answers = dict(NARROW_FT, task_type="classification", daily_volume=10**6, latency_budget_ms=1000)
    result = run(rules, **answers)
    assert result.recommendation == "fine_tuning"
    assert "labelled_examples" in result.missing_information
    assert result.confidence == "medium"


@pytest.mark.parametrize("capacity,confidence", [("dedicated", "high"), ("some", "medium"), ("none", "low")])
def test_mlops_capacity_caps_fine_tuning_confidence(capacity, confidence, rules):
    answers = dict(NARROW_FT, mlops_capacity=capacity, task_type="classification", daily_volume=10**6,
                   latency_budget_ms=1000, labelled_examples=10**5, motivations=["cost"])
    assert run(rules, **answers).confidence == confidence


def test_missing_information_matches_the_core_decision(rules):
    data = parse_answers({"use_case": "x", "needs_document_facts": "no"}).model_dump()
    assert decide(data, rules).recommendation == "prompt_engineering"
    # Only specialised terminology that prompts fail on could turn this into fine-tuning;
    # "know our documents" cannot, because the team said no document facts are needed.
    assert missing_information(data, rules) == ["terminology"]


def test_engine_is_fast(rules):
    answers = parse_answers({"use_case": "Only this is known."})
    start = time.perf_counter()
    for _ in range(20):
        recommend(answers, rules)
    assert (time.perf_counter() - start) / 20 < 0.02


# --- Determinism, path, summary, next steps ---------------------------------------

def test_same_answers_same_result_regardless_of_key_order(rules):
    one = recommend(parse_answers({"use_case": "u", **FULL_RAG}), rules)
    two = recommend(parse_answers(dict(reversed(list({"use_case": "u", **FULL_RAG}.items())))), rules)
    assert one.model_dump() == two.model_dump()
    assert one.model_dump_json() == recommend(parse_answers({"use_case": "u", **FULL_RAG}), rules).model_dump_json()


PLAIN_BEHAVIOUR = dict(output_requirement="free_text", task_type="question_answering", terminology="general")


@pytest.mark.parametrize("answers,path", [
    (dict(PLAIN_BEHAVIOUR, needs_document_facts="yes"), ["start", "knowledge_access", "retrieval", "behaviour", "rag"]),
    (dict(needs_document_facts="no", terminology="specialised_prompt_fails"),
     ["start", "knowledge_access", "behaviour", "fine_tuning_component", "fine_tuning"]),
    (dict(needs_document_facts="no", format_status="prompt_not_tried"),
     ["start", "knowledge_access", "behaviour", "cheaper_first", "prompt_engineering"]),
    (dict(needs_document_facts="yes", terminology="specialised_prompt_fails"),
     ["start", "knowledge_access", "retrieval", "behaviour", "fine_tuning_component", "rag_and_fine_tuning"]),
    # Unknowns are drawn as "not known yet", never as "no".
    ({}, ["start", "knowledge_access", "knowledge_unknown", "behaviour", "behaviour_unknown", "prompt_engineering"]),
    (dict(PLAIN_BEHAVIOUR, needs_document_facts="unsure"),
     ["start", "knowledge_access", "knowledge_unknown", "behaviour", "prompt_engineering"]),
    (dict(needs_document_facts="yes"), ["start", "knowledge_access", "retrieval", "behaviour", "behaviour_unknown", "rag"]),
    (dict(terminology="specialised_prompt_fails"),
     ["start", "knowledge_access", "knowledge_unknown", "behaviour", "fine_tuning_component", "fine_tuning"]),
])
def test_decision_path(answers, path, rules):
    assert run(rules, **answers).path == path


def test_summary_is_two_or_three_sentences_naming_the_outcome(rules):
    for _, answers, *_ in SCENARIOS:
        result = run(rules, **answers)
        sentences = [s for s in result.summary.replace(". ", ".\n").splitlines() if s.strip()]
        assert 1 <= len(sentences) <= 3, result.summary
        assert result.summary.startswith(result.label)


def test_next_steps_are_concrete(rules):
    rag = run(rules, **FULL_RAG)
    assert rag.next_steps[0].startswith("Build a retrieval prototype")
    pe = run(rules, output_requirement="structured", format_status="prompt_unreliable")
    assert any("structured output" in s for s in pe.next_steps)
    assert len(set(pe.next_steps)) == len(pe.next_steps)


def test_try_first_replaces_fine_tuning_with_a_cheaper_step(rules):
    result = run(rules, terminology="specialised_untested")
    assert [t.section_id for t in result.try_first] == ["reason-domain-terminology"]
    assert result.recommendation == "prompt_engineering"


def test_motivations_alone_never_trigger_fine_tuning(rules):
    result = run(rules, motivations=["ownership", "cost", "latency", "format", "terminology", "tone"])
    assert result.recommendation == "prompt_engineering"
    assert {"caution-ownership", "caution-cost-latency-motivation", "caution-format-tone-motivation",
            "caution-terminology-motivation"} <= set(result.fired_rules)
    closing = next(c for c in result.cautions if c.section_id == "closing")
    assert "debt" in closing.text


# --- Similar cases ------------------------------------------------------------------

def _case(n: int, recommendation: str) -> CaseNote:
    return CaseNote(id=f"case-{n:03d}", title=f"Case {n}", industry="Retail", requested="fine-tuning",
                    recommendation=recommendation, sections=["rag"], outcome="Shipped.")


def test_similar_cases_prefer_the_same_recommendation_and_keep_order():
    candidates = [_case(1, "fine_tuning"), _case(2, "rag"), _case(3, "prompt_engineering"), _case(4, "rag"),
                  _case(5, "rag"), _case(6, "rag")]
    ranked = rank_similar_cases(candidates, "rag")
    assert [c.case_id for c in ranked] == ["case-002", "case-004", "case-005"]
    assert [c.case_id for c in rank_similar_cases(candidates, "fine_tuning", limit=2)] == ["case-001", "case-002"]


def test_similar_cases_flow_into_the_result(rules):
    candidates = [_case(7, "prompt_engineering"), _case(8, "rag"), _case(8, "rag")]
    result = recommend(parse_answers({"use_case": "x", "needs_document_facts": "yes"}), rules, similar_cases=candidates)
    assert [(c.case_id, c.recommendation) for c in result.similar_cases] == [("case-008", "rag"), ("case-007", "prompt_engineering")]
    assert recommend(parse_answers({"use_case": "x"}), rules).similar_cases == []


# --- Input validation ---------------------------------------------------------------

@pytest.mark.parametrize("answers,field,fragment", [
    ({"use_case": "x", "knowledge_change": "hourly-ish"}, "knowledge_change",
     "knowledge_change: 'hourly-ish' is not allowed; allowed values: daily, weekly, monthly, quarterly, rarely, not_applicable"),
    ({"use_case": "x", "foo": 1}, "foo", "unknown field 'foo'; allowed fields: use_case,"),
    ({"use_case": "x", "daily_volume": "lots"}, "daily_volume", "daily_volume"),
    ({"use_case": "x", "daily_volume": True}, "daily_volume", "whole number"),
    ({"use_case": "x", "latency_budget_ms": -5}, "latency_budget_ms", "whole number"),
    ({"use_case": "x", "labelled_examples": 2.5}, "labelled_examples", "whole number"),
    ({"use_case": "x", "motivations": "cost"}, "motivations", "allowed values: know_our_documents"),
    ({"use_case": "x", "motivations": ["cost", "fun"]}, "motivations", "'fun' is not allowed"),
    ({"use_case": "x", "task_type": "summarise"}, "task_type", "allowed values: question_answering"),
    ({"use_case": "x", "needs_document_facts": True}, "needs_document_facts", "allowed values: yes, no, unsure"),
    ({"needs_document_facts": "yes"}, "use_case", "use_case is required: 1-4000 characters"),
    ({"use_case": "   "}, "use_case", "use_case is required: 1-4000 characters"),
    ({"use_case": "x" * 4001}, "use_case", "use_case is required: 1-4000 characters"),
    ({"use_case": 42}, "use_case", "use_case is required"),
    (["not", "a", "dict"], "answers", "answers must be a JSON object"),
    ("text", "answers", "answers must be a JSON object"),
])
def test_bad_answers_name_the_field(answers, field, fragment):
    with pytest.raises(IntakeError) as err:
        parse_answers(answers)
    assert err.value.field == field
    assert fragment in str(err.value)


def test_allowed_values_are_attached_to_the_error():
    with pytest.raises(IntakeError) as err:
        parse_answers({"use_case": "x", "mlops_capacity": "lots"})
    assert err.value.allowed == ["none", "some", "dedicated"]
    assert err.value.as_dict()["field"] == "mlops_capacity"


def test_answers_are_normalised():
    answers = parse_answers({"use_case": "  trimmed  ", "motivations": ["cost", "cost", "tone"], "daily_volume": None})
    assert answers.use_case == "trimmed"
    assert answers.motivations == ["cost", "tone"]
    assert answers.daily_volume is None
    assert parse_answers({"use_case": "x" * 4000}).use_case == "x" * 4000
    assert parse_answers({"use_case": "x", "motivations": None}).motivations == []


# --- Unknown answers ("not sure", or left open) ---------------------------------------

def test_not_sure_everywhere_is_low_confidence_with_the_open_questions_listed(rules):
    """What the guided chat sends when every reply is "Not sure" / "Don't know yet"."""
    result = run(rules, needs_document_facts="unsure")
    assert result.confidence == "low"
    assert result.missing_information[0] == "needs_document_facts"
    assert "knowledge_unknown" in result.path and "behaviour_unknown" in result.path
    assert result.recommendation == "prompt_engineering"  # the deterministic default, said with low confidence


def test_unsure_counts_as_unknown_but_not_sure_is_still_a_valid_answer(rules):
    unsure = run(rules, **{**FULL_RAG, "needs_document_facts": "unsure"})
    assert "needs_document_facts" in unsure.missing_information
    assert unsure.confidence != "high"
    assert run(rules, **FULL_RAG).confidence == "high"


def test_more_open_questions_mean_lower_confidence(rules):
    assert rules.confidence == {"medium_from_missing": 1, "low_from_missing": 3}
    one = run(rules, **{k: v for k, v in FULL_RAG.items() if k != "terminology"})
    assert (len(one.missing_information), one.confidence) == (1, "medium")
    many = run(rules, needs_document_facts="no", output_requirement="free_text")
    assert len(many.missing_information) < 3 or many.confidence == "low"
    bare = run(rules, task_type="question_answering")
    assert len(bare.missing_information) >= 3 and bare.confidence == "low"


def test_people_read_labels_not_field_names(rules):
    result = run(rules, needs_document_facts="unsure")
    open_step = next(s for s in result.next_steps if s.startswith("Answer the open questions"))
    assert "facts from your documents" in open_step and "how often the knowledge changes" in open_step
    for text in (open_step, result.summary):
        assert "_" not in text, text  # no knowledge_change, needs_document_facts

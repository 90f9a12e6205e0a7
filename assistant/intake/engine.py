"""Turn intake answers into a recommendation, assembled from the rules that fired.

Pure and deterministic: no I/O, no clock, no randomness. Two passes: decision rules
settle the components (retrieval, fine-tuning); outcome rules (callouts, cautions)
may then look at those components. Everything said comes from a rule, so every
reason carries its section and verbatim quote.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..labels import RECOMMENDATION_LABELS
from .labels import field_list
from .rules import COMPONENTS_KEY, Rule, RuleSet
from .schema import ENUM_VALUES, OPTIONAL_FIELDS, Caution, IntakeAnswers, IntakeResult, Reason, SimilarCase, TryFirst

_RANK = {"low": 0, "medium": 1, "high": 2}


@dataclass(frozen=True)
class Decision:
    """The core decision: which components, and the decision rules that count."""

    recommendation: str
    retrieval: bool
    fine_tuning: bool
    rules: tuple[Rule, ...]  # fired decision rules, minus fine-tuning rules blocked by a try-first


def _combine(retrieval: bool, fine_tuning: bool) -> str:
    if retrieval and fine_tuning:
        return "rag_and_fine_tuning"
    return "rag" if retrieval else "fine_tuning" if fine_tuning else "prompt_engineering"


def decide(answers: Mapping[str, Any], rules: RuleSet) -> Decision:
    """First pass only; cheap enough to run once per counterfactual."""
    fired = [r for r in rules.decision_rules if r.test(answers)]
    blocked = {r.path for r in fired if r.effect == "try_first"}
    kept = tuple(r for r in fired if not (r.effect == "fine_tuning" and r.path in blocked))
    retrieval = any(r.effect == "retrieval" for r in kept)
    fine_tuning = any(r.effect == "fine_tuning" for r in kept)
    return Decision(_combine(retrieval, fine_tuning), retrieval, fine_tuning, kept)


def alternatives(field: str, thresholds: Mapping[str, int]) -> list[Any]:
    """Values to try for an unanswered field: every enum value, or both sides of each threshold."""
    if field == "motivations":
        return [[m] for m in ENUM_VALUES["motivations"]]
    if field in ENUM_VALUES:
        return list(ENUM_VALUES[field])
    edge = {"daily_volume": "high_volume", "latency_budget_ms": "tight_latency_ms",
            "labelled_examples": "min_labelled_examples"}[field]
    t = thresholds[edge]
    if field == "latency_budget_ms":
        return sorted({max(0, t // 4), t, t + 1, max(t * 25, 1)})
    return sorted({0, max(0, t - 1), t, t * 50})


# Answers that say "we don't know" in the schema's own words. DESIGN.md keeps "unsure" as a
# value of needs_document_facts; for confidence and missing information it is unknown.
UNSURE_VALUES: dict[str, tuple[str, ...]] = {"needs_document_facts": ("unsure",)}


def is_unknown(field: str, value: Any) -> bool:
    """Missing, empty, or "unsure": nothing the team knows for certain."""
    return value is None or value == [] or value in UNSURE_VALUES.get(field, ())


def unknown_fields(answers: Mapping[str, Any]) -> list[str]:
    return [f for f in OPTIONAL_FIELDS if is_unknown(f, answers.get(f))]


def fields_that_could_change(answers: Mapping[str, Any], rules: RuleSet, outcome: Callable[[Decision], Any],
                             current: Any = None) -> list[str]:
    """Unknown fields (unanswered or "unsure") for which some plausible answer changes
    `outcome` of the decision (the recommendation, or only whether to train)."""
    current = outcome(decide(answers, rules)) if current is None else current
    out = []
    for field in OPTIONAL_FIELDS:
        if not is_unknown(field, answers.get(field)):
            continue
        if any(outcome(decide({**answers, field: alt}, rules)) != current
               for alt in alternatives(field, rules.thresholds)):
            out.append(field)
    return out


def missing_information(answers: Mapping[str, Any], rules: RuleSet, current: str | None = None) -> list[str]:
    """Unknown fields (unanswered or "unsure") for which some plausible answer changes the recommendation."""
    return fields_that_could_change(answers, rules, lambda decision: decision.recommendation, current or None)


# Which diagram question each field answers; an unknown field that could change the result
# makes its step "not known yet" rather than "no".
STEP_FIELDS: dict[str, tuple[str, ...]] = {
    "knowledge_access": ("needs_document_facts", "knowledge_change", "motivations"),
    "behaviour": ("output_requirement", "format_status", "task_type", "daily_volume", "latency_budget_ms",
                  "terminology", "labelled_examples"),
}


def decision_path(decision: Decision, missing: Iterable[str] = ()) -> list[str]:
    """Node ids of the framework diagram (diagram.py) that this decision passes through.

    A step whose answer is "no" only because something is unknown (a field in `missing`)
    goes through its "*_unknown" node, so the diagram never shows a guess as a "no"."""
    missing = set(missing)
    path = ["start", "knowledge_access"]
    if decision.retrieval:
        path.append("retrieval")
    elif missing & set(STEP_FIELDS["knowledge_access"]):
        path.append("knowledge_unknown")
    path.append("behaviour")
    if decision.fine_tuning:
        path.append("fine_tuning_component")
    elif any(r.effect == "try_first" for r in decision.rules):
        path.append("cheaper_first")
    elif missing & set(STEP_FIELDS["behaviour"]):
        path.append("behaviour_unknown")
    path.append(decision.recommendation)
    return path


def _field(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, Mapping) else getattr(obj, name, None)


def rank_similar_cases(candidates: Iterable[Any] | None, recommendation: str, limit: int = 3) -> list[SimilarCase]:
    """Keep up to `limit` cases, same recommendation first; the caller's ranking breaks ties."""
    seen: set[str] = set()
    cases = []
    for c in candidates or ():
        case_id = _field(c, "id") or _field(c, "case_id")
        if not case_id or case_id in seen:
            continue
        seen.add(case_id)
        cases.append(SimilarCase(case_id=str(case_id), title=str(_field(c, "title") or case_id),
                                 recommendation=str(_field(c, "recommendation") or "")))
    cases.sort(key=lambda s: s.recommendation != recommendation)  # stable: order otherwise kept
    return cases[:limit]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _join(clauses: list[str]) -> str:
    return clauses[0] if len(clauses) == 1 else ", ".join(clauses[:-1]) + " and " + clauses[-1]


def _summary(label: str, reasons: list[Rule], try_first: list[Rule], cautions: list[Rule], missing: list[str]) -> str:
    clauses = list(dict.fromkeys(r.because for r in reasons if r.because))[:3]
    sentences = [f"{label} fits this use case: {_join(clauses)}." if clauses else f"{label} fits this use case."]
    if try_first:
        first = try_first[0].text.split("; ")[0].rstrip(".")
        sentences.append(f"First try the cheaper step: {_lower_first(first)}.")
    if missing:
        sentences.append(f"Still open, and able to change this: {field_list(missing)}.")
    caution = next((r.because for r in cautions if r.because), None)
    if caution and len(sentences) < 3:
        sentences.append(f"Keep in mind that {caution}.")
    return " ".join(sentences)


def _next_steps(decision: Decision, fired: list[Rule], rules: RuleSet, missing: list[str]) -> list[str]:
    steps: list[str] = []
    if decision.retrieval:
        steps += rules.next_steps.get("retrieval", ())
    steps += [r.next_step for r in fired if r.next_step]
    if decision.fine_tuning:
        steps += rules.next_steps.get("fine_tuning", ())
    if decision.recommendation == "prompt_engineering":
        steps += rules.next_steps.get("prompt_engineering", ())
    if missing:
        steps.append(f"Answer the open questions ({field_list(missing)}) and run the intake again: "
                     "they could change the recommendation.")
    return list(dict.fromkeys(steps))


def confidence_for(answers: Mapping[str, Any], missing: list[str], fired: list[Rule], rules: RuleSet) -> str:
    """High only when nothing unknown could change the result; open questions lower it
    (limits in rules.yaml `confidence`), rules may cap it, and with nothing known for
    certain (only the use case, or "not sure") it is a guess: low."""
    levels = rules.confidence
    confidence = ("low" if len(missing) >= levels["low_from_missing"]
                  else "medium" if len(missing) >= levels["medium_from_missing"] else "high")
    for r in fired:
        if r.confidence and _RANK[r.confidence] < _RANK[confidence]:
            confidence = r.confidence
    if len(unknown_fields(answers)) == len(OPTIONAL_FIELDS):
        confidence = "low"
    return confidence


def recommend(answers: IntakeAnswers, rules: RuleSet, similar_cases: list | None = None) -> IntakeResult:
    """The full result: recommendation, reasons with quotes, cautions, next steps."""
    data = answers.model_dump()
    decision = decide(data, rules)
    components = {c for c, on in (("retrieval", decision.retrieval), ("fine_tuning", decision.fine_tuning)) if on}
    outcome = [r for r in rules.outcome_rules if r.test({**data, COMPONENTS_KEY: components})]
    fired = [*decision.rules, *outcome]
    reason_rules = [r for r in fired if r.kind == "reason"]
    try_rules = [r for r in fired if r.kind == "try_first"]
    caution_rules = [r for r in fired if r.kind == "caution"]
    missing = missing_information(data, rules, decision.recommendation)

    confidence = confidence_for(data, missing, fired, rules)

    label = RECOMMENDATION_LABELS[decision.recommendation]
    return IntakeResult(
        recommendation=decision.recommendation,
        label=label,
        confidence=confidence,
        summary=_summary(label, reason_rules, try_rules, caution_rules, missing),
        reasons=[Reason(text=r.text, section_id=r.section_id, quote=r.quote, rule_id=r.id) for r in reason_rules],
        try_first=[TryFirst(text=r.text, section_id=r.section_id, rule_id=r.id) for r in try_rules],
        cautions=[Caution(text=r.text, section_id=r.section_id, rule_id=r.id) for r in caution_rules],
        next_steps=_next_steps(decision, fired, rules, missing),
        similar_cases=rank_similar_cases(similar_cases, decision.recommendation),
        missing_information=missing,
        path=decision_path(decision, missing),
        fired_rules=[r.id for r in fired],
    )

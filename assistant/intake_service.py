"""Intake wired to the knowledge base: rules verified against it, similar cases from it."""

from __future__ import annotations

import logging

from .intake import IntakeAnswers, load_rules, parse_answers, recommend

log = logging.getLogger(__name__)


def rules_for(assistant):
    """Rules are loaded (and every quote verified) once per knowledge base."""
    cached = getattr(assistant, "_intake_rules", None)
    if cached is None or cached[0] is not assistant.kb:
        assistant._intake_rules = (assistant.kb, load_rules(assistant.kb))
    return assistant._intake_rules[1]


def similar_case_candidates(assistant, answers: IntakeAnswers) -> list:
    """Case notes ranked by how close their story is to the team's use case."""
    ranked: list = []
    try:
        passages = assistant.passages(answers.use_case, k=40)
    except Exception as exc:  # similar cases are a bonus: never fail the recommendation for them
        log.warning("similar-cases lookup failed (%s: %s); this recommendation lists no similar cases",
                    type(exc).__name__, exc)
        passages = []
    for p in passages:
        note = assistant.kb.cases.get(p.section_id)
        if note is not None and note not in ranked:
            ranked.append(note)
    return ranked


def run_intake(assistant, data) -> dict:
    answers = parse_answers(data)
    result = recommend(answers, rules_for(assistant), similar_cases=similar_case_candidates(assistant, answers))
    return result.model_dump(mode="json")

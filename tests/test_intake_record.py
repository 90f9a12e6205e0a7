"""Decision records and the decision diagram: readable on their own, deterministic."""

from __future__ import annotations

import json
import re

import pytest

from assistant.intake import (
    IntakeAnswers, IntakeResult, decision_diagram_dot, decision_record_json, decision_record_markdown,
    parse_answers, recommend,
)
from assistant.intake.diagram import EDGES, NODES
from assistant.intake.record import SOURCE_LINE, _SECTION_LABELS
from assistant.knowledge import FRAMEWORK_IDS, CaseNote

BOTH = {
    "use_case": "Answer questions over our case law database in specialised legal drafting language.",
    "needs_document_facts": "yes", "knowledge_change": "weekly", "output_requirement": "free_text",
    "task_type": "question_answering", "daily_volume": 3000, "terminology": "specialised_prompt_fails",
    "labelled_examples": 6000, "mlops_capacity": "some", "motivations": ["terminology", "know_our_documents"],
}


@pytest.fixture(scope="module")
def record(rules):
    answers = parse_answers(BOTH)
    case = CaseNote(id="case-001", title="Law firm research assistant", industry="Legal", requested="fine-tuning",
                    recommendation="rag_and_fine_tuning", sections=["decision-rules"], outcome="Shipped.")
    result = recommend(answers, rules, similar_cases=[case])
    return answers, result


def test_markdown_reads_as_a_standalone_record(record):
    answers, result = record
    md = decision_record_markdown(answers, result)
    assert md.startswith("# Decision record: RAG plus fine-tuning\n")
    assert answers.use_case in md
    assert f"**Confidence:** {result.confidence}" in md
    assert result.summary in md
    for heading in ["## Summary", "## The team's answers", "## Why", "## Cautions", "## Next steps",
                    "## Similar past cases", "## Missing information"]:
        assert heading in md
    assert "| Daily volume | 3,000 |" in md
    assert "| Motivations | terminology, know_our_documents |" in md
    assert "| Format status | — |" in md
    for reason in result.reasons:
        assert f"   > {reason.quote}" in md
    assert "§4.1 Decision rules (`decision-rules`)" in md
    assert "case-001: Law firm research assistant — recommended RAG plus fine-tuning" in md
    assert md.rstrip().endswith(SOURCE_LINE)


def test_markdown_is_deterministic_and_date_free(record):
    answers, result = record
    md = decision_record_markdown(answers, result)
    assert md == decision_record_markdown(answers, result)
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", md)


def test_markdown_labels_can_come_from_the_knowledge_base(record, kb):
    answers, result = record
    assert {sid: s.label for sid, s in kb.sections.items()} == _SECTION_LABELS  # built-in labels match the files
    md = decision_record_markdown(answers, result, section_labels={"decision-rules": "Rules of thumb"})
    assert "Rules of thumb (`decision-rules`)" in md


def test_markdown_without_optional_parts(rules):
    answers = parse_answers({"use_case": "Draft | replies\nto emails"})
    result = recommend(answers, rules)
    md = decision_record_markdown(answers, result)
    assert "**Use case:** Draft | replies to emails" in md
    assert "- None found." in md
    assert "- needs document facts: answering this could change the recommendation" in md


def test_json_record_round_trips(record):
    answers, result = record
    data = json.loads(decision_record_json(answers, result))
    assert IntakeAnswers.model_validate(data["answers"]) == answers
    assert IntakeResult.model_validate(data["result"]) == result
    assert set(data["result"]) >= {"recommendation", "label", "confidence", "summary", "reasons", "try_first",
                                   "cautions", "next_steps", "similar_cases", "missing_information"}


def test_section_labels_cover_every_framework_section():
    assert set(_SECTION_LABELS) == set(FRAMEWORK_IDS)


# --- Diagram ------------------------------------------------------------------------

def test_diagram_highlights_the_teams_path(record):
    _, result = record
    dot = decision_diagram_dot(result)
    assert dot.startswith("digraph framework {")
    for node in NODES:
        assert f"  {node} [" in dot
    bold_nodes = {m for m in re.findall(r"^  (\w+) \[label=.*bold,filled", dot, re.MULTILINE)}
    assert bold_nodes == set(result.path)
    bold_edges = set(re.findall(r"^  (\w+) -> (\w+) \[.*style=bold", dot, re.MULTILINE))
    assert bold_edges == set(zip(result.path, result.path[1:]))


def test_every_possible_path_is_drawn_with_existing_edges(rules):
    drawn = {(a, b) for a, b, _ in EDGES}
    samples = [{}, {"needs_document_facts": "yes"}, {"terminology": "specialised_prompt_fails"},
               {"format_status": "prompt_not_tried"}, {"format_status": "prompt_not_tried", "needs_document_facts": "yes"},
               {"needs_document_facts": "yes", "terminology": "specialised_prompt_fails"}]
    for extra in samples:
        path = recommend(parse_answers({"use_case": "x", **extra}), rules).path
        assert set(zip(path, path[1:])) <= drawn, path


def test_diagram_accepts_a_bare_path():
    dot = decision_diagram_dot(["start", "knowledge_access", "behaviour", "prompt_engineering"])
    assert "behaviour -> prompt_engineering" in dot
    assert decision_diagram_dot([]).count("bold") == 0

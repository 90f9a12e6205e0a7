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
from assistant.intake.record import SOURCE_LINE
from assistant.labels import SECTION_LABELS
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
    assert "| Requests a day | 3,000 requests a day |" in md
    assert "| Motivations | Terminology, Know our documents |" in md
    assert "| How well prompting gives the format | — |" in md
    assert "| Output requirement | Free text |" in md and "free_text" not in md.split("## Why")[0]
    assert "| MLOps capacity | Some capacity |" in md
    for reason in result.reasons:
        assert f"   > {reason.quote}" in md
    assert "§4.1 Decision rules (`decision-rules`)" in md
    assert "case-001: Law firm research assistant — recommended RAG plus fine-tuning" in md
    assert md.rstrip().endswith(SOURCE_LINE)


def test_markdown_is_deterministic_and_dated_only_by_its_caller(record):
    answers, result = record
    md = decision_record_markdown(answers, result)
    assert md == decision_record_markdown(answers, result)
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", md)  # no clock inside: the date is an argument
    dated = decision_record_markdown(answers, result, dated="2026-01-02", knowledge_version="g7")
    assert dated == decision_record_markdown(answers, result, dated="2026-01-02", knowledge_version="g7")


def test_markdown_labels_can_come_from_the_knowledge_base(record, kb):
    answers, result = record
    assert {sid: s.label for sid, s in kb.sections.items()} == SECTION_LABELS  # built-in labels match the files
    md = decision_record_markdown(answers, result, section_labels={"decision-rules": "Rules of thumb"})
    assert "Rules of thumb (`decision-rules`)" in md


def test_markdown_without_optional_parts(rules):
    answers = parse_answers({"use_case": "Draft | replies\nto emails"})
    result = recommend(answers, rules)
    md = decision_record_markdown(answers, result)
    assert "**Use case:** Draft | replies to emails" in md
    assert "- None found." in md
    assert "- Facts from your documents: answering this could change the recommendation" in md


def test_json_record_round_trips(record):
    answers, result = record
    data = json.loads(decision_record_json(answers, result))
    assert IntakeAnswers.model_validate(data["answers"]) == answers
    assert IntakeResult.model_validate(data["result"]) == result
    assert set(data["result"]) >= {"recommendation", "label", "confidence", "summary", "reasons", "try_first",
                                   "cautions", "next_steps", "similar_cases", "missing_information"}


def test_section_labels_cover_every_framework_section():
    assert set(SECTION_LABELS) == set(FRAMEWORK_IDS)


# --- Diagram ------------------------------------------------------------------------

def test_diagram_highlights_the_teams_path(record):
    _, result = record
    dot = decision_diagram_dot(result)
    assert dot.startswith("digraph framework {")
    for node in NODES:
        assert f"  {node} [" in dot
    bold_nodes = {m for m in re.findall(r"^  (\w+) \[label=.*bold,filled", dot, re.MULTILINE)}
    assert bold_nodes == set(result.path)
    bold_edges = set(re.findall(r"^  (\w+) -> (\w+) \[.*style=\"?(?:dashed,)?bold", dot, re.MULTILINE))
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


def test_record_says_the_answers_in_words_with_date_and_knowledge_version(rules):
    answers = parse_answers({"use_case": "Answer HR questions", "needs_document_facts": "unsure",
                             "output_requirement": "free_text", "daily_volume": 100, "mlops_capacity": "none"})
    result = recommend(answers, rules)
    md = decision_record_markdown(answers, result, said={"daily_volume": "Up to a few hundred"},
                                  dated="2026-11-26", knowledge_version="1764140000-ab12")
    assert "**Date:** 2026-11-26" in md and "**Knowledge version:** 1764140000-ab12" in md
    assert "| Requests a day | Up to a few hundred |" in md  # what the person chose, not the 100 it counts as
    assert "| Facts from your documents | Not sure |" in md
    assert "| Output requirement | Free text |" in md
    assert "| MLOps capacity | Nobody yet |" in md
    assert "- Facts from your documents: answering this could change the recommendation" in md
    table = md.split("## The team's answers")[1].split("## Why")[0]
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", table), table  # no raw field names or enum values
    data = json.loads(decision_record_json(answers, result, dated="2026-11-26", knowledge_version="g1"))
    assert (data["date"], data["knowledge_version"], data["answers"]["daily_volume"]) == ("2026-11-26", "g1", 100)


def test_diagram_draws_an_unknown_step_as_unknown_not_no(rules):
    result = recommend(parse_answers({"use_case": "x", "needs_document_facts": "unsure"}), rules)
    dot = decision_diagram_dot(result)
    assert re.search(r'^  knowledge_access -> knowledge_unknown \[label="not sure".*bold', dot, re.MULTILINE)
    assert re.search(r"^  knowledge_unknown \[.*dashed", dot, re.MULTILINE)
    assert not re.search(r'^  knowledge_access -> behaviour \[label="no".*bold', dot, re.MULTILINE)

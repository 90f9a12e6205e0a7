"""Words a person reads for intake fields and values, in one place.

The JSON contract keeps its field names and enum values ("free_text", "mlops_capacity");
everything a person reads (next steps, the summary, the decision record, the UI) goes
through these functions instead, so nobody sees a raw field name. Value labels are the
quick-reply labels of questions.py, so the record says what the person picked.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .questions import QUESTIONS

FIELD_LABELS: dict[str, str] = {
    "use_case": "Use case", "needs_document_facts": "Facts from your documents",
    "knowledge_change": "How often the knowledge changes", "output_requirement": "Output requirement",
    "format_status": "How well prompting gives the format", "task_type": "Task type",
    "daily_volume": "Requests a day", "latency_budget_ms": "Latency budget", "terminology": "Terminology",
    "labelled_examples": "Labelled examples", "mlops_capacity": "MLOps capacity", "motivations": "Motivations",
}
UNITS = {"daily_volume": "requests a day", "latency_budget_ms": "ms", "labelled_examples": "labelled examples"}
UNKNOWN = "Unknown"
_CHOICES = {q.field: {c.value: c.label for c in q.choices if c.value is not None} for q in QUESTIONS}
_EXTRA = {("format_status", "not_applicable"): "Not applicable"}  # implied when the output is free text


def field_label(field: str) -> str:
    return FIELD_LABELS.get(field) or field.replace("_", " ").capitalize()


def in_sentence(label: str) -> str:
    """A label inside a sentence: lower-case first letter, but acronyms ("MLOps") stay."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def field_list(fields: Iterable[str]) -> str:
    """'facts from your documents, terminology and motivations' for a sentence."""
    names = [in_sentence(field_label(f)) for f in fields]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def value_label(field: str, value: Any) -> str:
    """One answer in words: the quick-reply label, or a number with its unit.

    Numbers are shown as numbers (a typed 100 is 100, not "Up to a few hundred"); what
    the person actually picked is the caller's to pass (see record.py's `said`)."""
    if value is None or value == []:
        return UNKNOWN
    if isinstance(value, list):
        return ", ".join(value_label(field, v) for v in value)
    if isinstance(value, bool) or not isinstance(value, int):
        return _EXTRA.get((field, value)) or _CHOICES.get(field, {}).get(value) or str(value).replace("_", " ").capitalize()
    return f"{value:,} {UNITS[field]}" if field in UNITS else f"{value:,}"

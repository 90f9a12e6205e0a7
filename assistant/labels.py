"""The fixed enumerations of DESIGN.md and the words people read for them, defined once.

The recommendation values are a contract (CLI JSON, API, intake, case notes, cost
options); the section IDs too. Everyone imports them from here: the pydantic models
(`Recommendation`), the loaders that validate files, and the pages that show labels.
"""

from __future__ import annotations

from typing import Literal, get_args

Recommendation = Literal["prompt_engineering", "rag", "fine_tuning", "rag_and_fine_tuning"]
RECOMMENDATIONS: tuple[str, ...] = get_args(Recommendation)

# Headings and the intake's result: the full name.
RECOMMENDATION_LABELS: dict[str, str] = {
    "prompt_engineering": "Prompt engineering",
    "rag": "Retrieval-augmented generation (RAG)",
    "fine_tuning": "Fine-tuning",
    "rag_and_fine_tuning": "RAG plus fine-tuning",
}
# Narrow places (table columns, chart legends, diagram nodes).
RECOMMENDATION_SHORT_LABELS: dict[str, str] = {
    "prompt_engineering": "Prompt engineering",
    "rag": "RAG",
    "fine_tuning": "Fine-tuning",
    "rag_and_fine_tuning": "RAG + fine-tuning",
}

# Inside a sentence ("the framework points to fine-tuning").
RECOMMENDATION_IN_TEXT: dict[str, str] = {
    "prompt_engineering": "prompt engineering",
    "rag": "RAG",
    "fine_tuning": "fine-tuning",
    "rag_and_fine_tuning": "RAG plus fine-tuning",
}

Source = Literal["framework", "case"]
Mode = Literal["offline", "llm"]

# DESIGN.md's section table, in the article's order.
SECTION_LABELS: dict[str, str] = {
    "intro": "Introduction",
    "what-fine-tuning-does": "§1 What fine-tuning actually does",
    "three-reasons": "§2 The three reasons to fine-tune",
    "reason-output-format": "§2.1 Output format",
    "reason-narrow-task": "§2.2 Narrow, high-volume task",
    "reason-domain-terminology": "§2.3 Domain terminology",
    "internal-docs-misconception": "§2.4 \"Know our documents\" is a RAG problem",
    "prompt-engineering": "§3 When to use prompt engineering",
    "rag": "§4 When to use RAG",
    "decision-rules": "§4.1 Decision rules",
    "hidden-costs": "§5 Hidden costs of fine-tuning",
    "closing": "§6 Ownership or debt",
}
FRAMEWORK_IDS: tuple[str, ...] = tuple(SECTION_LABELS)


def section_label(section_id: str, labels: dict[str, str] | None = None) -> str:
    """"§5 Hidden costs of fine-tuning (`hidden-costs`)" for a Markdown record; `labels`
    (the knowledge base's own, which include case notes) win over the built-in ones."""
    label = (labels or {}).get(section_id) or SECTION_LABELS.get(section_id, section_id)
    return f"{label} (`{section_id}`)"


assert set(RECOMMENDATION_LABELS) == set(RECOMMENDATION_SHORT_LABELS) == set(RECOMMENDATION_IN_TEXT) == set(RECOMMENDATIONS)

"""A decision record a team can file: the answers, the recommendation and its sources.

Date-free on purpose, so the same answers always give byte-identical records.
"""

from __future__ import annotations

import json

from ..knowledge import RECOMMENDATION_LABELS

from .schema import IntakeAnswers, IntakeResult

SOURCE_LINE = ("Source: the GYSP.tech framework article on choosing between prompt engineering, RAG "
               "and fine-tuning; each section id names the part of the article behind a reason.")

_SECTION_LABELS = {
    "intro": "Introduction", "what-fine-tuning-does": "§1 What fine-tuning actually does",
    "three-reasons": "§2 The three reasons to fine-tune", "reason-output-format": "§2.1 Output format",
    "reason-narrow-task": "§2.2 Narrow, high-volume task", "reason-domain-terminology": "§2.3 Domain terminology",
    "internal-docs-misconception": "§2.4 \"Know our documents\" is a RAG problem",
    "prompt-engineering": "§3 When to use prompt engineering", "rag": "§4 When to use RAG",
    "decision-rules": "§4.1 Decision rules", "hidden-costs": "§5 Hidden costs of fine-tuning",
    "closing": "§6 Ownership or debt",
}


def section_label(section_id: str, labels: dict[str, str] | None = None) -> str:
    label = (labels or {}).get(section_id) or _SECTION_LABELS.get(section_id, section_id)
    return f"{label} (`{section_id}`)"


def _cell(value) -> str:
    if value is None or value == []:
        return "—"
    text = ", ".join(value) if isinstance(value, list) else f"{value:,}" if isinstance(value, int) else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def decision_record_markdown(answers: IntakeAnswers, result: IntakeResult, section_labels: dict[str, str] | None = None) -> str:
    """Markdown that reads well on its own; `section_labels` may come from the knowledge base."""
    lines = [f"# Decision record: {result.label}", "", f"**Use case:** {' '.join(answers.use_case.split())}", "",
             f"**Recommendation:** {result.label} (`{result.recommendation}`)  ",
             f"**Confidence:** {result.confidence}", "", "## Summary", "", result.summary, "",
             "## The team's answers", "", "| Question | Answer |", "| --- | --- |"]
    for name, value in answers.model_dump(exclude={"use_case"}).items():
        lines.append(f"| {name.replace('_', ' ').capitalize()} | {_cell(value)} |")
    lines += ["", "## Why", ""]
    for i, reason in enumerate(result.reasons, 1):
        lines += [f"{i}. {reason.text} — {section_label(reason.section_id, section_labels)}", "",
                  f"   > {reason.quote}", ""]
    if result.try_first:
        lines += ["## Try first", ""]
        lines += [f"- {t.text} — {section_label(t.section_id, section_labels)}" for t in result.try_first] + [""]
    if result.cautions:
        lines += ["## Cautions", ""]
        lines += [f"- {c.text} — {section_label(c.section_id, section_labels)}" for c in result.cautions] + [""]
    if result.next_steps:
        lines += ["## Next steps", ""] + [f"{i}. {s}" for i, s in enumerate(result.next_steps, 1)] + [""]
    lines += ["## Similar past cases", ""]
    if result.similar_cases:
        lines += [f"- {c.case_id}: {c.title} — recommended {RECOMMENDATION_LABELS.get(c.recommendation, c.recommendation)}"
                  for c in result.similar_cases]
    else:
        lines.append("- None found.")
    lines += ["", "## Missing information", ""]
    if result.missing_information:
        lines += [f"- {m.replace('_', ' ')}: answering this could change the recommendation"
                  for m in result.missing_information]
    else:
        lines.append("- Nothing unanswered would change the recommendation.")
    lines += ["", "---", "", SOURCE_LINE, ""]
    return "\n".join(lines)


def decision_record_json(answers: IntakeAnswers, result: IntakeResult) -> str:
    """The same record for machines: {"answers": ..., "result": ...}, stable key order."""
    return json.dumps({"answers": answers.model_dump(), "result": result.model_dump()}, indent=2, ensure_ascii=False)

"""A decision record a team can file: the answers, the recommendation and its sources.

Answers appear in words (the labels the person picked, never raw field names or enum
values). The date and the knowledge version are arguments, not read from a clock or an
index here, so the same inputs always give byte-identical records.
"""

from __future__ import annotations

import json

from ..labels import RECOMMENDATION_LABELS, section_label

from .labels import field_label, value_label
from .schema import IntakeAnswers, IntakeResult

SOURCE_LINE = ("Source: the GYSP.tech framework article on choosing between prompt engineering, RAG "
               "and fine-tuning; each section id names the part of the article behind a reason.")


def _cell(field: str, value, said: str | None = None) -> str:
    """The answer in words; `said` (what the person picked, e.g. "Up to a few hundred")
    wins over the engine's number for it (100)."""
    if value is None or value == []:
        text = said or "—"
    else:
        text = said or value_label(field, value)
    return " ".join(text.replace("|", "\\|").split())


def decision_record_markdown(answers: IntakeAnswers, result: IntakeResult, section_labels: dict[str, str] | None = None,
                             costs: dict | None = None, *, said: dict[str, str] | None = None,
                             dated: str | None = None, knowledge_version: str | None = None) -> str:
    """Markdown that reads well on its own; `section_labels` may come from the knowledge base.
    `costs` (the worksheet's `costs` JSON), when the team filled one, adds a cost section.
    `said` maps a field to the words the person chose; `dated` (ISO date) and
    `knowledge_version` (the index generation) say when and against what it was decided."""
    lines = [f"# Decision record: {result.label}", ""]
    if dated or knowledge_version:
        lines += [f"**Date:** {dated or 'not recorded'}  ",
                  f"**Knowledge version:** {knowledge_version or 'not recorded'}", ""]
    lines += [f"**Use case:** {' '.join(answers.use_case.split())}", "",
              f"**Recommendation:** {result.label} (`{result.recommendation}`)  ",
              f"**Confidence:** {result.confidence}", "", "## Summary", "", result.summary, "",
              "## The team's answers", "", "| Question | Answer |", "| --- | --- |"]
    said = said or {}
    for name, value in answers.model_dump(exclude={"use_case"}).items():
        lines.append(f"| {field_label(name)} | {_cell(name, value, said.get(name))} |")
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
        lines += [f"- {field_label(m)}: answering this could change the recommendation"
                  for m in result.missing_information]
    else:
        lines.append("- Nothing unanswered would change the recommendation.")
    if costs is not None:
        from ..costs.render import render_costs_markdown  # lazily: the worksheet builds on this package

        lines += [""] + render_costs_markdown(costs, section_labels)
    lines += ["", "---", "", SOURCE_LINE, ""]
    return "\n".join(lines)


def decision_record_json(answers: IntakeAnswers, result: IntakeResult, costs: dict | None = None, *,
                         dated: str | None = None, knowledge_version: str | None = None) -> str:
    """The same record for machines: {"answers": ..., "result": ...}, stable key order,
    plus "costs" (the worksheet's `costs` JSON) when the team filled one, and "date" and
    "knowledge_version" when given."""
    record = {"answers": answers.model_dump(), "result": result.model_dump()}
    if costs is not None:
        record["costs"] = costs
    if dated:
        record["date"] = dated
    if knowledge_version:
        record["knowledge_version"] = knowledge_version
    return json.dumps(record, indent=2, ensure_ascii=False)

"""The framework sections a team's described situation points to, read with the intake's
own free-text reader (intake/freetext.py): "our help centre, which we edit daily" is a
knowledge base that changes (RAG), "tag two million tickets a month" a narrow task at
volume, "clean JSON for our feed" an output format. Search lists these sections among
its first three and the answer lets them speak, however the situation was worded."""

from __future__ import annotations

from .intake.freetext import prefill_from_use_case

# (intake field, the values that point to a section or None for any, that section): the
# section that explains what such a situation calls for
SIGNAL_SECTIONS: tuple[tuple[str, frozenset, str], ...] = (
    ("knowledge_change", frozenset({"daily", "weekly", "monthly", "quarterly"}), "rag"),
    ("needs_document_facts", frozenset({"yes"}), "rag"),
    ("output_requirement", frozenset({"structured", "template"}), "reason-output-format"),
    ("task_type", frozenset({"classification", "extraction", "document_parsing"}), "reason-narrow-task"),
    ("daily_volume", None, "reason-narrow-task"),  # any volume stated
    ("labelled_examples", None, "reason-narrow-task"),
)


def scenario_sections(text: str) -> tuple[str, ...]:
    """Sections the situation described in `text` points to, in SIGNAL_SECTIONS order."""
    stated = prefill_from_use_case(text)
    found = [section for field, values, section in SIGNAL_SECTIONS
             if field in stated and (values is None or stated[field] in values)]
    return tuple(dict.fromkeys(found))

"""Citation checks (pure): every [n] must point at a citation, every quote must be verbatim.

Used on offline answers as a guard and on model-written answers as the gate: a
dangling marker is removed, a quote that is not in its source is dropped, never shown
as verified.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

MARKER = re.compile(r"\s?\[(\d{1,3})\]")


@dataclass(frozen=True)
class Citation:
    n: int
    section_id: str
    source: str  # "framework" | "case"
    title: str
    quote: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class CheckedAnswer:
    text: str
    citations: list[Citation]
    problems: list[str]


def markers_in(text: str) -> list[int]:
    return [int(m) for m in MARKER.findall(text)]


def is_verbatim(quote: str, source_text: str) -> bool:
    return bool(quote.strip()) and quote in source_text


def check_citations(text: str, citations: list[Citation], source_texts: dict[str, str]) -> CheckedAnswer:
    """Keep citations whose quote is verbatim in their source and that the text uses;
    drop markers that point nowhere; renumber 1..N in order of first use."""
    problems: list[str] = []
    valid: dict[int, Citation] = {}
    for c in citations:
        source = source_texts.get(c.section_id)
        if source is None:
            problems.append(f"[{c.n}] cites unknown section {c.section_id!r}")
        elif not is_verbatim(c.quote, source):
            problems.append(f"[{c.n}] quote is not verbatim in {c.section_id}")
        else:
            valid[c.n] = c
    order: list[int] = []
    for n in markers_in(text):
        if n in valid and n not in order:
            order.append(n)
    renumber = {old: new for new, old in enumerate(order, start=1)}

    def replace(match: re.Match) -> str:
        n = int(match.group(1))
        if n in renumber:
            return f" [{renumber[n]}]" if match.group(0).startswith(" ") else f"[{renumber[n]}]"
        problems.append(f"[{n}] points at no verified citation: removed")
        return ""

    cleaned = MARKER.sub(replace, text)
    kept = [Citation(renumber[old], valid[old].section_id, valid[old].source, valid[old].title, valid[old].quote) for old in order]
    return CheckedAnswer(text=cleaned.strip(), citations=kept, problems=problems)


def dangling_markers(text: str, citations: list[dict] | list[Citation]) -> list[int]:
    numbers = {c["n"] if isinstance(c, dict) else c.n for c in citations}
    return sorted({n for n in markers_in(text) if n not in numbers})

"""Source cards for an answer (pure): one card per cited section, the cited sentences
located in that section's text, and where each `[n]` marker points.

Plain data in and out; the chat page turns it into widgets. Quotes are verbatim text of
their section (the citation checks guarantee it), so finding them is a plain search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass
class SourceCard:
    """Every citation of one section in one answer: its numbers and the quoted sentences."""

    section_id: str
    source: str
    title: str
    numbers: list[int] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)


def source_cards(citations: list[dict]) -> list[SourceCard]:
    """One card per section, in order of first citation; repeated quotes kept once."""
    cards: dict[str, SourceCard] = {}
    for c in citations:
        card = cards.setdefault(c["section_id"], SourceCard(c["section_id"], c.get("source", ""), c.get("title", "")))
        card.numbers.append(c["n"])
        if c.get("quote") and c["quote"] not in card.quotes:
            card.quotes.append(c["quote"])
    return list(cards.values())


def anchor_id(message_key: str, section_id: str) -> str:
    """An HTML id for a card: letters, digits and dashes only, unique on the page."""
    return re.sub(r"[^a-z0-9-]", "-", f"source-{message_key}-{section_id}".lower())


def _spans(text: str, quotes: list[str]) -> list[tuple[int, int]]:
    """Where the quotes sit in the text (first occurrence each), merged where they overlap."""
    found = sorted((i, i + len(q)) for q in quotes if q and (i := text.find(q)) >= 0)
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _paragraphs(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for brk in _PARAGRAPH_BREAK.finditer(text):
        bounds.append((start, brk.start()))
        start = brk.end()
    bounds.append((start, len(text)))
    return [(s, e) for s, e in bounds if text[s:e].strip()]


Segment = tuple[str, bool]  # (text, is a cited sentence)


def highlighted_excerpt(text: str, quotes: list[str]) -> list[list[Segment]]:
    """The paragraphs of `text` that hold a quote, each split into plain and cited runs.
    Empty when no quote is found (the card then shows the quotes alone)."""
    spans = _spans(text, quotes)
    excerpt: list[list[Segment]] = []
    for p_start, p_end in _paragraphs(text):
        inside = [(max(s, p_start), min(e, p_end)) for s, e in spans if s < p_end and e > p_start]
        if not inside:
            continue
        segments: list[Segment] = []
        cursor = p_start
        for s, e in inside:
            if s > cursor:
                segments.append((text[cursor:s], False))
            segments.append((text[s:e], True))
            cursor = e
        if cursor < p_end:
            segments.append((text[cursor:p_end], False))
        excerpt.append(segments)
    return excerpt


MARKER_ESCAPED = re.compile(r"\\\[(\d{1,3})\\\]")


def link_markers(escaped_answer: str, targets: dict[int, str]) -> str:
    """`\\[n\\]` in answer text already made inert becomes a link to `#targets[n]`;
    a number without a target stays plain text."""

    def replace(match: re.Match) -> str:
        n = int(match.group(1))
        return f"[\\[{n}\\]](#{targets[n]})" if n in targets else match.group(0)

    return MARKER_ESCAPED.sub(replace, escaped_answer)

"""A case note on a page: its markdown kept readable, its author's markup kept inert.

Case notes come from people who are not trusted to put links, images or HTML in front
of every reader. `safe_markdown` keeps the structure a note needs (headings, bullet
and numbered lists, bold and italics) and escapes everything else through `inert`,
so a link, an image, raw HTML or a script stays visible as text and does nothing.
"""

from __future__ import annotations

import re

import frontmatter
import streamlit as st

from assistant.labels import RECOMMENDATION_LABELS
from assistant.ui.common import inert

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_BULLET = re.compile(r"^([ \t]*)[-*+][ \t]+(.*)$")
_NUMBERED = re.compile(r"^([ \t]*)(\d{1,9})[.)][ \t]+(.*)$")
_EMPHASIS = re.compile(r"\\([*_])")
MAX_INDENT = 8


def _inline(text: str) -> str:
    """Text escaped by `inert`, then `*` and `_` given back: emphasis is harmless, and
    nothing else (links, images, HTML, code) can be formed without the other escapes."""
    return _EMPHASIS.sub(r"\1", inert(text.strip()))


def safe_markdown(markdown: str) -> str:
    """Markdown from an untrusted note, rebuilt line by line from the parts we allow."""
    out: list[str] = []
    for line in (markdown or "").replace("\r\n", "\n").split("\n"):
        if heading := _HEADING.match(line):
            out.append(f"{heading.group(1)} {_inline(heading.group(2))}")
        elif bullet := _BULLET.match(line):
            indent = bullet.group(1).replace("\t", "  ")[:MAX_INDENT]
            out.append(f"{indent}- {_inline(bullet.group(2))}")
        elif numbered := _NUMBERED.match(line):
            indent = numbered.group(1).replace("\t", "  ")[:MAX_INDENT]
            out.append(f"{indent}{numbered.group(2)}. {_inline(numbered.group(3))}")
        else:  # no leading spaces: four of them would make a code block, where escapes show
            out.append(_inline(line))
    return "\n".join(out).strip() + "\n"


def note_body(text: str) -> str:
    """The markdown below a note's front matter ('' when it has none we can read)."""
    try:
        return frontmatter.loads(text).content
    except Exception:  # noqa: BLE001 - a note the loader accepted always parses; a broken one shows nothing
        return ""


def note_header(note) -> str:
    """The line under a note's title: industry, what was asked, the sections it rests on."""
    asked = RECOMMENDATION_LABELS.get(note.requested, inert(note.requested))
    sections = ", ".join(f"`{s}`" for s in note.sections)
    return f"{inert(note.industry)} · asked for {asked} · sections {sections}"


def show_note(note, markdown: str) -> None:
    """Outcome, then the body as safe markdown (the plain text when the file is gone)."""
    st.markdown(f"**Outcome:** {inert(note.outcome)}")
    st.markdown(safe_markdown(markdown) if markdown.strip() else inert(note.text))

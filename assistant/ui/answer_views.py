"""An answer on the chat page: its text with `[n]` linked to the source cards, one card
per cited section with the cited sentences highlighted, and a copy button."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

import streamlit as st

from assistant.runtime import get_assistant
from assistant.sources import SourceCard, anchor_id, highlighted_excerpt, link_markers, source_cards
from assistant.ui.common import inert

HIGHLIGHT = "orange-background"  # a theme palette colour: tests/test_contrast.py checks text on it

# Trusted, fixed code (no data in it): the answer arrives as `data` and only ever becomes
# clipboard text or a status word, never markup. The Clipboard API needs a secure context
# and, in a portal's iframe, the frame's permission; the textarea fallback needs neither.
_COPY_JS = """
export default function ({ data, parentElement }) {
  const button = parentElement.querySelector("button");
  const status = parentElement.querySelector("[role=status]");
  async function copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (e) {
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      let copied = false;
      try { copied = document.execCommand("copy"); } catch (ignored) { copied = false; }
      area.remove();
      return copied;
    }
  }
  button.onclick = async () => {
    status.textContent = (await copy(String(data ?? ""))) ? "Copied" : "Copy failed: select the text instead";
    setTimeout(() => { status.textContent = ""; }, 2500);
  };
}
"""
_COPY_CSS = """
button { font: inherit; font-size: 0.875rem; color: var(--st-text-color); background: var(--st-background-color);
         border: 1px solid var(--st-border-color, #7a8693); border-radius: 0.5rem; padding: 0.15rem 0.6rem; cursor: pointer; }
button:hover, button:focus-visible { border-color: var(--st-primary-color); color: var(--st-primary-color); }
span { margin-left: 0.5rem; font-size: 0.875rem; color: var(--st-text-color); }
"""
_copy_button = st.components.v2.component(
    "answer_copy", html='<button type="button" aria-label="Copy the answer">Copy</button><span role="status"></span>',
    css=_COPY_CSS, js=_COPY_JS)


def copy_button(text: str, key: str) -> None:
    _copy_button(data=text, key=f"copy-{key}")


def _segment_markdown(text: str, cited: bool) -> str:
    """A run of section text as inert Markdown; a cited run is highlighted and bold (not by
    colour alone), line by line because a highlight cannot span a line break."""
    if not cited:
        return inert(text).replace("\n", "  \n")
    return "  \n".join(f":{HIGHLIGHT}[**{inert(line.strip())}**]" if line.strip() else "" for line in text.split("\n"))


def _escaped(text: str) -> str:
    """Text for Markdown that allows raw HTML: entities first, so no tag can form, then inert."""
    return inert(html.escape(text, quote=False))


def knowledge_link(section_id: str) -> str:
    """The section on the Knowledge page (relative, so it works under any base path; a
    Markdown link to another page opens in a new tab, which also leaves an embed intact)."""
    return f"knowledge?section={quote(section_id, safe='')}"


def _card(card: SourceCard, message_key: str) -> None:
    kb = get_assistant().kb
    doc = kb.get(card.section_id)
    numbers = " ".join(f"[{n}]" for n in card.numbers)
    with st.container(border=True, key=f"card-{anchor_id(message_key, card.section_id)}"):
        # The anchor rides on the header (an empty element of its own would leave a gap). Raw
        # HTML is allowed here for that span alone: the texts are HTML-escaped, then made inert.
        section = re.sub(r"[^A-Za-z0-9_.-]", "", card.section_id)
        st.markdown(f'<span id="{anchor_id(message_key, card.section_id)}"></span>**{_escaped(f"{numbers} {card.title}")}**'
                    f" · `{section}` · {_escaped(card.source)}", unsafe_allow_html=True)
        excerpt = highlighted_excerpt(doc.text, card.quotes) if doc is not None else []
        if excerpt:
            for paragraph in excerpt:
                st.markdown("".join(_segment_markdown(text, cited) for text, cited in paragraph))
        else:  # the section is gone from the knowledge (renamed or removed since): the quotes alone
            for quote in card.quotes:
                st.markdown(_segment_markdown(quote, True))
        if doc is not None:
            st.markdown(f"[Open this section on the Knowledge page ↗]({knowledge_link(card.section_id)})")


def render_answer(result: dict, message_key: str = "new") -> None:
    """The answer, then its sources: shown open, one card per section, `[n]` linking to them."""
    if result.get("notice"):
        st.warning(inert(result["notice"]), icon="⚠️")
    cards = source_cards(result.get("citations") or [])
    targets = {n: anchor_id(message_key, card.section_id) for card in cards for n in card.numbers}
    st.markdown(link_markers(inert(result["answer"]), targets))
    if not result.get("abstained"):
        st.caption("Model-written · citations verified" if result.get("mode") == "llm" else "Extracted from the framework")
    copy_button(result["answer"], message_key)
    if cards:
        st.markdown(f"**Sources ({len(cards)})**")
        for card in cards:
            _card(card, message_key)

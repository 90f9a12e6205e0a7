"""Shared page helpers: the cached Assistant, embed detection, safe rendering."""

from __future__ import annotations

import re

import streamlit as st

from assistant.errors import AssistantError
from assistant.runtime import get_assistant

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|<>~$@])")
_LINE_START_MARKER = re.compile(r"^(\s*)([-+=>]|\d+\.)", re.MULTILINE)
# Streamlit's renderer links bare URLs, www. names and emails even when escaped (it
# matches after escapes are undone): an invisible word joiner (U+2060) before the
# `:` of `://`, the `.` of `www.` and the `@` breaks the match; readers see the text.
_AUTOLINK = re.compile(r"(?i)(:)(?=//)|(?<=www)(\.)|\\(@)")
_WORD_JOINER = "\u2060"


def inert(text: str) -> str:
    """Untrusted text (questions, case notes, model output) shown as text, never as
    markup: no links, images or HTML can ride along, and bare URLs (`https://…`,
    `www.…`, `name@host`) are escaped so the renderer does not turn them into links
    the text's author chose."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text or "")
    escaped = _AUTOLINK.sub(lambda m: _WORD_JOINER + "\\" + (m.group(1) or m.group(2) or m.group(3)), escaped)
    return _LINE_START_MARKER.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


def is_embedded() -> bool:
    """`?embed=true`. Streamlit keeps `embed` out of st.query_params (it is always
    missing there); the frontend reports it through st.context instead."""
    return bool(st.context.is_embedded)


def assistant_ready():
    """The shared Assistant with its index built; shows progress on first start."""
    if "assistant_ready" not in st.session_state:
        with st.status("Loading the knowledge base and embedding model…", expanded=False) as status:
            try:
                assistant = get_assistant()
            except AssistantError as exc:  # bad configuration, unreadable knowledge: say so, render nothing else
                status.update(label="The assistant cannot start.", state="error")
                show_error(exc)
                st.stop()
            bar = st.progress(0.0, text="Checking the index…")

            def progress(done: int, total: int) -> None:
                bar.progress(done / total if total else 1.0, text=f"Embedding {done}/{total} passages…")

            try:
                report = assistant.ensure_index(progress=progress)
                assistant.embedder.model()
            except AssistantError as exc:  # the page still renders; the next run tries again
                bar.empty()
                status.update(label="The index is not ready.", state="error")
                st.error(f"The knowledge index is unavailable: {inert(str(exc))}", icon="🚫")
                return assistant
            bar.empty()
            note = f"{report.embedded} passages embedded" if report.embedded else "index up to date"
            status.update(label=f"Ready ({note}).", state="complete")
        st.session_state["assistant_ready"] = True
    return get_assistant()


def error_message(exc: AssistantError) -> str:
    """The error tree as words on a page, decided here once: the message with the
    class's lead-in ("the index is unavailable: …"), as the API shows it. Raw text:
    callers show it through `inert` (or `show_error` does)."""
    return exc.as_dict()["message"]


def show_error(exc: AssistantError, lead: str = "") -> None:
    """A warning when the reader can fix it (bad input: 4xx), an error otherwise."""
    text = lead + inert(error_message(exc))
    if exc.http_status < 500:
        st.warning(text, icon="⚠️")
    else:
        st.error(text, icon="🚫")


def mode_caption(assistant) -> str:
    s = assistant.settings
    if s.llm_enabled:
        return f"Mode: model-written answers · {s.provider_name} · model `{inert(s.model)}`"
    return "Mode: offline · answers are extracted from the framework and cited"


# Trusted, fixed code: the target arrives as `data` and is only used, escaped, in a
# selector. Scrolls once per mount to the element Streamlit gives the class st-key-<key>.
_SCROLL_JS = """
export default function ({ data }) {
  const target = () => document.querySelector(".st-key-" + CSS.escape(String(data)));
  let tries = 0;
  const timer = setInterval(() => {
    const element = target();
    if (element || ++tries > 50) {
      clearInterval(timer);
      if (element) element.scrollIntoView({ block: "start" });
    }
  }, 100);
  return () => clearInterval(timer);
}
"""
_scroll = st.components.v2.component("scroll_into_view", js=_SCROLL_JS)


def scroll_into_view(key: str) -> None:
    """Bring the element with widget/container key `key` into view (a link's target)."""
    _scroll(data=key, key=f"scroll-{key}")

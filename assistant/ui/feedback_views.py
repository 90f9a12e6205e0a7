"""Chat add-ons: thumbs on each answer (stored once, a thumbs-down then asks why),
refused questions noted for the knowledge-gap report, and the Markdown download.

Kept out of chat.py so that page stays about asking and answering; it calls these
helpers with one line each.
"""

from __future__ import annotations

import uuid

import streamlit as st

from assistant.errors import AssistantError
from assistant.feedback import MAX_COMMENT_CHARS, REASONS, FeedbackStore, conversation_markdown, rating_from_thumbs
from assistant.refusals import note_refusal  # noqa: F401 — the chat page's one-line hook
from assistant.runtime import get_assistant
from assistant.ui.common import error_message, inert


def feedback_store() -> FeedbackStore:
    return FeedbackStore.for_settings(get_assistant().settings)


def _question_before(history: list[dict], index: int) -> str:
    for message in reversed(history[:index]):
        if message.get("role") == "user":
            return message.get("content", "")
    return ""


def answer_feedback(history: list[dict], index: int) -> None:
    """Thumbs under history[index] (an assistant turn). The first choice is stored with
    the question, answer and citations; the widget then locks so a rerun never stores
    it twice."""
    message = history[index]
    result = message.get("result")
    if message.get("role") != "assistant" or not result:
        return
    message.setdefault("id", uuid.uuid4().hex)
    saved = message.get("feedback")
    value = st.feedback("thumbs", key=f"feedback-{message['id']}", disabled=saved is not None)
    rating = rating_from_thumbs(value)
    if rating and saved is None:
        try:
            row_id = feedback_store().record(_question_before(history, index), result.get("answer", ""),
                                             result.get("citations"), result.get("mode", "offline"), rating)
        except AssistantError as exc:  # the chat goes on without the rating; the store logged the details
            st.warning(f"Your rating was not saved: {inert(str(exc))}", icon="⚠️")
            return
        message["feedback"], message["feedback_id"] = rating, row_id
        st.caption("Thanks: your rating was saved.")
    if message.get("feedback") == "down" and message.get("feedback_id") and not message.get("reason_asked"):
        _reason_form(message)


def _reason_form(message: dict) -> None:
    """Why the answer fell short, optional: a reason and/or a few words. The rating is
    already stored; this only adds to that row (the one this session saved), once."""
    key = message["id"]
    slot = st.empty()  # the form goes once it is sent
    with slot.form(f"reason-{key}", border=False):
        reason = st.radio("What was wrong? (optional)", list(REASONS), format_func=REASONS.get, index=None,
                          key=f"reason-choice-{key}")
        words = st.text_input("In your words (optional)", max_chars=MAX_COMMENT_CHARS, key=f"reason-text-{key}")
        sent = st.form_submit_button("Send", key=f"reason-send-{key}")
    if not sent:
        return
    slot.empty()
    message["reason_asked"] = True
    words = (words or "").strip()
    if reason is None and words:
        reason = "other"
    if reason is None:
        return
    try:
        feedback_store().add_reason(message["feedback_id"], reason, words)
    except AssistantError as exc:
        st.warning(f"Your reason was not saved: {inert(error_message(exc))}", icon="⚠️")
        return
    st.caption("Thanks: that tells the team what to fix.")


def conversation_download(history: list[dict]) -> None:
    if not any(m.get("role") == "assistant" for m in history):
        return
    st.download_button("Download conversation (Markdown)", conversation_markdown(history),
                       file_name="framework-assistant-conversation.md", mime="text/markdown",
                       icon=":material/download:", on_click="ignore", key="download-conversation")

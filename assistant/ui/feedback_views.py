"""Chat add-ons: thumbs on each answer (stored once) and the Markdown download.

Kept out of chat.py so that page stays about asking and answering; it calls these
two helpers with one line each.
"""

from __future__ import annotations

import uuid

import streamlit as st

from assistant.errors import AssistantError
from assistant.feedback import FeedbackStore, conversation_markdown, rating_from_thumbs
from assistant.runtime import get_assistant
from assistant.ui.common import inert


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
            feedback_store().record(_question_before(history, index), result.get("answer", ""), result.get("citations"),
                                    result.get("mode", "offline"), rating)
        except AssistantError as exc:  # the chat goes on without the rating; the store logged the details
            st.warning(f"Your rating was not saved: {inert(str(exc))}", icon="⚠️")
            return
        message["feedback"] = rating
        st.caption("Thanks: your rating was saved.")


def conversation_download(history: list[dict]) -> None:
    if not any(m.get("role") == "assistant" for m in history):
        return
    st.download_button("Download conversation (Markdown)", conversation_markdown(history),
                       file_name="framework-assistant-conversation.md", mime="text/markdown",
                       icon=":material/download:", on_click="ignore", key="download-conversation")

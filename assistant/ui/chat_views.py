"""How the chat page gets an answer: streamed from the model with its tool steps shown,
or the offline answer; errors become a visible notice, never a traceback."""

from __future__ import annotations

import streamlit as st

from assistant.errors import AssistantError
from assistant.schemas import ask_result
from assistant.ui.common import error_message, inert


def _unavailable(message: str, notice: str | None = None) -> dict:
    return ask_result(message, [], abstained=True, mode="offline", notice=notice)


def _streamed(assistant, question: str, previous: list[dict]) -> dict:
    final: dict = {}
    status = st.status("Searching the framework…", expanded=False)

    def tokens():
        for kind, value in assistant.stream(question, previous):
            if kind == "status":
                status.update(label=value)
                status.write(value)
            elif kind == "token":
                yield inert(value)  # unverified model text: shown inert, replaced by the checked answer
            elif kind == "final":
                final.update(value)

    slot = st.empty()
    with slot:
        st.write_stream(tokens())
    slot.empty()
    status.update(label="Citations checked" if final.get("mode") == "llm" else "Answered offline", state="complete")
    return final


def respond(assistant, question: str, previous: list[dict]) -> dict:
    try:
        if assistant.settings.llm_enabled:
            return _streamed(assistant, question, previous)
        with st.spinner("Searching the framework…"):
            return assistant.ask(question, previous)
    except AssistantError as exc:
        if exc.http_status < 500:  # bad input: the answer says what to change
            return _unavailable(error_message(exc))
        return _unavailable("The assistant is unavailable right now.", error_message(exc))

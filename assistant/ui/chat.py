"""Chat page: ask the framework; every answer cites its sections. Conversations are
saved per owner and listed in the sidebar."""

import uuid

import streamlit as st

from assistant.config import MAX_QUESTION_CHARS
from assistant.ui.answer_views import render_answer
from assistant.ui.chat_views import respond
from assistant.ui.common import assistant_ready, inert, is_embedded, mode_caption
from assistant.ui.conversation_views import conversation_owner, conversation_sidebar, current_history, save_turn
from assistant.ui.feedback_views import answer_feedback, conversation_download, note_refusal
from assistant.ui.startup_views import wait_for_start

STARTERS = [
    "When should we fine-tune instead of using RAG?",
    "What are the hidden costs of fine-tuning?",
    "We want the model to know our internal documents. Should we fine-tune?",
    "When is prompt engineering enough?",
]


def check_question() -> None:
    """On submit: a question over the limit is refused and put back in the box to be
    shortened (st.chat_input's own max_chars would cut a paste silently)."""
    text = st.session_state.get("question")
    if isinstance(text, str) and len(text.strip()) > MAX_QUESTION_CHARS:
        st.session_state["question_refused"] = len(text.strip())
        st.session_state["question"] = text


embedded = is_embedded()
if not embedded:
    st.title("Prompt engineering, RAG or fine-tuning?")
    st.caption("Answers grounded in the framework and the case notes, each claim cited.")

wait_for_start()  # the server's background start-up: say so and show progress until it is ready
assistant = assistant_ready()
st.caption(mode_caption(assistant))

owner = conversation_owner()
history = current_history(owner)
for i, message in enumerate(history):
    with st.chat_message(message["role"]):
        if message["role"] == "user":
            st.markdown(inert(message["content"]))
        else:
            render_answer(message["result"], message.setdefault("id", uuid.uuid4().hex[:12]))
            answer_feedback(history, i)

pending = None
starters = st.empty()
if not history:
    columns = starters.container().columns(2)
    for i, starter in enumerate(STARTERS):
        if columns[i % 2].button(starter, key=f"starter-{i}", use_container_width=True):
            pending = starter

refused = st.session_state.pop("question_refused", None)
if refused:
    st.warning(f"Your question is {refused:,} characters long; the limit is {MAX_QUESTION_CHARS:,}. "
               "It is still in the box: shorten it and send it again.", icon="✂️")
typed = st.chat_input("Ask about prompt engineering, RAG or fine-tuning…", key="question", on_submit=check_question)
question = (typed or "").strip() or pending  # a blank or whitespace-only question is ignored
if question:
    starters.empty()
    with st.chat_message("user"):
        st.markdown(inert(question))
    previous = [{"role": m["role"], "content": m["content"]} for m in history]
    key = uuid.uuid4().hex[:12]  # unique across conversations, so no widget state carries over
    reply = st.chat_message("assistant")
    with reply:
        result = respond(assistant, question, previous)
        render_answer(result, key)
    history.append({"role": "user", "content": question})
    history.append({"role": "assistant", "content": result["answer"], "result": result, "id": key})
    save_turn(owner, question, result)
    note_refusal(assistant, question, result)  # for the editors' knowledge-gap report
    with reply:
        answer_feedback(history, len(history) - 1)

conversation_download(history)
if not embedded:  # the compact embed has no sidebar; its conversation still survives a reload (?c=)
    conversation_sidebar(owner)  # last, so a conversation started on this run is listed

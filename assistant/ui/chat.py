"""Chat page: ask the framework; every answer cites its sections."""

import streamlit as st

from assistant.ui.chat_views import respond
from assistant.ui.common import assistant_ready, inert, is_embedded, mode_caption, render_answer
from assistant.ui.feedback_views import answer_feedback, conversation_download

STARTERS = [
    "When should we fine-tune instead of using RAG?",
    "What are the hidden costs of fine-tuning?",
    "We want the model to know our internal documents. Should we fine-tune?",
    "When is prompt engineering enough?",
]

embedded = is_embedded()
if not embedded:
    st.title("Prompt engineering, RAG or fine-tuning?")
    st.caption("Answers grounded in the framework and the case notes, each claim cited.")

assistant = assistant_ready()
st.caption(mode_caption(assistant))

history = st.session_state.setdefault("chat", [])
for i, message in enumerate(history):
    with st.chat_message(message["role"]):
        if message["role"] == "user":
            st.markdown(inert(message["content"]))
        else:
            render_answer(message["result"])
            answer_feedback(history, i)

pending = None
starters = st.empty()
if not history:
    columns = starters.container().columns(2)
    for i, starter in enumerate(STARTERS):
        if columns[i % 2].button(starter, key=f"starter-{i}", use_container_width=True):
            pending = starter

typed = st.chat_input("Ask about prompt engineering, RAG or fine-tuning…", max_chars=2000)
question = typed or pending
if question:
    starters.empty()
    with st.chat_message("user"):
        st.markdown(inert(question))
    previous = [{"role": m["role"], "content": m["content"]} for m in history]
    reply = st.chat_message("assistant")
    with reply:
        result = respond(assistant, question, previous)
        render_answer(result)
    history.append({"role": "user", "content": question})
    history.append({"role": "assistant", "content": result["answer"], "result": result})
    with reply:
        answer_feedback(history, len(history) - 1)

conversation_download(history)

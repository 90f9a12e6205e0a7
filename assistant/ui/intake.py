"""Intake: a guided chat (one question at a time) or a form, ending in a cited recommendation."""

import streamlit as st

from assistant.ui import intake_views as views
from assistant.ui.common import assistant_ready

st.title("Intake")
st.caption("Describe your use case and answer a few questions: the framework recommends prompt engineering, "
           "RAG or fine-tuning, with the section behind every reason.")

assistant = assistant_ready()
mode = st.segmented_control("Mode", views.MODES, default=views.MODES[0], key="intake_mode", required=True,
                            label_visibility="collapsed") or views.MODES[0]

if mode == "Form":
    views.render_form(assistant)
else:
    views.render_model_prefill(assistant)
    views.render_guided(assistant)

"""About page: how this instance is set up (never a key), the index, the settings."""

import streamlit as st

import assistant as package
from assistant.config import settings_table
from assistant.errors import AssistantError
from assistant.health import health_report
from assistant.runtime import get_assistant
from assistant.ui.common import inert, show_error

st.title("About")
st.markdown("A chat assistant for one decision: **prompt engineering, RAG or fine-tuning** for an LLM project. "
            "Answers come from the framework article and the case notes, and every claim cites its section.")

try:
    assistant = get_assistant()
except AssistantError as exc:  # e.g. a bad setting: the page says which, instead of a traceback
    show_error(exc)
    st.stop()
settings = assistant.settings
try:
    health, _ = health_report(assistant)
except AssistantError as exc:
    health = {"index": {}, "mode": "llm" if settings.llm_enabled else "offline", "knowledge_problems": [], "problems": []}
    st.warning(f"The index is unavailable: {inert(str(exc))}")
for problem in health.get("problems", []):  # degraded: what is not as configured
    st.warning(inert(problem), icon="⚠️")

mode, provider, model = st.columns(3)
mode.metric("Mode", health["mode"])
provider.metric("Provider", settings.provider_name)
model.metric("Model", settings.model if settings.llm_enabled else "none (offline)")

index = health["index"]
chunks, sentences, sources = st.columns(3)
chunks.metric("Indexed chunks", index.get("chunks") or 0)
sentences.metric("Indexed sentences", index.get("sentences") or 0)
sources.metric("Sources", index.get("sources") or 0)
st.caption(f"Version {package.__version__} · {len(assistant.kb.sections)} framework sections · "
           f"{len(assistant.kb.cases)} case notes · index generation `{index.get('generation') or 'not built yet'}`")
for problem in health.get("knowledge_problems", []):
    st.warning(f"Skipped knowledge file: {inert(problem)}", icon="⚠️")

st.subheader("Settings")
st.caption("Environment variables (or top-level keys of `.streamlit/secrets.toml`). Keys are never shown.")
st.table(settings_table(settings))  # from the Settings fields: whether each is set, never its value

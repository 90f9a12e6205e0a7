"""About page: how this instance is set up (never a key), the index, the settings."""

import streamlit as st

import assistant as package
from assistant.config import SETTINGS_TABLE
from assistant.errors import AssistantError
from assistant.runtime import get_assistant
from assistant.ui.common import inert

st.title("About")
st.markdown("A chat assistant for one decision: **prompt engineering, RAG or fine-tuning** for an LLM project. "
            "Answers come from the framework article and the case notes, and every claim cites its section.")

assistant = get_assistant()
settings = assistant.settings
try:
    health = assistant.health()
except AssistantError as exc:
    health = {"index": {}, "mode": "llm" if settings.llm_enabled else "offline", "knowledge_problems": []}
    st.warning(f"The index is unavailable: {inert(str(exc))}")

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
configured = {  # whether each is set here: a yes/no, never the value (some are secrets)
    "OPENAI_API_KEY": settings.openai_api_key, "OPENAI_BASE_URL": settings.openai_base_url,
    "AZURE_OPENAI_ENDPOINT": settings.azure_endpoint, "ASSISTANT_CHROMA_URL": settings.chroma_url,
    "ASSISTANT_API_TOKEN": settings.api_token, "ASSISTANT_ALLOWED_ORIGINS": settings.allowed_origins,
    "ASSISTANT_EMBEDDING_MODEL": settings.embedding_model,
}
st.table([{"variable": s.name, "default": s.default, "set here": "yes" if configured.get(s.name) else "",
           "meaning": s.help} for s in SETTINGS_TABLE])

"""Audit log page (editors only): who published, unpublished, deleted, re-indexed or
exported what, when, with the file's sha256."""

import streamlit as st

from assistant.audit import AuditLog
from assistant.errors import AssistantError
from assistant.runtime import get_settings
from assistant.ui.access import require_editor
from assistant.ui.common import inert

require_editor("the Audit log page")  # before anything is read or shown
st.title("Audit log")
st.caption("Newest first. Entries are written before the change they describe, and are never edited.")

limit = st.selectbox("Show", [100, 500, 2000], format_func=lambda n: f"last {n} entries", key="audit-limit")
try:
    entries = AuditLog.for_settings(get_settings()).entries(limit=limit)
except AssistantError as exc:
    st.error(f"The audit log cannot be read: {inert(str(exc))}", icon="🚫")
    st.stop()

rows = [{"when (UTC)": e["created_at"], "who": e["actor"], "what": e["action"], "target": e["target"],
         "file": e["details"].get("file", ""), "sha256": e["details"].get("sha256", "")} for e in entries]
if rows:
    st.dataframe(rows, hide_index=True, width="stretch")
else:
    st.caption("Nothing recorded yet.")

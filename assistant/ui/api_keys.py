"""API keys (editors only): create a key for a portal or script (shown once), revoke
one, see them all. The same as `python -m assistant keys …`; both write the audit log."""

import streamlit as st

from assistant.api_keys import DEFAULT_KEY, KeyStore, create_key, revoke_key
from assistant.errors import AssistantError
from assistant.runtime import get_settings
from assistant.ui.access import require_editor
from assistant.ui.common import error_message, inert, show_error

require_editor("managing API keys")  # first, on every run: nothing below runs for anyone else

st.title("API keys")
st.caption("Each client of `/api/v1` (a portal back end, a script) gets its own key, rate limit and rate bucket. "
           "Clients send `Authorization: Bearer <key>`, and may add `X-Assistant-User: <id>` for a bucket per end user. "
           "The API only reads: ask, intake, search and costs.")
settings = get_settings()

with st.form("create-key", clear_on_submit=True):
    left, right = st.columns([2, 1])
    name = left.text_input("Name", placeholder="intranet-portal", key="key-name",
                           help="1-64 letters, digits, '.', '_' or '-'")
    rate = right.number_input("Requests a minute", min_value=0, value=None, step=10, key="key-rate",
                              help=f"Empty: the server default ({settings.rate_limit_per_minute}); 0: no limit")
    create = st.form_submit_button("Create key", type="primary", key="key-create")
if create:
    editor = require_editor("creating an API key")  # the role is checked again where the write happens
    try:
        record, key = create_key(settings, (name or "").strip(), editor.label, None if rate is None else int(rate))
    except AssistantError as exc:
        show_error(exc, "Not created: ")
    else:
        st.success(f"Created the key {inert(record.name)}. Copy it now: it is not shown again.", icon="🔑")
        st.code(key, language=None)

try:
    keys = KeyStore.for_settings(settings).list()
except AssistantError as exc:
    st.error(f"The keys cannot be read: {inert(error_message(exc))}", icon="🚫")
    st.stop()

if settings.api_token:
    st.caption(f"`{DEFAULT_KEY}`: ASSISTANT_API_TOKEN, set in the server's environment (change it there).")
if not keys and not settings.api_token:
    st.info("No keys yet: the API answers loopback clients only.", icon="📭")
for record in keys:
    with st.container(border=True):
        left, right = st.columns([4, 1])
        limit = "server default" if record.rate_limit_per_minute is None else f"{record.rate_limit_per_minute} a minute"
        state = "active" if record.active else f"revoked {record.revoked_at} by {inert(record.revoked_by or '')}"
        left.markdown(f"**{inert(record.name)}** · `{record.prefix}…` · {limit} · {state}")
        left.caption(f"Created {record.created_at} by {inert(record.created_by)}")
        if record.active and right.button("Revoke", key=f"revoke-{record.name}"):
            editor = require_editor("revoking an API key")
            try:
                revoke_key(settings, record.name, editor.label)
            except AssistantError as exc:
                show_error(exc, "Not revoked: ")
            else:
                st.rerun()

"""Who is looking, from Streamlit's sign-in (`st.user`), and the editor check.

`require_editor` is the server-side gate: every editor action calls it where the write
happens, on every script run, so a hidden button, a crafted widget message or a typed
URL never reaches a write. Hiding widgets from visitors is a courtesy on top.
"""

from __future__ import annotations

import streamlit as st

from assistant.roles import ANONYMOUS, Viewer, viewer_from_user
from assistant.runtime import get_settings
from assistant.ui.common import inert

EDITORS_ONLY = "Editors only"


def _user_info() -> dict:
    try:
        return st.user.to_dict()
    except Exception:  # noqa: BLE001 - no run context or no secrets: nobody is signed in
        return {}


def sign_in_configured() -> bool:
    """Streamlit adds `is_logged_in` to st.user exactly when `[auth]` is in secrets.toml."""
    return "is_logged_in" in _user_info()


def current_viewer() -> Viewer:
    """The viewer of this run: anonymous without `[auth]` or before sign-in; an editor
    only when signed in and listed in ASSISTANT_EDITORS."""
    info = _user_info()
    if not info.get("is_logged_in"):
        return ANONYMOUS
    return viewer_from_user(info, get_settings().editors)


def require_editor(action: str) -> Viewer:
    """The editor doing `action`, or "Editors only" and the end of this run."""
    viewer = current_viewer()
    if not viewer.is_editor:
        hint = ""
        if not viewer.signed_in and sign_in_configured():
            hint = " Sign in with an editor account first."
        st.error(f"{EDITORS_ONLY}: {action} needs an editor.{hint}", icon="🔒")
        st.stop()
    return viewer


def account_sidebar() -> None:
    """Sign in, or the signed-in name and Sign out, in the sidebar; nothing when sign-in
    is not set up (the app is then read-only for everyone)."""
    if not sign_in_configured():
        return
    viewer = current_viewer()
    with st.sidebar:
        if viewer.signed_in:
            role = "editor" if viewer.is_editor else "reader"
            st.caption(f"Signed in as {inert(viewer.name)} ({role})")
            st.button("Sign out", key="sign-out", on_click=st.logout, icon=":material/logout:")
        else:
            st.button("Sign in", key="sign-in", on_click=st.login, icon=":material/login:")

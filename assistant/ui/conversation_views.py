"""Saved conversations on the chat page: whose they are, the sidebar list (new chat,
open, rename, delete), and the current one, kept in the URL (`?c=<id>`) so a reload
opens it again.

Every store call passes the owner; the store scopes its query by it, so a crafted
`?c=` or widget message can reach only the viewer's own conversations. A database
failure never stops the chat: it goes on unsaved, and says so once.
"""

from __future__ import annotations

import streamlit as st

from assistant.browser_id import COOKIE, new_browser_id, valid_browser_id
from assistant.conversations import ConversationStore, title_from
from assistant.errors import AssistantError
from assistant.runtime import get_assistant
from assistant.ui.access import current_viewer
from assistant.ui.common import error_message, inert

PARAM = "c"
NOT_AVAILABLE = "That conversation is not available: it was deleted, or it belongs to someone else. Here is a new chat."


def conversation_owner() -> str:
    """A signed-in user's conversations follow their account; an anonymous visitor's
    follow the browser-id cookie (or, without one, this session alone)."""
    viewer = current_viewer()
    if viewer.signed_in and viewer.user_id:
        return f"user:{viewer.user_id}"
    cookie = valid_browser_id(st.context.cookies.get(COOKIE))
    if cookie:
        return f"browser:{cookie}"
    return "browser:" + st.session_state.setdefault("session_browser_id", new_browser_id())


def _store() -> ConversationStore:
    return ConversationStore.for_settings(get_assistant().settings)


def _unsaved(exc: AssistantError) -> None:
    if not st.session_state.get("conversations_unavailable"):
        st.session_state["conversations_unavailable"] = True
        st.warning(f"Conversations are not being saved: {inert(error_message(exc))}", icon="⚠️")


def _history(stored: dict) -> list[dict]:
    """Stored turns as the page's history (stable ids, so widgets keep their keys)."""
    return [{"role": m["role"], "content": m["content"], "id": f"{stored['id'][:12]}-{m['position']}",
             **({"result": m["result"]} if m["result"] is not None else {})} for m in stored["messages"]]


def _new_chat() -> None:
    st.session_state["chat"] = []
    st.session_state["conversation_id"] = None
    st.query_params.pop(PARAM, None)


def _open(conversation_id: str) -> None:
    st.query_params[PARAM] = conversation_id  # loaded by current_history() on this run


def current_history(owner: str) -> list[dict]:
    """The open conversation's turns: the one named in the URL when it is the viewer's,
    else the chat in progress in this session."""
    wanted = st.query_params.get(PARAM)
    if wanted and wanted != st.session_state.get("conversation_id"):
        try:
            stored = _store().get(wanted, owner=owner)
        except AssistantError as exc:
            _unsaved(exc)
            stored = None
        if stored is None:
            st.info(NOT_AVAILABLE, icon="ℹ️")
            _new_chat()
        else:
            st.session_state["chat"] = _history(stored)
            st.session_state["conversation_id"] = stored["id"]
    elif not wanted and st.session_state.get("conversation_id"):
        st.query_params[PARAM] = st.session_state["conversation_id"]  # back from another page: same chat
    return st.session_state.setdefault("chat", [])


def save_turn(owner: str, question: str, result: dict) -> None:
    """Store a question and its answer, starting a conversation on the first question."""
    store = _store()
    try:
        conversation_id = st.session_state.get("conversation_id")
        if not conversation_id:
            conversation_id = store.start(owner, title_from(question))
            st.session_state["conversation_id"] = conversation_id
            st.query_params[PARAM] = conversation_id
        store.append(conversation_id, "user", question, owner=owner)
        store.append(conversation_id, "assistant", result.get("answer", ""), result, owner=owner)
    except AssistantError as exc:
        _unsaved(exc)


def _rename(owner: str, conversation_id: str) -> None:
    try:
        if not _store().rename(conversation_id, st.session_state.get(f"name-{conversation_id}", ""), owner=owner):
            st.session_state["conversation_notice"] = NOT_AVAILABLE
    except AssistantError as exc:
        st.session_state["conversation_notice"] = f"Not renamed: {error_message(exc)}"


def _delete(owner: str, conversation_id: str) -> None:
    try:
        _store().delete(conversation_id, owner=owner)
    except AssistantError as exc:
        st.session_state["conversation_notice"] = f"Not deleted: {error_message(exc)}"
        return
    if st.session_state.get("conversation_id") == conversation_id:
        _new_chat()


def conversation_sidebar(owner: str) -> None:
    """New chat, the viewer's conversations newest first, and rename/delete for the open one."""
    current = st.session_state.get("conversation_id")
    with st.sidebar:
        st.button("New chat", key="new-chat", icon=":material/add:", on_click=_new_chat, use_container_width=True,
                  disabled=not current and not st.session_state.get("chat"))
        notice = st.session_state.pop("conversation_notice", None)
        if notice:
            st.warning(inert(notice), icon="⚠️")
        try:
            saved = _store().list(owner)
        except AssistantError as exc:
            _unsaved(exc)
            return
        if not saved:
            st.caption("Your conversations appear here once you ask something.")
            return
        st.markdown("**Your conversations**")
        for conversation in saved:
            st.button(inert(conversation["title"] or "Untitled chat"), key=f"open-{conversation['id']}",
                      type="primary" if conversation["id"] == current else "secondary", use_container_width=True,
                      on_click=_open, args=(conversation["id"],))
        if current and any(c["id"] == current for c in saved):
            title = next(c["title"] for c in saved if c["id"] == current)
            with st.expander("Rename or delete this chat"):
                st.text_input("Name", value=title, key=f"name-{current}", max_chars=200)
                st.button("Rename", key="rename-chat", on_click=_rename, args=(owner, current))
                st.button("Delete this chat", key="delete-chat", icon=":material/delete:", on_click=_delete,
                          args=(owner, current))

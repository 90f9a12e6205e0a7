"""While the server's background start-up runs, a page says so and shows its progress."""

from __future__ import annotations

import streamlit as st

from assistant.startup import index_status, wait_for_change

POLL_S = 0.5  # at most this long between checks, so a visitor who leaves stops the wait


def wait_for_start() -> None:
    """Returns at once unless the start-up is under way; then shows what it is doing
    (stage, passages embedded so far) and returns when it is over."""
    status = index_status()
    if not status.starting:
        return
    box = st.empty()
    while status.starting:
        with box.container():
            st.info(status.message, icon=":material/hourglass_top:")
            st.progress(status.fraction)
        status = wait_for_change(status, POLL_S)
    box.empty()

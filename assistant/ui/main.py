"""The UI script st.App runs: navigation between pages, or the compact embed chat."""

import streamlit as st

from assistant.ui.common import is_embedded

st.set_page_config(page_title="Framework assistant", page_icon="🧭", layout="centered",
                   initial_sidebar_state="collapsed" if is_embedded() else "auto")

if is_embedded():
    pages = [st.Page("chat.py", title="Chat", icon="💬", default=True)]
    navigation = st.navigation(pages, position="hidden")
else:
    pages = [
        st.Page("chat.py", title="Chat", icon="💬", default=True),
        st.Page("intake.py", title="Intake", icon="🧭"),
        st.Page("knowledge.py", title="Knowledge", icon="📚"),
        st.Page("about.py", title="About", icon="ℹ️"),
    ]
    navigation = st.navigation(pages)
navigation.run()

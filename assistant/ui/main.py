"""The UI script st.App runs: navigation between pages, or the compact embed chat."""

import streamlit as st

from assistant.ui.common import is_embedded

st.set_page_config(page_title="Framework assistant", page_icon=":material/explore:", layout="centered",
                   initial_sidebar_state="collapsed" if is_embedded() else "auto")

if is_embedded():
    pages = [st.Page("chat.py", title="Chat", icon=":material/chat:", default=True)]
    navigation = st.navigation(pages, position="hidden")
else:
    pages = [
        st.Page("chat.py", title="Chat", icon=":material/chat:", default=True),
        st.Page("intake.py", title="Intake", icon=":material/explore:"),
        st.Page("costs.py", title="Costs", icon=":material/payments:"),
        st.Page("knowledge.py", title="Knowledge", icon=":material/menu_book:"),
        st.Page("about.py", title="About", icon=":material/info:"),
    ]
    navigation = st.navigation(pages)
navigation.run()

"""The UI script st.App runs: navigation between pages, or the compact embed chat.

Visitors get the reading pages. Editor pages are registered for everyone but listed
only for editors, so a typed URL still reaches the page and the page itself says
"Editors only" (each editor page calls `require_editor` before anything else).
"""

from pathlib import Path

import streamlit as st

from assistant.ui.access import account_sidebar, current_viewer
from assistant.ui.common import is_embedded
from assistant.ui.embed import embed_navigation

# The tab icon is a file the app serves: a ":material/…:" page icon makes the browser
# fetch it from fonts.gstatic.com, and nothing may come from the internet.
APP_ICON = Path(__file__).resolve().parent.parent / "static" / "icon.svg"
st.set_page_config(page_title="Framework assistant", page_icon=str(APP_ICON), layout="centered",
                   initial_sidebar_state="collapsed" if is_embedded() else "auto")

if is_embedded():
    navigation = embed_navigation()  # chat and guided intake, compact (assistant/ui/embed.py)
else:
    pages = [
        st.Page("chat.py", title="Chat", icon=":material/chat:", default=True),
        st.Page("intake.py", title="Intake", icon=":material/explore:"),
        st.Page("costs.py", title="Costs", icon=":material/payments:"),
        st.Page("knowledge.py", title="Knowledge", icon=":material/menu_book:"),
        st.Page("about.py", title="About", icon=":material/info:"),
    ]
    shown = "visible" if current_viewer().is_editor else "hidden"
    editor_pages = [
        st.Page("drafts.py", title="Drafts", icon=":material/edit_note:", url_path="drafts", visibility=shown),
        st.Page("audit_log.py", title="Audit log", icon=":material/history:", url_path="audit-log", visibility=shown),
        st.Page("insights.py", title="Insights", icon=":material/insights:", url_path="insights", visibility=shown),
        st.Page("api_keys.py", title="API keys", icon=":material/key:", url_path="api-keys", visibility=shown),
    ]
    navigation = st.navigation(pages + editor_pages)
    account_sidebar()
navigation.run()

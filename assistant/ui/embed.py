"""The compact app a portal frames (`?embed=true`): the chat, and the guided intake
(with its cost worksheet) one link away, without the sidebar navigation.

Streamlit keeps `embed=true` on the URL when it switches pages, so the links stay in
the compact layout. A small script tells the framing page that the app did load
(a frame refused by `frame-ancestors` gives the page no error event) and asks it to
close its panel when the visitor presses Esc inside the frame (key presses in a frame
never reach the page around it). widget.js listens for both.
"""

from __future__ import annotations

import streamlit as st

# Posted to the framing page: {"source": "framework-assistant", "type": "ready" | "close"}.
PORTAL_SCRIPT = """<script>
(function () {
  if (window.parent === window || window.__frameworkAssistantEmbed) return;
  window.__frameworkAssistantEmbed = true;
  function say(type) { window.parent.postMessage({source: "framework-assistant", type: type}, "*"); }
  say("ready");
  window.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !event.defaultPrevented) say("close");
  });
})();
</script>"""


def embed_navigation():
    """The embed's pages behind hidden navigation, a link to the other pages above each
    one, and the portal handshake. Returns the navigation for main.py to run."""
    chat = st.Page("chat.py", title="Chat", icon=":material/chat:", default=True)
    intake = st.Page("intake.py", title="Guided intake", icon=":material/explore:")
    costs = st.Page("costs.py", title="Costs", icon=":material/payments:")
    navigation = st.navigation([chat, intake, costs], position="hidden")
    st.html(PORTAL_SCRIPT, unsafe_allow_javascript=True)
    others = [page for page in (chat, intake) if page.url_path != navigation.url_path]
    with st.container(horizontal=True, gap="medium"):
        for page in others:
            label = "Back to the chat" if page is chat else "Guided intake: get a recommendation"
            st.page_link(page, label=label, icon=page.icon)
    return navigation

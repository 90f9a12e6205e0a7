"""Entry point: `streamlit run app.py` serves the UI and the JSON API from one process.

Nothing else lives here: routes come from assistant.api, pages from assistant/ui/.
"""

import streamlit as st

from starlette.middleware import Middleware

from assistant.api import api_middleware, api_routes, exception_handlers
from assistant.browser_id import BrowserIdMiddleware
from assistant.ui.component_scan import install as install_component_scan
from assistant.config import disable_telemetry
from assistant.deep_links import DeepLinkMiddleware
from assistant.runtime import lifespan

disable_telemetry()
install_component_scan()  # Streamlit's start-up search for components, the same result for a tenth of the CPU

# The bind address tells the Host check whether the server is loopback-only (host_check.py).
# A page opened by its URL is told where the app's root is, so it probes no 404s (deep_links.py).
middleware = [*api_middleware(bind_address=lambda: st.get_option("server.address")), Middleware(BrowserIdMiddleware),
              Middleware(DeepLinkMiddleware, base_url_path=lambda: st.get_option("server.baseUrlPath"))]
app = st.App("assistant/ui/main.py", routes=api_routes(), middleware=middleware,
             exception_handlers=exception_handlers(), lifespan=lifespan)

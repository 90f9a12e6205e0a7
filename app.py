"""Entry point: `streamlit run app.py` serves the UI and the JSON API from one process.

Nothing else lives here: routes come from assistant.api, pages from assistant/ui/.
"""

import streamlit as st

from starlette.middleware import Middleware

from assistant.api import api_middleware, api_routes, exception_handlers
from assistant.browser_id import BrowserIdMiddleware
from assistant.config import disable_telemetry
from assistant.runtime import lifespan

disable_telemetry()

# The bind address tells the Host check whether the server is loopback-only (host_check.py).
middleware = [*api_middleware(bind_address=lambda: st.get_option("server.address")), Middleware(BrowserIdMiddleware)]
app = st.App("assistant/ui/main.py", routes=api_routes(), middleware=middleware,
             exception_handlers=exception_handlers(), lifespan=lifespan)

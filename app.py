"""Entry point: `streamlit run app.py` serves the UI and the JSON API from one process.

Nothing else lives here: routes come from assistant.api, pages from assistant/ui/.
"""

import streamlit as st

from assistant.api import api_middleware, api_routes, exception_handlers
from assistant.config import disable_telemetry
from assistant.runtime import lifespan

disable_telemetry()

app = st.App("assistant/ui/main.py", routes=api_routes(), middleware=api_middleware(),
             exception_handlers=exception_handlers(), lifespan=lifespan)

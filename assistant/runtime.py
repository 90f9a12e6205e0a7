"""One Assistant per process, shared by the Streamlit pages and the HTTP API."""

from __future__ import annotations

import threading

from .config import load_settings

_lock = threading.Lock()
_assistant = None


def get_assistant():
    """Built on first use (the UI paints before the model loads); settings from the
    environment and `.streamlit/secrets.toml`."""
    global _assistant
    if _assistant is None:
        with _lock:
            if _assistant is None:
                from .service import Assistant

                _assistant = Assistant(load_settings())
    return _assistant


def reset_assistant(new=None) -> None:
    """Swap the shared instance (tests; after settings change)."""
    global _assistant
    with _lock:
        _assistant = new

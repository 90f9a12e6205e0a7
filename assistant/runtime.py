"""One Assistant per process, shared by the Streamlit pages and the HTTP API."""

from __future__ import annotations

import contextlib
import logging
import sys
import threading

from .config import load_settings

log = logging.getLogger(__name__)

_lock = threading.Lock()
_assistant = None
_embedder = None


_settings = None


def get_settings():
    """The shared Assistant's settings, or (before it exists) settings loaded once from
    the environment and `.streamlit/secrets.toml`: cheap, for middleware that needs only
    them. Raises ConfigError for a bad value."""
    global _settings
    if _assistant is not None:
        return _assistant.settings
    if _settings is None:
        with _lock:
            if _settings is None:
                _settings = load_settings()
    return _settings


def get_embedder():
    """The shared Assistant's encoder, which can be made before the Assistant: the
    server's start-up loads its model first, beside the rest of the read path's imports
    (ONNX Runtime builds its session without holding the GIL)."""
    global _embedder
    if _assistant is not None:
        return _assistant.embedder
    if _embedder is None:
        settings = get_settings()
        with _lock:
            if _embedder is None:
                from .embedder import Embedder

                _embedder = Embedder(settings.embedding_model, cache_dir=settings.data_dir,
                                     backend=settings.embedding_backend)
    return _embedder


def get_assistant():
    """Built on first use (the UI paints before the model loads); settings from the
    environment and `.streamlit/secrets.toml`."""
    global _assistant
    if _assistant is None:
        settings, embedder = get_settings(), get_embedder()
        with _lock:
            if _assistant is None:
                from .service import Assistant

                _assistant = Assistant(settings, embedder=embedder)
    return _assistant


def get_ready_assistant():
    """The shared Assistant once the server's background start-up is over (startup.py):
    what API requests use, so one arriving during the start-up does not load the same
    things again beside it. Health uses `get_assistant`: it must answer meanwhile."""
    from .startup import wait_until_started

    wait_until_started()
    return get_assistant()


def reset_assistant(new=None) -> None:
    """Swap the shared instance (tests; after settings change); settings are re-read next time."""
    global _assistant, _embedder, _settings
    with _lock:
        _assistant = new
        _embedder = None
        _settings = None


@contextlib.asynccontextmanager
async def lifespan(app=None):
    """Start-up of the served app (`st.App(..., lifespan=lifespan)`): a bad setting stops
    the server here, with the message naming the variable; the index, the collection and
    the embedder are made ready in the background (startup.py), so the server listens at
    once and the first answer does not pay for them; then the app database is migrated
    to the newest schema (`migrate_after_start_up`)."""
    import asyncio

    from starlette.concurrency import run_in_threadpool

    from .errors import ConfigError
    from .startup import start_in_background

    try:
        settings = get_settings()
    except ConfigError as exc:  # the server does not start; say why in one line before the traceback
        print(f"error: {exc}", file=sys.stderr, flush=True)
        raise
    start_in_background(get_assistant, get_embedder)
    migration = asyncio.create_task(migrate_after_start_up(settings))
    yield
    from .startup import EXIT_WAIT, finish

    await run_in_threadpool(finish, EXIT_WAIT)  # the server stops after its start-up, never inside it
    await migration


async def migrate_after_start_up(settings) -> None:
    """Migrate the app database once the start-up is over: the first answer does not need
    it, and its SQL would share the start-up's cores (a request that uses the database
    sooner migrates it itself, db.py). One that cannot be reached is logged, not fatal:
    asking and searching do not need it, and /api/health reports it. Never raises."""
    from starlette.concurrency import run_in_threadpool

    from .db import database_for
    from .errors import StorageError
    from .startup import wait_until_started

    try:
        await run_in_threadpool(wait_until_started)
        await run_in_threadpool(database_for(settings).migrate)
    except StorageError as exc:
        log.warning("app database not ready at start (%s): ratings are not saved until it is", exc)
    except Exception:  # a bug: the server stays up, the log says so
        log.exception("app database migration at start failed unexpectedly")

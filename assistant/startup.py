"""The served app's background start-up: as soon as the server starts, build the index
if it is missing, load the live generation (from its on-disk snapshot when it has one:
no chromadb before the first answer), load the embedder and answer one question, so
the first visitor and the first API call find everything ready instead of paying for
it; then, after a start from the snapshot, check Chroma. The chat page and /api/health
read its status (`index_status()`).

A live index is not re-synced here (that would compete with the first request): notes
changed while the server was down are picked up by the first page view, as before, or
by `python -m assistant index`. A missing or broken one is built (repaired) here.

Outside the server (CLI, tests, AppTest) nothing starts it and the status stays
"idle": everything is then built on first use, as before.
"""

from __future__ import annotations

import atexit
import dataclasses
import logging
import threading
import time
from typing import Callable

log = logging.getLogger(__name__)

WARM_QUESTION = "What are the hidden costs of fine-tuning?"
STARTING = ("loading", "indexing", "warming")
BUILDING = ("loading", "indexing")
# After a start served from the on-disk snapshot, Chroma is checked this long after
# "ready": its imports hold the GIL for about a second, which the requests queued behind
# the start-up should not share.
CHECK_DELAY_S = 3.0
EXIT_WAIT = 120.0  # seconds a process that is exiting gives a running start-up to end  # the index may not answer yet; warming only makes it fast


@dataclasses.dataclass(frozen=True)
class StartStatus:
    """Where the start-up is. `stage`: idle (no background start-up in this process),
    loading, indexing (`done` of `total` passages embedded), warming, ready or failed."""

    stage: str = "idle"
    done: int = 0
    total: int = 0
    error: str = ""

    @property
    def starting(self) -> bool:
        return self.stage in STARTING

    @property
    def building(self) -> bool:
        return self.stage in BUILDING

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 0.0

    @property
    def message(self) -> str:
        """What a visitor reads while they wait."""
        if self.stage == "indexing":
            counted = f": {self.done} of {self.total} passages embedded" if self.total else ""
            return f"The assistant is starting: building the knowledge index{counted}."
        if self.stage == "warming":
            return "The assistant is starting: loading the embedding model."
        if self.stage == "loading":
            return "The assistant is starting: loading the knowledge base."
        return ""

    def as_dict(self) -> dict:
        out = {"stage": self.stage, "done": self.done, "total": self.total}
        return out | ({"error": self.error} if self.error else {})


_status = StartStatus()
_changed = threading.Condition()
_thread: threading.Thread | None = None
_stopping = threading.Event()  # the process is exiting: a pending Chroma check is skipped


def index_status() -> StartStatus:
    """The start-up's current status (a frozen snapshot)."""
    return _status


def report(**changes) -> None:
    """Move the status on and wake whoever waits for a change."""
    global _status
    with _changed:
        _status = dataclasses.replace(_status, **changes)
        _changed.notify_all()


def wait_for_change(seen: StartStatus, timeout: float) -> StartStatus:
    """The status once it differs from `seen`, or after `timeout` seconds at most."""
    with _changed:
        _changed.wait_for(lambda: _status != seen, timeout=timeout)
        return _status


def wait_until_started(timeout: float | None = None) -> StartStatus:
    """Block while the start-up runs (at once when none does): a request that came early
    waits for it instead of repeating its work beside it on the same cores."""
    with _changed:
        _changed.wait_for(lambda: not _status.starting, timeout=timeout)
        return _status


def warm_up(get_assistant: Callable[[], object], check_delay: float = 0.0,
            get_embedder: Callable[[], object] | None = None) -> StartStatus:
    """Build what the first answer needs, reporting each stage; when that came from the
    on-disk snapshot, check Chroma `check_delay` s after "ready" (`check_store`). Never
    raises: a failure is logged and left in the status; the pages and health then show
    the real error the next time they try. `get_embedder` (the Assistant's encoder, made
    without it) lets the model start loading before the Assistant's modules are imported."""
    from .errors import AssistantError

    from concurrent.futures import ThreadPoolExecutor

    started = time.perf_counter()
    report(stage="loading", done=0, total=0, error="")
    from_disk = False
    try:
        # ONNX Runtime builds its session without holding the GIL: the encoder loads on
        # the second core while this thread imports the read path and reads the index.
        with ThreadPoolExecutor(1, thread_name_prefix="encoder-warm-up") as pool:
            encoder = pool.submit(lambda: get_embedder().model()) if get_embedder else None
            assistant = get_assistant()
            encoder = encoder or pool.submit(assistant.embedder.model)
            index = assistant.index
            # The live generation's on-disk snapshot needs no chromadb (a second and more
            # of imports): Chroma is checked once the first answer can be served.
            from_disk = index.serves_from_disk()
            if not from_disk and (not index.live_state().get("generation") or index.verify()):
                report(stage="indexing")
                assistant.ensure_index(progress=lambda done, total: report(done=done, total=total))
            report(stage="warming")
            index.snapshot()
            # While the encoder's session builds: what the first answer needs beside it.
            assistant.retriever.lexical()
            assistant.speller.known()
            encoder.result()  # re-raises what stopped the encoder
        assistant.ask_offline(WARM_QUESTION)  # question understanding, the first query through everything
    except AssistantError as exc:
        log.warning("start-up did not finish (%s): pages and the API try again on first use", exc)
        report(stage="failed", error=str(exc))
    except Exception as exc:  # a bug: keep the server up, say so in the log
        log.exception("start-up failed unexpectedly")
        report(stage="failed", error=f"{type(exc).__name__}: {exc}")
    else:
        report(stage="ready")
        log.info("start-up: ready to answer in %.1f s", time.perf_counter() - started)
        if from_disk and not _stopping.wait(check_delay):
            check_store(assistant)
    return _status


def check_store(assistant) -> None:
    """After a start served from the on-disk snapshot: verify the live generation in
    Chroma, as a start without it does first, and repair it when it is broken (answers
    keep coming from the snapshot meanwhile). Never raises."""
    from .errors import AssistantError

    try:
        broken = assistant.index.verify()
        if broken:
            log.warning("start-up: %s; repairing it", broken)
            assistant.ensure_index()
    except AssistantError as exc:
        log.warning("start-up: the vector store could not be checked (%s); /api/health reports it", exc)
    except Exception:
        log.exception("start-up: checking the vector store failed unexpectedly")


def start_in_background(get_assistant: Callable[[], object],
                        get_embedder: Callable[[], object] | None = None) -> threading.Thread:
    """Start the warm-up once per process; later calls return the same thread."""
    global _thread
    with _changed:
        if _thread is None:
            report(stage="loading", done=0, total=0, error="")  # "starting" before the thread runs
            _thread = threading.Thread(target=warm_up, args=(get_assistant, CHECK_DELAY_S, get_embedder),
                                       name="assistant-start-up", daemon=True)
            _thread.start()
            atexit.register(finish, EXIT_WAIT)
        return _thread


def finish(timeout: float) -> None:
    """Let a running start-up end before the process does: a daemon thread cut off inside
    the encoder's native code aborts the whole process ("terminate called without an
    active exception", exit 134) after everything else went well."""
    _stopping.set()
    thread = _thread
    if thread is not None and thread.is_alive():
        thread.join(timeout)

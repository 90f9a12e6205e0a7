"""What GET /api/health (and the About page) report: "ok", or "degraded" with the
reasons — whenever the index, the encoder backend or the app database is not as
configured (DESIGN.md: `problems: [str]`).

The HTTP status is 503 only when the index cannot serve (store unreachable, live
generation broken); an encoder fallback, an unusable database or an index still to be
built leave the API answering, so they are reported with 200.
"""

from __future__ import annotations

from .errors import IndexUnavailable
from .feedback import FeedbackStore

NOT_BUILT = "the index is empty"


def index_problems(assistant) -> tuple[dict, list[str], bool]:
    """(counts, problems, can_serve) for the vector index; opening the store may fail too."""
    try:
        index = assistant.index
        state = index.live_state()
        counts = index.counts()
        broken = index.verify(state)
    except IndexUnavailable as exc:
        return {}, [f"index: {exc}"], False
    if broken:
        return counts, [f"index: {broken}"], broken.startswith(NOT_BUILT)
    built_with, configured = state.get("model_id"), assistant.embedder.model_id
    if built_with and built_with != configured:
        return counts, [f"index: built with the embedding model {built_with!r} but {configured!r} is configured: "
                        "run `python -m assistant index --rebuild`"], True
    return counts, [], True


def health_report(assistant) -> tuple[dict, int]:
    """(body, HTTP status) for GET /api/health."""
    counts, problems, can_serve = index_problems(assistant)
    encoder = assistant.embedder.problem
    if encoder:
        problems.append(encoder)
    database = FeedbackStore.for_settings(assistant.settings).problem()
    if database:
        problems.append(database)
    body = {"status": "degraded" if problems else "ok", "index": counts,
            "mode": "llm" if assistant.settings.llm_enabled else "offline", "problems": problems,
            "knowledge_problems": [str(p) for p in assistant.kb.problems]}
    return body, 200 if can_serve else 503

"""What GET /api/health (and the About page) report: "ok", or "degraded" with the
reasons — whenever the index, the encoder backend or the app database is not as
configured (DESIGN.md: `problems: [str]`).

The HTTP status is 503 only when the index cannot serve (store unreachable, live
generation broken); an encoder fallback, an unusable database or an index still to be
built leave the API answering, so they are reported with 200.

While the server's background start-up is loading or building the index (startup.py),
the status is "degraded" (DESIGN.md allows only "ok" and "degraded", and a replica that
cannot answer yet should not get traffic) with one problem saying so and
`starting: {stage, done, total}`; HTTP 200, since the API waits for it rather than
failing. (Its last stage, warming caches, serves already: "ok".)
"""

from __future__ import annotations

from .errors import IndexUnavailable
from .feedback import FeedbackStore
from .startup import index_status

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
    start = index_status()
    if start.building:
        problems = [p for p in problems if not p.startswith(f"index: {NOT_BUILT}")]
        problems.insert(0, f"starting: {start.message or start.stage}")
    status = "degraded" if problems else "ok"
    body = {"status": status, "index": counts,
            "mode": "llm" if assistant.settings.llm_enabled else "offline", "problems": problems,
            "knowledge_problems": [str(p) for p in assistant.kb.problems]}
    if start.building:
        body["starting"] = start.as_dict()
    return body, 200 if can_serve else 503

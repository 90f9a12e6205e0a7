"""JSON HTTP API as Starlette routes, served by `streamlit run app.py` through st.App.

The routes call the same Assistant methods as the CLI, and only read: nothing under
/api writes knowledge or reads feedback. Auth (DESIGN.md): once any API key exists (a
named key from `keys create`, see api_keys.py, or ASSISTANT_API_TOKEN as the key
"default") every /api/v1 call needs `Authorization: Bearer <key>`; with none, only
loopback clients are answered. Each key has its own token bucket at its own limit
(else `rate_limit_per_minute`), one per end user when the caller names one in
X-Assistant-User; a request that fails auth counts against its IP.

`api_middleware()` adds what a portal needs around the app: CORS for the portal
origins in ASSISTANT_ALLOWED_ORIGINS (preflight included) and, on every non-API
response, `Content-Security-Policy: frame-ancestors` so only those origins can frame
the UI. `/widget.js` is the launcher script a portal page includes.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import math
import threading
import time
import weakref
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Match, Route

from . import json_input
from .config import MAX_BODY_BYTES
from .errors import AssistantError, InputError, PayloadTooLarge
from .refusals import note_refusal
from .runtime import get_assistant, get_ready_assistant, get_settings
from .schemas import END_USER_HEADER, clean_end_user

WIDGET_JS = Path(__file__).resolve().parent / "static" / "widget.js"
log = logging.getLogger(__name__)


class SafeJSONResponse(JSONResponse):
    """JSON whose rendering cannot fail on text that is not valid Unicode (a lone
    surrogate echoed in an error becomes the JSON escape \\udXXX, not a 500)."""

    def render(self, content) -> bytes:
        return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode(
            "utf-8", errors="backslashreplace")


def _error(status: int, message: str, field: str | None = None) -> JSONResponse:
    body = {"error": {"message": message}}
    if field:
        body["error"]["field"] = field
    return SafeJSONResponse(body, status_code=status)


def _is_loopback(host: str | None) -> bool:
    try:
        address = ipaddress.ip_address(host or "")
    except ValueError:
        return host == "localhost"
    mapped = getattr(address, "ipv4_mapped", None)  # "::ffff:127.0.0.1" from a dual-stack socket
    return (mapped or address).is_loopback


@dataclass(frozen=True)
class Caller:
    """Who a request is from, for the rate limiter: an API key (and the end user it
    named), or a loopback client when no key exists."""

    key: str | None  # the key's name ("default": ASSISTANT_API_TOKEN); None: no key
    bucket: str
    per_minute: int


def _bearer(request: Request) -> str | None:
    scheme, _, supplied = request.headers.get("authorization", "").partition(" ")
    return supplied.strip() or None if scheme.lower() == "bearer" else None


def _token_ok(request: Request, token: str) -> bool:
    supplied = _bearer(request)
    return supplied is not None and hmac.compare_digest(supplied.encode("utf-8", "surrogatepass"), token.encode())


def _ip_bucket(request: Request) -> str:
    return "ip:" + (request.client.host if request.client else "unknown")


def _end_user(request: Request) -> str | None:
    """X-Assistant-User (limits in schemas.py, where openapi.py documents them)."""
    return clean_end_user(request.headers.get(END_USER_HEADER))


def _keyed(request: Request, name: str, per_minute: int) -> Caller:
    """A key's own bucket, or one per end user of that key when it names one."""
    bucket = "key:" + hashlib.sha256(name.encode()).hexdigest()[:16]
    user = _end_user(request)
    if user is not None:
        bucket += ":user:" + hashlib.sha256(user.encode()).hexdigest()[:16]
    return Caller(name, bucket, per_minute)


def check_auth(request: Request, token: str | None, keys=None, per_minute: int = 0) -> Caller | JSONResponse:
    """The caller, or the 401/403 to answer. `token`: ASSISTANT_API_TOKEN (the key
    "default"); `keys`: the KeyStore of named keys (None: there are none); `per_minute`:
    the limit of a key that has none of its own. With any key configured a valid one is
    required; with none, only loopback clients are answered. Reads the database (run it
    off the event loop)."""
    from .api_keys import DEFAULT_KEY

    settings_limit = per_minute
    if token and _token_ok(request, token):
        return _keyed(request, DEFAULT_KEY, settings_limit)
    supplied = _bearer(request)
    key = keys.authenticate(supplied) if keys is not None and supplied else None
    if key is not None:
        return _keyed(request, key.name, settings_limit if key.rate_limit_per_minute is None else key.rate_limit_per_minute)
    if token or (keys is not None and keys.has_active()):
        return _error(401, "missing, wrong or revoked API key: send Authorization: Bearer <key> (a key from "
                           "`python -m assistant keys create NAME`, or ASSISTANT_API_TOKEN); the bearer token is checked "
                           "on every call")
    if not _is_loopback(request.client.host if request.client else None):
        return _error(403, "the API answers only loopback clients until an API key exists "
                           "(`python -m assistant keys create NAME`, or ASSISTANT_API_TOKEN)")
    return Caller(None, _ip_bucket(request), settings_limit)


async def read_json(request: Request):
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > MAX_BODY_BYTES:
        raise _too_large()
    body = b""
    async for part in request.stream():
        body += part
        if len(body) > MAX_BODY_BYTES:
            raise _too_large()
    return json_input.loads(body or b"null", field="body")  # depth and number size checked: 422, never 500


def _too_large() -> PayloadTooLarge:
    return PayloadTooLarge(f"request body is larger than {MAX_BODY_BYTES} bytes", field="body")


class RateLimiter:
    """A token bucket per client key: bursts up to `per_minute` requests, refilled
    at `per_minute` a minute. `check` answers 0.0 (go ahead) or the seconds to wait.

    O(1) per check: buckets sit in least-recently-seen order, so the idle ones (whose
    bucket has refilled: indistinguishable from a new client) are always at the front
    and are dropped from there; past `max_clients` the least recently seen goes too."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic, max_clients: int = 10_000):
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0  # tokens per second
        self.clock = clock
        self.max_clients = max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key -> (tokens, last seen)
        self._lock = threading.Lock()

    def check(self, key: str) -> float:
        if self.capacity <= 0:
            return 0.0  # a limit of 0 turns limiting off
        with self._lock:
            now = self.clock()
            tokens, last = self._buckets.pop(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            self._forget_idle(now)
            allowed = tokens >= 1.0
            self._buckets[key] = (tokens - 1.0 if allowed else tokens, now)  # now the most recently seen
            return 0.0 if allowed else (1.0 - tokens) / self.rate

    def __len__(self) -> int:
        return len(self._buckets)

    def _forget_idle(self, now: float) -> None:
        """Amortised O(1): each key is dropped at most once per time it was added."""
        full_after = self.capacity / self.rate
        while self._buckets:
            oldest, (_, last) = next(iter(self._buckets.items()))
            if now - last < full_after and len(self._buckets) < self.max_clients:
                return
            del self._buckets[oldest]


_limiters: dict[int, RateLimiter] = {}


def limiter_for(per_minute: int) -> RateLimiter:
    if per_minute not in _limiters:
        _limiters[per_minute] = RateLimiter(per_minute)
    return _limiters[per_minute]


def check_rate(bucket: str, per_minute: int) -> JSONResponse | None:
    """None (go ahead) or the 429 with Retry-After for this bucket at its limit."""
    wait = limiter_for(per_minute).check(bucket)
    if not wait:
        return None
    retry_after = max(1, math.ceil(wait))
    response = _error(429, f"too many requests: the limit is {per_minute} a minute; retry in {retry_after} s")
    response.headers["Retry-After"] = str(retry_after)
    return response


def identify(request: Request, settings) -> Caller | JSONResponse:
    """Auth, then the caller's rate bucket. A request that fails auth spends its IP's
    bucket, so guessing keys is limited like anything else."""
    from .api_keys import KeyStore

    _end_user(request)  # a bad X-Assistant-User is a 422 with or without a key, as the document says
    caller = check_auth(request, settings.api_token, KeyStore.for_settings(settings), settings.rate_limit_per_minute)
    if isinstance(caller, JSONResponse):
        return check_rate(_ip_bucket(request), settings.rate_limit_per_minute) or caller
    return check_rate(caller.bucket, caller.per_minute) or caller


def guarded(handler):
    """Auth and rate limit, then the handler (model and index work run in threads).

    Errors are not caught here: they reach `exception_handlers()`, the one place our
    error tree becomes HTTP statuses. The Assistant is fetched in a thread and inside
    that path, so a first build (or bad configuration) never blocks the event loop and
    answers JSON, not Starlette's plain 500. Keys are checked in a thread too: it reads
    the app database, on every call, so a revoked key is refused at once."""

    async def endpoint(request: Request):
        assistant = await run_in_threadpool(get_ready_assistant)  # after the start-up, not beside it
        caller = await run_in_threadpool(identify, request, assistant.settings)
        if isinstance(caller, JSONResponse):
            return caller
        request.state.caller = caller
        return SafeJSONResponse(await handler(request, assistant))

    return endpoint


# -- errors: the one place the error tree becomes HTTP ------------------------------
INTERNAL_ERROR = "internal error: the request could not be answered; the server log has the details"


def error_response(exc: Exception, request: Request | None = None) -> JSONResponse:
    """`{"error": {"message", "field"?}}` with the status the error class carries; any
    other exception is a bug: the client gets JSON, the log gets the traceback."""
    where = f"{request.method} {request.url.path}" if request is not None else "API"
    if isinstance(exc, AssistantError):
        if exc.http_status >= 500:
            log.warning("%s answered %d: %s: %s", where, exc.http_status, type(exc).__name__, exc)
        return SafeJSONResponse({"error": exc.as_dict()}, status_code=exc.http_status, headers=exc.headers())
    log.error("unexpected error in %s", where, exc_info=exc)
    return _error(500, INTERNAL_ERROR)


async def _on_assistant_error(request: Request, exc: Exception) -> Response:
    return error_response(exc, request)


async def _on_unexpected_error(request: Request, exc: Exception) -> Response:
    """Registered for Exception (Starlette's last-resort handler): JSON under /api, the
    usual plain 500 elsewhere (the UI's own routes are Streamlit's business)."""
    if request.url.path.startswith("/api/") or isinstance(exc, AssistantError):
        return error_response(exc, request)
    return PlainTextResponse("Internal Server Error", status_code=500)


def exception_handlers() -> dict:
    """For `st.App(..., exception_handlers=...)` (and any Starlette app serving the routes)."""
    return {AssistantError: _on_assistant_error, Exception: _on_unexpected_error}


def api_app():
    """The API alone as a Starlette app: routes, portal middleware and error handlers,
    exactly as st.App serves them (tests, or serving the API without the UI)."""
    from starlette.applications import Starlette

    return Starlette(routes=api_routes(), middleware=api_middleware(), exception_handlers=exception_handlers())


# A model that hangs must not starve search and health: asks (which may wait on the
# model up to ASSISTANT_LLM_DEADLINE) run on threads of their own, never on the shared
# pool the other routes use.
MODEL_THREADS = 64
_model_limiters: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def model_limiter():
    """The asks' own thread limiter, one per event loop (a limiter belongs to its loop)."""
    import asyncio

    import anyio

    loop = asyncio.get_running_loop()
    if loop not in _model_limiters:
        _model_limiters[loop] = anyio.CapacityLimiter(MODEL_THREADS)
    return _model_limiters[loop]


async def ask(request: Request, assistant) -> dict:
    from anyio import to_thread

    from .schemas import AskRequest

    ask_request = AskRequest.parse(await read_json(request))  # InputError (422) names the field
    result = await to_thread.run_sync(assistant.ask, ask_request, limiter=model_limiter())
    await run_in_threadpool(note_refusal, assistant, ask_request.question, result)  # the editors' gap report
    return result


async def intake(request: Request, assistant) -> dict:
    data = await read_json(request)
    return await run_in_threadpool(assistant.intake, data)


async def costs(request: Request, assistant) -> dict:
    from .costs_service import run_costs

    data = await read_json(request)
    return await run_in_threadpool(run_costs, assistant, data)


async def search(request: Request, assistant) -> dict:
    from .schemas import DEFAULT_K, SearchRequest

    query = request.query_params.get("q")
    if query is None:
        raise InputError("query parameter q is required", field="q")
    search_request = SearchRequest.of(query, request.query_params.get("k", DEFAULT_K), field="q")  # errors name q
    return await run_in_threadpool(assistant.search, search_request)


async def health(request: Request) -> JSONResponse:
    from .health import health_report

    try:
        body, status = await run_in_threadpool(lambda: health_report(get_assistant()))
    except AssistantError as exc:  # e.g. the knowledge base or settings cannot load
        body, status = {"status": "degraded", "index": {}, "mode": "offline", "problems": [str(exc)]}, 503
    return SafeJSONResponse(body, status_code=status)


async def openapi(request: Request) -> JSONResponse:
    from .openapi import openapi_document

    return JSONResponse(openapi_document())


async def widget(request: Request) -> Response:
    return Response(WIDGET_JS.read_text(encoding="utf-8"), media_type="text/javascript",
                    headers={"Cache-Control": "public, max-age=300"})


def api_routes() -> list[Route]:
    # /widget.js is free: st.App reserves only /_stcore/, /media/, /component/ and /static/.
    return [
        Route("/api/health", health, methods=["GET"]),
        Route("/api/openapi.json", openapi, methods=["GET"]),
        Route("/api/v1/ask", guarded(ask), methods=["POST"]),
        Route("/api/v1/intake", guarded(intake), methods=["POST"]),
        Route("/api/v1/search", guarded(search), methods=["GET"]),
        Route("/api/v1/costs", guarded(costs), methods=["POST"]),
        Route("/widget.js", widget, methods=["GET"]),
    ]


# -- middleware ---------------------------------------------------------------
CORS_METHODS = "GET, POST, OPTIONS"
CORS_HEADERS = f"Authorization, Content-Type, {END_USER_HEADER}"


def _same_origin(origin: str, headers: Headers) -> bool:
    """The app's own pages (host compared, not scheme: a TLS proxy may sit in front)."""
    return urlsplit(origin).netloc.lower() == headers.get("host", "").lower()


def frame_ancestors(allowed_origins) -> str:
    return " ".join(["frame-ancestors", "'self'", *allowed_origins])


class PortalMiddleware:
    """Pure ASGI (WebSockets pass through untouched).

    /api/*: answers CORS preflights, adds Access-Control-Allow-Origin only for an
    allowed origin, and refuses a browser call from any other foreign origin
    (a page the user happens to visit must not drive the API from their machine).
    Everything else: `frame-ancestors` names who may frame the UI. X-Frame-Options is
    not sent: it cannot list origins, and frame-ancestors supersedes it.
    """

    def __init__(self, app, settings: Callable | None = None):
        self.app = app
        self.settings = settings or get_settings  # settings only: the first page view must not build the Assistant

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        settings = self.settings()
        if scope["path"].startswith("/api/"):
            await self._api(scope, receive, send, settings)
            return
        policy = frame_ancestors(settings.allowed_origins)

        async def send_with_policy(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", policy)
            await send(message)

        await self.app(scope, receive, send_with_policy)

    async def _api(self, scope, receive, send, settings):
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        allowed = origin is not None and origin.rstrip("/") in settings.allowed_origins
        foreign = origin is not None and not allowed and not _same_origin(origin, headers)
        preflight = scope["method"] == "OPTIONS" and "access-control-request-method" in headers
        if foreign:
            response = _error(403, f"origin {origin} is not allowed: add it to ASSISTANT_ALLOWED_ORIGINS")
            response.headers["Vary"] = "Origin"
            await response(scope, receive, send)
            return
        if preflight:
            response = Response(status_code=204, headers={"Vary": "Origin"})
            if allowed:
                response.headers.update({
                    "Access-Control-Allow-Origin": origin, "Access-Control-Allow-Methods": CORS_METHODS,
                    "Access-Control-Allow-Headers": CORS_HEADERS, "Access-Control-Max-Age": "600",
                })
            await response(scope, receive, send)
            return

        policy = frame_ancestors(settings.allowed_origins)

        async def send_with_cors(message):
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                out.add_vary_header("Origin")
                out.setdefault("Content-Security-Policy", policy)
                if allowed:
                    out["Access-Control-Allow-Origin"] = origin
                    out["Access-Control-Expose-Headers"] = "Retry-After"
            await send(message)

        unrouted = unrouted_response(scope)  # else the UI's catch-all would answer with HTML
        await (unrouted or self.app)(scope, receive, send_with_cors)


_api_route_table: list[Route] = []


def unrouted_response(scope) -> JSONResponse | None:
    """JSON 404 for a path under /api that no route serves, 405 (with Allow) for a known
    path asked with the wrong method; None when a route will answer."""
    if not _api_route_table:
        _api_route_table.extend(r for r in api_routes() if r.path.startswith("/api/"))
    allowed: set[str] = set()
    for route in _api_route_table:
        match, _ = route.matches(scope)
        if match == Match.FULL:
            return None
        if match == Match.PARTIAL:
            allowed |= route.methods or set()
    if allowed:
        methods = ", ".join(sorted(allowed))
        response = _error(405, f"method {scope['method']} is not allowed here; allowed: {methods}")
        response.headers["Allow"] = methods
        return response
    return _error(404, f"no API route at {scope['path']}: GET /api/openapi.json lists them")


def api_middleware(bind_address: Callable[[], str | None] | None = None) -> list[Middleware]:
    """Outermost first: the loopback Host check (host_check.py) guards everything, UI
    included; `bind_address` gives the server's configured address (app.py passes
    Streamlit's server.address)."""
    from .host_check import LoopbackHostMiddleware

    return [Middleware(LoopbackHostMiddleware, bind_address=bind_address), Middleware(PortalMiddleware)]

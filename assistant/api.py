"""JSON HTTP API as Starlette routes, served by `streamlit run app.py` through st.App.

The routes call the same Assistant methods as the CLI. Auth (DESIGN.md): with
ASSISTANT_API_TOKEN set every /api/v1 call needs the bearer token (constant-time
compare); without it only loopback clients are answered. Each client (its valid
token, else its IP) gets a token bucket of `rate_limit_per_minute` requests.

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
import math
import threading
import time
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .config import MAX_BODY_BYTES
from .errors import AssistantError, IndexUnavailable, InputError
from .runtime import get_assistant

WIDGET_JS = Path(__file__).resolve().parent / "static" / "widget.js"


def _error(status: int, message: str, field: str | None = None) -> JSONResponse:
    body = {"error": {"message": message}}
    if field:
        body["error"]["field"] = field
    return JSONResponse(body, status_code=status)


def _is_loopback(host: str | None) -> bool:
    try:
        address = ipaddress.ip_address(host or "")
    except ValueError:
        return host == "localhost"
    mapped = getattr(address, "ipv4_mapped", None)  # "::ffff:127.0.0.1" from a dual-stack socket
    return (mapped or address).is_loopback


def _token_ok(request: Request, token: str) -> bool:
    scheme, _, supplied = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(supplied.strip().encode(), token.encode())


def check_auth(request: Request, token: str | None) -> JSONResponse | None:
    if token:
        if not _token_ok(request, token):
            return _error(401, "missing or wrong bearer token: send Authorization: Bearer <ASSISTANT_API_TOKEN>")
        return None
    if not _is_loopback(request.client.host if request.client else None):
        return _error(403, "the API answers only loopback clients unless ASSISTANT_API_TOKEN is set")
    return None


async def read_json(request: Request):
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > MAX_BODY_BYTES:
        raise _TooLarge()
    body = b""
    async for part in request.stream():
        body += part
        if len(body) > MAX_BODY_BYTES:
            raise _TooLarge()
    try:
        return json.loads(body or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"body is not valid JSON: {exc}", field="body") from None


class _TooLarge(Exception):
    pass


class RateLimiter:
    """A token bucket per client key: bursts up to `per_minute` requests, refilled
    at `per_minute` a minute. `check` answers 0.0 (go ahead) or the seconds to wait."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic, max_clients: int = 10_000):
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0  # tokens per second
        self.clock = clock
        self.max_clients = max_clients
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, last refill)
        self._lock = threading.Lock()

    def check(self, key: str) -> float:
        if self.capacity <= 0:
            return 0.0  # a limit of 0 turns limiting off
        with self._lock:
            now = self.clock()
            tokens, last = self._buckets.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                if len(self._buckets) > self.max_clients:
                    self._forget_idle(now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.rate

    def _forget_idle(self, now: float) -> None:
        """Clients whose bucket has refilled are indistinguishable from new ones."""
        full_after = self.capacity / self.rate
        for key, (_, last) in list(self._buckets.items()):
            if now - last >= full_after:
                del self._buckets[key]


_limiters: dict[int, RateLimiter] = {}


def limiter_for(per_minute: int) -> RateLimiter:
    if per_minute not in _limiters:
        _limiters[per_minute] = RateLimiter(per_minute)
    return _limiters[per_minute]


def client_key(request: Request, token: str | None) -> str:
    """A valid token is the client's identity (many portal users share one proxy IP);
    anything else, failed auth included, counts against the caller's IP."""
    if token and _token_ok(request, token):
        return "token:" + hashlib.sha256(token.encode()).hexdigest()[:16]
    return "ip:" + (request.client.host if request.client else "unknown")


def check_rate(request: Request, settings) -> JSONResponse | None:
    wait = limiter_for(settings.rate_limit_per_minute).check(client_key(request, settings.api_token))
    if not wait:
        return None
    retry_after = max(1, math.ceil(wait))
    response = _error(429, f"too many requests: the limit is {settings.rate_limit_per_minute} a minute; retry in {retry_after} s")
    response.headers["Retry-After"] = str(retry_after)
    return response


def guarded(handler):
    """Rate limit and auth, then the handler in a thread (model and index work block), with our error
    tree mapped to status codes in this one place."""

    async def endpoint(request: Request):
        assistant = get_assistant()
        denied = check_rate(request, assistant.settings) or check_auth(request, assistant.settings.api_token)
        if denied:
            return denied
        try:
            return JSONResponse(await handler(request, assistant))
        except _TooLarge:
            return _error(413, f"request body is larger than {MAX_BODY_BYTES} bytes")
        except InputError as exc:
            return JSONResponse({"error": exc.as_dict()}, status_code=422)
        except IndexUnavailable as exc:
            return _error(503, f"the index is unavailable: {exc}")
        except AssistantError as exc:
            return _error(500, str(exc))

    return endpoint


async def ask(request: Request, assistant) -> dict:
    data = await read_json(request)
    if not isinstance(data, dict):
        raise InputError("body must be a JSON object with a 'question' field", field="body")
    unknown = set(data) - {"question", "history"}
    if unknown:
        raise InputError(f"unknown field {sorted(unknown)[0]!r}; allowed fields: question, history", field=sorted(unknown)[0])
    if "question" not in data:
        raise InputError("question is required", field="question")
    return await run_in_threadpool(assistant.ask, data["question"], data.get("history"))


async def intake(request: Request, assistant) -> dict:
    data = await read_json(request)
    return await run_in_threadpool(assistant.intake, data)


async def search(request: Request, assistant) -> dict:
    query = request.query_params.get("q")
    if query is None:
        raise InputError("query parameter q is required", field="q")
    return await run_in_threadpool(assistant.search, query, request.query_params.get("k", "5"))


async def health(request: Request) -> JSONResponse:
    assistant = get_assistant()
    try:
        body = await run_in_threadpool(assistant.health)
    except IndexUnavailable as exc:
        return JSONResponse({"status": "degraded", "index": {}, "mode": "offline", "error": str(exc)}, status_code=503)
    return JSONResponse(body)


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
        Route("/widget.js", widget, methods=["GET"]),
    ]


# -- middleware ---------------------------------------------------------------
CORS_METHODS = "GET, POST, OPTIONS"
CORS_HEADERS = "Authorization, Content-Type"


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
        self.settings = settings or (lambda: get_assistant().settings)

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

        async def send_with_cors(message):
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                out.add_vary_header("Origin")
                if allowed:
                    out["Access-Control-Allow-Origin"] = origin
                    out["Access-Control-Expose-Headers"] = "Retry-After"
            await send(message)

        await self.app(scope, receive, send_with_cors)


def api_middleware() -> list[Middleware]:
    return [Middleware(PortalMiddleware)]

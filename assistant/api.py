"""JSON HTTP API as Starlette routes, served by `streamlit run app.py` through st.App.

The routes call the same Assistant methods as the CLI. Auth (DESIGN.md): with
ASSISTANT_API_TOKEN set every /api/v1 call needs the bearer token (constant-time
compare); without it only loopback clients are answered.
"""

from __future__ import annotations

import hmac
import ipaddress
import json

from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from .config import MAX_BODY_BYTES
from .errors import AssistantError, IndexUnavailable, InputError
from .runtime import get_assistant


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


def check_auth(request: Request, token: str | None) -> JSONResponse | None:
    if token:
        header = request.headers.get("authorization", "")
        scheme, _, supplied = header.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(supplied.strip().encode(), token.encode()):
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


def guarded(handler):
    """Auth, then the handler in a thread (model and index work block), with our error
    tree mapped to status codes in this one place."""

    async def endpoint(request: Request):
        assistant = get_assistant()
        denied = check_auth(request, assistant.settings.api_token)
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


def api_routes() -> list[Route]:
    return [
        Route("/api/health", health, methods=["GET"]),
        Route("/api/v1/ask", guarded(ask), methods=["POST"]),
        Route("/api/v1/intake", guarded(intake), methods=["POST"]),
        Route("/api/v1/search", guarded(search), methods=["GET"]),
    ]


def api_middleware() -> list[Middleware]:
    return []

"""Refuse requests for a foreign Host while the server listens on loopback only.

A server bound to 127.0.0.1 can still be reached from a web page the user visits, by
DNS rebinding: `attacker.example` resolves to 127.0.0.1 and the page talks to the app
as a same-origin site. Such requests carry `Host: attacker.example`, so in loopback-only
mode any request (HTTP or WebSocket: the UI's `/_stcore/stream`, the API, every page)
whose Host is not a loopback name gets 421 and a plain message. A deployment that
binds a public address (README, "Deploying in a portal") is not checked here.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse

LOOPBACK_NAMES = {"localhost"}
MESSAGE = ("421 Misdirected Request: this server listens on loopback only and answers only for localhost, "
           "127.0.0.1 or [::1]. To serve other host names, bind a public address (server.address in "
           ".streamlit/config.toml) as the README's 'Deploying in a portal' describes.\n")


def host_name(host_header: str) -> str:
    """`[::1]:8501` → `::1`, `localhost:8501` → `localhost`, lower-cased."""
    host = (host_header or "").strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


def is_loopback_name(name: str) -> bool:
    """localhost, 127.0.0.0/8 or ::1 (an IPv4-mapped ::ffff:127.x too)."""
    name = (name or "").strip().lower().strip("[]").rstrip(".")
    if name in LOOPBACK_NAMES:
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return (mapped or address).is_loopback


def loopback_only(scope, bind_address: str | None = None) -> bool:
    """True when the server listens on loopback only. `bind_address` is the address the
    server was told to bind (Streamlit's `server.address`, passed in by app.py; '' or
    0.0.0.0 means all interfaces). Without it (the bare API app under a test client or
    uvicorn) the socket the request came in on decides."""
    if bind_address is not None:
        return bool(bind_address) and is_loopback_name(bind_address)
    server = scope.get("server")
    return bool(server) and is_loopback_name(str(server[0]))


class LoopbackHostMiddleware:
    """Pure ASGI: 421 for a non-loopback Host in loopback-only mode, else pass through."""

    def __init__(self, app, bind_address: Callable[[], str | None] | None = None,
                 is_loopback_only: Callable | None = None):
        self.app = app
        self.is_loopback_only = is_loopback_only or (
            lambda scope: loopback_only(scope, bind_address() if bind_address else None))

    async def __call__(self, scope, receive, send):
        if scope["type"] in ("http", "websocket") and self.is_loopback_only(scope):
            host = Headers(scope=scope).get("host", "")
            if not is_loopback_name(host_name(host)):
                await self._refuse(scope, receive, send)
                return
        await self.app(scope, receive, send)

    @staticmethod
    async def _refuse(scope, receive, send):
        if scope["type"] == "websocket" and "websocket.http.response" not in scope.get("extensions", {}):
            await send({"type": "websocket.close", "code": 1008, "reason": "host not allowed"})
            return
        await PlainTextResponse(MESSAGE, status_code=421)(scope, receive, send)

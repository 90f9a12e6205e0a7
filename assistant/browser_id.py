"""A random id per browser, so an anonymous visitor's saved conversations come back
after a reload and stay theirs alone.

Set by the server, not by page script: the first page (HTML) response to a browser
without the cookie carries `Set-Cookie` (HttpOnly, so page scripts cannot read it), and
the Streamlit session reads it back from `st.context.cookies`. Over HTTPS the cookie is
`SameSite=None; Secure; Partitioned`, so it also works in a portal's iframe on another
site (kept per portal); over plain HTTP it is `SameSite=Lax`, which a browser keeps for
the app's own site and for portals on the same site. Where no cookie arrives, the chat
falls back to an id for the session alone.
"""

from __future__ import annotations

import re
import uuid

from starlette.datastructures import MutableHeaders
from starlette.requests import cookie_parser

COOKIE = "assistant_browser"
MAX_AGE = 400 * 24 * 3600  # the longest lifetime browsers honour
_ID = re.compile(r"[0-9a-f]{32}")


def valid_browser_id(value) -> str | None:
    """The id when it has the shape we issue (32 hex digits), else None: a forged or
    damaged cookie is treated as no cookie, never as someone's id."""
    return value if isinstance(value, str) and _ID.fullmatch(value) else None


def new_browser_id() -> str:
    return uuid.uuid4().hex


def set_cookie_header(browser_id: str, secure: bool) -> str:
    site = "SameSite=None; Secure; Partitioned" if secure else "SameSite=Lax"
    return f"{COOKIE}={browser_id}; Path=/; Max-Age={MAX_AGE}; HttpOnly; {site}"


def _is_https(scope) -> bool:
    if scope.get("scheme") == "https":
        return True
    for name, value in scope.get("headers") or ():
        if name == b"x-forwarded-proto":
            return value.decode("latin-1").split(",")[0].strip().lower() == "https"
    return False


class BrowserIdMiddleware:
    """Pure ASGI: adds the browser-id cookie to HTML responses that lack it (not to
    scripts, images or the API, so parallel asset requests never race to set two ids)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        raw = next((v.decode("latin-1") for k, v in scope.get("headers") or () if k == b"cookie"), "")
        if valid_browser_id(cookie_parser(raw).get(COOKIE)):
            await self.app(scope, receive, send)
            return
        header = set_cookie_header(new_browser_id(), _is_https(scope))

        async def send_with_cookie(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if headers.get("content-type", "").startswith("text/html"):
                    headers.append("set-cookie", header)
            await send(message)

        await self.app(scope, receive, send_with_cookie)

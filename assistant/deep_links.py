"""A typed deep link (`/knowledge?section=…`, `/intake?embed=true`) connects without a 404.

Streamlit's frontend does not know where the app's root is. Opened at `/<page>` it
first probes `/<page>/_stcore/health` and `/<page>/_stcore/host-config`, which
Streamlit reserves as 404s (streamlit/streamlit#7074), then the parent path; the
browser logs each 404 as a console error. Answering those probes would be worse: the
frontend would take `/<page>` for the root, open the default page instead of the
linked one and look for its WebSocket under `/<page>`.

Streamlit's own switch is `window.__streamlit.BACKEND_BASE_URL`, read once when its
bundle loads. The server knows where the root is relative to each document it serves,
so a page's HTML gets a one-line script setting it, as a path relative to the page
(so it survives a proxy that adds a prefix). The root document is left as it is: there
the frontend's first probe is already the right one. Nothing from the request is
written into the page: the script is a fixed string.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.datastructures import MutableHeaders

HEAD = b"<head>"
# Request headers dropped for a page request we may rewrite: the body must come
# uncompressed, and never as a 304 against a validator of the unrewritten file.
DROPPED_REQUEST_HEADERS = {b"accept-encoding", b"if-none-match", b"if-modified-since"}


def root_relative(path: str, base_url_path: str = "") -> str | None:
    """The app's root relative to the page at `path`: './' for `/knowledge` (a Streamlit
    page's URL is one path segment below the root). None for the root itself, for
    anything deeper (media, components, assets: never given the script) and for a path
    outside the app's `server.baseUrlPath`."""
    base = "/" + base_url_path.strip("/") if base_url_path.strip("/") else ""
    if base and not path.startswith(base + "/"):
        return None
    page = path[len(base) + 1:]
    return "./" if page and "/" not in page else None


def base_url_script(relative: str) -> bytes:
    """Sets Streamlit's backend base URL, keeping anything a host page set before."""
    return (b'<script>window.__streamlit=Object.assign({BACKEND_BASE_URL:new URL("' + relative.encode("ascii")
            + b'",location.href).href},window.__streamlit);</script>')


def inject(html: bytes, relative: str) -> bytes | None:
    """The page with the script as the first thing in <head>; None when it has no <head>."""
    at = html.find(HEAD)
    if at < 0:
        return None
    at += len(HEAD)
    return html[:at] + base_url_script(relative) + html[at:]


def _wants_html(scope) -> bool:
    for name, value in scope.get("headers") or ():
        if name == b"accept":
            return b"text/html" in value
    return False


class DeepLinkMiddleware:
    """Pure ASGI: a browser's GET for a page below the root gets Streamlit's HTML with
    the base-URL script; everything else (WebSockets, /_stcore, assets, the API, a
    HEAD, any non-HTML or non-200 answer) passes through untouched."""

    def __init__(self, app, base_url_path: Callable[[], str | None] | None = None):
        self.app = app
        self.base_url_path = base_url_path or (lambda: "")

    async def __call__(self, scope, receive, send):
        relative = None
        if scope["type"] == "http" and scope["method"] == "GET" and _wants_html(scope):
            relative = root_relative(scope["path"], self.base_url_path() or "")
        if relative is None:
            await self.app(scope, receive, send)
            return
        scope = dict(scope)
        scope["headers"] = [(k, v) for k, v in scope["headers"] if k not in DROPPED_REQUEST_HEADERS]
        scope["extensions"] = {k: v for k, v in (scope.get("extensions") or {}).items()
                               if k != "http.response.pathsend"}  # the body must pass through here
        await self.app(scope, receive, _Rewriter(send, relative).send)


class _Rewriter:
    """Holds back a 200 text/html response until its body is complete, then sends it
    with the script; any other response streams through as it comes."""

    def __init__(self, send, relative: str):
        self._send = send
        self._relative = relative
        self._start = None
        self._body = bytearray()

    async def send(self, message):
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            if (message["status"] == 200 and headers.get("content-type", "").startswith("text/html")
                    and "content-encoding" not in headers):
                self._start = message
                return
        elif message["type"] == "http.response.body" and self._start is not None:
            self._body += message.get("body", b"")
            if message.get("more_body", False):
                return
            await self._flush()
            return
        await self._send(message)

    async def _flush(self):
        start, body = self._start, bytes(self._body)
        self._start = None
        page = inject(body, self._relative)
        if page is not None:
            headers = MutableHeaders(scope=start)
            headers["content-length"] = str(len(page))
            headers.add_vary_header("Accept")  # a non-browser Accept gets the file as it is
            for validator in ("etag", "last-modified"):  # they describe the file, not this page
                if validator in headers:
                    del headers[validator]
            body = page
        await self._send(start)
        await self._send({"type": "http.response.body", "body": body, "more_body": False})

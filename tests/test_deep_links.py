"""A page opened by its URL is told where the app's root is (assistant/deep_links.py):
which documents get the script, what it says, and that nothing else is touched.

The middleware runs around a real Starlette app on Starlette's test client; the browser
side (no 404 probe, no console error, the linked section open) is in
test_deep_links_browser.py.
"""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from assistant.deep_links import DeepLinkMiddleware, base_url_script, inject, root_relative

PAGE = "<!DOCTYPE html><html><head><title>t</title></head><body>" + "x" * 2000 + "</body></html>"
BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8", "Accept-Encoding": "gzip"}


@pytest.mark.parametrize("path, base, expected", [
    ("/", "", None),                      # the root: the frontend's first probe is already right
    ("/knowledge", "", "./"),
    ("/intake", "", "./"),
    ("/knowledge/more", "", None),        # deeper: media, components, assets are not pages
    ("/media/abc.html", "", None),
    ("/knowledge/", "", None),            # Streamlit redirects it to /knowledge
    ("/assistant", "assistant", None),    # server.baseUrlPath: its root
    ("/assistant/", "/assistant/", None),
    ("/assistant/knowledge", "assistant", "./"),
    ("/assistant/media/x.html", "/assistant", None),
    ("/other/knowledge", "assistant", None),  # outside the app
    ("/assistantx/knowledge", "assistant", None),
])
def test_the_root_is_given_relative_to_the_document(path, base, expected):
    assert root_relative(path, base) == expected


def test_the_script_goes_first_in_head_and_keeps_what_a_host_set():
    page = inject(b"<html><head><title>t</title></head></html>", "./")
    assert page.startswith(b"<html><head><script>window.__streamlit=Object.assign({BACKEND_BASE_URL:new URL(\"./\"")
    assert page.endswith(b"},window.__streamlit);</script><title>t</title></head></html>")
    assert inject(b"<html><body>no head</body></html>", "./") is None


def app_with(base_url_path: str = "", gzip_inside: bool = True) -> TestClient:
    async def page(request):
        return HTMLResponse(PAGE, headers={"ETag": '"file"', "Last-Modified": "Thu, 01 Jan 2026 00:00:00 GMT",
                                           "Content-Security-Policy": "frame-ancestors 'self'"})

    async def data(request):
        return JSONResponse({"ok": True})

    async def missing(request):
        return HTMLResponse(PAGE, status_code=404)

    routes = [Route("/data", data), Route("/gone", missing), Route("/{path:path}", page, methods=["GET", "HEAD"])]
    inner = [Middleware(GZipMiddleware, minimum_size=100)] if gzip_inside else []  # as Streamlit's own gzip
    app = Starlette(routes=routes, middleware=[Middleware(DeepLinkMiddleware, base_url_path=lambda: base_url_path),
                                               *inner])
    return TestClient(app)


def test_a_page_below_the_root_gets_the_script_uncompressed_with_a_right_length():
    client = app_with()
    response = client.get("/knowledge?section=hidden-costs", headers={**BROWSER, "If-None-Match": '"file"'})
    assert response.status_code == 200  # never a 304 against the unrewritten file's validator
    assert base_url_script("./").decode() in response.text
    assert response.text.index("<script>") < response.text.index("<title>")
    assert "content-encoding" not in response.headers
    assert int(response.headers["content-length"]) == len(response.content)
    assert "etag" not in response.headers and "last-modified" not in response.headers
    assert "Accept" in response.headers["vary"]
    assert response.headers["content-security-policy"] == "frame-ancestors 'self'"  # other headers kept


def test_the_root_document_assets_the_api_a_head_and_errors_pass_through_untouched():
    client = app_with()
    root = client.get("/", headers=BROWSER)
    assert "__streamlit" not in root.text and root.headers["content-encoding"] == "gzip"
    assert client.get("/data", headers=BROWSER).json() == {"ok": True}
    gone = client.get("/gone", headers=BROWSER)
    assert gone.status_code == 404 and "__streamlit" not in gone.text
    head = client.head("/knowledge", headers=BROWSER)
    assert head.status_code == 200 and head.headers.get("etag") == '"file"'
    not_a_browser = client.get("/knowledge", headers={"Accept": "*/*", "Accept-Encoding": "gzip"})
    assert not_a_browser.headers["content-encoding"] == "gzip" and "__streamlit" not in not_a_browser.text
    script = client.get("/static/app.js", headers={"Accept": "*/*", "Accept-Encoding": "gzip"})
    assert script.headers["content-encoding"] == "gzip" and "__streamlit" not in script.text


def test_a_base_url_path_is_honoured():
    client = app_with("/assistant")
    assert base_url_script("./").decode() in client.get("/assistant/knowledge", headers=BROWSER).text
    assert "__streamlit" not in client.get("/assistant", headers=BROWSER).text
    assert "__streamlit" not in client.get("/elsewhere/knowledge", headers=BROWSER).text


def test_a_streamed_html_body_is_joined_before_the_script_goes_in():
    async def streamed(scope, receive, send):
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", b"30")]})
        for part, more in ((b"<html><he", True), (b"ad></head>", True), (b"</html>", False)):
            await send({"type": "http.response.body", "body": part, "more_body": more})

    response = TestClient(DeepLinkMiddleware(streamed)).get("/intake?embed=true", headers=BROWSER)
    assert response.content == b"<html><head>" + base_url_script("./") + b"</head></html>"
    assert int(response.headers["content-length"]) == len(response.content)


def test_a_response_without_head_is_sent_as_it_came():
    async def fragment(scope, receive, send):
        await Response(b"<p>hi</p>", media_type="text/html")(scope, receive, send)

    assert TestClient(DeepLinkMiddleware(fragment)).get("/x", headers=BROWSER).content == b"<p>hi</p>"

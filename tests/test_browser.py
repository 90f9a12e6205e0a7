"""End to end in a real browser: a portal page on another origin includes /widget.js,
the launcher opens the compact chat in a 400x600 iframe, a question gets a cited answer.

Uses Debian's Chromium (`apt-get install chromium`) driven by Playwright; no browser
is ever downloaded. Skipped when /usr/bin/chromium is absent.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from conftest import PROJECT
from test_api import free_port, start_server, stop_server

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = PROJECT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium "
                                "(apt-get install -y chromium); Playwright must not download a browser")


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    """The example portal page on its own origin, pointing at a fresh app server."""
    root = tmp_path_factory.mktemp("browser")
    portal_port = free_port()
    portal_origin = f"http://127.0.0.1:{portal_port}"
    proc, app_base = start_server(root, {"ASSISTANT_ALLOWED_ORIGINS": portal_origin})
    site = root / "site"
    site.mkdir()
    page = (PROJECT / "portal" / "index.html").read_text(encoding="utf-8")
    (site / "index.html").write_text(page.replace("http://localhost:8501", app_base), encoding="utf-8")
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", portal_port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"{portal_origin}/index.html", root
    finally:
        httpd.shutdown()
        stop_server(proc)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_portal_launcher_opens_the_embedded_chat_and_gets_a_cited_answer(portal):
    from playwright.sync_api import expect, sync_playwright

    from assistant.feedback import FeedbackStore

    portal_url, data_dir = portal

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(portal_url)
            launcher = page.locator("#framework-assistant-launcher")
            expect(launcher).to_be_visible(timeout=30_000)
            launcher.click()
            expect(launcher).to_have_attribute("aria-expanded", "true")

            frame_box = page.locator("#framework-assistant-frame").bounding_box()
            assert frame_box and round(frame_box["width"]) == 400 and round(frame_box["height"]) == 600

            chat = page.frame_locator("#framework-assistant-frame")
            box = chat.get_by_test_id("stChatInputTextArea")
            expect(box).to_be_visible(timeout=180_000)  # first start loads the model and builds the index
            expect(chat.get_by_test_id("stSidebarNav")).to_have_count(0)  # compact: no page navigation
            expect(chat.get_by_test_id("stToolbar")).to_have_count(0)  # ?embed=true hides Streamlit's chrome
            box.fill("What are the hidden costs of fine-tuning?")
            box.press("Enter")

            sources = chat.get_by_text("Sources (", exact=False)
            expect(sources.first).to_be_visible(timeout=120_000)
            expect(chat.get_by_text("[1]", exact=False).first).to_be_visible()

            # Thumbs up on the answer is stored in the app database.
            chat.get_by_test_id("stFeedbackButton").first.click()
            expect(chat.get_by_text("Thanks: your rating was saved.")).to_be_visible(timeout=30_000)
            assert [r["rating"] for r in FeedbackStore(data_dir / "app.db").rows()] == ["up"]
            expect(chat.get_by_text("Download conversation (Markdown)")).to_be_visible()

            sources.first.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "browser-answer.png"))
            assert not [e for e in errors if "frame-ancestors" in e or "Refused to frame" in e], errors
        finally:
            browser.close()

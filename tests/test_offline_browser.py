"""Nothing from the internet (issue 11 §6): every page, in a real browser that may reach
only loopback, loads without a console error, and nothing it asks for lies outside
this machine. The screenshots for the README (docs/images/) are taken here: the chat
with its sources, the intake result, and the assistant embedded in a portal page.

Same rules as test_browser.py: Debian's Chromium driven by Playwright, never a
downloaded browser; skipped when /usr/bin/chromium is absent.
"""

from __future__ import annotations

import contextlib
import shutil
from urllib.parse import urlsplit

import pytest

from conftest import PROJECT
from test_api import free_port, start_server, stop_server
from test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium "
                                "(apt-get install -y chromium); Playwright must not download a browser")

DOC_IMAGES = PROJECT / "docs" / "images"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
QUESTION = "What are the hidden costs of fine-tuning?"


class OfflineBrowser:
    """A Chromium page whose every non-loopback request is logged and refused, with the
    console errors and page errors it produced."""

    def __init__(self, browser, **page_options):
        self.page = browser.new_page(**page_options)
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: self.errors.append(f"console: {m.text} @ {m.location}")
                     if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))

    def _route(self, route):
        url = route.request.url
        if urlsplit(url).hostname in LOOPBACK:
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def assert_clean(self, where: str) -> None:
        assert not self.outside, f"{where}: requests outside this machine: {self.outside}"
        assert not self.errors, f"{where}: console errors: {self.errors}"


@contextlib.contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def save_screenshot(page, name: str, **options) -> None:
    """Into test-artifacts/ (every run) and docs/images/ (what the README shows)."""
    ARTIFACTS.mkdir(exist_ok=True)
    DOC_IMAGES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), **options)
    shutil.copyfile(ARTIFACTS / name, DOC_IMAGES / name)


def serve_portal(root, app_base: str, port: int):
    """portal/index.html, pointed at `app_base` through its one data-assistant-url, on its own origin."""
    import functools
    import http.server
    import threading

    from test_browser import QuietHandler

    site = root / f"site-{port}"
    site.mkdir()
    page = (PROJECT / "portal" / "index.html").read_text(encoding="utf-8")
    assert page.count('data-assistant-url="http://localhost:8501"') == 1  # the one place the address is set
    assert page.count("8501") == 1
    (site / "index.html").write_text(page.replace("http://localhost:8501", app_base), encoding="utf-8")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    root = tmp_path_factory.mktemp("offline-browser")
    portal_port = free_port()
    portal_origin = f"http://127.0.0.1:{portal_port}"
    proc, base = start_server(root, {"ASSISTANT_ALLOWED_ORIGINS": portal_origin})
    httpd = serve_portal(root, base, portal_port)
    try:
        yield base, f"{portal_origin}/index.html"
    finally:
        httpd.shutdown()
        stop_server(proc)


def test_every_page_loads_with_nothing_from_the_internet_and_no_console_error(app):
    from playwright.sync_api import expect

    base, _ = app
    with chromium() as browser:
        b = OfflineBrowser(browser, viewport={"width": 1280, "height": 1000})
        page = b.page
        page.goto(base + "/")
        expect(page.get_by_role("heading", name="Prompt engineering, RAG or fine-tuning?")).to_be_visible(timeout=60_000)
        expect(page.get_by_test_id("stChatInputTextArea")).to_be_visible(timeout=300_000)  # first start: index build
        b.assert_clean("Chat")

        # The other pages through the sidebar, as a visitor moves (pages opened by their
        # URL are tested in test_deep_links_browser.py).
        for title in ("Intake", "Costs", "Knowledge", "About"):
            page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
            expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible(timeout=60_000)
            page.wait_for_load_state("networkidle")
            b.assert_clean(title)

        # The compact embed, and its guided intake one link away.
        page.goto(base + "/?embed=true")
        expect(page.get_by_test_id("stChatInputTextArea")).to_be_visible(timeout=60_000)
        page.wait_for_load_state("networkidle")
        b.assert_clean("embed chat")
        page.get_by_role("link", name="Guided intake", exact=False).click()
        expect(page.get_by_role("heading", name="Intake", exact=True)).to_be_visible(timeout=60_000)
        page.wait_for_load_state("networkidle")
        assert "embed=true" in page.url
        b.assert_clean("embed intake")


def test_screenshots_of_the_chat_with_sources_and_the_intake_result(app):
    from playwright.sync_api import expect

    base, _ = app
    with chromium() as browser:
        b = OfflineBrowser(browser, viewport={"width": 1100, "height": 1300})
        page = b.page
        page.goto(base + "/")
        box = page.get_by_test_id("stChatInputTextArea")
        expect(box).to_be_visible(timeout=300_000)
        box.fill(QUESTION)
        box.press("Enter")
        sources = page.get_by_text("Sources", exact=False)
        expect(sources.first).to_be_visible(timeout=120_000)
        expander = page.get_by_test_id("stExpander").filter(has_text="Sources").first
        if expander.count() and expander.locator("details").get_attribute("open") is None:
            expander.locator("summary").click()
        expect(page.get_by_test_id("stChatMessage").last.get_by_text("[1]", exact=False).first).to_be_visible()
        page.wait_for_load_state("networkidle")
        save_screenshot(page, "chat-sources.png")
        b.assert_clean("chat with an answer")

        page.get_by_test_id("stSidebarNav").get_by_text("Intake", exact=True).click()
        expect(page.get_by_role("heading", name="Intake", exact=True)).to_be_visible(timeout=60_000)
        page.get_by_text("Form", exact=True).click()
        use_case = page.get_by_test_id("stTextArea").locator("textarea").first
        expect(use_case).to_be_visible(timeout=30_000)
        use_case.fill("Answer employees' questions from our HR policy pages, which change every week.")
        page.get_by_role("button", name="Get a recommendation").click()
        why = page.get_by_role("heading", name="Why", exact=True)
        expect(why).to_be_visible(timeout=120_000)
        label = why.locator("xpath=preceding::h3[1]")  # the recommendation, at the top of the result
        label.evaluate("e => e.scrollIntoView({block: 'start'})")
        page.wait_for_load_state("networkidle")
        save_screenshot(page, "intake-result.png")
        b.assert_clean("intake result")


def test_screenshot_of_the_assistant_embedded_in_a_portal_page(app):
    from playwright.sync_api import expect

    _, portal = app
    with chromium() as browser:
        b = OfflineBrowser(browser, viewport={"width": 1280, "height": 900})
        page = b.page
        page.goto(portal)
        launcher = page.locator("#framework-assistant-launcher")
        expect(launcher).to_be_visible(timeout=30_000)
        launcher.click()
        expect(page.locator("#framework-assistant-frame")).to_have_attribute("data-assistant-ready", "true",
                                                                               timeout=120_000)
        chat = page.frame_locator("#framework-assistant-frame")
        box = chat.get_by_test_id("stChatInputTextArea")
        expect(box).to_be_visible(timeout=300_000)
        box.fill(QUESTION)
        box.press("Enter")
        expect(chat.get_by_text("[1]", exact=False).first).to_be_visible(timeout=120_000)
        save_screenshot(page, "embed.png")
        b.assert_clean("portal with the widget open")

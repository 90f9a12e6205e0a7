"""The complete embed (issue 11 §3) in a real browser, on portal pages served from their
own origins: the widget panel closes with its button and with Esc (inside the frame
too) and gives the focus back; the guided intake is one link away inside the embed;
a portal that is not allowed gets a message naming the setting; and while the index
is still being built the chat says so instead of hanging.

The server starts with the index writer's lock held by this test (as a concurrent
`python -m assistant index` would hold it), so the start-up is reliably still
building when the first test looks; that test then lets it go.

Same rules as test_browser.py: Debian's Chromium driven by Playwright, never a
downloaded browser; skipped when /usr/bin/chromium is absent.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest
from filelock import FileLock

from test_api import free_port, start_server, stop_server
from test_browser import CHROMIUM
from test_offline_browser import OfflineBrowser, chromium, serve_portal

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium "
                                "(apt-get install -y chromium); Playwright must not download a browser")


@dataclass
class Site:
    app: str
    portal: str  # its origin is in ASSISTANT_ALLOWED_ORIGINS
    refused_portal: str  # its origin is not
    writer_lock: FileLock

    def let_the_index_build(self) -> None:
        if self.writer_lock.is_locked:
            self.writer_lock.release()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("embed-browser")
    (root / "chroma").mkdir()
    lock = FileLock(root / "chroma" / "fa-writer.lock")
    lock.acquire()
    allowed_port, refused_port = free_port(), free_port()
    portal_origin = f"http://127.0.0.1:{allowed_port}"
    proc, app_base = start_server(root, {"ASSISTANT_ALLOWED_ORIGINS": portal_origin})
    portals = [serve_portal(root, app_base, allowed_port), serve_portal(root, app_base, refused_port)]
    try:
        yield Site(app_base, f"{portal_origin}/index.html", f"http://127.0.0.1:{refused_port}/index.html", lock)
    finally:
        for httpd in portals:
            httpd.shutdown()
        stop_server(proc)
        if lock.is_locked:
            lock.release()


@pytest.fixture
def ready_site(site):
    site.let_the_index_build()
    return site


def test_until_the_index_is_built_the_chat_says_so_and_shows_progress(site):
    from playwright.sync_api import expect

    health = httpx.get(f"{site.app}/api/health", timeout=30)
    assert health.status_code == 200  # the API waits for the start-up rather than failing
    assert health.json()["status"] == "degraded" and health.json()["starting"]["stage"] == "indexing"
    assert health.json()["problems"][0].startswith("starting:")

    with chromium() as browser:
        b = OfflineBrowser(browser, viewport={"width": 400, "height": 600})
        page = b.page
        page.goto(f"{site.app}/?embed=true")
        expect(page.get_by_text("The assistant is starting: building the knowledge index", exact=False)).to_be_visible(
            timeout=60_000)
        expect(page.get_by_test_id("stProgress")).to_be_visible()
        expect(page.get_by_test_id("stChatInputTextArea")).to_have_count(0)

        site.let_the_index_build()
        expect(page.get_by_test_id("stChatInputTextArea")).to_be_visible(timeout=600_000)  # export + build
        expect(page.get_by_text("The assistant is starting", exact=False)).to_have_count(0)
        b.assert_clean("embed chat during start-up")
    body = httpx.get(f"{site.app}/api/health", timeout=30).json()
    assert body["status"] == "ok" and "starting" not in body, body


def test_the_widget_panel_closes_with_its_button_and_with_esc_and_gives_the_focus_back(ready_site):
    from playwright.sync_api import expect

    with chromium() as browser:
        b = OfflineBrowser(browser, viewport={"width": 1280, "height": 900})
        page = b.page
        page.goto(ready_site.portal)
        launcher = page.locator("#framework-assistant-launcher")
        panel = page.locator("#framework-assistant-panel")
        expect(launcher).to_be_visible(timeout=30_000)

        launcher.click()
        expect(panel).to_be_visible()
        frame = page.locator("#framework-assistant-frame")
        expect(frame).to_have_attribute("data-assistant-ready", "true", timeout=120_000)  # the app said it loaded
        box = frame.bounding_box()
        assert box and round(box["width"]) == 400 and round(box["height"]) == 600

        close = page.get_by_role("button", name="Close the assistant")  # its accessible name
        close.click()
        expect(panel).to_be_hidden()
        expect(launcher).to_have_attribute("aria-expanded", "false")
        expect(launcher).to_be_focused()

        launcher.click()
        expect(panel).to_be_visible()
        page.keyboard.press("Escape")  # focus on the portal page
        expect(panel).to_be_hidden()
        expect(launcher).to_be_focused()

        launcher.click()
        chat_box = page.frame_locator("#framework-assistant-frame").get_by_test_id("stChatInputTextArea")
        expect(chat_box).to_be_visible(timeout=120_000)
        chat_box.click()
        chat_box.press("Escape")  # focus inside the frame: the app asks the page to close the panel
        expect(panel).to_be_hidden()
        expect(launcher).to_be_focused()

        inline = page.locator("#inline-assistant")  # the portal's inline frame got its address from the widget
        expect(inline).to_have_attribute("src", f"{ready_site.app}/?embed=true")
        inline.scroll_into_view_if_needed()
        expect(inline).to_have_attribute("data-assistant-ready", "true", timeout=120_000)
        b.assert_clean("portal with the widget")


def test_the_intake_is_reached_from_the_embed_and_stays_compact(ready_site):
    from playwright.sync_api import expect

    with chromium() as browser:
        b = OfflineBrowser(browser, viewport={"width": 1280, "height": 900})
        page = b.page
        page.goto(ready_site.portal)
        page.locator("#framework-assistant-launcher").click()
        chat = page.frame_locator("#framework-assistant-frame")
        expect(chat.get_by_test_id("stChatInputTextArea")).to_be_visible(timeout=120_000)

        chat.get_by_role("link", name="Guided intake", exact=False).click()
        expect(chat.get_by_text("What should the model do?", exact=False)).to_be_visible(timeout=60_000)
        frame = page.frame(url=lambda url: "/intake" in url)
        assert frame is not None and "embed=true" in frame.url  # still the compact layout
        expect(chat.get_by_test_id("stSidebarNav")).to_have_count(0)

        chat.get_by_role("link", name="Back to the chat").click()
        expect(chat.get_by_test_id("stChatInputTextArea")).to_be_visible(timeout=60_000)
        b.assert_clean("intake inside the embed")


def test_a_portal_that_may_not_frame_the_assistant_is_told_which_setting_allows_it(ready_site):
    from playwright.sync_api import expect

    refused_origin = ready_site.refused_portal.rsplit("/", 1)[0]
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(ready_site.refused_portal)
        page.locator("#framework-assistant-launcher").click()
        notice = page.locator("#framework-assistant-panel").get_by_role("alert")
        expect(notice).to_be_visible(timeout=60_000)
        expect(notice).to_contain_text("ASSISTANT_ALLOWED_ORIGINS")
        expect(notice).to_contain_text(refused_origin)
        expect(page.locator("#framework-assistant-frame")).to_be_hidden()
        expect(notice.get_by_role("link", name="Open the assistant in a new tab")).to_have_attribute(
            "href", f"{ready_site.app}/")

        inline_notice = page.locator("#inline-assistant").locator("xpath=..").get_by_role("alert")
        inline_notice.scroll_into_view_if_needed()
        expect(inline_notice).to_contain_text("ASSISTANT_ALLOWED_ORIGINS", timeout=60_000)

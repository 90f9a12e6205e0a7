"""Deep links typed or pasted into the address bar (issue 11): each page opened
directly, never by a click, loads with no console error and no failed or refused
request (Streamlit used to probe `/<page>/_stcore/health` and `.../host-config` first,
two 404s; assistant/deep_links.py), and shows what the link names: the Knowledge
section open, the case note's tab chosen, the guided intake inside the compact embed.

Same rules as test_browser.py: Debian's Chromium driven by Playwright, never a
downloaded browser; skipped when /usr/bin/chromium is absent.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx
import pytest

from test_api import start_server, stop_server
from test_browser import CHROMIUM
from test_offline_browser import OfflineBrowser, chromium

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium "
                                "(apt-get install -y chromium); Playwright must not download a browser")


class StrictBrowser(OfflineBrowser):
    """OfflineBrowser (non-loopback requests refused, console and page errors kept) that
    also keeps every request that failed and every response with an error status."""

    def __init__(self, browser, **page_options):
        super().__init__(browser, **page_options)
        self.responses: list[str] = []
        self.page.on("requestfailed", lambda r: self.errors.append(f"request failed: {r.url} ({r.failure})"))
        self.page.on("response", self._response)

    def _response(self, response):
        self.responses.append(urlsplit(response.url).path)
        if response.status >= 400:
            self.errors.append(f"HTTP {response.status}: {response.url}")

    def settle_and_assert_clean(self, where: str) -> None:
        self.page.wait_for_load_state("networkidle")
        self.assert_clean(where)
        probes = [p for p in self.responses if p.endswith(("/_stcore/health", "/_stcore/host-config"))]
        assert probes and all(p in ("/_stcore/health", "/_stcore/host-config") for p in probes), probes


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    root = tmp_path_factory.mktemp("deep-links-browser")
    proc, base = start_server(root, {})
    try:
        with chromium() as browser:
            page = browser.new_page()  # the first page view waits out the index build
            page.goto(base + "/")
            page.get_by_test_id("stChatInputTextArea").wait_for(timeout=600_000)
            page.close()
            yield base, browser
    finally:
        stop_server(proc)


def test_a_framework_section_link_opens_that_section_in_view(app):
    from playwright.sync_api import expect

    base, browser = app
    b = StrictBrowser(browser, viewport={"width": 1280, "height": 900})
    page = b.page
    page.goto(f"{base}/knowledge?section=hidden-costs")
    section = page.locator(".st-key-section-hidden-costs")
    expect(section.locator("details")).to_have_attribute("open", "", timeout=120_000)
    expect(section.get_by_text("§5 Hidden costs of fine-tuning")).to_be_visible()
    expect(section.get_by_text("hidden-costs", exact=True)).to_be_visible()  # its id, shown in the open body
    expect(section).to_be_in_viewport()
    expect(page.get_by_role("tab", name="Framework")).to_have_attribute("aria-selected", "true")
    expect(page.locator(".st-key-section-closing details")).not_to_have_attribute("open", "")  # only the linked one
    assert urlsplit(page.url).path == "/knowledge"
    b.settle_and_assert_clean("/knowledge?section=hidden-costs")

    # The app found its real root: the sidebar goes to /intake, not /knowledge/intake.
    page.get_by_test_id("stSidebarNav").get_by_text("Intake", exact=True).click()
    expect(page.get_by_role("heading", name="Intake", exact=True)).to_be_visible(timeout=60_000)
    expect(page).to_have_url(f"{base}/intake")
    b.settle_and_assert_clean("Intake after the deep link")
    page.close()


def test_a_case_note_link_opens_the_case_notes_tab_and_the_note(app):
    from playwright.sync_api import expect

    base, browser = app
    b = StrictBrowser(browser, viewport={"width": 1280, "height": 900})
    page = b.page
    page.goto(f"{base}/knowledge?section=case-007")
    expect(page.get_by_role("tab", name="Case notes")).to_have_attribute("aria-selected", "true", timeout=120_000)
    note = page.locator(".st-key-section-case-007")
    expect(note.locator("details")).to_have_attribute("open", "")
    expect(note.get_by_text("Shipment exception email triage", exact=False).first).to_be_visible()
    expect(note).to_be_in_viewport()
    b.settle_and_assert_clean("/knowledge?section=case-007")

    page.reload()  # a reload is the same direct load again
    expect(page.locator(".st-key-section-case-007 details")).to_have_attribute("open", "", timeout=120_000)
    b.settle_and_assert_clean("reloaded case note link")
    page.close()


def test_the_embed_intake_opened_directly_is_the_compact_guided_intake(app):
    from playwright.sync_api import expect

    base, browser = app
    b = StrictBrowser(browser, viewport={"width": 400, "height": 600})
    page = b.page
    page.goto(f"{base}/intake?embed=true")
    expect(page.get_by_text("What should the model do?", exact=False)).to_be_visible(timeout=120_000)
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)  # still the compact layout
    expect(page.get_by_role("link", name="Back to the chat")).to_be_visible()
    assert urlsplit(page.url).path == "/intake" and "embed=true" in page.url
    b.settle_and_assert_clean("/intake?embed=true")

    page.get_by_role("link", name="Back to the chat").click()
    expect(page.get_by_test_id("stChatInputTextArea")).to_be_visible(timeout=60_000)
    expect(page).to_have_url(f"{base}/?embed=true")
    b.settle_and_assert_clean("embed chat after the intake")
    page.close()


@pytest.mark.parametrize("path, heading", [("/intake", "Intake"), ("/costs", "Costs"), ("/about", "About"),
                                           ("/knowledge", "Knowledge")])
def test_every_reading_page_opens_directly_without_an_error(app, path, heading):
    from playwright.sync_api import expect

    base, browser = app
    b = StrictBrowser(browser, viewport={"width": 1280, "height": 900})
    b.page.goto(base + path)
    expect(b.page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=120_000)
    b.settle_and_assert_clean(path)
    b.page.close()


def test_the_rewritten_page_keeps_the_host_check_and_the_security_headers(app):
    base, _ = app
    html = {"Accept": "text/html"}
    page = httpx.get(f"{base}/knowledge", headers=html, timeout=60)
    assert page.status_code == 200 and "BACKEND_BASE_URL" in page.text
    assert page.headers["content-security-policy"].startswith("frame-ancestors 'self'")
    assert "assistant_browser=" in page.headers.get("set-cookie", "")
    assert int(page.headers["content-length"]) == len(page.content)
    refused = httpx.get(f"{base}/knowledge", headers={**html, "Host": "evil.example"}, timeout=60)
    assert refused.status_code == 421 and "BACKEND_BASE_URL" not in refused.text
    assert httpx.get(f"{base}/knowledge/_stcore/health", timeout=60).status_code == 404  # no new path answers

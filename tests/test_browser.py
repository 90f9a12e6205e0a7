"""End to end in a real browser: a portal page on another origin includes /widget.js,
the launcher opens the compact chat in a 400x600 iframe, a question gets a cited answer.

Uses Debian's Chromium (`apt-get install chromium`) driven by Playwright; no browser
is ever downloaded. Skipped when /usr/bin/chromium is absent.
"""

from __future__ import annotations

import functools
import http.server
import re
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


# -- the chat page: saved conversations and citations --------------------------------------------
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def loopback_only(context) -> list[str]:
    """Abort every request that leaves the machine; returns the list of what was tried, so a
    test can also fail on it (the app must work offline: fonts, icons and scripts included)."""
    from urllib.parse import urlsplit

    blocked: list[str] = []

    def route(r):
        url = r.request.url
        if urlsplit(url).scheme in ("data", "blob") or urlsplit(url).hostname in LOOPBACK_HOSTS:
            r.continue_()
        else:
            blocked.append(url)
            r.abort()

    context.route("**/*", route)
    return blocked


def console_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"{m.text} ({m.location.get('url', '')})") if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


@pytest.fixture(scope="module")
def chat_app(tmp_path_factory):
    root = tmp_path_factory.mktemp("chat-browser")
    proc, base = start_server(root, {})
    try:
        yield base
    finally:
        stop_server(proc)


CAPTION_COLOURS_JS = """() => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const [r, g, b, a = 1] = parse(getComputedStyle(e).backgroundColor);
      if (a > 0) return [r, g, b];
    }
    return [255, 255, 255];
  };
  return Array.from(document.querySelectorAll('[data-testid=stCaptionContainer]')).map((el) => {
    let opacity = 1;
    for (let e = el; e; e = e.parentElement) opacity *= parseFloat(getComputedStyle(e).opacity);
    const [r, g, b, a = 1] = parse(getComputedStyle(el).color);
    return {text: el.textContent.slice(0, 60), colour: [r, g, b], alpha: a * opacity, background: background(el)};
  });
}"""


def test_a_conversation_survives_a_reload_and_its_citation_links_jump_to_the_cards(chat_app):
    from playwright.sync_api import expect, sync_playwright

    from test_contrast import AA, contrast, over

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 560})
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=chat_app)
            blocked = loopback_only(context)
            page = context.new_page()
            errors = console_errors(page)
            page.goto(chat_app)
            box = page.get_by_test_id("stChatInputTextArea")
            expect(box).to_be_visible(timeout=180_000)
            box.fill("When should we fine-tune instead of using RAG?")
            box.press("Enter")
            expect(page.get_by_text("Sources (2)")).to_be_visible(timeout=120_000)
            # The conversation is saved after the answer is drawn, so the address follows a moment later.
            expect(page, "the open conversation is in the address, for a reload").to_have_url(re.compile(r"\?c="))
            sidebar = page.get_by_test_id("stSidebar")
            expect(sidebar.get_by_role("button", name="When should we fine-tune instead of using RAG?")).to_be_visible()

            # [2] in the answer is a link to its card further down; following it brings the card into view.
            marker = page.locator("a[href^='#source-']").filter(has_text="[2]").first
            target = marker.get_attribute("href")[1:]
            card = page.locator(f".st-key-card-{target}")  # the card's box (the id is on an empty span in it)
            expect(page.locator(f"[id='{target}']")).to_have_count(1)
            # The chat keeps itself scrolled to the bottom, where the last card may already show; start from the
            # question at the top of the conversation, so the jump has somewhere to go.
            question = page.get_by_test_id("stChatMessage").first
            for _ in range(20):  # the chat's own scroll to the bottom may land after ours: scroll again until it holds
                question.evaluate("e => e.scrollIntoView({block: 'start'})")
                page.wait_for_timeout(250)
                if not card.evaluate("e => { const r = e.getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight; }"):
                    break
            expect(card).not_to_be_in_viewport()
            marker.click()
            expect(card).to_be_in_viewport()
            expect(page).to_have_url(re.compile(re.escape("#" + target) + "$"))
            cited = page.locator(".stMarkdownColoredBackground")
            assert cited.count() >= 2, "the cited sentences are highlighted in their sections"
            link = page.get_by_role("link", name="Open this section on the Knowledge page ↗").first
            assert link.get_attribute("href").startswith("knowledge?section=")

            # Copy puts the answer on the clipboard.
            page.get_by_role("button", name="Copy the answer").first.click()
            expect(page.get_by_text("Copied").first).to_be_visible()
            assert "Use fine-tuning when" in page.evaluate("navigator.clipboard.readText()")

            # Captions as rendered (colour × opacity over their real background) reach AA contrast.
            for caption in page.evaluate(CAPTION_COLOURS_JS):
                seen = over(caption["colour"], caption["background"], caption["alpha"])
                assert contrast(seen, caption["background"]) >= AA, caption

            page.screenshot(path=str(ARTIFACTS / "browser-chat-sources.png"))

            page.reload()
            expect(page.get_by_text("Sources (2)")).to_be_visible(timeout=60_000)
            expect(page.get_by_test_id("stChatMessage")).to_have_count(2)
            expect(sidebar.get_by_role("button", name="When should we fine-tune instead of using RAG?")).to_be_visible()

            # The same address in another browser (no cookie: another owner) shows nothing of it.
            stranger_context = browser.new_context()
            stranger_blocked = loopback_only(stranger_context)
            stranger = stranger_context.new_page()
            stranger_errors = console_errors(stranger)
            stranger.goto(page.url.split("#")[0])
            expect(stranger.get_by_text("That conversation is not available", exact=False)).to_be_visible(timeout=60_000)
            expect(stranger.get_by_test_id("stChatMessage")).to_have_count(0)
            assert blocked == [] and stranger_blocked == [], (blocked, stranger_blocked)
            assert errors == [] and stranger_errors == [], (errors, stranger_errors)
        finally:
            browser.close()

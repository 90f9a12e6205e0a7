"""Editors sign in, visitors read, in a real browser against a real OIDC provider.

The app runs as `streamlit run app.py` with an `[auth]` table pointing at the loopback
provider in tests/oidc_provider.py (Authlib's server side); Chromium clicks Sign in, the
provider's login form picks the account, Streamlit's own st.login completes the code
flow. Nothing is patched. The editor drafts, previews and publishes a note and the chat
cites it; a signed-in reader and a signed-out visitor find no write path, and typed
URLs of editor pages say "Editors only".
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import httpx
import pytest

from conftest import KNOWLEDGE, PROJECT
from oidc_provider import Provider
from test_api import free_port, stop_server
from test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium "
                                "(apt-get install -y chromium); Playwright must not download a browser")

EDITOR_GROUP = "kb-editors"
NOTE_BODY = ("## Situation\n\nAn appliance maker wanted to fine-tune a model to sort warranty claims by defect code "
             "across compressor, gasket and thermostat failures.\n\n## What we recommended and why\n\n"
             "- Prompt engineering with twenty labelled examples first\n- The claim volume did not justify "
             "*training*\n\n## Outcome\n\nNine in ten warranty claims were routed to the right defect code and the "
             "fine-tuning budget was deferred. <img src=x onerror=alert(1)> [click](https://evil.example/)")


@pytest.fixture(scope="module")
def provider():
    p = Provider().start()
    yield p
    p.stop()


@pytest.fixture(scope="module")
def app(tmp_path_factory, provider):
    """The app with sign-in configured (its own secrets.toml, passed with
    --secrets.files), editors = the provider group kb-editors, over a knowledge copy."""
    root = tmp_path_factory.mktemp("roles-browser")
    knowledge = root / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    secrets_file = root / "secrets.toml"
    secrets_file.write_text(provider.secrets_toml(f"{base}/oauth2callback"), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AZURE_OPENAI_", "ASSISTANT_"))}
    env.update({"ASSISTANT_DATA_DIR": str(root / "data"), "ASSISTANT_KNOWLEDGE_DIR": str(knowledge),
                "ASSISTANT_EDITORS": EDITOR_GROUP, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"})
    (root / "data").mkdir()
    log = open(root / "server.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                             "--server.headless", "true", "--server.address", "127.0.0.1",
                             "--secrets.files", str(secrets_file)],
                            cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    try:
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start: {(root / 'server.log').read_text()[-2000:]}")
            try:
                if httpx.get(f"{base}/api/health", timeout=60).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        yield base, root
    finally:
        stop_server(proc)
        log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def sign_in(page, base: str, email: str, groups: str) -> None:
    from playwright.sync_api import expect

    page.goto(base)
    button = page.get_by_role("button", name="Sign in")
    expect(button).to_be_visible(timeout=180_000)
    button.click()
    page.locator("#email").fill(email)  # the provider's own login form
    page.locator("#groups").fill(groups)
    page.locator("#sign-in").click()
    signed_in = page.get_by_text("Signed in as", exact=False)
    expect(signed_in).to_be_visible(timeout=60_000)
    assert email in signed_in.inner_text().replace("\u2060", "")  # names render inert: a word joiner before the @


def assert_no_write_path(page, base: str) -> None:
    """Nothing to add, re-index, publish or export; editor pages refuse a typed URL."""
    from playwright.sync_api import expect

    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_role("link", name="Knowledge", exact=True)).to_be_visible(timeout=60_000)
    for editor_page in ("Drafts", "Audit log"):
        expect(nav.get_by_role("link", name=editor_page, exact=True)).to_have_count(0)
    page.goto(f"{base}/knowledge")
    expect(page.get_by_role("tab", name="Case notes")).to_be_visible(timeout=120_000)
    expect(page.get_by_role("tab", name="Add a case note")).to_have_count(0)
    expect(page.get_by_role("tab", name="Index")).to_have_count(0)
    for label in ("Re-index", "Save as draft", "Save the uploaded note as a draft", "Publish", "Unpublish",
                  "Delete draft", "Export feedback (CSV)"):
        expect(page.get_by_role("button", name=label, exact=True)).to_have_count(0)
    expect(page.get_by_test_id("stFileUploader")).to_have_count(0)
    for path in ("drafts", "audit-log"):
        page.goto(f"{base}/{path}")
        expect(page.get_by_text("Editors only", exact=False)).to_be_visible(timeout=60_000)
        expect(page.get_by_role("button", name="Publish")).to_have_count(0)
        expect(page.get_by_test_id("stDataFrame")).to_have_count(0)


def test_a_signed_out_visitor_reads_but_cannot_write(app, browser):
    from playwright.sync_api import expect

    base, _ = app
    page = browser.new_context().new_page()
    page.goto(base)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=180_000)
    assert_no_write_path(page, base)
    page.context.close()


def test_a_signed_in_reader_cannot_write(app, browser, provider):
    base, _ = app
    page = browser.new_context().new_page()
    sign_in(page, base, "reader@example.com", "staff")
    assert provider.sign_ins[-1] == "reader@example.com"  # the code flow ran at the provider
    assert_no_write_path(page, base)
    page.context.close()


def test_an_editor_drafts_previews_and_publishes_and_the_chat_cites_it(app, browser, provider):
    from playwright.sync_api import expect

    from assistant.audit import AuditLog
    from assistant.db import open_database

    base, root = app
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(page, base, "editor@example.com", f"staff, {EDITOR_GROUP}")
    expect(page.get_by_text("(editor)", exact=False)).to_be_visible()

    # Draft: the form on the Knowledge page; the tab stays open after the submit.
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Knowledge", exact=True).click()
    add_tab = page.get_by_role("tab", name="Add a case note")
    expect(add_tab).to_be_visible(timeout=180_000)  # the first page view may still be building the index
    add_tab.click()
    page.get_by_role("textbox", name="Title", exact=True).fill("Warranty claims triage")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_text("Please fix", exact=False)).to_be_visible(timeout=60_000)  # all problems at once
    expect(page.get_by_text("Add the industry.").first).to_be_visible()
    expect(page.get_by_role("tab", name="Add a case note")).to_have_attribute("aria-selected", "true")
    page.get_by_role("textbox", name="Industry", exact=True).fill("Manufacturing")
    page.get_by_role("textbox", name="Outcome (one or two sentences)").fill(
        "A prompted model routed nine in ten warranty claims correctly; training was deferred.")
    page.get_by_role("textbox", name="The note", exact=False).fill(NOTE_BODY)
    sections = page.get_by_test_id("stMultiSelect")
    sections.click()
    page.get_by_role("option", name="reason-narrow-task").click()
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_text("Saved case-015 as a draft", exact=False)).to_be_visible(timeout=60_000)
    expect(page.get_by_role("tab", name="Add a case note")).to_have_attribute("aria-selected", "true")
    assert (root / "data" / "drafts" / "case-015.md").exists()
    assert not list((root / "knowledge" / "cases").glob("case-015*"))  # a draft is not in the knowledge folder

    # Preview on the Drafts page: the citation card, the sections, the note rendered safely.
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Drafts", exact=True).click()
    expect(page.get_by_text("How the chat will cite it")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("[n] Case 015: Warranty claims triage")).to_be_visible()
    expect(page.get_by_role("heading", name="What we recommended and why")).to_be_visible()
    expect(page.locator("li", has_text="Prompt engineering with twenty labelled examples first")).to_be_visible()
    main = page.get_by_test_id("stMain")
    expect(main.locator("img[src='x']")).to_have_count(0)
    expect(main.locator("a[href^='https://evil.example']")).to_have_count(0)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "draft-preview.png"), full_page=True)

    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("Published case-015", exact=False)).to_be_visible(timeout=180_000)
    assert list((root / "knowledge" / "cases").glob("case-015-*.md"))

    # The chat cites the published note.
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Chat", exact=True).click()
    box = page.get_by_test_id("stChatInputTextArea")
    expect(box).to_be_visible(timeout=120_000)
    box.fill("Have we handled warranty claims triage before?")
    box.press("Enter")
    expect(page.get_by_text("Sources (", exact=False).first).to_be_visible(timeout=120_000)
    page.get_by_text("Sources (", exact=False).first.click()
    expect(page.get_by_text("case-015", exact=False).first).to_be_visible(timeout=30_000)

    # The audit log page lists who published what, with the file's hash.
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Audit log", exact=True).click()
    expect(page.get_by_test_id("stDataFrame")).to_be_visible(timeout=60_000)
    entries = AuditLog(open_database(root / "data" / "app.db")).entries()
    published = [e for e in entries if e["action"] == "case_note.published"]
    assert published and published[0]["actor"] == "editor@example.com" and published[0]["target"] == "case-015"
    assert len(published[0]["details"]["sha256"]) == 64
    assert not dialogs, dialogs  # no script from the note ever ran
    context.close()


@pytest.mark.parametrize("path", ["/", "/knowledge", "/api/health", "/api/openapi.json", "/_stcore/health"])
def test_the_loopback_server_refuses_a_foreign_host(app, path):
    """DNS rebinding: a page on evil.example resolving to 127.0.0.1 reaches the port, but
    its requests carry its own Host and are refused, UI and API alike."""
    base, _ = app
    assert httpx.get(base + path, headers={"Host": "localhost"}, timeout=60).status_code == 200
    refused = httpx.get(base + path, headers={"Host": "evil.example"}, timeout=60)
    assert refused.status_code == 421 and "loopback only" in refused.text


def test_the_loopback_server_refuses_a_websocket_for_a_foreign_host(app):
    """The UI's own channel (/_stcore/stream) is refused before the upgrade."""
    import base64

    base, _ = app
    upgrade = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode()}
    assert httpx.get(f"{base}/_stcore/stream", headers={**upgrade, "Host": "127.0.0.1"}, timeout=30).status_code == 101
    refused = httpx.get(f"{base}/_stcore/stream", headers={**upgrade, "Host": "evil.example"}, timeout=30)
    assert refused.status_code == 421

"""The feedback export on the Insights page (issue 10 §4), in a real browser: an editor
signed in through the loopback OIDC provider (tests/oidc_provider.py) clicks the CSV
download, and the file Chromium saved is read back with Python's csv module. A question
starting with `=1+1` arrives as text, a bare CR inside a question does not split its
row, and the export is in the audit log under the editor's name. A signed-in reader and
a signed-out visitor find no Insights page and no download, even by typing its URL.

Same rules as test_roles_browser.py: `streamlit run app.py` with its own `[auth]`
secrets, Debian's Chromium driven by Playwright, nothing patched.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import time

import httpx
import pytest

from conftest import PROJECT
from oidc_provider import Provider
from test_api import free_port, stop_server
from test_browser import CHROMIUM, CHROMIUM_ARGS
from test_roles_browser import sign_in

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium "
                                "(apt-get install -y chromium); Playwright must not download a browser")

EDITOR = "insights-editor@example.com"
READER = "insights-reader@example.com"
FORMULA = "=1+1 and then =HYPERLINK(\"https://evil.example\")"
WITH_CR = "first line\rsecond line of the same question"
EXPORT_BUTTON = "Export feedback (CSV)"


@pytest.fixture(scope="module")
def provider():
    p = Provider().start()
    yield p
    p.stop()


@pytest.fixture(scope="module")
def app(tmp_path_factory, provider):
    """The app with sign-in configured and one editor, named by email in ASSISTANT_EDITORS."""
    root = tmp_path_factory.mktemp("insights-browser")
    (root / "data").mkdir()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    secrets_file = root / "secrets.toml"
    secrets_file.write_text(provider.secrets_toml(f"{base}/oauth2callback"), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AZURE_OPENAI_", "ASSISTANT_"))}
    env.update({"ASSISTANT_DATA_DIR": str(root / "data"), "ASSISTANT_EDITORS": EDITOR,
                "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"})
    log = open(root / "server.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                             "--server.headless", "true", "--server.address", "127.0.0.1",
                             "--secrets.files", str(secrets_file)],
                            cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 900  # a first start builds the index
    try:
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start: {(root / 'server.log').read_text()[-2000:]}")
            try:
                health = httpx.get(f"{base}/api/health", timeout=60)
                if health.status_code == 200 and "starting" not in health.json():  # the index is built
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        seed_feedback(root / "data" / "app.db")
        yield base, root
    finally:
        stop_server(proc)
        log.close()


def seed_feedback(database) -> None:
    """Three ratings, as readers' thumbs left them (the server has migrated the database)."""
    from assistant.feedback import FeedbackStore

    store = FeedbackStore(database)
    store.record(FORMULA, "An answer.", [{"n": 1, "section_id": "rag"}], rating="down", reason="not_answered")
    store.record(WITH_CR, "Another\ranswer.", [{"n": 1, "section_id": "hidden-costs"}], rating="up")
    store.record("What does fine-tuning cost?", "-2 is not a cost", [], rating="down", reason="other",
                 comment="@SUM(A1) please")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def exports(root) -> list[dict]:
    from assistant.audit import AuditLog
    from assistant.db import open_database

    return AuditLog(open_database(root / "data" / "app.db")).entries(action="feedback.exported")


def test_an_editor_downloads_the_feedback_csv_intact_inert_and_audited(app, browser, tmp_path):
    from playwright.sync_api import expect

    from assistant.feedback import EXPORT_COLUMNS

    base, root = app
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    sign_in(page, base, EDITOR, "staff")
    expect(page.get_by_text("(editor)", exact=False)).to_be_visible()

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Insights", exact=True).click()
    expect(page.get_by_role("heading", name="Insights", exact=True)).to_be_visible(timeout=180_000)
    page.get_by_role("tab", name="Export").click(timeout=120_000)
    expect(page.get_by_text("3 ratings with their questions", exact=False)).to_be_visible(timeout=60_000)
    button = page.get_by_role("button", name=EXPORT_BUTTON)
    expect(button).to_be_visible()
    assert exports(root) == []  # building the page exports nothing

    with page.expect_download(timeout=120_000) as download:
        button.click()
    assert download.value.suggested_filename == "feedback.csv"
    saved = tmp_path / "feedback.csv"
    download.value.save_as(saved)
    raw = saved.read_bytes()

    assert b"\r" not in raw.replace(b"\r\n", b"")  # CR only as the row terminator
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert rows[0] == list(EXPORT_COLUMNS)
    assert len(rows) == 4 and all(len(row) == len(EXPORT_COLUMNS) for row in rows)  # no row split
    by_column = [dict(zip(EXPORT_COLUMNS, row)) for row in rows[1:]]
    formula, with_cr, other = by_column
    assert formula["question"] == "'" + FORMULA  # shown as text, never run
    assert formula["rating"] == "down" and formula["reason"] == "not_answered" and formula["citations"] == "[1] rag"
    assert with_cr["question"] == "first line\nsecond line of the same question"
    assert with_cr["answer"] == "Another\nanswer." and with_cr["citations"] == "[1] hidden-costs"
    assert other["answer"] == "'-2 is not a cost" and other["comment"] == "'@SUM(A1) please"
    for row in by_column:
        assert not any(cell and cell[0] in "=+-@\t\r" for cell in row.values()), row

    entries = exports(root)
    assert len(entries) == 1, entries
    assert entries[0]["actor"] == EDITOR and entries[0]["target"] == "feedback.csv"
    assert entries[0]["details"] == {"rows": 3}
    context.close()


def assert_no_insights(page, base: str) -> None:
    """Not listed, and its typed URL renders "Editors only" and nothing of the page."""
    from playwright.sync_api import expect

    page.goto(f"{base}/insights")
    expect(page.get_by_text("Editors only", exact=False)).to_be_visible(timeout=120_000)
    expect(page.get_by_role("heading", name="Insights", exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name=EXPORT_BUTTON)).to_have_count(0)
    expect(page.get_by_test_id("stDownloadButton")).to_have_count(0)
    expect(page.get_by_role("tab", name="Export")).to_have_count(0)
    expect(page.get_by_text("ratings with their questions", exact=False)).to_have_count(0)
    expect(page.get_by_test_id("stSidebarNav").get_by_role("link", name="Insights", exact=True)).to_have_count(0)


def test_a_signed_in_reader_has_no_insights_page_and_no_download(app, browser):
    from playwright.sync_api import expect

    base, root = app
    before = len(exports(root))
    page = browser.new_context().new_page()
    sign_in(page, base, READER, "staff")
    expect(page.get_by_text("(reader)", exact=False)).to_be_visible()
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_role("link", name="Knowledge", exact=True)).to_be_visible(timeout=60_000)
    expect(nav.get_by_role("link", name="Insights", exact=True)).to_have_count(0)
    assert_no_insights(page, base)
    assert len(exports(root)) == before
    page.context.close()


def test_a_signed_out_visitor_typing_the_insights_url_gets_editors_only(app, browser):
    base, root = app
    before = len(exports(root))
    page = browser.new_context().new_page()
    assert_no_insights(page, base)
    assert len(exports(root)) == before
    page.context.close()

"""The Costs page in a real browser: the team's numbers typed into the worksheet, the
stacked bar chart drawn by Vega, a screenshot for the README (test-artifacts/).

Same rules as test_browser.py: Debian's Chromium driven by Playwright, never a
downloaded browser; skipped when /usr/bin/chromium is absent.
"""

from __future__ import annotations

import pytest

from conftest import PROJECT
from test_api import start_server, stop_server
from test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from test_costs import FULL

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium "
                                "(apt-get install -y chromium); Playwright must not download a browser")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    root = tmp_path_factory.mktemp("costs-browser")
    proc, base = start_server(root, {})
    try:
        yield base
    finally:
        stop_server(proc)


def test_the_worksheet_draws_the_stacked_chart(app):
    from playwright.sync_api import expect, sync_playwright

    from assistant.costs import field_title, field_unit

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{app}/costs")
            expect(page.get_by_role("heading", name="Costs", exact=True)).to_be_visible(timeout=120_000)
            expect(page.get_by_text("Fill in some numbers to see the chart.")).to_be_visible(timeout=60_000)

            currency = page.get_by_test_id("stTextInputField")
            currency.fill("EUR")
            currency.press("Enter")
            for field, value in FULL.items():
                if field in ("horizon_months", "currency"):
                    continue
                unit = field_unit(field).replace("currency", "EUR")
                box = page.get_by_role("spinbutton", name=f"{field_title(field)} ({unit})", exact=True)
                expect(box).to_have_attribute("placeholder", unit)
                box.fill(str(value))
                box.press("Enter")

            chart = page.get_by_test_id("stVegaLiteChart").first
            expect(chart).to_be_visible(timeout=60_000)
            # Each Enter reruns the script and may redraw the chart, so the drawn element can be
            # replaced between two looks at it: wait until one drawing of the right size is seen.
            drawn = chart.locator("canvas, svg").first
            page.wait_for_function(
                """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"] canvas,'
                          + '[data-testid="stVegaLiteChart"] svg')]
                        .some(el => { const r = el.getBoundingClientRect();
                                      return r.width > 200 && r.height > 150; })""",
                timeout=60_000)
            expect(drawn).to_be_visible(timeout=60_000)
            expect(page.get_by_text("Break-even volume", exact=False)).to_be_visible()
            expect(page.get_by_text("incomplete", exact=False)).to_have_count(0)  # every total is known

            page.get_by_test_id("stDataFrame").first.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "costs-worksheet.png"), full_page=False)
            chart.screenshot(path=str(ARTIFACTS / "costs-chart.png"))
            assert not errors, errors
        finally:
            browser.close()
    assert (PROJECT / "test-artifacts" / "costs-worksheet.png").stat().st_size > 10_000

"""The Costs page under AppTest: from an intake result into a pre-filled worksheet, the
team's numbers to totals, a stacked chart, downloads, and inline errors for bad numbers."""

from __future__ import annotations

import csv
import io
import json

import pytest
from streamlit.testing.v1 import AppTest

from conftest import PROJECT, offline_page_assistant
from test_costs import FULL

UI = PROJECT / "assistant" / "ui"
USE_CASE = "Tag incoming support tickets with the product line they are about"


@pytest.fixture(scope="module", autouse=True)
def shared_assistant(tmp_path_factory, embedder):
    yield from offline_page_assistant(tmp_path_factory, embedder, "ui-costs-data")


def ok(at: AppTest) -> AppTest:
    assert not at.exception, at.exception
    return at


def intake_to_costs() -> AppTest:
    """The whole app (main.py's navigation): intake form → result → "Cost these options"."""
    at = ok(AppTest.from_file(str(UI / "main.py"), default_timeout=180).run())
    ok(at.switch_page("intake.py").run())
    ok(at.segmented_control(key="intake_mode").set_value("Form").run())
    at.text_area(key="intake_form_use_case").set_value(USE_CASE)
    at.selectbox(key="intake_form_task_type").set_value("classification")
    at.number_input(key="intake_form_daily_volume").set_value(200_000)
    at.selectbox(key="intake_form_knowledge_change").set_value("weekly")
    ok(at.button(key="intake_form_submit").click().run())
    ok(at.button(key="intake_form_costs").click().run())
    assert [t.value for t in at.title] == ["Costs"]  # st.switch_page took us there
    at.switch_page("costs.py")  # AppTest's own record of the page, so the next runs stay here
    return at


def chart_spec(at: AppTest) -> dict | None:
    charts = at.get("vega_lite_chart")
    return json.loads(charts[0].proto.spec) if charts else None


def totals(at: AppTest) -> dict[str, float | None]:
    frame = at.dataframe[0].value
    return {row["Option"].split("  ←")[0]: (None if row["Total"] != row["Total"] else row["Total"])
            for row in frame.to_dict("records")}


def test_the_intake_result_fills_the_worksheet_and_the_record_includes_it():
    at = intake_to_costs()
    # Pre-filled from the intake answers, and it says so.
    assert at.number_input(key="costs_in_requests_per_day").value == 200_000
    assert at.number_input(key="costs_in_knowledge_updates_per_year").value == 52
    notes = [c.value for c in at.caption if "Pre-filled from the intake" in c.value]
    assert len(notes) == 2 and any("daily volume: 200,000" in n for n in notes)
    assert any("Pre-filled from the intake" in i.value for i in at.info)
    # Everything else starts empty: no invented defaults, no totals.
    empty = [n for n in at.number_input if n.key and n.key.startswith("costs_in_") and n.value is None]
    assert len(empty) == len(FULL) - 2 - 2  # minus horizon/currency and the two pre-filled fields
    assert all(v is None for v in totals(at).values())

    # The team's own numbers → totals, chart, downloads.
    at.text_input(key="costs_currency").set_value("eur")
    for field, value in FULL.items():
        if field not in ("horizon_months", "currency", "requests_per_day", "knowledge_updates_per_year"):
            at.number_input(key=f"costs_in_{field}").set_value(value)
    ok(at.run())
    assert not at.error
    shown = totals(at)
    assert shown["Fine-tuning"] == pytest.approx(72_060) and shown["Prompt engineering"] == pytest.approx(391_170)
    assert any("the intake's recommendation" in row for row in at.dataframe[0].value["Option"])
    spec = chart_spec(at)
    assert spec["mark"]["type"] == "bar" and spec["encoding"]["y"]["stack"] == "zero"
    assert spec["encoding"]["color"]["field"] == "Category" and spec["encoding"]["opacity"]["field"] == "Kind"
    assert "break-even" in " ".join(m.value.lower() for m in at.markdown)
    # One sentence per option on what drives its cost, with its section and quote; the items the
    # framework does not name say so, the ones it names carry their section and quote.
    assert sum(m.value.startswith("**What drives it.**") for m in at.markdown) == 4
    assert any(m.value == "> Fine-tuning is not a one-time cost." for m in at.markdown)
    captions = [c.value for c in at.caption]
    assert any("not from the framework" in c for c in captions)
    assert any("(`hidden-costs`)" in c and "“The GPU compute, the data preparation" in c for c in captions)

    worksheet = at.session_state["costs_result"]["costs"]
    assert worksheet["currency"] == "EUR" and {p["field"] for p in worksheet["prefilled"]} == {
        "requests_per_day", "knowledge_updates_per_year"}
    buttons = {b.proto.label for b in at.get("download_button")}
    assert {"Worksheet (CSV)", "Decision record with costs (Markdown)", "Decision record with costs (JSON)"} <= buttons

    # Back on the Intake page, its decision record now carries the worksheet.
    ok(at.switch_page("intake.py").run())
    ok(at.segmented_control(key="intake_mode").set_value("Form").run())  # the mode control resets on a page switch
    record = at.session_state["intake_form_record"]
    assert "## Cost worksheet" in record["markdown"] and json.loads(record["json"])["costs"] == worksheet
    assert any("includes your cost worksheet" in c.value for c in at.caption)

    # And the typed numbers survive the page switch.
    ok(at.switch_page("costs.py").run())
    assert at.number_input(key="costs_in_hourly_rate").value == 90
    assert totals(at)["Fine-tuning"] == pytest.approx(72_060)

    # Leaving the intake behind empties only what it pre-filled.
    ok(at.button(key="costs_forget_intake").click().run())
    assert at.number_input(key="costs_in_requests_per_day").value is None
    assert at.number_input(key="costs_in_hourly_rate").value == 90
    assert not any("From your intake" in i.value for i in at.info)
    assert totals(at)["Fine-tuning"] is None  # requests a day is unknown again


def test_the_worksheet_alone_starts_empty_and_shows_bad_numbers_inline():
    at = ok(AppTest.from_file(str(UI / "costs.py"), default_timeout=120).run())
    assert [n.value for n in at.number_input if n.key.startswith("costs_in_")] == [None] * (len(FULL) - 2)
    placeholders = {n.key: n.proto.placeholder for n in at.number_input}
    assert placeholders["costs_in_gpu_hour_price"] == "currency per GPU hour"
    assert chart_spec(at) is None and all(v is None for v in totals(at).values())

    at.number_input(key="costs_in_gpu_hour_price").set_value(-3)
    at.number_input(key="costs_in_requests_per_day").set_value(5e12)
    ok(at.run())
    messages = [e.value for e in at.error]
    assert any("gpu" in m and "from 0 to 100,000" in m for m in messages)
    assert any("requests" in m and "1,000,000,000" in m for m in messages)
    assert not at.dataframe  # no result from unusable numbers

    at.number_input(key="costs_in_gpu_hour_price").set_value(3)
    at.number_input(key="costs_in_requests_per_day").set_value(1000)
    at.number_input(key="costs_in_training_gpu_hours_per_run").set_value(10)
    ok(at.run())
    assert not at.error and chart_spec(at) is not None  # known items are charted, marked incomplete
    assert "(incomplete)" in json.dumps(chart_spec(at))
    csv_text = at.session_state["costs_result"]["costs"]
    rows = list(csv.DictReader(io.StringIO(_csv(csv_text))))
    assert any(r["item"] == "First training run (GPU compute)" and float(r["amount"]) == 30 for r in rows)


def _csv(costs: dict) -> str:
    from assistant.costs import render_costs_csv

    return render_costs_csv(costs)

"""The hidden-cost worksheet as pure functions: catalog checks, arithmetic, pre-fill,
break-even, bad input, and the Markdown/CSV/decision-record renderings."""

from __future__ import annotations

import csv
import io
import json
import math
import shutil

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.costs import (
    CATALOG_PATH, COST_FIELDS, DAYS_PER_MONTH, NOT_FROM_FRAMEWORK, CostInputError, CostInputs, CostResult,
    compute_costs, field_bounds, field_errors, field_unit, load_catalog, parse_cost_inputs, render_costs_csv,
    render_costs_markdown, render_costs_text,
)
from assistant.errors import KnowledgeError
from assistant.intake import decision_record_json, decision_record_markdown, parse_answers, recommend
from assistant.knowledge import RECOMMENDATIONS

# A worked example: a narrow, high-volume classification task.
FULL = {
    "horizon_months": 12, "currency": "EUR", "requests_per_day": 200_000,
    "input_tokens_per_request": 400, "output_tokens_per_request": 50, "prompt_extra_tokens_per_request": 1500,
    "retrieved_tokens_per_request": 2000, "large_model_input_price": 2.5, "large_model_output_price": 10,
    "fine_tuned_input_price": 0.3, "fine_tuned_output_price": 1.2, "gpu_hour_price": 3, "hourly_rate": 90,
    "prompt_design_hours": 40, "prompt_upkeep_hours_per_month": 4, "retrieval_build_hours": 160,
    "retrieval_upkeep_hours_per_month": 8, "vector_store_per_month": 200, "knowledge_updates_per_year": 52,
    "reindex_cost_per_update": 15, "data_preparation_hours": 200, "evaluation_pipeline_hours": 80,
    "training_gpu_hours_per_run": 40, "retraining_runs_per_year": 4, "retraining_hours_per_run": 24,
    "serving_per_month": 600, "mlops_hours_per_month": 16,
}
assert set(FULL) - {"horizon_months", "currency"} == set(COST_FIELDS)


@pytest.fixture(scope="module")
def catalog(kb):
    return load_catalog(kb)


def costs(catalog, data) -> dict:
    return compute_costs(parse_cost_inputs(data), catalog)


def by_option(result: dict) -> dict[str, dict]:
    return {o["option"]: o for o in result["options"]}


# -- the catalog: every framework item cited verbatim, the rest marked -------------------
def test_every_framework_quote_is_verbatim_in_its_section(catalog, kb):
    citations = catalog.citations()
    assert len(citations) >= 12
    for c in citations:
        assert c.quote in kb.sections[c.section_id].text, (c.section_id, c.quote)


def test_items_name_the_framework_costs_and_mark_the_others(catalog):
    cited = {i.id: i.citation.section_id for i in catalog.items if i.citation}
    # The five costs the framework lists under hidden costs are all there, with that section.
    for item_id in ("data_preparation", "training_compute", "retraining_compute", "serving_infrastructure"):
        assert cited[item_id] == "hidden-costs"
    assert cited["evaluation_pipeline"] == "closing" and cited["fine_tuned_calls"] == "reason-narrow-task"
    unmarked = {i.id for i in catalog.items if not i.from_framework}
    assert {"vector_store", "reindexing", "longer_prompts"} <= unmarked


def test_every_option_has_items_and_every_field_is_used(catalog):
    assert list(catalog.options) == list(RECOMMENDATIONS)
    for option in RECOMMENDATIONS:
        assert catalog.items_for(option)
    assert {f for i in catalog.items for f in i.fields} == set(COST_FIELDS)


def _tampered(tmp_path, change) -> str:
    data = yaml.safe_load(CATALOG_PATH.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "items.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("change,needle", [
    (lambda d: d["items"][0].update(quote=d["items"][0]["quote"].replace("five", "six")), "not verbatim"),
    (lambda d: d["items"][0].update(section_id="no-such-section"), "does not exist"),
    (lambda d: d["items"][0]["factors"].append("typo_hours"), "unknown field 'typo_hours'"),
    (lambda d: d["items"][2].update(section_id="rag", quote="RAG"), "carries no section_id or quote"),
    (lambda d: d["items"][0].update(per="fortnight"), "per must be one of"),
    (lambda d: d["items"][0].update(category="misc"), "category must be one of"),
    (lambda d: d["items"].pop(next(i for i, x in enumerate(d["items"]) if x["id"] == "vector_store")),
     "used by no item: vector_store_per_month"),
    (lambda d: d["options"]["rag"]["driver"].update(quote="RAG is always cheaper."), "not verbatim"),
    (lambda d: d["prefill"]["knowledge_updates_per_year"]["map"].update(hourly=8760), "not a value of knowledge_change"),
])
def test_a_broken_catalog_fails_loudly_naming_the_entry(kb, tmp_path, change, needle):
    with pytest.raises(KnowledgeError) as err:
        load_catalog(kb, _tampered(tmp_path, change))
    assert needle in str(err.value) and "items.yaml" in str(err.value)


def test_a_quote_drifting_in_the_knowledge_base_stops_the_worksheet(knowledge_copy, catalog):
    from assistant.knowledge import load_knowledge

    section = knowledge_copy / "framework" / "11-hidden-costs.md"
    section.write_text(section.read_text(encoding="utf-8").replace("not a one-time cost", "a one-time cost"),
                       encoding="utf-8")
    with pytest.raises(KnowledgeError, match="not verbatim in section 'hidden-costs'"):
        load_catalog(load_knowledge(knowledge_copy))


# -- the contract ----------------------------------------------------------------------
def test_no_inputs_every_total_is_null_and_missing_lists_the_fields(catalog):
    result = costs(catalog, {})
    assert result["horizon_months"] == 12
    assert [o["option"] for o in result["options"]] == list(RECOMMENDATIONS)
    for o in result["options"]:
        assert o["total"] is o["one_off"] is o["recurring"] is None
        assert o["missing"] == list(catalog.fields_for(o["option"]))
        assert all(item["amount"] is None for item in o["items"])
    assert set(by_option(result)["rag_and_fine_tuning"]["missing"]) >= {"serving_per_month", "vector_store_per_month"}
    CostResult.model_validate(result)


def test_items_carry_section_and_quote_only_when_the_framework_names_them(catalog):
    for o in costs(catalog, {})["options"]:
        for item in o["items"]:
            assert {"name", "amount"} <= set(item)
            if item["from_framework"]:
                assert item["section_id"] and item["quote"]
            else:
                assert "section_id" not in item and "quote" not in item


def test_a_worked_example_by_hand(catalog):
    result = by_option(costs(catalog, FULL))
    pe = {i["id"]: i["amount"] for i in result["prompt_engineering"]["items"]}
    assert pe["prompt_design"] == 40 * 90
    assert pe["prompt_upkeep"] == 4 * 90 * 12
    assert pe["longer_prompts"] == pytest.approx(200_000 * 1500 * 2.5 / 1e6 * 365)
    assert pe["large_model_calls"] == pytest.approx(200_000 * (400 * 2.5 + 50 * 10) / 1e6 * 365)
    ft = {i["id"]: i["amount"] for i in result["fine_tuning"]["items"]}
    assert ft["retraining_compute"] == 4 * 40 * 3 and ft["serving_infrastructure"] == 600 * 12
    assert result["fine_tuning"]["one_off"] == 200 * 90 + 40 * 3 + 80 * 90
    # One-off items are listed first.
    kinds = [i["kind"] for i in result["fine_tuning"]["items"]]
    assert kinds == sorted(kinds, key=lambda k: k != "one_off")


def test_partial_inputs_give_item_amounts_but_no_total(catalog):
    result = by_option(costs(catalog, {"hourly_rate": 100, "prompt_design_hours": 10}))
    pe = result["prompt_engineering"]
    assert pe["one_off"] == 1000 and pe["recurring"] is None and pe["total"] is None
    assert "hourly_rate" not in pe["missing"] and "requests_per_day" in pe["missing"]


def test_horizon_scales_recurring_costs_only(catalog):
    one = by_option(costs(catalog, FULL | {"horizon_months": 12}))["fine_tuning"]
    two = by_option(costs(catalog, FULL | {"horizon_months": 24}))["fine_tuning"]
    assert two["one_off"] == one["one_off"]
    assert two["recurring"] == pytest.approx(2 * one["recurring"], abs=0.02)


def test_driver_sentence_and_largest_item(catalog, kb):
    result = by_option(costs(catalog, FULL))
    for o in result.values():
        assert o["driver"]["text"].endswith(".") and o["driver"]["quote"] in kb.sections[o["driver"]["section_id"]].text
    assert result["fine_tuning"]["driver"]["section_id"] == "hidden-costs"
    assert result["prompt_engineering"]["largest_item"]["name"].startswith("Longer prompts")


def test_knowledge_changing_faster_than_retraining_is_flagged_with_the_decision_rule(catalog):
    notes = by_option(costs(catalog, FULL))["fine_tuning"]["notes"]
    assert notes and notes[0]["section_id"] == "decision-rules" and "52 times a year" in notes[0]["text"]
    calm = by_option(costs(catalog, FULL | {"knowledge_updates_per_year": 2}))["fine_tuning"]["notes"]
    assert calm == []


# -- properties (Hypothesis) ---------------------------------------------------------------
def _value(field: str):
    _, hi = field_bounds(field)
    return st.floats(min_value=0, max_value=hi, allow_nan=False, allow_infinity=False)


complete_inputs = st.fixed_dictionaries({**{f: _value(f) for f in COST_FIELDS}, "horizon_months": st.integers(1, 120)})
partial_inputs = st.fixed_dictionaries({}, optional={f: _value(f) for f in COST_FIELDS})
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FAST
@given(data=st.one_of(complete_inputs, partial_inputs), field=st.sampled_from(COST_FIELDS), factor=st.floats(1, 1000),
       extra=st.floats(0, 1e6))
def test_totals_never_decrease_when_any_volume_or_price_rises(catalog, data, field, factor, extra):
    _, hi = field_bounds(field)
    low = data.get(field, 0.0)
    high = min(hi, low * factor + extra)
    before = by_option(costs(catalog, data | {field: low}))
    after = by_option(costs(catalog, data | {field: high}))
    for option, o in before.items():
        for key in ("total", "one_off", "recurring"):
            if o[key] is not None:
                assert after[option][key] >= o[key], (option, key, field, low, high)
        for old, new in zip(o["items"], after[option]["items"]):
            if old["amount"] is not None:
                assert new["amount"] >= old["amount"]


@FAST
@given(horizon=st.integers(1, 120))
def test_zero_inputs_give_zero(catalog, horizon):
    result = costs(catalog, {f: 0 for f in COST_FIELDS} | {"horizon_months": horizon})
    for o in result["options"]:
        assert o["total"] == o["one_off"] == o["recurring"] == 0 and o["missing"] == []
        assert all(item["amount"] == 0 for item in o["items"])


@FAST
@given(data=st.one_of(complete_inputs, partial_inputs))
def test_one_off_plus_recurring_is_the_total(catalog, data):
    for o in costs(catalog, data)["options"]:
        if o["total"] is None:
            assert o["one_off"] is None or o["recurring"] is None
            assert o["missing"]
        else:
            assert math.isclose(o["one_off"] + o["recurring"], o["total"], rel_tol=1e-12, abs_tol=1e-9)
            known = [i["amount"] for i in o["items"]]
            assert None not in known and math.isclose(sum(known), o["total"], rel_tol=1e-9, abs_tol=0.01 * len(known))


# -- break-even ----------------------------------------------------------------------------
def test_break_even_volume_is_where_the_two_options_cost_the_same(catalog, kb):
    result = costs(catalog, FULL)
    be = result["break_even"]
    assert be["fine_tuned"] == "fine_tuning" and be["prompted"] == "prompt_engineering"
    assert be["quote"] in kb.sections[be["section_id"]].text
    volume = be["requests_per_day"]
    assert 20_000 < volume < 40_000 and "pays off" in be["text"]
    at = {v: by_option(costs(catalog, FULL | {"requests_per_day": v})) for v in (volume - 1, volume, volume + 1000)}
    assert at[volume - 1]["fine_tuning"]["total"] > at[volume - 1]["prompt_engineering"]["total"]
    assert at[volume + 1000]["fine_tuning"]["total"] < at[volume + 1000]["prompt_engineering"]["total"]
    per = be["cost_per_request"]
    assert per["prompt_engineering"] == pytest.approx((400 * 2.5 + 50 * 10 + 1500 * 2.5) / 1e6)
    assert per["fine_tuning"] == pytest.approx((400 * 0.3 + 50 * 1.2) / 1e6)


def test_break_even_needs_no_volume_but_names_what_else_is_missing(catalog):
    no_volume = {k: v for k, v in FULL.items() if k != "requests_per_day"}
    assert costs(catalog, no_volume)["break_even"]["requests_per_day"] == pytest.approx(27_560, abs=1)
    be = costs(catalog, {k: v for k, v in no_volume.items() if k != "serving_per_month"})["break_even"]
    assert be["requests_per_day"] is None and be["missing"] == ["serving_per_month"]


def test_break_even_when_the_fine_tuned_model_is_not_cheaper_per_request(catalog):
    be = costs(catalog, FULL | {"fine_tuned_input_price": 100, "fine_tuned_output_price": 100})["break_even"]
    assert be["requests_per_day"] is None and "no volume" in be["text"]


# -- pre-fill from the intake ------------------------------------------------------------------
INTAKE = {"use_case": "Tag support tickets by product", "task_type": "classification", "daily_volume": 5000,
          "knowledge_change": "weekly"}


def test_intake_answers_prefill_volume_and_reindexing_and_say_so(catalog):
    result = costs(catalog, {"intake": INTAKE})
    filled = {p["field"]: p for p in result["prefilled"]}
    assert filled["requests_per_day"]["value"] == 5000 and filled["requests_per_day"]["from_answer"] == "daily_volume"
    assert filled["knowledge_updates_per_year"]["value"] == 52 and "weekly" in filled["knowledge_updates_per_year"]["text"]
    for o in result["options"]:
        assert "requests_per_day" not in o["missing"]


def test_the_teams_own_number_wins_over_the_intake(catalog):
    result = costs(catalog, {"intake": INTAKE, "requests_per_day": 42})
    assert [p["field"] for p in result["prefilled"]] == ["knowledge_updates_per_year"]


def test_an_intake_answer_that_gives_no_number_fills_nothing_and_says_why(catalog):
    result = costs(catalog, {"intake": INTAKE | {"knowledge_change": "rarely"}})
    assert [p["field"] for p in result["prefilled"]] == ["requests_per_day"]
    assert any("rarely" in n for n in result["prefill_notes"])
    assert "knowledge_updates_per_year" in by_option(result)["rag"]["missing"]


# -- bad input -------------------------------------------------------------------------------
@pytest.mark.parametrize("data,field,needle", [
    ({"gpu_hour_price": -1}, "gpu_hour_price", "from 0 to 100,000 (currency per GPU hour)"),
    ({"requests_per_day": 1e12}, "requests_per_day", "from 0 to 1,000,000,000 (requests a day)"),
    ({"hourly_rate": "90 EUR"}, "hourly_rate", "must be a number"),
    ({"hourly_rate": True}, "hourly_rate", "must be a number"),
    ({"hourly_rate": float("nan")}, "hourly_rate", "must be a number"),
    ({"hourly_rate": 10 ** 400}, "hourly_rate", "must be a number"),
    ({"horizon_months": 0}, "horizon_months", "whole number from 1 to 120 (months)"),
    ({"horizon_months": 6.5}, "horizon_months", "whole number"),
    ({"currency": "euros"}, "currency", "three-letter code"),
    ({"gpu_cost": 3}, "gpu_cost", "unknown field 'gpu_cost'"),
    ({"use_case": "Tag tickets", "daily_volume": 200}, "use_case", 'intake answer; put the intake answers under "intake"'),
    ({"intake": {"use_case": "x", "daily_volume": -1}}, "intake.daily_volume", "daily_volume"),
    ({"intake": "yes"}, "intake.answers", "intake"),
])
def test_bad_input_names_the_field_and_its_allowed_range(data, field, needle):
    with pytest.raises(CostInputError) as err:
        parse_cost_inputs(data)
    assert err.value.field == field and needle in str(err.value)
    assert len(str(err.value).splitlines()) == 1 and len(str(err.value)) < 700


def test_range_errors_carry_minimum_maximum_and_unit():
    with pytest.raises(CostInputError) as err:
        parse_cost_inputs({"serving_per_month": -5})
    assert err.value.as_dict() == {"field": "serving_per_month", "message": str(err.value), "minimum": 0,
                                   "maximum": 1e9, "unit": "currency a month"}


def test_the_form_gets_every_bad_field_at_once():
    errors = field_errors({"hourly_rate": -1, "gpu_hour_price": 1e9, "requests_per_day": 10})
    assert set(errors) == {"hourly_rate", "gpu_hour_price"}


def test_every_field_has_a_unit_and_bounds():
    for field in COST_FIELDS:
        lo, hi = field_bounds(field)
        assert lo == 0 and hi and field_unit(field)
        assert CostInputs.model_fields[field].default is None  # no invented defaults


# -- renderings and the decision record ---------------------------------------------------------
def test_text_markdown_and_csv_show_unknowns_as_unknown(catalog):
    empty = costs(catalog, {})
    assert "total unknown" in render_costs_text(empty)
    md = "\n".join(render_costs_markdown(empty))
    assert md.startswith("## Cost worksheet") and "| Prompt engineering | — | — | — |" in md
    rows = list(csv.DictReader(io.StringIO(render_costs_csv(empty))))
    assert rows and all(r["amount"] == "" for r in rows)


def test_csv_has_every_item_and_the_totals(catalog):
    result = costs(catalog, FULL)
    rows = list(csv.DictReader(io.StringIO(render_costs_csv(result))))
    items = sum(len(o["items"]) for o in result["options"])
    assert len(rows) == items + 3 * len(result["options"])
    totals = {r["option"]: float(r["amount"]) for r in rows if r["kind"] == "total"}
    assert totals == {o["option"]: o["total"] for o in result["options"]}
    assert {r["section_id"] for r in rows if r["kind"] != "total"} >= {"hidden-costs", NOT_FROM_FRAMEWORK}
    assert all(r["currency"] == "EUR" and r["horizon_months"] == "12" for r in rows)


def test_the_decision_record_includes_the_worksheet_when_filled(catalog, rules):
    answers = parse_answers(INTAKE)
    result = recommend(answers, rules)
    worksheet = costs(catalog, FULL | {"intake": INTAKE})
    md = decision_record_markdown(answers, result, costs=worksheet)
    assert "## Cost worksheet" in md and "**Break-even volume**" in md and NOT_FROM_FRAMEWORK in md
    assert md.index("## Cost worksheet") < md.index("Source: the GYSP.tech")
    record = json.loads(decision_record_json(answers, result, costs=worksheet))
    assert record["costs"] == worksheet
    # Without a worksheet the record is unchanged.
    assert "costs" not in json.loads(decision_record_json(answers, result))
    assert "## Cost worksheet" not in decision_record_markdown(answers, result)


def test_days_per_month():
    assert DAYS_PER_MONTH * 12 == pytest.approx(365)


def test_catalog_file_copy_loads_like_the_original(kb, tmp_path):
    copy = tmp_path / "items.yaml"
    shutil.copy(CATALOG_PATH, copy)
    assert load_catalog(kb, copy).items == load_catalog(kb).items


def test_the_readme_example_worksheet_prices_every_option(catalog):
    from conftest import PROJECT

    example = json.loads((PROJECT / "docs" / "examples" / "cost-worksheet.json").read_text(encoding="utf-8"))
    result = costs(catalog, example)
    assert all(o["total"] is not None for o in result["options"])
    assert by_option(result)["fine_tuning"]["total"] == pytest.approx(72_060)

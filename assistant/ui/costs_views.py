"""Helpers for the Costs page: the worksheet's inputs, its result, the chart.

The schema, the arithmetic and the renderings live in `assistant.costs`; this module
keeps the page's state and draws it. Every session-state key starts with "costs_".
Inputs start empty (None) with their unit as placeholder: an empty field is unknown,
never zero. Intake answers carried over from the Intake page pre-fill what they can.
"""

from __future__ import annotations

import json
from typing import Any

import altair as alt
import streamlit as st

from assistant.costs import (
    CATEGORIES, COST_FIELDS, GROUPS, MAX_HORIZON_MONTHS, NOT_FROM_FRAMEWORK, CostInputs, effective_values, field_description,
    field_group, field_title, field_unit, render_costs_csv,
)
from assistant.costs_service import catalog_for
from assistant.intake import parse_answers
from assistant.labels import RECOMMENDATION_SHORT_LABELS as SHORT_LABELS
from assistant.ui.common import inert

FROM_INTAKE = "costs_from_intake"  # {"answers": engine payload, "result": intake result}
RESULT = "costs_result"  # {"intake_key": str | None, "costs": the costs JSON}
SEEDED = "costs_seeded"  # {"key": intake key, "values": {field: value}} put into widgets from the intake
VALUES = "costs_values"  # the last values typed, kept across page switches (widget state is not)
HORIZON, CURRENCY = "costs_horizon", "costs_currency"
KIND_LABELS = {"one_off": "one-off", "recurring": "recurring"}
_WHOLE = ("requests_per_day", "input_tokens_per_request", "output_tokens_per_request",
          "prompt_extra_tokens_per_request", "retrieved_tokens_per_request", "knowledge_updates_per_year")


def widget_key(field: str) -> str:
    return f"costs_in_{field}"


def intake_key(answers: dict) -> str:
    return json.dumps(answers, sort_keys=True)


def start_from_intake(answers: dict, result: dict) -> None:
    """The Intake page's hand-over: its answers pre-fill the worksheet."""
    st.session_state[FROM_INTAKE] = {"answers": answers, "result": result}


def forget_intake() -> None:
    """Back to a stand-alone worksheet: pre-filled numbers the team did not change are emptied."""
    seeded = st.session_state.pop(SEEDED, None) or {}
    for field, value in seeded.get("values", {}).items():
        if st.session_state.get(widget_key(field)) == value:
            st.session_state[widget_key(field)] = None
    st.session_state.pop(FROM_INTAKE, None)


def worksheet_for(answers: dict) -> dict | None:
    """The worksheet filled from these intake answers, if there is one (for the decision record)."""
    saved = st.session_state.get(RESULT)
    if saved and saved.get("intake_key") == intake_key(answers):
        return saved["costs"]
    return None


def unit_text(field: str, currency: str | None) -> str:
    unit = field_unit(field)
    return unit.replace("currency", currency) if currency else unit


def money(amount: float | None, currency: str | None = None) -> str:
    if amount is None:
        return "unknown"
    return f"{currency + ' ' if currency else ''}{amount:,.2f}"


# -- inputs -----------------------------------------------------------------------------------

def restore_values() -> None:
    """Streamlit drops a widget's state when its page is not shown; put the last values back."""
    for field, value in (st.session_state.get(VALUES) or {}).items():
        if widget_key(field) not in st.session_state:
            st.session_state[widget_key(field)] = value


def seed_from_intake(assistant, answers: dict | None) -> dict[str, float]:
    """Put the intake's pre-fills into empty inputs, once per set of answers; returns them."""
    if not answers:
        return {}
    key = intake_key(answers)
    seeded = st.session_state.get(SEEDED)
    if seeded and seeded["key"] == key:
        return seeded["values"]
    for field, value in (seeded or {}).get("values", {}).items():  # earlier answers' pre-fills, if untouched
        if st.session_state.get(widget_key(field)) == value:
            st.session_state[widget_key(field)] = None
    _, prefilled, _ = effective_values(CostInputs(intake=parse_answers(answers)), catalog_for(assistant))
    values = {p.field: p.value for p in prefilled if st.session_state.get(widget_key(p.field)) is None}
    for field, value in values.items():
        st.session_state[widget_key(field)] = value
    st.session_state[SEEDED] = {"key": key, "values": values}
    return values


def _format(field: str) -> str:
    unit = field_unit(field)
    if field in _WHOLE:
        return "%.0f"
    if "tokens" in unit and unit.startswith("currency"):
        return "%.3f"  # prices per million tokens can be fractions of a cent
    return "%.2f" if unit.startswith("currency") else "%.1f"


def render_inputs(currency: str | None) -> tuple[dict[str, Any], dict]:
    """Number inputs by group, each with its unit; an empty slot under each for its error or pre-fill note."""
    values: dict[str, Any] = {}
    slots: dict = {}
    for group in GROUPS:
        st.markdown(f"##### {group}")
        fields = [f for f in COST_FIELDS if field_group(f) == group]
        for i, field in enumerate(fields):
            if i % 2 == 0:
                columns = st.columns(2)  # one row per pair: keyboard order follows reading order
            with columns[i % 2]:
                unit = unit_text(field, currency)
                values[field] = st.number_input(
                    f"{field_title(field)} ({unit})", value=None, step=1.0,
                    format=_format(field),
                    key=widget_key(field), placeholder=unit, help=field_description(field))
                slots[field] = st.empty()
    st.session_state[VALUES] = dict(values)
    return values, slots


def worksheet_data(values: dict, horizon: int, currency: str, seeds: dict, answers: dict | None) -> dict:
    """The raw worksheet object (as the CLI/API take it). A pre-fill left untouched is left out,
    so the engine fills it again from the intake and reports it as pre-filled."""
    data: dict[str, Any] = {"horizon_months": horizon}
    if currency:
        data["currency"] = currency
    for field, value in values.items():
        if value is not None and not (field in seeds and value == seeds[field]):
            data[field] = value
    if answers:
        data["intake"] = answers
    return data


def show_field_feedback(errors: dict, slots: dict, prefilled: dict[str, str]) -> None:
    """Each bad field's message under its input (named with its allowed range); pre-fill notes otherwise."""
    for field, slot in slots.items():
        if field in errors:
            slot.error(inert(str(errors[field])), icon="⚠️")
        elif field in prefilled:
            slot.caption(f":material/input: {inert(prefilled[field])}")


# -- result -----------------------------------------------------------------------------------

def prefill_note(p: dict) -> str:
    """How the page says where a pre-filled number came from."""
    answer = p["answer"]
    said = f"{answer:,}" if isinstance(answer, (int, float)) else str(answer).replace("_", " ")
    return f"Pre-filled from the intake ({p['from_answer'].replace('_', ' ')}: {said})"


def summary_rows(costs: dict, recommended: str | None = None) -> list[dict]:
    rows = []
    for o in costs["options"]:
        rows.append({"Option": o["label"] + ("  ← the intake's recommendation" if o["option"] == recommended else ""),
                     "One-off": o["one_off"], "Recurring": o["recurring"], "Total": o["total"],
                     "Missing inputs": len(o["missing"])})
    return rows


def chart_rows(costs: dict) -> list[dict]:
    """One row per option, cost category and kind (one-off/recurring), summing the known items."""
    rows: dict[tuple, dict] = {}
    for o in costs["options"]:
        label = SHORT_LABELS[o["option"]] + ("" if o["total"] is not None else " (incomplete)")
        for item in o["items"]:
            if not item["amount"]:
                continue
            key = (label, item["category"], item["kind"])
            row = rows.setdefault(key, {"Option": label, "Category": CATEGORIES[item["category"]],
                                        "Kind": KIND_LABELS[item["kind"]], "Amount": 0.0, "Items": []})
            row["Amount"] += item["amount"]
            row["Items"].append(item["name"])
    return [r | {"Amount": round(r["Amount"], 2), "Items": "; ".join(r["Items"])} for r in rows.values()]


def cost_chart(costs: dict) -> alt.Chart | None:
    """A stacked bar per option: colour is the cost category, the paler part of each colour is
    one-off and the solid part recurring. None when nothing is known yet."""
    rows = chart_rows(costs)
    if not rows:
        return None
    order = list(dict.fromkeys(r["Option"] for r in rows))
    currency = f" ({costs['currency']})" if costs.get("currency") else ""
    return alt.Chart(alt.Data(values=rows), title=f"Cost over {costs['horizon_months']} months{currency}").mark_bar().encode(
        x=alt.X("Option:N", sort=order, title=None, axis=alt.Axis(labelAngle=0, labelLimit=200)),
        y=alt.Y("sum(Amount):Q", title=f"Cost{currency}", stack="zero"),
        color=alt.Color("Category:N", sort=list(CATEGORIES.values()), scale=alt.Scale(domain=list(CATEGORIES.values())),
                        legend=alt.Legend(orient="bottom", columns=2, title=None, labelLimit=300)),
        opacity=alt.Opacity("Kind:N", scale=alt.Scale(domain=["one-off", "recurring"], range=[0.5, 1.0]),
                            legend=alt.Legend(orient="bottom", title=None)),
        order=alt.Order("Kind:N", sort="ascending"),
        tooltip=["Option:N", "Category:N", "Kind:N", alt.Tooltip("Amount:Q", format=",.2f"), "Items:N"],
    ).properties(height=340)


def _section(assistant, section_id: str) -> str:
    section = assistant.kb.sections.get(section_id)
    return f"{inert(section.label if section else section_id)} (`{section_id}`)"


def render_option(assistant, o: dict, currency: str | None) -> None:
    with st.expander(f"{o['label']}: {money(o['total'], currency)}", expanded=False):
        driver = o["driver"]
        st.markdown(f"**What drives it.** {inert(driver['text'])}")
        st.caption(_section(assistant, driver["section_id"]))
        st.markdown("> " + inert(driver["quote"]))
        if o.get("largest_item"):
            st.markdown(f"Largest item with your numbers: **{inert(o['largest_item']['name'])}** "
                        f"({o['largest_item']['share_percent']} % of the total).")
        for note in o.get("notes", []):
            st.warning(f"{inert(note['text'])} — {_section(assistant, note['section_id'])}: "
                       f"“{inert(note['quote'])}”", icon="⚠️")
        st.markdown(f"One-off {money(o['one_off'], currency)} · recurring {money(o['recurring'], currency)}")
        for item in o["items"]:
            st.markdown(f"- **{inert(item['name'])}** ({KIND_LABELS[item['kind']]}): {money(item['amount'], currency)}")
            if item.get("section_id"):
                st.caption(f"{_section(assistant, item['section_id'])}: “{inert(item['quote'])}”")
            else:
                st.caption(f":orange-badge[{NOT_FROM_FRAMEWORK}] an item the framework does not name")
        if o["missing"]:
            st.caption("Still empty: " + ", ".join(field_title(f) for f in o["missing"]))


def render_result(assistant, costs: dict, recommended: str | None) -> None:
    currency = costs.get("currency")
    st.subheader(f"Costs over {costs['horizon_months']} months")
    if costs.get("prefilled"):
        st.info("Pre-filled from the intake:\n" + "\n".join(
            f"- {inert(field_title(p['field']))}: {p['value']:,g} {inert(unit_text(p['field'], currency))} "
            f"({inert(p['from_answer'].replace('_', ' '))})" for p in costs["prefilled"]), icon=":material/input:")
    for note in costs.get("prefill_notes", []):
        st.caption(inert(note))
    money_column = st.column_config.NumberColumn(format="%,.2f")
    st.dataframe(summary_rows(costs, recommended), hide_index=True, key="costs_table",
                 column_config={"One-off": money_column, "Recurring": money_column, "Total": money_column})
    if any(o["total"] is None for o in costs["options"]):
        st.caption("A total appears once every input its option needs is filled: nothing is guessed. "
                   "Bars marked “incomplete” show only the items known so far.")
    chart = cost_chart(costs)
    if chart is None:
        st.info("Fill in some numbers to see the chart.", icon=":material/bar_chart:")
    else:
        st.altair_chart(chart, key="costs_chart")
    be = costs["break_even"]
    st.markdown(f"**Break-even volume** (a fine-tuned smaller model vs prompting a larger one): {inert(be['text'])}")
    st.caption(f"{_section(assistant, be['section_id'])}: “{inert(be['quote'])}”")
    for o in costs["options"]:
        render_option(assistant, o, currency)


def csv_download(costs: dict) -> None:
    st.download_button("Worksheet (CSV)", render_costs_csv(costs), file_name="cost-worksheet.csv", mime="text/csv",
                       key="costs_download_csv", on_click="ignore", icon=":material/download:")


def horizon_input() -> int:
    return int(st.number_input("Horizon (months)", min_value=1, max_value=MAX_HORIZON_MONTHS, value=12, step=1,
                               key=HORIZON, help="How many months the totals cover; 12 by default."))


def currency_input() -> str:
    text = st.text_input("Currency (a label such as EUR or USD; nothing is converted)", key=CURRENCY, max_chars=3,
                         placeholder="EUR")
    return (text or "").strip().upper()


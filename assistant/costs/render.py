"""The worksheet result as text (CLI), Markdown (decision record) and CSV (download).

All three read the `costs` JSON dict, so they show exactly what the API returns.
Unknown amounts print as "unknown"/"—", never as 0.
"""

from __future__ import annotations

import csv
import io

from ..labels import section_label
from .result import NOT_FROM_FRAMEWORK

KIND_LABELS = {"one_off": "one-off", "recurring": "recurring"}


def money(amount: float | None, unknown: str = "unknown") -> str:
    return unknown if amount is None else f"{amount:,.2f}"


def _currency_note(costs: dict) -> str:
    return f"amounts in {costs['currency']}" if costs.get("currency") else "amounts in the team's currency"


def render_costs_text(costs: dict) -> str:
    """Human-readable output of `python -m assistant costs`."""
    out = [f"Hidden-cost worksheet over {costs['horizon_months']} months ({_currency_note(costs)})"]
    if costs.get("prefilled"):
        out += ["Pre-filled from the intake:"] + [f"  - {p['text']}" for p in costs["prefilled"]]
    out += [f"Note: {n}" for n in costs.get("prefill_notes", [])]
    for option in costs["options"]:
        out += ["", f"{option['label']}: total {money(option['total'])} "
                    f"(one-off {money(option['one_off'])}, recurring {money(option['recurring'])})"]
        for item in option["items"]:
            source = f"[{item['section_id']}]" if item.get("section_id") else f"({NOT_FROM_FRAMEWORK})"
            out.append(f"  {KIND_LABELS[item['kind']]:<10} {money(item['amount']):>16}  {item['name']}  {source}")
        if option["missing"]:
            out.append(f"  Missing: {', '.join(option['missing'])}")
        out.append(f"  What drives it: {option['driver']['text']} [{option['driver']['section_id']}]")
        if option.get("largest_item"):
            out.append(f"  Largest item: {option['largest_item']['name']} ({option['largest_item']['share_percent']} %)")
        out += [f"  Note: {n['text']} [{n['section_id']}]" for n in option.get("notes", [])]
    be = costs["break_even"]
    out += ["", f"Break-even ({be['fine_tuned']} vs {be['prompted']}): {be['text']} [{be['section_id']}]"]
    return "\n".join(out)


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_costs_markdown(costs: dict, section_labels: dict[str, str] | None = None) -> list[str]:
    """The worksheet as Markdown lines for the decision record (a `## Cost worksheet` section)."""
    lines = ["## Cost worksheet", "",
             f"Over {costs['horizon_months']} months, {_currency_note(costs)}. Unknown amounts are shown as —; "
             "a total is given only when every item of the option is known.", ""]
    if costs.get("prefilled"):
        lines += [f"- Pre-filled: {p['text']}" for p in costs["prefilled"]] + [""]
    lines += [f"- Note: {n}" for n in costs.get("prefill_notes", [])]
    lines += ["| Option | One-off | Recurring | Total | Missing inputs |", "| --- | ---: | ---: | ---: | --- |"]
    for o in costs["options"]:
        lines.append(f"| {o['label']} | {money(o['one_off'], '—')} | {money(o['recurring'], '—')} | "
                     f"{money(o['total'], '—')} | {_cell(', '.join(o['missing']) or '—')} |")
    for o in costs["options"]:
        driver = o["driver"]
        lines += ["", f"### {o['label']}", "",
                  f"What drives it: {driver['text']} — {section_label(driver['section_id'], section_labels)}", "",
                  "| Item | Kind | Amount | Source |", "| --- | --- | ---: | --- |"]
        for item in o["items"]:
            source = section_label(item["section_id"], section_labels) if item.get("section_id") else NOT_FROM_FRAMEWORK
            lines.append(f"| {_cell(item['name'])} | {KIND_LABELS[item['kind']]} | {money(item['amount'], '—')} | {source} |")
        for note in o.get("notes", []):
            lines += ["", f"Note: {note['text']} — {section_label(note['section_id'], section_labels)}"]
    be = costs["break_even"]
    lines += ["", f"**Break-even volume** (fine-tuned smaller model vs prompting a larger one): {be['text']} — "
                  f"{section_label(be['section_id'], section_labels)}", "", "### What the framework says behind these items", ""]
    quotes: dict[tuple[str, str], None] = {}
    for o in costs["options"]:
        for cited in [*(i for i in o["items"] if i.get("quote")), o["driver"], *o.get("notes", [])]:
            quotes[(cited["section_id"], cited["quote"])] = None
    quotes[(be["section_id"], be["quote"])] = None
    for section_id, quote in quotes:
        lines += [f"- {section_label(section_id, section_labels)}: “{quote}”"]
    return lines


CSV_COLUMNS = ("option", "option_label", "item", "kind", "category", "amount", "currency", "horizon_months",
               "section_id", "quote")


def render_costs_csv(costs: dict) -> str:
    """One row per item plus one-off, recurring and total rows per option; unknown amounts are empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    common = (costs.get("currency") or "", costs["horizon_months"])
    for o in costs["options"]:
        for item in o["items"]:
            writer.writerow((o["option"], o["label"], item["name"], item["kind"], item["category"],
                             "" if item["amount"] is None else item["amount"], *common,
                             item.get("section_id") or NOT_FROM_FRAMEWORK, item.get("quote") or ""))
        for kind in ("one_off", "recurring", "total"):
            writer.writerow((o["option"], o["label"], f"{KIND_LABELS.get(kind, kind).capitalize()} subtotal"
                             if kind != "total" else "Total", kind, "", "" if o[kind] is None else o[kind], *common, "", ""))
    return buffer.getvalue()

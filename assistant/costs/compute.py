"""The worksheet's arithmetic: pure functions from the team's numbers to costs per option.

No input is ever guessed. An item whose inputs are all known gets an amount; otherwise
its amount is null and the inputs are listed as missing. A subtotal (one-off or
recurring) is known only when every item in it is, and the total only when both are,
so `one_off + recurring == total` whenever a total is shown and a partial sum is never
passed off as a total. Every amount is a sum of products of non-negative numbers, so a
higher volume or price can never lower a total.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from .catalog import Catalog, CostItem
from .result import BreakEven, CitedText, CostLine, CostResult, LargestItem, OptionCost, Prefilled
from .schema import COST_FIELDS, CostInputs, field_bounds, field_unit

DAYS_PER_MONTH = 365 / 12
Values = Mapping[str, float | None]


def periods(per: str, months: int) -> float:
    """How many times a cost billed `per` period falls in the horizon."""
    return {"once": 1.0, "day": months * DAYS_PER_MONTH, "month": float(months), "year": months / 12}[per]


def item_amount(item: CostItem, values: Values, months: int) -> float | None:
    """The item's unrounded cost over the horizon, or None when an input is unknown."""
    if any(values.get(f) is None for f in item.fields):
        return None
    amount = math.prod(values[f] for f in item.factors) * sum(math.prod(values[f] for f in t) for t in item.terms)
    if item.per_million:
        amount /= 1_000_000
    return amount * periods(item.per, months)


def _money(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _subtotal(lines: list[CostLine], kind: str) -> float | None:
    amounts = [line.amount for line in lines if line.kind == kind]
    return None if None in amounts else round(sum(amounts), 2)


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def effective_values(inputs: CostInputs, catalog: Catalog) -> tuple[dict[str, float | None], list[Prefilled], list[str]]:
    """The team's numbers, with empty fields filled from intake answers where one follows."""
    values: dict[str, float | None] = {f: getattr(inputs, f) for f in COST_FIELDS}
    prefilled: list[Prefilled] = []
    notes: list[str] = []
    if inputs.intake is None:
        return values, prefilled, notes
    for rule in catalog.prefills:
        answer = getattr(inputs.intake, rule.source, None)
        if values[rule.field] is not None or answer is None:
            continue
        value = rule.value(answer)
        _, maximum = field_bounds(rule.field)
        if value is None:
            notes.append(f"The intake says {rule.source} is “{answer}”, which gives no number: {rule.field} stays empty.")
            continue
        if maximum is not None and value > maximum:
            notes.append(f"The intake's {rule.source} ({answer:,}) is above what {rule.field} allows: it stays empty.")
            continue
        values[rule.field] = value
        said = f"{answer:,}" if isinstance(answer, (int, float)) else f"“{answer}”"
        prefilled.append(Prefilled(field=rule.field, value=value, from_answer=rule.source, answer=answer,
                                   text=f"{rule.field} = {_number(value)} {field_unit(rule.field)}, "
                                        f"pre-filled from the intake ({rule.source}: {said})"))
    return values, prefilled, notes


def _line(item: CostItem, values: Values, months: int) -> CostLine:
    return CostLine(id=item.id, name=item.name, amount=_money(item_amount(item, values, months)), kind=item.kind,
                    category=item.category, from_framework=item.from_framework, inputs=list(item.fields),
                    section_id=item.citation.section_id if item.citation else None,
                    quote=item.citation.quote if item.citation else None)


def _stale_note(catalog: Catalog, values: Values) -> CitedText | None:
    updates, runs = values.get("knowledge_updates_per_year"), values.get("retraining_runs_per_year")
    if updates is None or runs is None or updates <= runs:
        return None
    return CitedText(text=f"The knowledge changes {_number(updates)} times a year but the model is retrained "
                          f"{_number(runs)} times: between runs it falls behind, which the framework answers with retrieval.",
                     section_id=catalog.stale_citation.section_id, quote=catalog.stale_citation.quote)


def option_cost(option: str, catalog: Catalog, values: Values, months: int) -> OptionCost:
    spec = catalog.options[option]
    lines = sorted((_line(item, values, months) for item in catalog.items_for(option)),
                   key=lambda line: line.kind != "one_off")  # one-off items first, then recurring
    one_off, recurring = _subtotal(lines, "one_off"), _subtotal(lines, "recurring")
    total = None if one_off is None or recurring is None else round(one_off + recurring, 2)
    largest = None
    if total:
        top = max(lines, key=lambda line: line.amount or 0.0)
        largest = LargestItem(name=top.name, share_percent=round(100 * (top.amount or 0.0) / total, 1))
    note = _stale_note(catalog, values) if option == catalog.stale_option else None
    return OptionCost(
        option=option, label=spec.label, total=total, one_off=one_off, recurring=recurring, items=lines,
        missing=[f for f in catalog.fields_for(option) if values.get(f) is None],
        driver=CitedText(text=spec.driver, section_id=spec.citation.section_id, quote=spec.citation.quote),
        largest_item=largest, notes=[note] if note else [],
    )


def _affine(option: str, catalog: Catalog, values: Values, months: int) -> tuple[float, float]:
    """Every option's total is a + b x requests_per_day: (a, b), from two evaluations."""
    def at(volume: float) -> float:
        probe = {**values, "requests_per_day": volume}
        return sum(item_amount(i, probe, months) or 0.0 for i in catalog.items_for(option))
    base = at(0.0)
    return base, at(1.0) - base


def break_even(catalog: Catalog, values: Values, months: int) -> BreakEven:
    """Requests a day above which the fine-tuned smaller model costs less over the horizon
    than prompting the larger model (the framework's narrow, high-volume case)."""
    fine_tuned, prompted = catalog.break_even["fine_tuned"], catalog.break_even["prompted"]
    needed = set(catalog.fields_for(fine_tuned)) | set(catalog.fields_for(prompted))
    missing = [f for f in COST_FIELDS if f in needed and f != "requests_per_day" and values.get(f) is None]
    cite = {"section_id": catalog.break_even_citation.section_id, "quote": catalog.break_even_citation.quote}
    if missing:
        return BreakEven(fine_tuned=fine_tuned, prompted=prompted, requests_per_day=None, missing=missing,
                         text="The break-even volume needs every input of both options except requests a day; "
                              f"still empty: {', '.join(missing)}.", **cite)
    a_ft, b_ft = _affine(fine_tuned, catalog, values, months)
    a_pr, b_pr = _affine(prompted, catalog, values, months)
    days = months * DAYS_PER_MONTH
    per_request = {fine_tuned: round(b_ft / days, 6), prompted: round(b_pr / days, 6)}
    volume = values.get("requests_per_day")
    if b_pr <= b_ft:
        requests, text = None, ("Per request the fine-tuned model costs as much as prompting the larger model or more, "
                                "so no volume makes fine-tuning pay off with these numbers.")
    else:
        threshold = (a_ft - a_pr) / (b_pr - b_ft)
        if threshold <= 0:
            requests, text = 0.0, f"With these numbers fine-tuning costs less than prompt engineering over {months} months at any volume."
        else:
            requests = float(math.ceil(threshold))
            text = (f"Over {months} months the fine-tuned smaller model costs less than prompting the larger model "
                    f"from about {requests:,.0f} requests a day.")
            if volume is not None:
                text += (f" At your {_number(volume)} a day it {'pays off' if volume >= threshold else 'does not pay off'}.")
    return BreakEven(fine_tuned=fine_tuned, prompted=prompted, requests_per_day=requests, cost_per_request=per_request,
                     text=text, **cite)


def compute_costs(inputs: CostInputs, catalog: Catalog) -> dict:
    """The `costs` JSON of DESIGN.md for validated inputs and a verified catalog."""
    values, prefilled, notes = effective_values(inputs, catalog)
    months = inputs.horizon_months
    result = CostResult(
        horizon_months=months, currency=inputs.currency,
        options=[option_cost(option, catalog, values, months) for option in catalog.options],
        prefilled=prefilled, prefill_notes=notes, break_even=break_even(catalog, values, months),
    )
    return result.model_dump(mode="json")

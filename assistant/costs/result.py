"""The worksheet's output: the DESIGN.md `costs` JSON, plus optional detail fields.

Fixed by the contract: horizon_months, and per option: option, total, one_off,
recurring, items [{name, amount, section_id?, quote?}] and missing. Everything else
here is an optional addition (the contract allows them). An amount or total is null
when an input it needs is unknown; `missing` then names those inputs.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, model_serializer

from ..labels import Recommendation

NOT_FROM_FRAMEWORK = "not from the framework"


class CostLine(BaseModel):
    """One cost item of one option. section_id and quote appear only for items the framework names."""

    id: str
    name: str
    amount: float | None
    kind: Literal["one_off", "recurring"]
    category: str
    from_framework: bool
    inputs: list[str]
    section_id: str | None = None
    quote: str | None = None

    @model_serializer(mode="wrap")
    def _drop_absent_citation(self, handler) -> dict[str, Any]:
        data = handler(self)
        for key in ("section_id", "quote"):
            if data.get(key) is None:
                data.pop(key, None)
        return data


class CitedText(BaseModel):
    text: str
    section_id: str | None = None
    quote: str | None = None


class LargestItem(BaseModel):
    name: str
    share_percent: float


class OptionCost(BaseModel):
    option: Recommendation
    label: str
    total: float | None
    one_off: float | None
    recurring: float | None
    items: list[CostLine]
    missing: list[str]
    driver: CitedText
    largest_item: LargestItem | None = None
    notes: list[CitedText] = []


class Prefilled(BaseModel):
    """A worksheet field filled from an intake answer because the team left it empty."""

    field: str
    value: float
    from_answer: str
    answer: Any
    text: str


class BreakEven(BaseModel):
    """Requests a day at which the fine-tuned smaller model and the prompted larger model cost the same."""

    fine_tuned: Recommendation
    prompted: Recommendation
    requests_per_day: float | None
    cost_per_request: dict[str, float] | None = None
    text: str
    missing: list[str] = []
    section_id: str
    quote: str


class CostResult(BaseModel):
    horizon_months: int
    currency: str | None = None
    options: list[OptionCost]
    prefilled: list[Prefilled] = []
    prefill_notes: list[str] = []  # intake answers that could not fill a field, and why
    break_even: BreakEven

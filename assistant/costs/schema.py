"""The worksheet's one input schema, shared by the CLI, the API and the form.

Every cost field is optional and starts empty: an unknown number stays unknown (null),
it is never replaced by a guess. Each field says its unit and has bounds that catch
slips such as a negative price or a per-token price typed as a per-million one; a
value outside them is bad input that names the field, its unit and its allowed range.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from ..errors import InputError, IntakeError
from ..intake.schema import ANSWER_FIELDS, IntakeAnswers, parse_answers

MAX_HORIZON_MONTHS = 120
DEFAULT_HORIZON_MONTHS = 12
PEOPLE, VOLUME, PRICES, RETRIEVAL, FINE_TUNING = (
    "People's time", "Volume", "Model prices", "Retrieval (RAG)", "Fine-tuned model")
GROUPS = (VOLUME, PRICES, PEOPLE, RETRIEVAL, FINE_TUNING)


class CostInputError(InputError):
    """A worksheet value is unusable: names the field, its unit and the allowed range."""

    def __init__(self, message: str, field: str, minimum: float | None = None, maximum: float | None = None,
                 unit: str | None = None):
        super().__init__(message, field=field)
        self.minimum, self.maximum, self.unit = minimum, maximum, unit

    def as_dict(self) -> dict:
        out = super().as_dict()
        out.update({k: v for k, v in (("minimum", self.minimum), ("maximum", self.maximum), ("unit", self.unit))
                    if v is not None})
        return out


def fmt_number(value: float) -> str:
    """1000000000 → "1,000,000,000"; 2.5 → "2.5"."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def _amount(title: str, unit: str, maximum: float, group: str, description: str):
    """A non-negative number with its unit; strict, so "5 EUR", "lots" and true are refused."""
    return Field(default=None, ge=0, le=maximum, strict=True, allow_inf_nan=False, title=title,
                 description=f"{description} Unit: {unit}. Allowed: 0 to {fmt_number(maximum)}.",
                 json_schema_extra={"x-unit": unit, "x-group": group})


Currency = Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Z]{3}$")]
Number = float | None

PER_M_IN, PER_M_OUT = "currency per 1M input tokens", "currency per 1M output tokens"


class CostInputs(BaseModel):
    """The team's own numbers. Empty (None) means unknown, never zero."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    horizon_months: int = Field(
        default=DEFAULT_HORIZON_MONTHS, ge=1, le=MAX_HORIZON_MONTHS, strict=True,
        description=f"How many months the totals cover. Unit: months. Allowed: 1 to {MAX_HORIZON_MONTHS}; default 12.",
        json_schema_extra={"x-unit": "months"})
    currency: Currency | None = Field(
        default=None, description="The currency every amount is in, as an ISO 4217 code such as EUR or USD "
                                  "(a label: nothing is converted).")

    requests_per_day: Number = _amount(
        "Requests a day", "requests a day", 1e9, VOLUME,
        "Requests the feature serves on an average day.")
    input_tokens_per_request: Number = _amount(
        "Input tokens per request", "tokens per request", 2e6, VOLUME,
        "The user's input and the task's own instructions, without added examples or retrieved passages.")
    output_tokens_per_request: Number = _amount(
        "Output tokens per request", "tokens per request", 1e6, VOLUME,
        "Tokens the model writes per request.")
    prompt_extra_tokens_per_request: Number = _amount(
        "Prompt additions per request", "tokens per request", 2e6, VOLUME,
        "What prompt engineering adds to every request: system prompt, few-shot examples, format instructions.")
    large_model_input_price: Number = _amount(
        "Larger model: input price", PER_M_IN, 1e5, PRICES,
        "Input price of the larger general model you would prompt.")
    large_model_output_price: Number = _amount(
        "Larger model: output price", PER_M_OUT, 1e5, PRICES,
        "Output price of the larger general model.")
    fine_tuned_input_price: Number = _amount(
        "Fine-tuned model: input price", PER_M_IN, 1e5, PRICES,
        "Input price of the fine-tuned smaller model; 0 if you serve it yourself (count that under serving).")
    fine_tuned_output_price: Number = _amount(
        "Fine-tuned model: output price", PER_M_OUT, 1e5, PRICES,
        "Output price of the fine-tuned smaller model; 0 if you serve it yourself.")
    gpu_hour_price: Number = _amount(
        "GPU hour price", "currency per GPU hour", 1e5, PRICES,
        "What one GPU hour of training costs.")
    hourly_rate: Number = _amount(
        "Hourly rate", "currency per hour", 1e5, PEOPLE,
        "Loaded cost of one hour of the team's time.")
    prompt_design_hours: Number = _amount(
        "Prompt design", "hours", 1e6, PEOPLE,
        "People's time to design and test the prompt, once.")
    prompt_upkeep_hours_per_month: Number = _amount(
        "Prompt updates", "hours a month", 1e5, PEOPLE,
        "People's time spent updating the prompt each month.")
    retrieved_tokens_per_request: Number = _amount(
        "Retrieved passages per request", "tokens per request", 2e6, RETRIEVAL,
        "Retrieved passages added to each prompt.")
    retrieval_build_hours: Number = _amount(
        "Building the retrieval pipeline", "hours", 1e6, RETRIEVAL,
        "People's time to build the retrieval pipeline (ingestion, chunking, search, evaluation), once.")
    retrieval_upkeep_hours_per_month: Number = _amount(
        "Operating the retrieval pipeline", "hours a month", 1e5, RETRIEVAL,
        "People's time operating the retrieval pipeline each month.")
    vector_store_per_month: Number = _amount(
        "Vector store hosting", "currency a month", 1e9, RETRIEVAL,
        "Hosting the vector store and search.")
    knowledge_updates_per_year: Number = _amount(
        "Knowledge updates (re-indexing)", "updates a year", 525_600, RETRIEVAL,
        "How often the knowledge base changes and is re-indexed.")
    reindex_cost_per_update: Number = _amount(
        "Cost of one re-indexing", "currency per update", 1e9, RETRIEVAL,
        "Compute and people's time for one re-indexing.")
    data_preparation_hours: Number = _amount(
        "Data preparation", "hours", 1e6, FINE_TUNING,
        "People's time to collect, clean and label the training data, once.")
    evaluation_pipeline_hours: Number = _amount(
        "Evaluation pipeline", "hours", 1e6, FINE_TUNING,
        "People's time to build the evaluation pipeline, once.")
    training_gpu_hours_per_run: Number = _amount(
        "GPU hours per training run", "GPU hours per run", 1e7, FINE_TUNING,
        "GPU hours one training run takes.")
    retraining_runs_per_year: Number = _amount(
        "Retraining runs", "runs a year", 8760, FINE_TUNING,
        "Training runs after the first: for new requirements, behaviour changes, base model releases.")
    retraining_hours_per_run: Number = _amount(
        "People's time per retraining run", "hours per run", 1e6, FINE_TUNING,
        "People's time per retraining run: refresh data, re-evaluate, release.")
    serving_per_month: Number = _amount(
        "Serving infrastructure", "currency a month", 1e9, FINE_TUNING,
        "Serving infrastructure for the fine-tuned model (GPUs, endpoints); 0 if a provider bills per token.")
    mlops_hours_per_month: Number = _amount(
        "Operating the fine-tuned model", "hours a month", 1e5, FINE_TUNING,
        "People's time operating the fine-tuned model in production.")

    intake: IntakeAnswers | None = Field(
        default=None, description="Intake answers (the /api/v1/intake body): they pre-fill requests_per_day and "
                                  "knowledge_updates_per_year when those are empty.")

    def given(self) -> dict[str, float]:
        """The cost fields the team filled in."""
        return {f: v for f in COST_FIELDS if (v := getattr(self, f)) is not None}


INPUT_FIELDS: tuple[str, ...] = tuple(CostInputs.model_fields)
COST_FIELDS: tuple[str, ...] = tuple(f for f in INPUT_FIELDS if f not in ("horizon_months", "currency", "intake"))


def field_unit(name: str) -> str:
    extra = CostInputs.model_fields[name].json_schema_extra or {}
    return str(extra.get("x-unit", ""))


def field_group(name: str) -> str:
    extra = CostInputs.model_fields[name].json_schema_extra or {}
    return str(extra.get("x-group", ""))


def field_bounds(name: str) -> tuple[float | None, float | None]:
    lo = hi = None
    for m in CostInputs.model_fields[name].metadata:
        lo = getattr(m, "ge", lo) if getattr(m, "ge", None) is not None else lo
        hi = getattr(m, "le", hi) if getattr(m, "le", None) is not None else hi
    return lo, hi


def field_description(name: str) -> str:
    return CostInputs.model_fields[name].description or ""


def field_title(name: str) -> str:
    return CostInputs.model_fields[name].title or name.replace("_", " ").capitalize()


def _shown(value: Any) -> str:
    """The offending value as the message shows it: short, on one line."""
    text = " ".join(repr(value).split())
    return text if len(text) <= 40 else text[:37] + "…"


def _error_for(field: str, value: Any) -> CostInputError:
    if field == "currency":
        return CostInputError(f"currency: {_shown(value)} is not allowed; use a three-letter code such as EUR or USD",
                              field="currency")
    lo, hi = field_bounds(field)
    unit = field_unit(field)
    kind = "a whole number" if field == "horizon_months" else "a number"
    return CostInputError(f"{field}: {_shown(value)} is not allowed; must be {kind} from {fmt_number(lo)} to {fmt_number(hi)} ({unit})",
                          field=field, minimum=lo, maximum=hi, unit=unit)


def field_errors(data: dict) -> dict[str, CostInputError]:
    """Every bad field at once (the form shows each under its input); an empty dict when all are fine."""
    errors: dict[str, CostInputError] = {}
    for key in data:
        if key in ANSWER_FIELDS and key not in INPUT_FIELDS:  # an intake answers file passed as it is
            errors[str(key)] = CostInputError(
                f"unknown field {key!r}: it is an intake answer; put the intake answers under \"intake\", "
                f"e.g. {{\"intake\": {{\"{key}\": …}}, \"hourly_rate\": 90}}", field=str(key))
        elif key not in INPUT_FIELDS:
            errors[str(key)] = CostInputError(f"unknown field {key!r}; allowed fields: {', '.join(INPUT_FIELDS)}",
                                              field=str(key))
    if data.get("intake") is not None and not isinstance(data["intake"], IntakeAnswers):
        try:
            parse_answers(data["intake"])
        except IntakeError as exc:
            errors["intake"] = CostInputError(f"intake: {exc}", field=f"intake.{exc.field or 'answers'}")
    rest = {k: v for k, v in data.items() if k in INPUT_FIELDS and k != "intake"}
    try:
        CostInputs.model_validate(rest)
    except ValidationError as exc:
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else "inputs"
            errors.setdefault(field, _error_for(field, err.get("input")))
    return errors


def parse_cost_inputs(data: Any) -> CostInputs:
    """Validate a raw worksheet object; raise CostInputError for the first problem (in field order)."""
    if isinstance(data, CostInputs):
        return data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise CostInputError(f"worksheet inputs must be a JSON object with fields: {', '.join(INPUT_FIELDS)}",
                             field="inputs")
    errors = field_errors(data)
    if errors:
        order = {f: i for i, f in enumerate(INPUT_FIELDS)}
        raise errors[min(errors, key=lambda f: order.get(f, -1))]
    values = dict(data)
    if values.get("intake") is not None:
        values["intake"] = parse_answers(values["intake"])
    return CostInputs.model_validate(values)

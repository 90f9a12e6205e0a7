"""Intake answers (input) and result (output): the fixed contract of DESIGN.md.

`parse_answers` turns any pydantic failure into one `IntakeError` that names the
field and the allowed values, so the CLI, API and UI can show it as is.
"""

from __future__ import annotations

import typing
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from ..config import MAX_USE_CASE_CHARS
from ..errors import InputError, IntakeError
from ..labels import Recommendation
from ..text import normalise

YesNo = Literal["yes", "no", "unsure"]
KnowledgeChange = Literal["daily", "weekly", "monthly", "quarterly", "rarely", "not_applicable"]
OutputRequirement = Literal["free_text", "structured", "template", "dialect_or_tone"]
FormatStatus = Literal[
    "not_applicable", "prompt_not_tried", "prompt_reliable", "prompt_unreliable",
    "structured_outputs_unreliable",
]
TaskType = Literal[
    "question_answering", "conversation", "classification", "extraction", "document_parsing", "generation",
]
Terminology = Literal["general", "specialised_untested", "specialised_prompt_works", "specialised_prompt_fails"]
MlopsCapacity = Literal["none", "some", "dedicated"]
Motivation = Literal["know_our_documents", "ownership", "cost", "latency", "format", "terminology", "tone"]
Confidence = Literal["high", "medium", "low"]

# Strict: "lots", 3.5 and True are all rejected rather than coerced.
Count = Annotated[int, Field(strict=True, ge=0)]
UseCase = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1, max_length=MAX_USE_CASE_CHARS)]

USE_CASE_MESSAGE = f"use_case is required: 1-{MAX_USE_CASE_CHARS} characters"


class IntakeAnswers(BaseModel):
    """What a team tells us; every field but use_case may be unknown (None)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    use_case: UseCase
    needs_document_facts: YesNo | None = None
    knowledge_change: KnowledgeChange | None = None
    output_requirement: OutputRequirement | None = None
    format_status: FormatStatus | None = None
    task_type: TaskType | None = None
    daily_volume: Count | None = None
    latency_budget_ms: Count | None = None
    terminology: Terminology | None = None
    labelled_examples: Count | None = None
    mlops_capacity: MlopsCapacity | None = None
    motivations: list[Motivation] = []

    @field_validator("motivations", mode="before")
    @classmethod
    def _motivations(cls, value: Any) -> Any:
        if value is None:
            return []
        if not isinstance(value, (list, tuple)):
            raise ValueError("not a list")
        if not all(isinstance(v, str) for v in value):
            return list(value)  # let the Literal check name the bad item
        return list(dict.fromkeys(value))  # dedupe, keep the team's order

    def answered(self) -> dict[str, Any]:
        """Only the optional fields the team actually answered."""
        return {k: v for k, v in self.model_dump(exclude={"use_case"}).items() if v is not None and v != []}


ANSWER_FIELDS: tuple[str, ...] = tuple(IntakeAnswers.model_fields)
OPTIONAL_FIELDS: tuple[str, ...] = ANSWER_FIELDS[1:]


def _choices(annotation: Any) -> tuple[str, ...]:
    """The Literal values inside `X | None` or `list[X]`."""
    for arg in get_args(annotation) or (annotation,):
        if typing.get_origin(arg) is Literal:
            return get_args(arg)
        inner = _choices(arg) if get_args(arg) else ()
        if inner:
            return inner
    return ()


ENUM_VALUES: dict[str, tuple[str, ...]] = {
    name: _choices(f.annotation) for name, f in IntakeAnswers.model_fields.items() if _choices(f.annotation)
}
INT_FIELDS: tuple[str, ...] = ("daily_volume", "latency_budget_ms", "labelled_examples")


class Reason(BaseModel):
    text: str
    section_id: str
    quote: str
    rule_id: str | None = None


class TryFirst(BaseModel):
    text: str
    section_id: str
    rule_id: str | None = None


class Caution(BaseModel):
    text: str
    section_id: str
    rule_id: str | None = None


class SimilarCase(BaseModel):
    case_id: str
    title: str
    recommendation: str


class IntakeResult(BaseModel):
    """The recommendation with the framework section behind every reason."""

    recommendation: Recommendation
    label: str
    confidence: Confidence
    summary: str
    reasons: list[Reason]
    try_first: list[TryFirst] = []
    cautions: list[Caution] = []
    next_steps: list[str] = []
    similar_cases: list[SimilarCase] = []
    missing_information: list[str] = []
    path: list[str] = []  # decision-diagram node ids, for diagram.py
    fired_rules: list[str] = []


def _error_from(exc: ValidationError) -> IntakeError:
    err = exc.errors()[0]
    field = str(err["loc"][0]) if err["loc"] else "answers"
    value = err.get("input")
    if field == "use_case":
        return IntakeError(USE_CASE_MESSAGE, field="use_case")
    if field in ENUM_VALUES:
        allowed = list(ENUM_VALUES[field])
        if field == "motivations" and len(err["loc"]) == 1:
            return IntakeError(f"motivations must be a list; allowed values: {', '.join(allowed)}", field=field, allowed=allowed)
        return IntakeError(f"{field}: {value!r} is not allowed; allowed values: {', '.join(allowed)}", field=field, allowed=allowed)
    if field in INT_FIELDS:
        return IntakeError(f"{field}: {value!r} is not allowed; must be a whole number 0 or more", field=field)
    return IntakeError(f"{field}: {err['msg']}", field=field)


def parse_answers(data: Any) -> IntakeAnswers:
    """Validate a raw answers object; raise IntakeError for the first problem found."""
    if isinstance(data, IntakeAnswers):
        return data
    if not isinstance(data, dict):
        raise IntakeError(f"answers must be a JSON object with fields: {', '.join(ANSWER_FIELDS)}", field="answers",
                          allowed=list(ANSWER_FIELDS))
    for key in data:
        if key not in ANSWER_FIELDS:
            raise IntakeError(f"unknown field {key!r}; allowed fields: {', '.join(ANSWER_FIELDS)}", field=str(key),
                              allowed=list(ANSWER_FIELDS))
    if "use_case" not in data:
        raise IntakeError(USE_CASE_MESSAGE, field="use_case")
    if isinstance(data["use_case"], str):  # the one free-text field: normalised at the edge like every input
        try:
            data = {**data, "use_case": normalise(data["use_case"], "use_case")}
        except InputError as exc:
            raise IntakeError(str(exc), field="use_case") from None
    try:
        return IntakeAnswers.model_validate(data)
    except ValidationError as exc:
        raise _error_from(exc) from None

"""Every request and response of the CLI JSON, the API and the UI, as pydantic models.

The DESIGN.md shapes, written once: the OpenAPI document (openapi.py) is generated from
these models, the input checks (question length, history, k) live with the request
models, and every ask result is built by `ask_result`, offline or model-written.

Intake and the cost worksheet have their own modules (intake/schema.py, costs/); they
are re-exported here so this module is the one list of the contract's shapes.

Results travel between modules as the plain dicts the JSON contract fixes
(`AskResult.as_dict()`), so the CLI prints, the API serves and the UI stores the same thing.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from pydantic.json_schema import SkipJsonSchema

from .config import MAX_QUESTION_CHARS
from .costs.result import CostResult
from .costs.schema import CostInputs
from .errors import InputError
from .intake.schema import IntakeAnswers, IntakeResult
from .labels import Mode, Source
from .text import normalise, without_controls

__all__ = [
    "AskRequest", "AskResult", "Citation", "CostInputs", "CostResult", "ErrorBody", "ErrorDetail", "Health",
    "HistoryTurn", "IntakeAnswers", "IntakeResult", "SearchHit", "SearchRequest", "SearchResult",
    "DEFAULT_K", "END_USER_HEADER", "END_USER_PATTERN", "MAX_END_USER_CHARS", "MAX_HISTORY_CHARS", "MAX_HISTORY_TURNS",
    "MAX_K", "MAX_QUESTION_CHARS",
    "ask_result", "clean_end_user", "clean_history", "clean_k", "clean_question",
]

MAX_K = 50  # search results per query
DEFAULT_K = 5
MAX_HISTORY_TURNS = 20  # earlier turns an ask uses: the most recent ones
MAX_HISTORY_CHARS = 8000  # of each turn's content

# The end-user header of /api/v1 (api.py checks it, openapi.py documents it): an
# opaque id of a portal's user, giving each person a rate bucket under the portal's key.
END_USER_HEADER = "X-Assistant-User"
MAX_END_USER_CHARS = 128
# printable ASCII, no edge spaces; the end is "(?![\s\S])", not "$", which Python's engine
# (and so Python validators of the OpenAPI document) also lets match before a final newline
END_USER_PATTERN = r"^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?(?![\s\S])"
_END_USER = re.compile(END_USER_PATTERN)


# -- input checks: one function per field, used by the request models and by callers
# that hold a bare value (the CLI's -k, the API's ?q=) -------------------------------
def clean_question(question: Any, field: str = "question") -> str:
    """A usable question or an InputError that says what is wrong with it (naming `field`:
    the API's search names its parameter q)."""
    text = without_controls(normalise(question, field)).strip()
    if not text:
        raise InputError(f"{field} is empty: ask something about prompt engineering, RAG or fine-tuning", field=field)
    if len(text) > MAX_QUESTION_CHARS:
        raise InputError(f"{field} is too long: {len(text)} characters; the limit is {MAX_QUESTION_CHARS}", field=field)
    return text


def clean_k(k: Any) -> int:
    try:
        value = int(k)
    except (TypeError, ValueError):
        raise InputError(f"k must be a whole number from 1 to {MAX_K} (got {k!r})", field="k") from None
    if not 1 <= value <= MAX_K:
        raise InputError(f"k must be a whole number from 1 to {MAX_K} (got {value})", field="k")
    return value


def clean_end_user(value: str | None) -> str | None:
    """The X-Assistant-User value, None when absent, or an InputError naming the header."""
    if value is None:
        return None
    if len(value) > MAX_END_USER_CHARS or not _END_USER.fullmatch(value):
        raise InputError(f"{END_USER_HEADER} must be 1-{MAX_END_USER_CHARS} printable ASCII characters, without "
                         "leading or trailing spaces (an opaque id of the portal's user, such as a hash)",
                         field=END_USER_HEADER)
    return value


def clean_history(history: Any) -> list[dict]:
    """The last MAX_HISTORY_TURNS turns, each cut to MAX_HISTORY_CHARS characters: a long
    conversation is not an error (the chat page sends all of it), only its tail is used."""
    if history is None:
        return []
    if not isinstance(history, list):
        raise InputError("history must be a list of {role, content} objects", field="history")
    cleaned = []
    for i, message in enumerate(history[-MAX_HISTORY_TURNS:]):
        if not isinstance(message, dict) or message.get("role") not in ("user", "assistant") or not isinstance(message.get("content"), str):
            raise InputError(f"history[{i}] must be an object with role 'user' or 'assistant' and a string content",
                             field="history")
        content = without_controls(normalise(message["content"], "history"))[:MAX_HISTORY_CHARS]
        cleaned.append({"role": message["role"], "content": content})
    return cleaned


# -- requests ----------------------------------------------------------------------------
QuestionText = Annotated[str, StringConstraints(min_length=1, max_length=MAX_QUESTION_CHARS)]


class HistoryTurn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    role: Literal["user", "assistant"]
    content: str = Field(description=f"Only the first {MAX_HISTORY_CHARS} characters are used.")


class AskRequest(BaseModel):
    """POST /api/v1/ask (and `ask QUESTION` on the command line)."""

    model_config = ConfigDict(extra="forbid")

    question: QuestionText
    history: list[HistoryTurn] = Field(
        default_factory=list,
        description=f"Earlier turns, oldest first. Any number may be sent; the last {MAX_HISTORY_TURNS} are used, "
                    f"each cut to {MAX_HISTORY_CHARS} characters.")

    @classmethod
    def parse(cls, data: Any) -> AskRequest:
        """Raw JSON in, a checked request out; an InputError naming the field otherwise."""
        if not isinstance(data, dict):
            raise InputError("body must be a JSON object with a 'question' field", field="body")
        unknown = sorted(set(data) - set(cls.model_fields))
        if unknown:
            raise InputError(f"unknown field {unknown[0]!r}; allowed fields: {', '.join(cls.model_fields)}",
                             field=unknown[0])
        if "question" not in data:
            raise InputError("question is required", field="question")
        return cls.of(data["question"], data.get("history"))

    @classmethod
    def of(cls, question: Any, history: Any = None) -> AskRequest:
        """From separate values (the service's own signature): cleaned, never coerced."""
        return cls.model_construct(question=clean_question(question),
                                   history=[HistoryTurn.model_construct(**t) for t in clean_history(history)])

    def history_dicts(self) -> list[dict]:
        return [{"role": t.role, "content": t.content} for t in self.history]


class SearchRequest(BaseModel):
    """GET /api/v1/search?q=…&k=… (and `search QUERY -k N`)."""

    q: QuestionText
    k: int = Field(default=DEFAULT_K, ge=1, le=MAX_K)

    @classmethod
    def of(cls, query: Any, k: Any = DEFAULT_K, field: str = "question") -> SearchRequest:
        """`field` is what errors name: the API's parameter is q, the service's question."""
        return cls.model_construct(q=clean_question(query, field=field), k=clean_k(k))


# -- responses -------------------------------------------------------------------------
class Citation(BaseModel):
    model_config = ConfigDict(from_attributes=True)  # citations.Citation (a dataclass) is accepted as is

    n: int = Field(ge=1)
    section_id: str
    source: Source
    title: str
    quote: str = Field(description="Verbatim text of the cited source.")


# Optional fields of an ask result: left out of the JSON when not set, never sent as null.
_ASK_OPTIONAL = ("coverage", "notice", "tool_calls", "intake")
Absent = SkipJsonSchema[None]


class AskResult(BaseModel):
    """The `ask` JSON. Answer text marks claims with [n]; every n names an entry of citations."""

    answer: str = Field(description="Claims are marked [n]; each n names an entry of citations.")
    citations: list[Citation]
    abstained: bool = Field(description="True when the knowledge base does not cover the question.")
    mode: Mode
    # `X | Absent = None`: optional in Python, left out of the JSON (as_dict), never null in the schema
    coverage: Literal["partial"] | Absent = Field(
        default=None, description="\"partial\" when the framework answers only part of the question.")
    notice: str | Absent = Field(
        default=None, description="Set when the model failed and the offline answer is shown, or when some of the "
                                  "model's citations could not be verified and were removed.")
    tool_calls: list[str] | Absent = Field(default=None, description="Model answers: the tools the model called, in order.")
    intake: IntakeResult | Absent = Field(
        default=None, description="Model answers: the intake result, when the model ran the intake.")

    def as_dict(self) -> dict:
        out = self.model_dump(mode="json")
        for name in _ASK_OPTIONAL:
            if out[name] is None:
                del out[name]
        return out


def ask_result(answer: str, citations: list, *, abstained: bool, mode: str, coverage: str | None = None,
               notice: str | None = None, tool_calls: list[str] | None = None, intake: dict | None = None) -> dict:
    """The one constructor of an ask result (offline, model-written, fallback or error):
    validated against AskResult, returned as the contract's dict."""
    return AskResult(answer=answer, citations=list(citations), abstained=abstained, mode=mode, coverage=coverage,
                     notice=notice, tool_calls=tool_calls, intake=intake).as_dict()


class SearchHit(BaseModel):
    id: str = Field(description="Chunk id.")
    section_id: str
    source: Source
    title: str
    score: float
    text: str


class SearchResult(BaseModel):
    query: str
    results: list[SearchHit] = Field(description="Best first.")


class Health(BaseModel):
    status: Literal["ok", "degraded"] = Field(
        description='"degraded" with the reasons in `problems`; also while the server\'s background start-up '
                    'loads or builds the index (then `starting` says how far it is).')
    index: dict[str, Any] = Field(description="Counts of what the index holds (empty when it cannot be read).")
    mode: Mode
    problems: list[str] = Field(description="Why the status is degraded: index, encoder backend or database not as "
                                            "configured.")
    knowledge_problems: list[str] = Field(default_factory=list, description="Knowledge files skipped, and why.")
    starting: dict[str, Any] | None = Field(default=None, description="While starting: {stage: loading | indexing, "
                                            "done, total}, the passages embedded so far.")


class ErrorDetail(BaseModel):
    message: str
    field: str | None = Field(default=None, description="The input field at fault (422).")
    allowed: list[Any] | None = Field(default=None, description="Allowed values, for an enum field.")
    minimum: float | None = Field(default=None, description="Cost worksheet: the smallest allowed value.")
    maximum: float | None = Field(default=None, description="Cost worksheet: the largest allowed value.")
    unit: str | None = Field(default=None, description="Cost worksheet: the field's unit.")


class ErrorBody(BaseModel):
    """Every error of the API, and a bad line of a CLI batch."""

    error: ErrorDetail


RESPONSE_MODELS = (AskResult, SearchResult, Health, ErrorBody, IntakeResult, CostResult)
REQUEST_MODELS = (AskRequest, IntakeAnswers, CostInputs)

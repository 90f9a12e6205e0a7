"""Model-written answers: history budget, follow-up condensing, a bounded tool loop, and
the citation gate that decides whether the model's answer is shown at all.

The model only sees the knowledge base through tools; every [n] in its answer must
point at a passage it was given, and the quote shown for it is a verbatim sentence of
that passage chosen here — never text the model wrote. An answer that fails the gate
raises ProviderError, and the service answers offline instead.

This module knows the service only through two narrow interfaces, passed in:
`AnswerTools` (what the model's tools need) and `ModelSource` (where the model comes
from). `Assistant` satisfies both; nothing here imports the service.
"""

from __future__ import annotations

import json
import logging
import re
from functools import lru_cache
from typing import Any, Iterator, Protocol

from pydantic import BaseModel, Field, ValidationError

from .answer import NOT_COVERED, is_covered, standalone_query
from .chunking import split_sentences
from .citations import MARKER, Citation, check_citations, markers_in
from .config import MAX_QUESTION_CHARS, MAX_USE_CASE_CHARS
from .errors import InputError, IntakeError, ProviderError
from .intake.schema import OPTIONAL_FIELDS, IntakeAnswers, parse_answers
from .llm import REWRITE_MAX_TOKENS, ChatModel, Completion, ToolCall, function_tool, json_schema_format
from .prompts import (
    INTAKE_PROMPT, REWRITE_PROMPT, SYSTEM_PROMPT, conversation_block, passages_block,
    question_block, recommendation_block, tool_error_block,
)
from .retrieval import Passage
from .schemas import ask_result
from .tokens import count_tokens

log = logging.getLogger(__name__)

MAX_TOOL_TURNS = 4  # rounds of tool calls the model may make before it must answer
HISTORY_TOKEN_BUDGET = 3000
PRESEARCH_K = 5
MAX_SEARCH_K = 8
MAX_QUERY_CHARS = 300
STATUS_SEARCH = "Searching the framework…"
STATUS_INTAKE = "Working out the recommendation…"
_STATUS = {"search_knowledge": STATUS_SEARCH, "recommend_architecture": STATUS_INTAKE}

_ABSTAINS = re.compile(r"framework (?:doesn[’']t|does not|don[’']t) cover", re.IGNORECASE)
_GROUPED_MARKERS = re.compile(r"\[(\d{1,3}(?:\s*,\s*\d{1,3})+)\]")
_QUOTED = re.compile(r"\"([^\"\n]{3,500})\"|“([^”\n]{3,500})”")
_ANSWER_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’')]?|\n|$)(?:\s*\[\d{1,3}\])*")
_REST_OF_SENTENCE = re.compile(r"[^.!?\n]*[.!?]*(?:\s*\[\d{1,3}\])*")
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset("a an the and or but of to in on for with by is are was were be been it its this that these those "
                  "as at from you your we our they their can will would should not no do does if than then so".split())


class SearchKnowledge(BaseModel):
    """Search the framework's sections and case notes. Returns numbered passages; cite them as [n]."""

    query: str = Field(description="What to look for, as a standalone search query.")
    k: int = Field(description=f"How many passages to return, 1 to {MAX_SEARCH_K}.")


class RecommendArchitecture(BaseModel):
    """Run the framework's deterministic intake on what the team told you. Returns the recommendation to present unchanged."""

    answers: IntakeAnswers


@lru_cache(maxsize=1)
def tool_schemas() -> list[dict]:
    """Built once from the pydantic models; strict mode keeps IntakeAnswers' optional fields as nullable."""
    return [function_tool(SearchKnowledge, "search_knowledge", SearchKnowledge.__doc__),
            function_tool(RecommendArchitecture, "recommend_architecture", RecommendArchitecture.__doc__)]


# -- what this module needs from the service ---------------------------------------------
class AnswerTools(Protocol):
    """What the model's tools and the citation gate use of the knowledge base."""

    def corrected_passages(self, query: str, k: int) -> list[Passage]: ...

    def intake(self, answers: dict) -> dict: ...

    def labels(self) -> dict[str, tuple[str, str]]: ...

    def source_texts(self) -> dict[str, str]: ...


class ModelSource(Protocol):
    def chat_model(self) -> ChatModel: ...


# -- conversation ----------------------------------------------------------------------------
def trim_history(history: list[dict] | None, budget: int = HISTORY_TOKEN_BUDGET) -> list[dict]:
    """The most recent turns that fit the token budget. Old [n] markers are dropped: they
    pointed at another answer's citations and would collide with this answer's numbers."""
    kept: list[dict] = []
    used = 0
    for message in reversed(history or []):
        content = MARKER.sub("", message["content"]).strip()
        cost = count_tokens(content) + 4  # role and separators
        if used + cost > budget:
            break
        kept.append({"role": message["role"], "content": content})
        used += cost
    kept.reverse()
    while kept and kept[0]["role"] == "assistant":  # a reply without its question misleads
        kept.pop(0)
    return kept


def rewrite_query(model: ChatModel, question: str, history: list[dict]) -> str:
    """A follow-up ("and what does that cost?") as a standalone search query: the model
    rewrites it with one small call; if that fails, the offline heuristic does."""
    fallback = standalone_query(question, history)
    if not history or fallback == question:
        return question
    quick = model.variant(max_retries=0)  # a rewrite is a bonus: one try, within the answer's deadline
    try:
        reply = quick.complete([{"role": "system", "content": REWRITE_PROMPT},
                                {"role": "user", "content": conversation_block(history[-6:], question)}],
                               max_tokens=REWRITE_MAX_TOKENS)
        query = " ".join(reply.content.split()).strip("\"'“” ")[:MAX_QUERY_CHARS]
        if query and not reply.tool_calls:
            return query
    except ProviderError as exc:
        log.info("query rewrite failed (%s); using the offline heuristic", exc)
    return fallback


class AnswerState:
    """One answer's passages, numbered in order of first appearance (a passage keeps its
    number across searches), plus the tools used and the intake result."""

    def __init__(self, tools: AnswerTools):
        self.tools = tools
        self.sources: dict[int, dict] = {}
        self._numbers: dict[str, int] = {}
        self.tool_names: list[str] = []
        self.covered = False
        self.intake: dict | None = None
        self.invalid_arguments = 0

    def register(self, key: str, section_id: str, source: str, title: str, text: str) -> dict:
        if key not in self._numbers:
            n = len(self._numbers) + 1
            self._numbers[key] = n
            self.sources[n] = {"n": n, "section_id": section_id, "source": source, "title": title, "text": text}
        return self.sources[self._numbers[key]]

    def search(self, query: str, k: int) -> str:
        query = " ".join(query.split())[:MAX_QUESTION_CHARS]
        passages = self.tools.corrected_passages(query, max(1, min(MAX_SEARCH_K, k)))
        covered = is_covered(passages)
        self.covered = self.covered or covered
        entries = [self.register(p.chunk.id, p.section_id, p.chunk.source, p.chunk.label, p.chunk.text) for p in passages]
        note = "" if covered or not passages else "\nThese passages are only loosely related: the framework may not cover this."
        return passages_block(query, entries) + note

    def recommend(self, answers: dict) -> str:
        result = self.tools.intake(answers)  # the engine's result, presented unchanged
        self.intake = result
        labels = self.tools.labels()
        reasons = []
        for r in result.get("reasons", []):
            source, title = labels.get(r["section_id"], ("framework", r["section_id"]))
            entry = self.register(f"reason:{r['section_id']}:{r['quote']}", r["section_id"], source, title, r["quote"])
            reasons.append({**entry, "reason": r["text"]})
        return recommendation_block(result, reasons)

    def run_tool(self, call: ToolCall) -> str:
        """The tool's result as message content. Bad arguments go back to the model once."""
        self.tool_names.append(call.name)
        try:
            run = self._parse(call)
            return run()
        except (ValueError, InputError) as exc:  # JSON, pydantic and intake validation errors
            self.invalid_arguments += 1
            if self.invalid_arguments > 1:
                raise ProviderError("the model sent invalid tool arguments twice") from None
            return tool_error_block(call.name, _short_error(exc))

    def _parse(self, call: ToolCall):
        args = json.loads(call.arguments or "{}")
        if not isinstance(args, dict):
            raise ValueError("arguments must be a JSON object")
        if call.name == "search_knowledge":
            parsed = SearchKnowledge.model_validate(args)
            return lambda: self.search(parsed.query, parsed.k)
        if call.name == "recommend_architecture":
            answers = args.get("answers")
            if not isinstance(answers, dict):
                raise ValueError("'answers' must be an object with at least use_case")
            answers = {key: value for key, value in answers.items() if value is not None}
            parse_answers(answers)  # IntakeError names the field before anything runs
            return lambda: self.recommend(answers)
        raise ValueError(f"there is no tool named {call.name!r}; use search_knowledge or recommend_architecture")


def _short_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        return f"{'.'.join(str(x) for x in err['loc']) or 'arguments'}: {err['msg']}"
    if isinstance(exc, json.JSONDecodeError):
        return f"the arguments are not valid JSON ({exc.msg})"
    return str(exc)[:300]


def _messages(state: AnswerState, question: str, history: list[dict], query: str) -> list[dict]:
    """System prompt (constant), history, the question as data, and a first search the
    model did not have to ask for, so every answer starts grounded."""
    messages: list[dict[str, Any]] = [{"role": "system", "content": SYSTEM_PROMPT}]
    for m in history:
        messages.append({"role": m["role"], "content": question_block(m["content"]) if m["role"] == "user" else m["content"]})
    messages.append({"role": "user", "content": question_block(question)})
    seed = ToolCall("call_presearch", "search_knowledge", json.dumps({"query": query, "k": PRESEARCH_K}))
    messages.append(Completion(tool_calls=[seed]).as_message())
    messages.append({"role": "tool", "tool_call_id": seed.id, "content": state.run_tool(seed)})
    return messages


def answer_events(model: ChatModel, tools: AnswerTools, question: str, history: list[dict],
                  stream: bool = True) -> Iterator[tuple[str, Any]]:
    """The model's answer as events: ("status", text) per tool step, ("token", text) as it
    writes when `stream`, then ("final", ask JSON). ProviderError on any failure: the
    caller (Assistant.stream) answers offline instead. Takes a cleaned question and history."""
    model = model.bounded()  # one deadline for the whole answer
    state = AnswerState(tools)
    history = trim_history(history)
    yield "status", STATUS_SEARCH
    query = rewrite_query(model, question, history)
    messages = _messages(state, question, history, query)
    for step in range(MAX_TOOL_TURNS + 1):
        completion: Completion | None = None
        if stream:
            for kind, value in model.stream(messages, tool_schemas()):
                if kind == "token":
                    yield "token", value
                else:
                    completion = value
        else:
            completion = model.complete(messages, tool_schemas())
        assert completion is not None
        if not completion.tool_calls:
            yield "final", finish_answer(state, completion.content)
            return
        if step == MAX_TOOL_TURNS:
            raise ProviderError(f"tool-call loop: the model kept calling tools after {MAX_TOOL_TURNS} rounds")
        messages.append(completion.as_message())
        for call in completion.tool_calls:
            yield "status", _STATUS.get(call.name, STATUS_SEARCH)
            messages.append({"role": "tool", "tool_call_id": call.id, "content": state.run_tool(call)})
    raise AssertionError("unreachable")


# -- the citation gate -------------------------------------------------------------------
def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1}


def best_sentence(text: str, context: str) -> str:
    """The sentence of `text` sharing most words with `context`; full sentences beat headings."""
    sentences = [text[s.start:s.end] for s in split_sentences(text)] or [text.strip()]
    want = _words(context)

    def score(item):
        i, s = item
        is_full = len(s.split()) >= 5 and s.rstrip("”’\"')").endswith((".", "!", "?"))
        return (len(_words(s) & want), is_full, -i)

    return max(enumerate(sentences), key=score)[1]


def build_citations(text: str, sources: dict[int, dict]) -> tuple[str, list[Citation], list[str]]:
    """Citations for the [n] the answer uses. A quotation the model wrote is kept only if it
    is verbatim in a passage cited after it (then it becomes that citation's quote); otherwise
    its quotation marks go, so it is never shown as the source's words."""
    problems: list[str] = []
    text = _GROUPED_MARKERS.sub(lambda m: " ".join(f"[{n.strip()}]" for n in m.group(1).split(",")), text)
    verified: list[str] = []

    def keep_or_unquote(quoted: re.Match) -> str:
        inner = quoted.group(1) or quoted.group(2)
        rest = _REST_OF_SENTENCE.match(text, quoted.end()).group(0)
        cited = [sources[n]["text"] for n in markers_in(rest) if n in sources] or [s["text"] for s in sources.values()]
        if any(inner in t for t in cited):
            verified.append(inner)
            return quoted.group(0)
        problems.append(f"quote not found verbatim in its source: {inner[:60]!r}")
        return inner

    text = _QUOTED.sub(keep_or_unquote, text)
    citations: dict[int, Citation] = {}
    for sentence in _ANSWER_SENTENCE.findall(text):
        for n in markers_in(sentence):
            if n in sources and n not in citations:
                source = sources[n]
                quote = next((q for q in verified if q in sentence and q in source["text"]), None)
                citations[n] = Citation(n, source["section_id"], source["source"], source["title"],
                                        quote or best_sentence(source["text"], sentence))
    return text, list(citations.values()), problems


def finish_answer(state: AnswerState, text: str) -> dict:
    """The `ask` JSON for the model's final text, or ProviderError when nothing verifies."""
    text = (text or "").strip()
    if not text:
        raise ProviderError("the model sent an empty answer")
    abstains = bool(_ABSTAINS.search(text))
    extra: dict[str, Any] = {"tool_calls": list(state.tool_names)}
    if state.intake is not None:
        extra["intake"] = state.intake
    if not state.covered and state.intake is None:
        # Retrieval found nothing close: abstain whatever the model wrote, as the offline answer would.
        answer = text if abstains and not markers_in(text) else NOT_COVERED
        return ask_result(answer, [], abstained=True, mode="llm", **extra)
    text, citations, problems = build_citations(text, state.sources)
    checked = check_citations(text, citations, state.tools.source_texts())
    problems += checked.problems
    if not checked.citations and not abstains:
        raise ProviderError("answer had no verifiable citations")
    if problems:
        log.info("citation problems in a model answer: %s", problems)
        extra["notice"] = "Some of the model's citations or quotes could not be verified against the framework and were removed."
    return ask_result(checked.text, checked.citations, abstained=abstains, mode="llm", **extra)


# -- intake from free text ----------------------------------------------------------------
def map_free_text_to_intake(source: ModelSource, text: str) -> dict:
    """A team's free-text description as partial intake answers, for the UI to confirm.

    Returns {"answers": {...valid fields...}, "invalid": [{"field", "message"}...]}: each field
    the model filled is checked with parse_answers on its own, so one bad value costs only itself.
    Raises InputError for unusable text and ProviderError when the model fails."""
    if not isinstance(text, str) or not text.strip():
        raise InputError("describe your use case in a sentence or two", field="use_case")
    text = text.strip()[:MAX_USE_CASE_CHARS]
    reply = source.chat_model().complete(
        [{"role": "system", "content": INTAKE_PROMPT}, {"role": "user", "content": question_block(text)}],
        response_format=json_schema_format(IntakeAnswers, "intake_answers"))
    try:
        data = json.loads(reply.content)
    except json.JSONDecodeError:
        raise ProviderError("the model's structured answer was not valid JSON") from None
    if not isinstance(data, dict):
        raise ProviderError("the model's structured answer was not an object")
    return validate_partial_answers(data, default_use_case=text)


def validate_partial_answers(data: dict, default_use_case: str) -> dict:
    use_case = data.get("use_case")
    try:
        use_case = parse_answers({"use_case": use_case}).use_case
    except IntakeError:
        use_case = default_use_case
    answers: dict[str, Any] = {"use_case": use_case}
    invalid: list[dict] = []
    for field, value in data.items():
        if field == "use_case" or value is None or value == []:
            continue
        if field not in OPTIONAL_FIELDS:
            invalid.append({"field": str(field), "message": f"unknown field {field!r}"})
            continue
        try:
            answers[field] = getattr(parse_answers({"use_case": use_case, field: value}), field)
        except IntakeError as exc:
            invalid.append(exc.as_dict())
    return {"answers": answers, "invalid": invalid}

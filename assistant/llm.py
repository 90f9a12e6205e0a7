"""The only module that imports `openai`: builds the client and maps its failures.

Callers get `ProviderError` with a short, key-free message and never an openai or
httpx exception, so the service can fall back to the offline answer in one place.
We retry ourselves (the client's own retries are off) so the total wait stays bounded.

Every call streams, so two clocks can be enforced: each try must show its first token
within `timeout` (a silent server is retried soon, not waited on), and one `Deadline`
covers the whole answer, retries and tool rounds included. The stream is read on a
worker thread (`_Pump`), so a socket read that hangs cannot hold the caller past either
limit. `max_tokens` caps every answer.
"""

from __future__ import annotations

import json
import logging
import queue
import random
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from .config import Settings
from .errors import ProviderError

log = logging.getLogger(__name__)

MAX_RETRY_AFTER = 5.0  # a server asking us to wait longer than this gets the offline answer instead
BACKOFF_BASE = 0.25
BACKOFF_MAX = 2.0
DEFAULT_AZURE_API_VERSION = "2024-10-21"
LOCAL_SERVER_KEY = "not-needed"  # local OpenAI-compatible servers ignore the key, the client insists on one
REWRITE_MAX_TOKENS = 100  # a standalone search query is one short line


class Deadline:
    """The moment a whole answer must be done by, shared by all its model calls and
    retries. It starts at the first model request (`start()`), not before: building the
    index on a first ask is not the model's time. The clock is injectable so the
    arithmetic is testable without waiting."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic, started: bool = True):
        self.seconds = seconds
        self.clock = clock
        self.ends: float | None = clock() + seconds if started else None

    def start(self) -> "Deadline":
        """Start the countdown if it has not started yet."""
        if self.ends is None:
            self.ends = self.clock() + self.seconds
        return self

    def remaining(self) -> float:
        return max(0.0, self.start().ends - self.clock())

    def error(self) -> ProviderError:
        return ProviderError(f"the model timed out: no complete answer within the {self.seconds:g}s deadline")


@dataclass
class ToolCall:
    id: str
    name: str
    arguments: str  # raw JSON text, exactly as the model sent it

    def as_message_part(self) -> dict:
        return {"id": self.id, "type": "function", "function": {"name": self.name, "arguments": self.arguments}}


@dataclass
class Completion:
    content: str = ""
    tool_calls: list[ToolCall] = field(default_factory=list)
    finish_reason: str | None = None

    def as_message(self) -> dict:
        """The assistant message to append before the tool results."""
        msg: dict[str, Any] = {"role": "assistant", "content": self.content or None}
        if self.tool_calls:
            msg["tool_calls"] = [t.as_message_part() for t in self.tool_calls]
        return msg


def make_client(settings: Settings):
    """OpenAI, Azure OpenAI, or any OpenAI-compatible base URL, from one Settings."""
    import openai

    try:
        if settings.azure_endpoint:
            return openai.AzureOpenAI(
                azure_endpoint=settings.azure_endpoint, api_key=settings.azure_api_key,
                api_version=settings.openai_api_version or DEFAULT_AZURE_API_VERSION,
                timeout=settings.llm_timeout, max_retries=0,
            )
        api_key = settings.openai_api_key or (LOCAL_SERVER_KEY if settings.openai_base_url else None)
        return openai.OpenAI(api_key=api_key, base_url=settings.openai_base_url,
                             timeout=settings.llm_timeout, max_retries=0)
    except openai.OpenAIError:
        # The message may name environment variables; it never holds a key, but say less anyway.
        raise ProviderError(f"the {settings.provider_name} client is not configured (check the key, endpoint and API version)") from None


def function_tool(model, name: str, description: str) -> dict:
    """A Chat Completions function tool whose strict JSON schema comes from a pydantic model."""
    import openai

    return openai.pydantic_function_tool(model, name=name, description=description)


def json_schema_format(model, name: str) -> dict:
    """A strict `response_format` for structured output, built the same way as tool schemas."""
    schema = function_tool(model, name=name, description="")["function"]["parameters"]
    return {"type": "json_schema", "json_schema": {"name": name, "strict": True, "schema": schema}}


def _retry_after(response) -> float | None:
    headers = getattr(response, "headers", None) or {}
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            return max(0.0, float(value) * scale)
        except ValueError:
            return None  # an HTTP date: treat as "longer than we wait"
    return 0.0


class _SlowStart(Exception):
    """No token within the first-token limit: worth another try while the deadline allows."""


class _PastDeadline(Exception):
    """The answer's deadline passed while we waited: never retried."""


def classify(exc: BaseException, timeout: float) -> tuple[ProviderError, float | None]:
    """Our error for an openai/transport failure, and how long to wait before a retry
    (None: do not retry). Messages name the cause, never the request or the key."""
    import openai

    if isinstance(exc, ProviderError):
        return exc, None
    if isinstance(exc, _SlowStart):
        return ProviderError(f"the model timed out after {timeout:g}s without sending its first token"), 0.0
    if isinstance(exc, openai.APITimeoutError):
        return ProviderError(f"the model timed out after {timeout:g}s"), 0.0
    if isinstance(exc, openai.APIConnectionError):
        return ProviderError("could not reach the model server (connection failed or was cut)"), 0.0
    if isinstance(exc, openai.RateLimitError):
        wait = _retry_after(exc.response)
        if wait is None or wait > MAX_RETRY_AFTER:
            return ProviderError("the model server is rate limiting requests (429)"), None
        return ProviderError("the model server is rate limiting requests (429)"), wait
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        if status == 401:
            return ProviderError("the model server rejected the credentials (401)"), None
        if status >= 500 or status in (408, 409):
            return ProviderError(f"the model server failed ({status})"), 0.0
        return ProviderError(f"the model server refused the request ({status})"), None
    if isinstance(exc, (openai.APIResponseValidationError, json.JSONDecodeError, UnicodeDecodeError)):
        return ProviderError("the model server sent a malformed response"), 0.0
    if isinstance(exc, openai.OpenAIError):
        return ProviderError(f"the model client failed ({type(exc).__name__})"), None
    # httpx/httpcore errors that slipped past the SDK's own mapping (e.g. mid-stream).
    return ProviderError(f"the model connection failed ({type(exc).__name__})"), 0.0


class ChatModel:
    """Chat Completions with bounded retries under a deadline; `complete` and `stream`
    raise only ProviderError.

    `timeout` is the first-token limit of each try; `deadline` the seconds a whole call
    may take, retries included. `bounded()` gives a copy whose calls all share one
    Deadline (one answer: query rewrite, tool rounds and the final text)."""

    def __init__(self, client, model: str, timeout: float = 10.0, max_retries: int = 2,
                 sleep: Callable[[float], None] = time.sleep, *, deadline: float = 40.0, max_tokens: int = 1000,
                 token_param: str = "max_tokens", clock: Callable[[], float] = time.monotonic,
                 budget: Deadline | None = None):
        self.client = client
        self.model = model
        self.timeout = timeout
        self.max_retries = max(0, int(max_retries))
        self.sleep = sleep
        self.deadline = deadline
        self.max_tokens = max_tokens
        self.token_param = token_param
        self.clock = clock
        self.budget = budget

    @classmethod
    def from_settings(cls, settings: Settings, client=None) -> "ChatModel":
        # OpenAI's newer models accept only max_completion_tokens; other servers know max_tokens.
        token_param = "max_completion_tokens" if settings.provider_name == "openai" else "max_tokens"
        return cls(client or make_client(settings), settings.model, settings.llm_timeout, settings.llm_max_retries,
                   deadline=settings.llm_deadline, max_tokens=settings.llm_max_tokens, token_param=token_param)

    def variant(self, **changes) -> "ChatModel":
        """A copy with some settings changed (the budget, if any, is shared)."""
        fields = dict(client=self.client, model=self.model, timeout=self.timeout, max_retries=self.max_retries,
                      sleep=self.sleep, deadline=self.deadline, max_tokens=self.max_tokens,
                      token_param=self.token_param, clock=self.clock, budget=self.budget)
        return ChatModel(**{**fields, **changes})

    def bounded(self) -> "ChatModel":
        """A copy whose calls share one Deadline (one answer, from its first model request to the end)."""
        return self if self.budget is not None else self.variant(budget=Deadline(self.deadline, self.clock, started=False))

    def _request(self, messages, tools, tool_choice, response_format, max_tokens: int | None, timeout: float):
        kwargs: dict[str, Any] = {"model": self.model, "messages": messages, "stream": True, "timeout": timeout,
                                  self.token_param: max_tokens or self.max_tokens}
        if tools:
            kwargs["tools"] = tools
            if tool_choice is not None:
                kwargs["tool_choice"] = tool_choice
        if response_format is not None:
            kwargs["response_format"] = response_format
        return self.client.chat.completions.create(**kwargs)

    def _wait(self, attempt: int, error: ProviderError, delay: float | None, budget: Deadline) -> None:
        """Sleep before the next attempt, or raise when retrying makes no sense (or no time is left)."""
        if delay is None or attempt >= self.max_retries:
            raise error
        backoff = delay or min(BACKOFF_MAX, BACKOFF_BASE * 2 ** attempt) * (1 + random.random() / 4)
        if backoff >= budget.remaining():
            raise error
        log.warning("model call failed (%s); retry %d/%d in %.2fs", error, attempt + 1, self.max_retries, backoff)
        self.sleep(backoff)

    def complete(self, messages: list[dict], tools: list[dict] | None = None, tool_choice=None,
                 response_format: dict | None = None, max_tokens: int | None = None) -> Completion:
        """The whole reply. Streamed underneath, so the first-token limit applies here too."""
        for kind, value in self._run(messages, tools, tool_choice, response_format, max_tokens, show=False):
            if kind == "done":
                return value
        raise AssertionError("unreachable")

    def stream(self, messages: list[dict], tools: list[dict] | None = None,
               max_tokens: int | None = None) -> Iterator[tuple[str, Any]]:
        """Yields ("token", text) as content arrives, then ("done", Completion).

        A failure before the first token is retried; after it, the text already shown
        cannot be taken back, so it raises ProviderError at once (the caller then says
        so: a stream showing tokens is never dropped without a word)."""
        yield from self._run(messages, tools, None, None, max_tokens, show=True)

    def _run(self, messages, tools, tool_choice, response_format, max_tokens, show: bool):
        budget = (self.budget or Deadline(self.deadline, self.clock)).start()
        for attempt in range(self.max_retries + 1):
            emitted = False
            try:
                for kind, value in self._attempt(messages, tools, tool_choice, response_format, max_tokens, budget):
                    if kind == "token":
                        if not show:
                            continue
                        emitted = True
                    yield kind, value
                return
            except _PastDeadline:
                raise budget.error() from None
            except Exception as exc:  # noqa: BLE001 — every failure becomes ProviderError here
                error, delay = classify(exc, self.timeout)
                self._wait(attempt, error, None if emitted else delay, budget)
        raise AssertionError("unreachable")

    def _attempt(self, messages, tools, tool_choice, response_format, max_tokens, budget: Deadline):
        """One try: the first token by min(now + timeout, deadline), the rest by the deadline."""
        if budget.remaining() <= 0:
            raise _PastDeadline
        first_by = min(budget.ends, self.clock() + self.timeout)
        # The read timeout only ends the worker thread; the caller stops waiting at the limits below.
        read_timeout = max(0.05, min(self.timeout, budget.remaining()))
        pump = _Pump(lambda: self._request(messages, tools, tool_choice, response_format, max_tokens, read_timeout))
        acc = _StreamAccumulator()
        try:
            while True:
                until = budget.ends if acc.started else first_by
                try:
                    chunk = pump.next(until - self.clock())
                except _Silent:
                    if acc.started or until >= budget.ends:
                        raise _PastDeadline from None
                    raise _SlowStart from None
                if chunk is _END:
                    break
                text = acc.add(chunk)
                if text:
                    yield "token", text
            yield "done", acc.result()
        finally:
            pump.close()


class _Silent(Exception):
    """Nothing arrived from the stream before the caller's limit."""


_END = object()


class _Pump:
    """Reads a blocking stream on a daemon thread and hands chunks over a queue, so the
    caller waits with a timeout of its own choosing: a hung socket read cannot keep it
    past its deadline. A stopped worker ends at its request's read timeout and closes
    what it opened; nothing else is shared with it."""

    def __init__(self, open_stream: Callable[[], Any]):
        self._queue: queue.Queue = queue.Queue()
        self._stop = threading.Event()
        threading.Thread(target=self._read, args=(open_stream,), name="model-stream", daemon=True).start()

    def _read(self, open_stream) -> None:
        stream = None
        try:
            stream = open_stream()
            for chunk in stream:
                if self._stop.is_set():
                    return
                self._queue.put(("chunk", chunk))
            self._queue.put(("end", None))
        except BaseException as exc:  # noqa: BLE001 — handed to the caller, who maps it
            self._queue.put(("error", exc))
        finally:
            if stream is not None:
                try:
                    stream.close()
                except Exception as exc:  # noqa: BLE001 — the reply is already complete or abandoned
                    log.debug("closing a model stream failed (%s); its connection is dropped by the pool", exc)

    def next(self, timeout: float):
        """The next chunk, `_END`, or the stream's exception; `_Silent` after `timeout` s."""
        try:
            kind, value = self._queue.get(timeout=max(0.0, timeout))
        except queue.Empty:
            raise _Silent from None
        if kind == "error":
            raise value
        return value if kind == "chunk" else _END

    def close(self) -> None:
        self._stop.set()


class _StreamAccumulator:
    """Joins content and tool-call deltas (which arrive split by `index`) into one Completion."""

    def __init__(self):
        self.content: list[str] = []
        self.calls: dict[int, dict[str, Any]] = {}
        self.finish_reason: str | None = None
        self.started = False  # the model has begun its reply (text or a tool call)

    def add(self, chunk) -> str:
        if not chunk.choices:
            return ""
        choice = chunk.choices[0]
        delta = choice.delta
        if choice.finish_reason:
            self.finish_reason = choice.finish_reason
        for part in (delta.tool_calls or []) if delta else []:
            self.started = True
            call = self.calls.setdefault(part.index, {"id": "", "name": "", "arguments": []})
            if part.id:
                call["id"] = part.id
            if part.function is not None:
                if part.function.name:
                    call["name"] += part.function.name
                if part.function.arguments:
                    call["arguments"].append(part.function.arguments)
        text = (delta.content or "") if delta else ""
        if text:
            self.content.append(text)
            self.started = True
        return text

    def result(self) -> Completion:
        if self.finish_reason is None:
            raise ProviderError("the model's stream ended before it finished")
        calls = [ToolCall(c["id"] or f"call_{i}", c["name"], "".join(c["arguments"]))
                 for i, c in sorted(self.calls.items())]
        return Completion("".join(self.content), calls, self.finish_reason)

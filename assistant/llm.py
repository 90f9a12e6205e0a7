"""The only module that imports `openai`: builds the client and maps its failures.

Callers get `ProviderError` with a short, key-free message and never an openai or
httpx exception, so the service can fall back to the offline answer in one place.
We retry ourselves (the client's own retries are off) so the total wait stays bounded.
"""

from __future__ import annotations

import json
import logging
import random
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


def classify(exc: BaseException, timeout: float) -> tuple[ProviderError, float | None]:
    """Our error for an openai/transport failure, and how long to wait before a retry
    (None: do not retry). Messages name the cause, never the request or the key."""
    import openai

    if isinstance(exc, ProviderError):
        return exc, None
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
    """Chat Completions with bounded retries; `complete` and `stream` raise only ProviderError."""

    def __init__(self, client, model: str, timeout: float = 30.0, max_retries: int = 2,
                 sleep: Callable[[float], None] = time.sleep):
        self.client = client
        self.model = model
        self.timeout = timeout
        self.max_retries = max(0, int(max_retries))
        self.sleep = sleep

    @classmethod
    def from_settings(cls, settings: Settings, client=None) -> "ChatModel":
        return cls(client or make_client(settings), settings.model, settings.llm_timeout, settings.llm_max_retries)

    def _request(self, messages, tools, tool_choice, response_format, stream: bool):
        kwargs: dict[str, Any] = {"model": self.model, "messages": messages}
        if tools:
            kwargs["tools"] = tools
            if tool_choice is not None:
                kwargs["tool_choice"] = tool_choice
        if response_format is not None:
            kwargs["response_format"] = response_format
        if stream:
            kwargs["stream"] = True
        return self.client.chat.completions.create(**kwargs)

    def _wait(self, attempt: int, error: ProviderError, delay: float | None) -> None:
        """Sleep before the next attempt, or raise when retrying makes no sense."""
        if delay is None or attempt >= self.max_retries:
            raise error
        backoff = delay or min(BACKOFF_MAX, BACKOFF_BASE * 2 ** attempt) * (1 + random.random() / 4)
        log.warning("model call failed (%s); retry %d/%d in %.2fs", error, attempt + 1, self.max_retries, backoff)
        self.sleep(backoff)

    def complete(self, messages: list[dict], tools: list[dict] | None = None, tool_choice=None,
                 response_format: dict | None = None) -> Completion:
        for attempt in range(self.max_retries + 1):
            try:
                response = self._request(messages, tools, tool_choice, response_format, stream=False)
                return _completion_from(response)
            except Exception as exc:  # noqa: BLE001 — every failure becomes ProviderError here
                error, delay = classify(exc, self.timeout)
                self._wait(attempt, error, delay)
        raise AssertionError("unreachable")

    def stream(self, messages: list[dict], tools: list[dict] | None = None) -> Iterator[tuple[str, Any]]:
        """Yields ("token", text) as content arrives, then ("done", Completion).

        A failure before the first token is retried; after it, the text already shown
        cannot be taken back, so it raises ProviderError at once."""
        for attempt in range(self.max_retries + 1):
            emitted = False
            try:
                acc = _StreamAccumulator()
                stream = self._request(messages, tools, None, None, stream=True)
                try:
                    for chunk in stream:
                        text = acc.add(chunk)
                        if text:
                            emitted = True
                            yield "token", text
                finally:
                    stream.close()
                yield "done", acc.result()
                return
            except Exception as exc:  # noqa: BLE001
                error, delay = classify(exc, self.timeout)
                self._wait(attempt, error, None if emitted else delay)


def _completion_from(response) -> Completion:
    if not getattr(response, "choices", None):
        raise ProviderError("the model server sent no choices")
    choice = response.choices[0]
    message = choice.message
    calls = [ToolCall(c.id, c.function.name, c.function.arguments or "")
             for c in (message.tool_calls or []) if getattr(c, "function", None) is not None]
    return Completion(message.content or "", calls, choice.finish_reason)


class _StreamAccumulator:
    """Joins content and tool-call deltas (which arrive split by `index`) into one Completion."""

    def __init__(self):
        self.content: list[str] = []
        self.calls: dict[int, dict[str, Any]] = {}
        self.finish_reason: str | None = None

    def add(self, chunk) -> str:
        if not chunk.choices:
            return ""
        choice = chunk.choices[0]
        delta = choice.delta
        if choice.finish_reason:
            self.finish_reason = choice.finish_reason
        for part in (delta.tool_calls or []) if delta else []:
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
        return text

    def result(self) -> Completion:
        if self.finish_reason is None:
            raise ProviderError("the model's stream ended before it finished")
        calls = [ToolCall(c["id"] or f"call_{i}", c["name"], "".join(c["arguments"]))
                 for i, c in sorted(self.calls.items())]
        return Completion("".join(self.content), calls, self.finish_reason)

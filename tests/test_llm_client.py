"""llm.py against a real loopback server: client construction, retries and error mapping."""

from __future__ import annotations

import time

import openai
import pytest

from assistant.config import Settings
from assistant.errors import ProviderError
from assistant.llm import ChatModel, function_tool, json_schema_format, make_client

try:
    from fixtures.fake_openai_server import (
        bad_json, broken_stream, closed_port_url, delay, drop, fake_openai, openai_server, status, text, tool_call,
        tool_calls,
    )
except ImportError:  # tests/ became a package
    from tests.fixtures.fake_openai_server import (  # noqa: F401
        bad_json, broken_stream, closed_port_url, delay, drop, fake_openai, openai_server, status, text, tool_call,
        tool_calls,
    )

SECRET = "sk-test-SECRET-never-shown-123"
MESSAGES = [{"role": "user", "content": "hello"}]


def model_for(url: str, timeout: float = 1.0, retries: int = 1, key: str | None = SECRET) -> ChatModel:
    settings = Settings(openai_api_key=key, openai_base_url=url, llm_timeout=timeout, llm_max_retries=retries)
    return ChatModel.from_settings(settings)


# -- construction -------------------------------------------------------------------------------
def test_base_url_alone_means_a_local_server_with_a_placeholder_key():
    client = make_client(Settings(openai_base_url="http://127.0.0.1:9/v1", llm_timeout=3))
    assert isinstance(client, openai.OpenAI)
    assert client.api_key == "not-needed"
    assert str(client.base_url).startswith("http://127.0.0.1:9/v1")
    assert client.max_retries == 0 and client.timeout == 3


def test_azure_settings_build_an_azure_client():
    client = make_client(Settings(azure_endpoint="https://example.openai.azure.com", azure_api_key=SECRET,
                                  openai_api_version="2024-10-21"))
    assert isinstance(client, openai.AzureOpenAI)
    assert client.max_retries == 0


def test_tool_schema_is_strict_and_keeps_optional_fields_nullable():
    from assistant.chat import tool_schemas

    search, recommend = tool_schemas()
    assert search["function"]["name"] == "search_knowledge" and search["function"]["strict"] is True
    answers = recommend["function"]["parameters"]["$defs"]["IntakeAnswers"]
    assert {"type": "null"} in answers["properties"]["daily_volume"]["anyOf"]
    assert answers["additionalProperties"] is False
    fmt = json_schema_format(type("M", (openai.BaseModel,), {"__annotations__": {"x": int}}), "m")
    assert fmt["json_schema"]["strict"] is True and fmt["json_schema"]["schema"]["required"] == ["x"]
    assert function_tool  # imported from llm: the only module that touches openai


# -- requests that work -----------------------------------------------------------------------
def test_complete_returns_text_and_sends_the_key_as_bearer(fake_openai):
    fake_openai.push(text("Hi there."))
    result = model_for(fake_openai.url).complete(MESSAGES)
    assert result.content == "Hi there." and result.tool_calls == []
    assert fake_openai.requests[0]["headers"]["authorization"] == f"Bearer {SECRET}"


def test_complete_returns_tool_calls(fake_openai):
    fake_openai.push(tool_calls(tool_call("search_knowledge", {"query": "rag", "k": 3}, "call_a")))
    result = model_for(fake_openai.url).complete(MESSAGES, tools=[{"type": "function", "function": {"name": "x"}}])
    assert [(c.id, c.name, c.arguments) for c in result.tool_calls] == [("call_a", "search_knowledge", '{"query": "rag", "k": 3}')]
    assert fake_openai.bodies[0]["tools"]


def test_stream_yields_tokens_then_the_accumulated_completion(fake_openai):
    fake_openai.push(text("Streaming works fine."))
    events = list(model_for(fake_openai.url).stream(MESSAGES))
    tokens = "".join(v for k, v in events if k == "token")
    assert tokens == "Streaming works fine."
    assert events[-1][0] == "done" and events[-1][1].content == tokens
    assert fake_openai.bodies[0]["stream"] is True


def test_stream_accumulates_tool_call_deltas(fake_openai):
    fake_openai.push(tool_calls(tool_call("search_knowledge", {"query": "hidden costs of fine-tuning", "k": 4}),
                                tool_call("recommend_architecture", {"answers": {"use_case": "a bot"}})))
    done = list(model_for(fake_openai.url).stream(MESSAGES))[-1][1]
    assert [c.name for c in done.tool_calls] == ["search_knowledge", "recommend_architecture"]
    assert done.tool_calls[0].arguments == '{"query": "hidden costs of fine-tuning", "k": 4}'
    assert done.finish_reason == "tool_calls"


# -- faults -------------------------------------------------------------------------------------
def test_a_500_is_retried_then_succeeds(fake_openai):
    fake_openai.push(status(500), text("Recovered."))
    assert model_for(fake_openai.url).complete(MESSAGES).content == "Recovered."
    assert len(fake_openai.bodies) == 2


def test_persistent_500_gives_provider_error_after_bounded_retries(fake_openai):
    fake_openai.always(status(500))
    with pytest.raises(ProviderError, match=r"failed \(500\)"):
        model_for(fake_openai.url, retries=2).complete(MESSAGES)
    assert len(fake_openai.bodies) == 3


def test_429_honours_retry_after_within_the_cap(fake_openai):
    fake_openai.push(status(429, retry_after="1"), text("After waiting."))
    start = time.monotonic()
    assert model_for(fake_openai.url).complete(MESSAGES).content == "After waiting."
    assert time.monotonic() - start >= 0.95


def test_429_asking_for_a_long_wait_fails_at_once(fake_openai):
    fake_openai.always(status(429, retry_after="120"))
    start = time.monotonic()
    with pytest.raises(ProviderError, match="429"):
        model_for(fake_openai.url, retries=3).complete(MESSAGES)
    assert time.monotonic() - start < 2 and len(fake_openai.bodies) == 1


def test_timeout_is_retried_then_reported(fake_openai):
    fake_openai.always(delay(1.5))
    with pytest.raises(ProviderError, match="timed out after 0.5s"):
        model_for(fake_openai.url, timeout=0.5, retries=1).complete(MESSAGES)
    assert len(fake_openai.bodies) == 2


def test_connection_refused():
    with pytest.raises(ProviderError, match="could not reach"):
        model_for(closed_port_url(), retries=0).complete(MESSAGES)


def test_dropped_connection(fake_openai):
    fake_openai.always(drop())
    with pytest.raises(ProviderError, match="could not reach"):
        model_for(fake_openai.url, retries=0).complete(MESSAGES)


def test_cut_response_body(fake_openai):
    fake_openai.always(broken_stream())
    with pytest.raises(ProviderError):
        model_for(fake_openai.url, retries=0).complete(MESSAGES)


def test_stream_cut_after_tokens_is_not_retried(fake_openai):
    fake_openai.push(broken_stream("Some words were already shown"), text("A second answer"))
    events = []
    with pytest.raises(ProviderError, match="could not reach|connection"):
        for event in model_for(fake_openai.url, retries=2).stream(MESSAGES):
            events.append(event)
    assert any(kind == "token" for kind, _ in events)
    assert len(fake_openai.bodies) == 1  # retrying would repeat text the user already saw


def test_malformed_json_body_and_sse(fake_openai):
    fake_openai.always(bad_json())
    model = model_for(fake_openai.url, retries=0)
    with pytest.raises(ProviderError, match="malformed"):
        model.complete(MESSAGES)
    with pytest.raises(ProviderError, match="malformed"):
        list(model.stream(MESSAGES))


def test_errors_never_carry_the_key(fake_openai):
    fake_openai.always(status(401, message=f"Incorrect API key provided: {SECRET}"))
    with pytest.raises(ProviderError) as info:
        model_for(fake_openai.url).complete(MESSAGES)
    assert SECRET not in str(info.value) and "401" in str(info.value)
    assert len(fake_openai.bodies) == 1  # bad credentials are not retried
    assert SECRET not in repr(Settings(openai_api_key=SECRET))

"""A model call with a deadline, against real loopback servers: one that streams one
word a second, one that never answers. Each try must start answering within the
first-token limit; the whole answer (retries and tool rounds) must end by the deadline,
after which the reader gets the offline answer with a notice. And a provider that hangs
must not hold up the rest of the API."""

from __future__ import annotations

import concurrent.futures
import socket
import threading
import time

import httpx
import pytest

from assistant.config import Settings
from assistant.errors import ProviderError
from assistant.llm import ChatModel, Deadline

try:
    from fixtures.fake_openai_server import build_assistant, fake_openai, hang, openai_server, slow, text  # noqa: F401
except ImportError:  # tests/ became a package
    from tests.fixtures.fake_openai_server import build_assistant, fake_openai, hang, openai_server, slow, text  # noqa: F401

MESSAGES = [{"role": "user", "content": "hello"}]
QUESTION = "What are the hidden costs of fine-tuning?"
LONG = " ".join(f"word{i}" for i in range(60))  # a minute at one word a second


def model_for(url: str, first_token: float, deadline: float, retries: int = 2) -> ChatModel:
    settings = Settings(openai_base_url=url, llm_timeout=first_token, llm_deadline=deadline, llm_max_retries=retries)
    return ChatModel.from_settings(settings)


def wait_until(condition, timeout: float = 30.0, what: str = "condition") -> None:
    """Poll `condition` until it holds (a wait, not a timing assertion)."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


# -- the arithmetic, with an injected clock ----------------------------------------------------
def test_deadline_counts_down_on_its_clock():
    now = [100.0]
    deadline = Deadline(40, clock=lambda: now[0])
    assert deadline.remaining() == 40
    now[0] = 130.5
    assert deadline.remaining() == 9.5
    now[0] = 141
    assert deadline.remaining() == 0
    assert "40s deadline" in str(deadline.error())


def test_an_answers_deadline_starts_at_its_first_model_request():
    """Time spent before the model is asked (a first index build, retrieval) is not the model's."""
    now = [0.0]
    deadline = Deadline(40, clock=lambda: now[0], started=False)
    now[0] = 25.0  # e.g. the index was being built
    assert deadline.start().remaining() == 40
    now[0] = 30.0
    assert deadline.start().remaining() == 35  # starting again changes nothing


def test_settings_carry_the_limits_and_the_token_cap():
    model = ChatModel.from_settings(Settings(openai_base_url="http://127.0.0.1:9/v1"))
    assert (model.timeout, model.deadline, model.max_tokens) == (10.0, 40.0, 1000)
    assert model.token_param == "max_tokens"  # what OpenAI-compatible servers understand
    official = ChatModel.from_settings(Settings(openai_api_key="sk-test"))
    assert official.token_param == "max_completion_tokens"  # OpenAI's newer models accept only this


def test_answers_are_capped_in_tokens(fake_openai):
    fake_openai.push(text("Short."))
    model_for(fake_openai.url, first_token=5, deadline=10).complete(MESSAGES)
    assert fake_openai.bodies[0]["max_tokens"] == 1000


# -- a slow provider (one word a second) ---------------------------------------------------------
def test_a_slow_stream_is_cut_at_the_deadline_and_not_retried(fake_openai):
    fake_openai.always(slow(LONG))
    words = []
    with pytest.raises(ProviderError, match="within the 3s deadline"):
        for kind, value in model_for(fake_openai.url, first_token=5, deadline=3).stream(MESSAGES):
            if kind == "token":
                words.append(value)
    assert words, "the first words arrived before the deadline"
    assert len(fake_openai.bodies) == 1  # text was shown: a retry would repeat it
    record = fake_openai.requests[0]
    wait_until(lambda: record["client_left"], what="the server to see the client go")
    assert record["words_sent"] < 60


def test_a_slow_but_steady_stream_is_not_a_first_token_timeout(fake_openai):
    """The first-token limit is about starting: a reply that takes longer than it in
    total, but keeps coming, completes."""
    fake_openai.push(slow("one two three four five six", interval=0.3))
    done = model_for(fake_openai.url, first_token=1, deadline=30).complete(MESSAGES)
    assert done.content == "one two three four five six"


# -- a silent provider ---------------------------------------------------------------------------
def test_a_silent_server_is_retried_within_the_deadline_then_given_up(fake_openai):
    fake_openai.always(hang())
    with pytest.raises(ProviderError, match="timed out"):
        model_for(fake_openai.url, first_token=0.5, deadline=1.8, retries=10).complete(MESSAGES)
    # Each try waits 0.5 s for a first token, so the deadline leaves room for a few, not ten.
    assert 2 <= len(fake_openai.bodies) <= 4


def test_the_first_token_limit_names_itself(fake_openai):
    fake_openai.always(hang())
    with pytest.raises(ProviderError, match=r"timed out after 0.5s without sending its first token"):
        model_for(fake_openai.url, first_token=0.5, deadline=30, retries=0).complete(MESSAGES)


# -- what the reader gets ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def slow_assistant(openai_server, tmp_path_factory):
    return build_assistant(tmp_path_factory.mktemp("deadline"), openai_server.url, llm_timeout=2.0, llm_deadline=4.0)


def test_a_silent_model_gives_the_offline_answer_with_a_notice(slow_assistant, fake_openai):
    fake_openai.always(hang())
    result = slow_assistant.ask(QUESTION)
    assert result["mode"] == "offline" and result["citations"]
    assert "timed out" in result["notice"] and "offline answer" in result["notice"]


def test_a_stream_showing_tokens_ends_with_the_offline_answer_and_says_why(slow_assistant, fake_openai):
    fake_openai.always(slow(LONG))
    events = list(slow_assistant.stream(QUESTION))
    assert any(kind == "token" for kind, _ in events)  # the reader saw the model start
    kind, final = events[-1]
    assert kind == "final" and final["mode"] == "offline" and final["citations"]
    assert "4s deadline" in final["notice"]  # never dropped without a word


# -- a hanging provider does not starve the API -------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def api_with_hanging_model(openai_server, slow_assistant, monkeypatch):
    """The API (routes, middleware, error handlers) on a real uvicorn server, its model a
    server that never answers (first-token limit and deadline far beyond the test)."""
    import uvicorn

    from assistant import runtime
    from assistant.api import api_app

    openai_server.reset()
    openai_server.always(hang())
    monkeypatch.setattr(slow_assistant, "settings", slow_assistant.settings.with_overrides(
        llm_timeout=120, llm_deadline=120, rate_limit_per_minute=0))
    runtime.reset_assistant(slow_assistant)
    server = uvicorn.Server(uvicorn.Config(api_app(), host="127.0.0.1", port=free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_until(lambda: server.started, what="uvicorn to start")
    try:
        yield f"http://127.0.0.1:{server.config.port}", openai_server
    finally:
        openai_server.release()
        server.should_exit = True
        thread.join(timeout=30)
        runtime.reset_assistant()
        openai_server.reset()


def test_45_hanging_asks_do_not_hold_up_search_and_health(api_with_hanging_model):
    base, model_server = api_with_hanging_model
    asks = 45
    limits = httpx.Limits(max_connections=asks + 10, max_keepalive_connections=asks + 10)
    with httpx.Client(base_url=base, timeout=300, limits=limits) as client, \
            concurrent.futures.ThreadPoolExecutor(asks) as pool:
        pending = [pool.submit(client.post, "/api/v1/ask", json={"question": f"{QUESTION} ({i})"}) for i in range(asks)]
        wait_until(lambda: len(model_server.bodies) >= asks, timeout=120, what="every ask to reach the model")

        search = client.get("/api/v1/search", params={"q": "hidden costs"})
        health = client.get("/api/health")
        assert search.status_code == 200 and search.json()["results"][0]["section_id"] == "hidden-costs"
        assert health.status_code == 200
        assert not any(f.done() for f in pending)  # answered while every ask was still waiting on the model

        model_server.release()  # the model goes away: each ask ends with the offline answer
        answers = [f.result() for f in pending]
    assert all(a.status_code == 200 for a in answers)
    assert all(a.json()["mode"] == "offline" and a.json()["notice"] for a in answers)

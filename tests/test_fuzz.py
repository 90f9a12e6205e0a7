"""Issue 13, finding 8: a fuzzing suite.

- Schemathesis against the served /api/openapi.json: every documented route, with
  valid and invalid inputs, and no 5xx allowed.
- Hypothesis over the command line's batch inputs (`ask/search/intake --batch`).
- Concurrency: legitimate clients beside one client sending poison, and not one
  legitimate request may fail.
"""

from __future__ import annotations

import json
import threading

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode

from test_api import AUTH, TOKEN, start_server, stop_server


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory):
    """The real server (`streamlit run app.py`), token set, rate limit off for the run."""
    data_dir = tmp_path_factory.mktemp("fuzz-data")
    proc, base = start_server(data_dir, {"ASSISTANT_API_TOKEN": TOKEN, "ASSISTANT_RATE_LIMIT_PER_MINUTE": "0"})
    try:
        with httpx.Client(base_url=base, timeout=300) as client:
            assert client.get("/api/v1/search", params={"q": "warm up"}, headers=AUTH).status_code == 200
        yield base
    finally:
        stop_server(proc)


@pytest.fixture(scope="module")
def api_schema(fuzz_server):
    """The OpenAPI document as the server serves it."""
    return schemathesis.openapi.from_url(f"{fuzz_server}/api/openapi.json")


def documented_operations() -> list[tuple[str, str, GenerationMode]]:
    """Every documented operation with valid data, and with invalid data where it takes any input."""
    from assistant.openapi import openapi_document

    out = []
    for path, item in openapi_document()["paths"].items():
        for method, spec in item.items():
            out.append((method.upper(), path, GenerationMode.POSITIVE))
            if spec.get("parameters") or spec.get("requestBody"):
                out.append((method.upper(), path, GenerationMode.NEGATIVE))
    return out


# schemathesis' own pytest plugin (from_fixture) does not run under pytest 9, so each
# documented operation is driven through Hypothesis here, with valid and invalid data.
@pytest.mark.parametrize("method,path,mode", documented_operations(), ids=lambda v: str(v))
def test_no_documented_route_answers_with_a_server_error(api_schema, fuzz_server, method, path, mode):
    operation = api_schema[path][method]

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        case.call_and_validate(base_url=fuzz_server, headers=AUTH, checks=[not_a_server_error], timeout=120)

    run()


# -- the command line's batch inputs --------------------------------------------------
LINE = st.one_of(
    st.binary(max_size=120),
    st.text(max_size=120).map(lambda t: t.encode("utf-8", "surrogatepass")),  # lone surrogates included
    st.sampled_from([b"What is RAG?", b"\x00", b"\xef\xbb\xbfWhat is RAG?", b"x" * 2500, b"   ", b"\xed\xa0\x80",
                     "Что такое RAG? 什么是微调？".encode(), b"[1] [2] [999]", b"<img src=x onerror=alert(1)>"]),
).map(lambda raw: raw.replace(b"\n", b" "))
JSON_VALUE = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
                          lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
                          max_leaves=12)
ANSWERS_LINE = st.one_of(
    st.dictionaries(st.sampled_from(["use_case", "daily_volume", "task_type", "motivations", "knowledge_change", "extra"]),
                    JSON_VALUE, max_size=5).map(lambda d: json.dumps(d).encode()),
    JSON_VALUE.map(lambda v: json.dumps(v).encode()),
    LINE,
    st.integers(min_value=120, max_value=3000).map(lambda n: b"[" * n + b"]" * n),
    st.integers(min_value=101, max_value=6000).map(lambda n: b'{"use_case": "x", "daily_volume": ' + b"9" * n + b"}"),
)


def _each_line_is_answered_or_refused(results: list[dict], lines: list[bytes], fields: set[str]) -> None:
    assert len(results) == sum(1 for raw in lines if raw.strip())
    for result in results:
        if "error" in result:
            assert set(result) == {"error"} and result["error"]["message"]
            assert result["error"]["field"] in fields, result
        json.dumps(result)  # every line is printable as JSON


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(LINE, max_size=5))
def test_any_ask_or_search_batch_gives_one_line_per_input_line(assistant, lines):
    from assistant.cli import run_batch

    asked = list(run_batch(lines, assistant.ask, "question"))
    _each_line_is_answered_or_refused(asked, lines, {"question", "history"})
    assert all("answer" in r for r in asked if "error" not in r)
    found = list(run_batch(lines, lambda q: assistant.search(q, 3), "query"))
    _each_line_is_answered_or_refused(found, lines, {"question", "query", "k"})


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(ANSWERS_LINE, max_size=5))
def test_any_intake_batch_gives_one_line_per_input_line(assistant, lines):
    from assistant.cli import _parse_json_object, run_batch
    from assistant.intake.schema import ANSWER_FIELDS

    results = list(run_batch(lines, lambda line: assistant.intake(_parse_json_object(line)), "answers"))
    data_fields = {"answers", *ANSWER_FIELDS}
    assert len(results) == sum(1 for raw in lines if raw.strip())
    for result in results:
        assert "recommendation" in result or set(result) == {"error"}
        if "error" in result:
            assert result["error"]["message"] and (result["error"]["field"] in data_fields
                                                   or result["error"]["field"] not in ANSWER_FIELDS)


# -- concurrency: poison beside legitimate clients ---------------------------------------
LEGIT = [
    ("POST", "/api/v1/ask", {"json": {"question": "What are the hidden costs of fine-tuning?"}}),
    ("POST", "/api/v1/ask", {"json": {"question": "When is prompt engineering enough?",
                                      "history": [{"role": "user", "content": "We build a support bot."}]}}),
    ("GET", "/api/v1/search", {"params": {"q": "retrieval for documents that change weekly", "k": 3}}),
    ("POST", "/api/v1/intake", {"json": {"use_case": "Answer staff questions from HR policies that change weekly.",
                                         "needs_document_facts": "yes", "knowledge_change": "weekly"}}),
]
RAW = {"headers": {**AUTH, "Content-Type": "application/json"}}
POISON = [
    ("POST", "/api/v1/ask", {"content": b'{"question": "what is rag \\ud800?"}', **RAW}),
    ("POST", "/api/v1/ask", {"content": b'{"question": "What is RAG?", "history": [{"role": "user", "content": "\\udc80"}]}', **RAW}),
    ("POST", "/api/v1/ask", {"content": b'{"question": ' + b"[" * 5000 + b"]" * 5000 + b"}", **RAW}),
    ("POST", "/api/v1/ask", {"content": b'{"question": ' + b"9" * 5000 + b"}", **RAW}),
    ("POST", "/api/v1/ask", {"content": b'{"question": "\\u0000\\u0000"}', **RAW}),
    ("POST", "/api/v1/ask", {"content": b"\xff\xfe\x00not utf-8", **RAW}),
    ("POST", "/api/v1/ask", {"json": {"question": "x" * 2001}}),
    ("POST", "/api/v1/ask", {"json": {"question": 42, "history": "no"}}),
    ("POST", "/api/v1/intake", {"content": b'{"use_case": "x", "daily_volume": ' + b"9" * 5000 + b"}", **RAW}),
    ("POST", "/api/v1/intake", {"content": b'{"use_case": "\\ud800"}', **RAW}),
    ("GET", "/api/v1/search", {"params": {"q": "\x00", "k": "9" * 5000}}),
    ("GET", "/api/v1/ask", {}),
]


def test_poison_beside_legitimate_clients_fails_no_legitimate_request(fuzz_server):
    failures: list[str] = []
    poison_statuses: list[int] = []
    done = threading.Event()

    def legitimate(worker: int) -> None:
        with httpx.Client(base_url=fuzz_server, timeout=300, headers=AUTH) as client:
            for i in range(10):
                method, path, kwargs = LEGIT[(worker + i) % len(LEGIT)]
                try:
                    response = client.request(method, path, **kwargs)
                    if response.status_code != 200 or "error" in response.json():
                        failures.append(f"{path}: {response.status_code} {response.text[:200]}")
                except httpx.HTTPError as exc:
                    failures.append(f"{path}: {type(exc).__name__}: {exc}")

    def poisoner() -> None:
        with httpx.Client(base_url=fuzz_server, timeout=300, headers=AUTH) as client:
            i = 0
            while not done.is_set() or i < len(POISON):
                method, path, kwargs = POISON[i % len(POISON)]
                try:
                    poison_statuses.append(client.request(method, path, **kwargs).status_code)
                except httpx.HTTPError as exc:
                    poison_statuses.append(-1)
                    failures.append(f"poison {path} dropped the connection: {exc}")
                i += 1

    workers = [threading.Thread(target=legitimate, args=(w,)) for w in range(8)]
    poison = threading.Thread(target=poisoner)
    poison.start()
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    done.set()
    poison.join()

    assert failures == []
    assert poison_statuses and all(400 <= s < 500 for s in poison_statuses), sorted(set(poison_statuses))

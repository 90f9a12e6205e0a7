"""Issue 13, finding 1: one bad request must not fail anyone else's.

The query micro-batcher used to hand one query's exception to every caller in its
batch (74.7 % of legitimate requests failed beside one lone surrogate); text is now
normalised once at the edge, and a batch that fails is retried item by item.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

from assistant.errors import InputError, IntakeError
from conftest import PROJECT

POISON = "what is rag \ud800?"


def test_a_bad_query_in_a_micro_batch_fails_alone(embedder):
    """Real encoder; the only harness is a gate that holds the first forward pass so the
    next queries queue up and are encoded as one batch, the poison among them."""
    from assistant.embedder import QueryBatcher

    gate = threading.Event()
    calls: list[int] = []

    def encode(texts):
        calls.append(len(texts))
        gate.wait(120)
        return embedder.encode(texts)

    batcher = QueryBatcher(encode)
    good = [f"question {i} about the hidden costs of fine-tuning" for i in range(5)]
    results: dict[str, object] = {}

    def ask(text):
        try:
            results[text] = batcher.submit(text)
        except Exception as exc:  # recorded for the assertions below
            results[text] = exc

    first = threading.Thread(target=ask, args=("warm-up query",))  # runs inline and waits at the gate
    first.start()
    while not calls:
        time.sleep(0.01)
    rest = [threading.Thread(target=ask, args=(t,)) for t in [*good[:2], POISON, *good[2:]]]
    for t in rest:
        t.start()
    while batcher._queue.qsize() + sum(calls[1:]) < len(rest):  # all queued (or taken by the worker)
        time.sleep(0.01)
    gate.set()
    for t in [first, *rest]:
        t.join()

    assert any(n > 1 for n in calls), f"the poison was never batched with others: {calls}"
    expected = embedder.encode(good)
    for text, vector in zip(good, expected):
        assert isinstance(results[text], np.ndarray), results[text]  # used to be the poison's exception
        assert np.allclose(results[text], vector, atol=1e-4)
    assert isinstance(results[POISON], InputError)


@pytest.mark.parametrize("call", [
    lambda a: a.ask(POISON),
    lambda a: a.search(POISON),
    lambda a: a.ask("What is RAG?", history=[{"role": "user", "content": "hi \udc80"}]),
    lambda a: a.intake({"use_case": "answer HR questions \ud83d"}),
])
def test_lone_surrogates_are_refused_at_the_edge_naming_the_field(assistant, call):
    with pytest.raises(InputError) as err:
        call(assistant)
    assert err.value.field in ("question", "history", "use_case") and "surrogate" in str(err.value)


def test_text_is_normalised_once_nfc_without_nul(assistant):
    from assistant.service import clean_question
    from assistant.text import normalise

    assert clean_question("cafe\u0301 costs\x00?") == "café costs?"
    assert normalise("e\u0301", "comment") == "é"
    with pytest.raises(IntakeError) as err:
        assistant.intake({"use_case": "\x00\x00"})
    assert err.value.field == "use_case"


def run_cli(env, *args, stdin: bytes):
    return subprocess.run([sys.executable, "-m", "assistant", *args], cwd=PROJECT, env=env, input=stdin,
                          capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory):
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path_factory.mktemp("isolation-data"))}
    for key in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_ENDPOINT"):
        env.pop(key, None)
    assert run_cli(env, "index", stdin=b"").returncode == 0
    return env


@pytest.mark.parametrize("command", ["ask", "search"])
def test_a_bad_line_in_an_ask_or_search_batch_fails_alone(cli_env, command):
    lines = [b"What is RAG?", b"\xff\xfe not UTF-8", b"what is rag \xed\xa0\x80?", b"\x00\x00",
             "x".encode() * 3000, b"What are the hidden costs of fine-tuning?"]
    out = run_cli(cli_env, command, "--batch", "-", "--json", stdin=b"\n".join(lines) + b"\n")
    assert out.returncode == 0 and b"Traceback" not in out.stderr, out.stderr[-2000:]
    results = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(results) == len(lines)
    assert "error" not in results[0] and "error" not in results[-1]
    for bad in results[1:-1]:
        assert set(bad) == {"error"} and bad["error"]["field"] in ("question", "query") and bad["error"]["message"]

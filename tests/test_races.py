"""Issue 13, finding 7: races and limits.

Two concurrent adds with the same case id both reported "Added"; the rate limiter
rescanned its whole table on the event loop (p50 7 → 91 ms past 10,000 client keys);
serving took 835–842 MB warm because torch came along.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest

from conftest import PROJECT, make_assistant

NOTE = """---
id: case-060
title: {title}
industry: Logistics
requested: fine_tuning
recommendation: prompt_engineering
sections: [prompt-engineering]
outcome: Prompting was enough.
---

A freight company wanted a custom model to classify delivery exceptions; twenty labelled examples in the prompt did it.
"""


def test_two_concurrent_adds_with_the_same_id_one_is_refused(tmp_path, embedder, knowledge_copy, assistant):
    from assistant.case_notes import add_case_note
    from assistant.errors import KnowledgeError

    # Two app processes: each has its own view of the folder, loaded before either add.
    apps = [make_assistant(tmp_path / "data", embedder, knowledge_dir=knowledge_copy) for _ in range(2)]
    start = threading.Barrier(2)
    outcomes: list[object] = [None, None]

    def add(i: int) -> None:
        start.wait()
        try:
            outcomes[i] = add_case_note(apps[i], NOTE.format(title=f"Delivery exceptions {i}"), f"upload-{i}.md")[0].id
        except KnowledgeError as exc:
            outcomes[i] = exc

    threads = [threading.Thread(target=add, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    added = [o for o in outcomes if o == "case-060"]
    refused = [o for o in outcomes if isinstance(o, KnowledgeError)]
    assert len(added) == 1 and len(refused) == 1, outcomes
    assert refused[0].field == "id" and "already used" in str(refused[0])
    assert len(list((knowledge_copy / "cases").glob("case-060*"))) == 1


def _lines_run(limiter, key: str) -> int:
    """How many Python lines one check executes (deterministic, unlike a stopwatch)."""
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        limiter.check(key)
    finally:
        sys.settrace(None)
    return count


def test_the_rate_limiter_does_constant_work_per_check_and_stays_bounded():
    from assistant.api import RateLimiter

    now = [0.0]
    limiter = RateLimiter(per_minute=120, clock=lambda: now[0], max_clients=1000)
    for i in range(50):
        limiter.check(f"client-{i}")
    small = _lines_run(limiter, "new-client-a")
    for i in range(50, 20_000):  # far past max_clients, none of them idle yet
        limiter.check(f"client-{i}")
    large = _lines_run(limiter, "new-client-b")
    assert len(limiter) <= 1000
    assert large <= small + 10, (small, large)  # the old limiter rescanned all 1,000+ buckets here

    hot = "hot-client"
    for _ in range(120):
        assert limiter.check(hot) == 0.0
    assert limiter.check(hot) > 0  # still limited: a busy client is never evicted for being busy
    now[0] += 61  # everyone's bucket refills: idle buckets are dropped as they come to the front
    limiter.check("late")
    assert len(limiter) <= 2


SERVE = """
import json, resource, sys
from assistant.config import load_settings
from assistant.service import Assistant
a = Assistant(load_settings())
a.search("hidden costs", 3)
a.ask("What are the hidden costs of fine-tuning?")
a.intake({"use_case": "Answer HR policy questions", "needs_document_facts": "yes"})
print(json.dumps({"heavy": sorted(m for m in ("torch", "sentence_transformers", "transformers") if m in sys.modules),
                  "backend": a.embedder.backend_used, "chromadb": "chromadb" in sys.modules}))
"""


@pytest.mark.parametrize("export_exists", [False, True])
def test_the_serving_process_never_imports_torch(tmp_path, export_exists):
    """torch and sentence-transformers are needed only to export the ONNX model, and the
    export runs in a child process; serving uses tokenizers + onnxruntime only."""
    import os

    env = {**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path / "data")}
    for key in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_ENDPOINT", "ASSISTANT_CHROMA_URL"):
        env.pop(key, None)
    if export_exists:
        assert subprocess.run([sys.executable, "-m", "assistant", "index"], cwd=PROJECT, env=env,
                              capture_output=True, timeout=900).returncode == 0
    out = subprocess.run([sys.executable, "-c", SERVE], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr[-2000:]
    # on a built index the read path serves from its on-disk snapshot: chromadb is not imported either
    assert json.loads(out.stdout.splitlines()[-1]) == {"heavy": [], "backend": "onnx", "chromadb": not export_exists}

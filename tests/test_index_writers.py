"""Issue 13, finding 2: concurrent rebuilds broke the index for good.

Two `index --rebuild` runs at once left the live pointer on a deleted collection (503
on every request), /api/health still said "ok", and a plain `index` said "Index up to
date". Now one writer holds a file lock at a time, `index` verifies the live
generation and repairs it, and health reports what is broken.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import PROJECT

HEALTH = ("import json; from assistant.config import load_settings; from assistant.service import Assistant; "
          "from assistant.health import health_report; body, status = health_report(Assistant(load_settings())); "
          "print(json.dumps({'status_code': status, **body}))")
DROP_LIVE_CHUNKS = ("from assistant.config import load_settings; from assistant.index import open_chroma, VectorIndex; "
                    "index = VectorIndex(open_chroma(load_settings()), None); "
                    "index.client.delete_collection(f\"fa-chunks-{index.live_state()['generation']}\")")


def python(env, *args, timeout=600):
    return subprocess.run([sys.executable, *args], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=timeout)


def health(env) -> dict:
    out = python(env, "-c", HEALTH)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.splitlines()[-1])


def search_top(env) -> str:
    out = python(env, "-m", "assistant", "search", "hidden costs", "-k", "1", "--json")
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout)["results"][0]["section_id"]


@pytest.fixture
def env(tmp_path):
    e = {**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path / "data")}
    for key in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_ENDPOINT", "ASSISTANT_CHROMA_URL"):
        e.pop(key, None)
    assert python(e, "-m", "assistant", "index").returncode == 0
    return e


def test_two_concurrent_rebuilds_leave_a_working_index_and_health_ok(env):
    runs = [subprocess.Popen([sys.executable, "-m", "assistant", "index", "--rebuild", "--json"], cwd=PROJECT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [run.communicate(timeout=900) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err[-1500:] for _, err in outs]
    generations = {json.loads(out)["generation"] for out, _ in outs}
    assert len(generations) == 2  # both really rebuilt, one after the other

    assert search_top(env) == "hidden-costs"
    report = health(env)
    assert report["status"] == "ok" and report["problems"] == [] and report["status_code"] == 200
    assert report["index"]["generation"] in generations
    again = python(env, "-m", "assistant", "index", "--json")
    assert json.loads(again.stdout)["embedded"] == 0  # the live generation is whole and current


def test_index_verifies_the_live_generation_and_repairs_it(env):
    assert python(env, "-c", DROP_LIVE_CHUNKS).returncode == 0  # the state two racing rebuilds used to leave

    broken = health(env)
    assert broken["status"] == "degraded" and broken["status_code"] == 503
    assert any("no chunks collection" in p for p in broken["problems"]), broken["problems"]
    down = python(env, "-m", "assistant", "search", "hidden costs", "--json")
    assert down.returncode == 3 and "python -m assistant index" in down.stderr and "Traceback" not in down.stderr

    repair = python(env, "-m", "assistant", "index")
    assert repair.returncode == 0 and "repaired" in repair.stderr and "up to date" not in repair.stdout
    assert search_top(env) == "hidden-costs"
    assert health(env)["status"] == "ok"

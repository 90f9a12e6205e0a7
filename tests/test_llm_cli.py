"""`python -m assistant ask ... --json` with OPENAI_BASE_URL pointing at the scripted model."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

try:
    from fixtures.fake_openai_server import fake_openai, openai_server, text
except ImportError:  # tests/ became a package
    from tests.fixtures.fake_openai_server import fake_openai, openai_server, text  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not (ROOT / "assistant" / "cli.py").exists(), reason="assistant/cli.py not written yet")


def first_passage(body: dict) -> int:
    tool = next(m["content"] for m in body["messages"] if m["role"] == "tool")
    return int(re.search(r'<passage n="(\d+)"', tool).group(1))


def test_cli_ask_json_uses_the_model(fake_openai, tmp_path):
    fake_openai.push(lambda body: text(f"Fine-tuning has costs that recur [{first_passage(body)}]."))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AZURE_OPENAI_", "ASSISTANT_"))}
    env.update(OPENAI_BASE_URL=fake_openai.url, ASSISTANT_DATA_DIR=str(tmp_path), ASSISTANT_LLM_TIMEOUT="5")
    done = subprocess.run([sys.executable, "-m", "assistant", "ask", "What are the hidden costs of fine-tuning?", "--json"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["mode"] == "llm" and result["answer"] == "Fine-tuning has costs that recur [1]."
    assert result["citations"][0]["n"] == 1 and result["citations"][0]["quote"]

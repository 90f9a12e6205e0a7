"""Shared fixtures: the real embedding model (loaded once) and real Chroma stores in temp dirs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

PROJECT = Path(__file__).resolve().parent.parent
KNOWLEDGE = PROJECT / "knowledge"
SHARED = PROJECT.parent / "shared"


@pytest.fixture(scope="session")
def embedder():
    from assistant.embedder import Embedder

    e = Embedder()
    e.model()
    return e


@pytest.fixture(scope="session")
def kb():
    from assistant.knowledge import load_knowledge

    return load_knowledge(KNOWLEDGE)


@pytest.fixture(scope="session")
def rules(kb):
    from assistant.intake import load_rules

    return load_rules(kb)


def make_assistant(data_dir: Path, embedder, knowledge_dir: Path = KNOWLEDGE, **overrides):
    from assistant.config import load_settings
    from assistant.service import Assistant

    settings = load_settings(env={}, secrets={}).with_overrides(data_dir=data_dir, knowledge_dir=knowledge_dir, **overrides)
    return Assistant(settings, embedder=embedder)


def two_turns(assistant, first_question, second_question):
    """The first answer, and the second question's answer with the first turn as its history."""
    first = assistant.ask(first_question)
    history = [{"role": "user", "content": first_question}, {"role": "assistant", "content": first["answer"]}]
    return first, assistant.ask(second_question, history)


@pytest.fixture(scope="session")
def assistant(tmp_path_factory, embedder):
    """An offline Assistant over the real knowledge base with its index built."""
    a = make_assistant(tmp_path_factory.mktemp("data"), embedder)
    a.ensure_index()
    return a


@pytest.fixture
def knowledge_copy(tmp_path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target


def _starts_processes(module) -> bool:
    """It imports subprocess, or borrows a helper from a suite that does (start_server)."""
    import sys

    if "subprocess" in vars(module):
        return True
    for value in vars(module).values():
        source = sys.modules.get(getattr(value, "__module__", "") or "")
        if callable(value) and source is not None and source is not module and source.__name__.startswith("test_") \
                and "subprocess" in vars(source):
            return True
    return False


def pytest_collection_modifyitems(config, items):
    """A suite that starts the app, the CLI or a server in a subprocess is `slow`
    (pyproject.toml), so `-m "not slow"` gives a quick in-process run. Marked here, by that
    one rule, rather than in each file."""
    for item in items:
        module = getattr(item, "module", None)
        if module is not None and _starts_processes(module):
            item.add_marker(pytest.mark.slow)


def offline_page_assistant(tmp_path_factory, embedder, name: str):
    """The pages' shared Assistant for AppTest suites: offline (no model variables), over
    the real knowledge base, in its own temp data dir; a generator for module fixtures."""
    from assistant import runtime

    data_dir = tmp_path_factory.mktemp(name)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ASSISTANT_DATA_DIR", str(data_dir))
        for variable in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_ENDPOINT"):
            mp.delenv(variable, raising=False)
        assistant = make_assistant(data_dir, embedder)
        assistant.ensure_index()
        runtime.reset_assistant(assistant)
        yield assistant
        runtime.reset_assistant()

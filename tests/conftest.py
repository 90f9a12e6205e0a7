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

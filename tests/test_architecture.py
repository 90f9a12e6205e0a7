"""Boundaries the style guide asks for: UI code only in the UI, the model client in one module."""

import re

from conftest import PROJECT


def _imports(module: str) -> list[str]:
    pattern = re.compile(rf"^\s*(import {module}\b|from {module}\b)", re.MULTILINE)
    return sorted(str(p.relative_to(PROJECT)) for p in PROJECT.glob("assistant/**/*.py") if pattern.search(p.read_text()))


def test_streamlit_is_imported_only_by_the_ui():
    assert all(path.startswith("assistant/ui/") for path in _imports("streamlit")), _imports("streamlit")


def test_openai_is_imported_only_by_the_llm_wrapper():
    assert set(_imports("openai")) <= {"assistant/llm.py"}

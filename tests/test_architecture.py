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


# -- the import graph ---------------------------------------------------------------------
def _module_name(path) -> str:
    parts = list(path.relative_to(PROJECT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """module → the package's modules it imports, from the AST of every module: imports
    inside functions count too (a lazy import still makes a cycle, only a hidden one).
    `from . import x` points at the module x when there is one, else at the package."""
    import ast

    modules = {_module_name(p): p for p in PROJECT.glob("assistant/**/*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join(anchor + ([node.module] if node.module else []))
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
            for target in targets:
                while target and target not in modules:  # `import assistant.x.y` → the deepest module that exists
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle as a path [a, b, …, a], or None (depth-first search, colours)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_the_import_graph_sees_lazy_imports():
    graph = import_graph()
    assert "assistant.chat" in graph["assistant.service"]  # imported inside Assistant.stream
    assert "assistant.llm" in graph["assistant.chat"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_the_assistant_package_has_no_import_cycle():
    cycle = find_cycle(import_graph())
    assert cycle is None, " → ".join(cycle or [])


def test_chat_knows_the_service_only_through_its_interfaces():
    """chat.py gets a model and the tools passed in: it never imports the service or reads
    an Assistant's private attributes."""
    source = (PROJECT / "assistant" / "chat.py").read_text(encoding="utf-8")
    assert "assistant.service" not in import_graph()["assistant.chat"]
    assert not re.search(r"assistant\._\w+", source)


def test_the_ask_json_is_built_in_one_place():
    """Offline, model-written, fallback and error answers all go through schemas.ask_result."""
    builds = re.compile(r"[\"']answer[\"']\s*:[^}]*[\"']abstained[\"']\s*:")  # a dict literal of the ask shape
    assert [str(p.relative_to(PROJECT)) for p in PROJECT.glob("assistant/**/*.py") if builds.search(p.read_text())] == []

"""The framework's decision path as Graphviz DOT, with the team's own path highlighted.

A pure string, so the UI can hand it to st.graphviz_chart and tests can read it.
A step the team could not answer ("not sure", or left open) goes through a dashed
"not known yet" node: drawing it as "no" would present a guess as a finding.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..labels import RECOMMENDATION_LABELS, RECOMMENDATION_SHORT_LABELS
from .schema import IntakeResult

NODES: dict[str, tuple[str, str]] = {  # id -> (label, shape)
    "start": ("Your use case", "oval"),
    "knowledge_access": ("Needs facts from your documents,\nor knowledge that changes often?", "diamond"),
    "knowledge_unknown": ("Not known yet:\nanswer it to be sure", "box"),
    "retrieval": ("Retrieval component\n(RAG)", "box"),
    "behaviour": ("Output format, narrow high-volume task\nor terminology that prompting can't handle?", "diamond"),
    "cheaper_first": ("Try the cheaper step first:\nprompt, structured outputs,\nterminology examples, collect labels", "box"),
    "behaviour_unknown": ("Not known yet:\nanswer it to be sure", "box"),
    "fine_tuning_component": ("Fine-tuning component", "box"),
    "prompt_engineering": (RECOMMENDATION_SHORT_LABELS["prompt_engineering"], "doubleoctagon"),
    "rag": (RECOMMENDATION_SHORT_LABELS["rag"], "doubleoctagon"),
    "fine_tuning": (RECOMMENDATION_SHORT_LABELS["fine_tuning"], "doubleoctagon"),
    "rag_and_fine_tuning": (RECOMMENDATION_LABELS["rag_and_fine_tuning"], "doubleoctagon"),
}

EDGES: tuple[tuple[str, str, str], ...] = (
    ("start", "knowledge_access", ""),
    ("knowledge_access", "retrieval", "yes"),
    ("knowledge_access", "behaviour", "no"),
    ("knowledge_access", "knowledge_unknown", "not sure"),
    ("knowledge_unknown", "behaviour", "treated as no for now"),
    ("retrieval", "behaviour", "then"),
    ("behaviour", "fine_tuning_component", "yes, and the cheaper fix failed"),
    ("behaviour", "cheaper_first", "not proven yet"),
    ("behaviour", "prompt_engineering", "no"),
    ("behaviour", "rag", "no (with retrieval)"),
    ("behaviour", "behaviour_unknown", "not sure"),
    ("behaviour_unknown", "prompt_engineering", "for now"),
    ("behaviour_unknown", "rag", "for now (with retrieval)"),
    ("cheaper_first", "prompt_engineering", "start here"),
    ("cheaper_first", "rag", "with retrieval"),
    ("fine_tuning_component", "fine_tuning", "without retrieval"),
    ("fine_tuning_component", "rag_and_fine_tuning", "with retrieval"),
)

HIGHLIGHT = "#1f6feb"
UNKNOWN_NODES = ("knowledge_unknown", "behaviour_unknown")  # drawn dashed: a gap, not an answer


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def decision_diagram_dot(result_or_path: IntakeResult | Sequence[str]) -> str:
    """DOT for the whole framework; nodes and edges on the team's path are bold and blue."""
    path = list(result_or_path.path if isinstance(result_or_path, IntakeResult) else result_or_path)
    on_path = set(path)
    steps = set(zip(path, path[1:]))
    lines = ["digraph framework {", "  rankdir=TB;",
             '  node [fontname="Helvetica", fontsize=11, color="#8c959f", fontcolor="#57606a"];',
             '  edge [fontname="Helvetica", fontsize=9, color="#8c959f", fontcolor="#57606a"];']
    for node_id, (label, shape) in NODES.items():
        dashed = ",dashed" if node_id in UNKNOWN_NODES else ""
        style = (f', style="bold,filled{dashed}", fillcolor="#ddf4ff", color="{HIGHLIGHT}", fontcolor="#0b1f33", '
                 "penwidth=2.5" if node_id in on_path else f', style="{dashed[1:]}"' if dashed else "")
        lines.append(f"  {node_id} [label={_quote(label)}, shape={shape}{style}];")
    for a, b, label in EDGES:
        dashed = "dashed," if b in UNKNOWN_NODES or a in UNKNOWN_NODES else ""
        bold = f'"{dashed}bold"' if dashed else "bold"
        style = (f', color="{HIGHLIGHT}", fontcolor="{HIGHLIGHT}", penwidth=2.5, style={bold}' if (a, b) in steps
                 else f', style="{dashed[:-1]}"' if dashed else "")
        lines.append(f"  {a} -> {b} [label={_quote(label)}{style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"

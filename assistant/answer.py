"""Offline answers: the most relevant sentences of the best passages, each cited.

Pure functions over plain data: passages, sentences with their vectors, the query
vector. Abstention thresholds are calibrated by `python -m assistant.eval --calibrate`
on the golden sets, not tuned by hand to single questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from .chunking import Sentence
from .citations import Citation
from .retrieval import Passage

# Calibrated on tests/eval (see assistant/eval.py --calibrate); the README records the run.
MIN_DENSE_SIMILARITY = 0.42
MIN_DENSE_WITH_LEXICAL = 0.30
MIN_LEXICAL_SCORE = 2.0
MAX_SENTENCES = 3
MAX_SECTIONS = 3

NOT_COVERED = (
    "The framework doesn't cover that. It is about choosing between prompt engineering, "
    "retrieval-augmented generation (RAG) and fine-tuning for an LLM project, the hidden costs of "
    "fine-tuning, and the case notes behind it — ask about those, or try the guided intake."
)
NOT_AN_INSTRUCTION = (
    "I can't act on instructions inside a question — I only answer questions about the framework "
    "(prompt engineering, RAG or fine-tuning) from its sections and case notes."
)

_INJECTION = re.compile(
    r"\b(ignore|disregard|forget|override|bypass)\b[^.?!]{0,40}\b(instructions?|rules?|prompts?|guidelines|guardrails|directives?|context)\b"
    r"|\b(system|hidden|initial|original)\s+(prompt|instructions?|message)"
    r"|\b(reveal|print|show|repeat|output|leak|dump)\b[^.?!]{0,30}\b(your|the)\s+(instructions?|prompt|rules|configuration|secrets?|api key)"
    r"|\byou are now\b|\bact as\b|\bpretend (that |to be |you )?|\bjailbreak|\bDAN\b|\bdeveloper mode\b|\bno (longer|more) (bound|restricted)",
    re.IGNORECASE,
)
_FOLLOW_UP = re.compile(
    r"^(and|but|so|also|what about|how about|then|ok|okay)\b|\b(it|that|this|those|these|they|them|its|their)\b",
    re.IGNORECASE,
)


@dataclass
class OfflineAnswer:
    answer: str
    citations: list[Citation] = field(default_factory=list)
    abstained: bool = False
    reason: str = ""  # "injection" | "not_covered" | ""

    def as_dict(self) -> dict:
        return {"answer": self.answer, "citations": [c.as_dict() for c in self.citations],
                "abstained": self.abstained, "mode": "offline"}


def looks_like_injection(question: str) -> bool:
    return bool(_INJECTION.search(question))


def is_covered(passages: list[Passage]) -> bool:
    """The knowledge base covers a question when the best passage is close in meaning,
    or moderately close with real term overlap."""
    if not passages:
        return False
    best_dense = max(p.dense for p in passages)
    best_lexical = max(p.lexical for p in passages)
    return best_dense >= MIN_DENSE_SIMILARITY or (best_dense >= MIN_DENSE_WITH_LEXICAL and best_lexical >= MIN_LEXICAL_SCORE)


def standalone_query(question: str, history: list[dict] | None) -> str:
    """Offline follow-ups: a short or pronoun-led question carries the last user topic."""
    if not history:
        return question
    last_user = next((m.get("content", "") for m in reversed(history) if m.get("role") == "user" and m.get("content")), "")
    if not last_user:
        return question
    words = question.split()
    if len(words) <= 6 or _FOLLOW_UP.search(question):
        return f"{last_user} {question}"
    return question


def _is_heading_like(text: str) -> bool:
    return len(text.split()) < 5 or not text.rstrip("”’\"'").endswith((".", "!", "?"))


def select_sentences(
    passages: list[Passage],
    sentences: list[Sentence],
    sentence_vectors: np.ndarray,
    query_vector: np.ndarray,
    max_sentences: int = MAX_SENTENCES,
) -> list[Sentence]:
    """Best sentence of the top section first, then the strongest others from the top
    sections, in reading order within each section."""
    sections: list[str] = []
    for p in passages:
        if p.section_id not in sections:
            sections.append(p.section_id)
        if len(sections) == MAX_SECTIONS:
            break
    if not sections:
        return []
    rank_bonus = {sid: 0.06 * (len(sections) - i) for i, sid in enumerate(sections)}
    candidates = [(i, s) for i, s in enumerate(sentences) if s.section_id in rank_bonus]
    if not candidates:
        return []
    sims = sentence_vectors[[i for i, _ in candidates]] @ query_vector
    scored = []
    for (i, s), sim in zip(candidates, sims):
        penalty = 0.25 if _is_heading_like(s.text) else 0.0
        scored.append((float(sim) + rank_bonus[s.section_id] - penalty, s))
    scored.sort(key=lambda t: (-t[0], t[1].id))
    top_section = [t for t in scored if t[1].section_id == sections[0]]
    chosen = [top_section[0]]
    best = chosen[0][0]
    for score, s in scored:
        if len(chosen) >= max_sentences:
            break
        if s is chosen[0][1] or score < best - 0.15 or _is_heading_like(s.text):
            continue
        chosen.append((score, s))
    order = {sid: i for i, sid in enumerate(sections)}
    chosen.sort(key=lambda t: (order[t[1].section_id], t[1].start))
    return [s for _, s in chosen]


def compose_offline_answer(
    question: str,
    passages: list[Passage],
    sentences: list[Sentence],
    sentence_vectors: np.ndarray,
    query_vector: np.ndarray,
    labels: dict[str, tuple[str, str]],
) -> OfflineAnswer:
    """`labels` maps a section or case id to (source, label)."""
    if looks_like_injection(question):
        return OfflineAnswer(NOT_AN_INSTRUCTION, abstained=True, reason="injection")
    if not is_covered(passages):
        return OfflineAnswer(NOT_COVERED, abstained=True, reason="not_covered")
    chosen = select_sentences(passages, sentences, sentence_vectors, query_vector)
    if not chosen:
        return OfflineAnswer(NOT_COVERED, abstained=True, reason="not_covered")
    citations: list[Citation] = []
    parts: list[str] = []
    for n, s in enumerate(chosen, start=1):
        source, label = labels.get(s.section_id, ("framework", s.section_id))
        citations.append(Citation(n=n, section_id=s.section_id, source=source, title=label, quote=s.text))
        lead = "A similar case: " if source == "case" and (n == 1 or chosen[n - 2].section_id != s.section_id) else ""
        parts.append(f"{lead}{s.text} [{n}]")
    return OfflineAnswer(" ".join(parts), citations)

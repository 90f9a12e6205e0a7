"""Offline answers: the most relevant sentences of the best passages, each cited.

Pure functions over plain data: passages, sentences with their vectors, the query
vector. Abstention thresholds are calibrated by `python -m assistant.eval --calibrate`
on the golden sets, not tuned by hand to single questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .chunking import Sentence
from .citations import Citation
from .retrieval import Passage, Retrieval

# Calibrated on tests/eval (see assistant/eval.py --calibrate); the README records the run.
MIN_DENSE_SIMILARITY = 0.46
MIN_DENSE_WITH_LEXICAL = 0.36
MIN_LEXICAL_SCORE = 3.0
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
    r"\b(ignore|disregard|forget|override|bypass)\b[^.?!]{0,40}\b(instructions?|rules?|prompts?|guidelines|guardrails|directives?)\b"
    r"|\b(ignore|disregard|forget|override|bypass)\b[^.?!]{0,20}\b(knowledge base|framework|sources?|context)\b"
    r"|\b(hidden|initial|original|secret)\s+(prompt|instructions?)"
    r"|\b(reveal|print|show|repeat|output|leak|dump)\b[^.?!]{0,30}\b(your|the)\s+(system\s+|hidden\s+|initial\s+)?"
    r"(instructions?|prompt|rules|configuration|secrets?|api key)"
    r"|\b(repeat|print|output)\b[^.?!]{0,20}\b(everything|all)\b[^.?!]{0,20}\babove\b"
    r"|\bfrom now on\b|\bforget (that )?(you|everything|all)\b|\banswer from your own\b"
    r"|\byou are now\b|\bact as\b|\bpretend (that |to be |you )?|\bjailbreak|\bDAN\b|\bdeveloper mode\b"
    r"|\bno (longer|more) (bound|restricted)|\bnew instructions?\b|</?(system|context|instructions?)>",
    re.IGNORECASE,
)
# Facts a decision framework never holds: contact details, company facts, prices,
# jobs. Asked for, they get the plain "doesn't cover that" instead of a near miss.
_OUTSIDE_FRAMEWORK = re.compile(
    r"\b(phone|telephone|e-?mail address|postal address|street address|office (in|address|hours)|offices? located"
    r"|headquarter(s|ed)?|founded|founder|who owns|ceo of|hiring|vacanc(y|ies)|job openings?|careers?|salary|salaries"
    r"|how much does \w+ charge|pricing|price list|rate card|per million tokens|stock price|weather)\b",
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


def asks_outside_framework(question: str) -> bool:
    return bool(_OUTSIDE_FRAMEWORK.search(question))


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


def select_sentences(passages: list[Passage], sentence_hits: list[tuple[Sentence, float]],
                     max_sentences: int = MAX_SENTENCES) -> list[Sentence]:
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
    scored = []
    for s, sim in sentence_hits:
        if s.quotable and s.section_id in rank_bonus:
            penalty = 0.25 if _is_heading_like(s.text) else 0.0
            scored.append((sim + rank_bonus[s.section_id] - penalty, s))
    scored.sort(key=lambda t: (-t[0], t[1].id))
    chosen: list[tuple[float, Sentence]] = []
    # The best sentence of each of the two leading sections: when retrieval is unsure
    # between them, the answer shows both sides rather than guessing.
    for sid in sections[:2]:
        best_here = next((t for t in scored if t[1].section_id == sid and not _is_heading_like(t[1].text)), None)
        best_here = best_here or next((t for t in scored if t[1].section_id == sid), None)
        if best_here:
            chosen.append(best_here)
    if not chosen:
        return []
    best = max(score for score, _ in chosen)
    for score, s in scored:
        if len(chosen) >= max_sentences:
            break
        if any(s.id == c.id for _, c in chosen) or score < best - 0.1 or _is_heading_like(s.text):
            continue
        chosen.append((score, s))
    order = {sid: i for i, sid in enumerate(sections)}
    chosen.sort(key=lambda t: (order[t[1].section_id], t[1].start))
    return [s for _, s in chosen]


def compose_offline_answer(question: str, retrieval: Retrieval, labels: dict[str, tuple[str, str]]) -> OfflineAnswer:
    """`labels` maps a section or case id to (source, label)."""
    if looks_like_injection(question):
        return OfflineAnswer(NOT_AN_INSTRUCTION, abstained=True, reason="injection")
    if asks_outside_framework(question) or not is_covered(retrieval.passages):
        return OfflineAnswer(NOT_COVERED, abstained=True, reason="not_covered")
    chosen = select_sentences(retrieval.passages, retrieval.sentence_hits)
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

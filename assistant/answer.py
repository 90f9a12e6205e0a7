"""Offline answers: the most relevant sentences of the best passages, each cited.

Pure functions over plain data: ranked passages and sentence hits with their
similarity to the question. Abstention thresholds are calibrated by `python -m assistant.eval --calibrate`
on the golden sets, not tuned by hand to single questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .chunking import Sentence, split_sentences
from .citations import Citation
from .retrieval import Passage, Retrieval

# Calibrated on tests/eval (see assistant/eval.py --calibrate); the README records the run.
MIN_DENSE_SIMILARITY = 0.46
MIN_DENSE_WITH_LEXICAL = 0.36
MIN_LEXICAL_SCORE = 3.0
MAX_SENTENCES = 3
MAX_SECTIONS = 3
UNSURE_MARGIN = 0.08  # fused-score gap under which the runner-up section is also quoted

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
    """Headings are short and unpunctuated; the decision-rule bullets are longer."""
    words = len(text.split())
    return words < 5 or (words <= 11 and not text.rstrip("”’\"'").endswith((".", "!", "?")))


def select_sentences(passages: list[Passage], sentence_hits: list[tuple[Sentence, float]],
                     max_sentences: int = MAX_SENTENCES) -> list[Sentence]:
    """The leading section's best sentences, plus the runner-up section's best when
    retrieval is unsure between them; in reading order within each section. Sections
    with nothing but a heading (a parent such as §2) give way to their neighbours."""
    section_score: dict[str, float] = {}
    for p in passages:
        section_score.setdefault(p.section_id, p.score)
    body: dict[str, list[tuple[float, Sentence]]] = {}
    for s, sim in sorted(sentence_hits, key=lambda t: (-t[1], t[0].id)):
        if s.quotable and s.section_id in section_score and not _is_heading_like(s.text):
            body.setdefault(s.section_id, []).append((sim, s))
    sections = [sid for sid in section_score if sid in body][:MAX_SECTIONS]
    if not sections:
        return []
    chosen = [body[sections[0]][0]]
    if len(sections) > 1 and section_score[sections[1]] >= section_score[sections[0]] - UNSURE_MARGIN:
        chosen.append(body[sections[1]][0])
    for item in body[sections[0]][1:]:
        if len(chosen) >= max_sentences:
            break
        chosen.append(item)
    order = {sid: i for i, sid in enumerate(sections)}
    chosen.sort(key=lambda t: (order[t[1].section_id], t[1].start))
    return [s for _, s in chosen]


def outline_answer(parent, children: list) -> OfflineAnswer:
    """A parent section answers with its own heading and each child's: the outline *is*
    the answer to "what are the reasons…" questions."""
    parts, citations = [], []
    for n, doc in enumerate([parent, *children], start=1):
        spans = split_sentences(doc.text)
        if not spans:
            continue
        quote = doc.text[spans[0].start:spans[0].end]
        citations.append(Citation(n=len(citations) + 1, section_id=doc.id, source=doc.source, title=doc.label, quote=quote))
        parts.append(f"{quote} [{len(citations)}]")
    head, *rest = parts
    return OfflineAnswer(f"{head}: " + "; ".join(rest) + "." if rest else head, citations)


def compose_offline_answer(question: str, retrieval: Retrieval, labels: dict[str, tuple[str, str]],
                           sections: dict | None = None) -> OfflineAnswer:
    """`labels` maps a section or case id to (source, label); `sections` (id → Section)
    lets a heading-only parent section answer with its outline."""
    if looks_like_injection(question):
        return OfflineAnswer(NOT_AN_INSTRUCTION, abstained=True, reason="injection")
    if asks_outside_framework(question) or not is_covered(retrieval.passages):
        return OfflineAnswer(NOT_COVERED, abstained=True, reason="not_covered")
    top = sections.get(retrieval.passages[0].section_id) if sections and retrieval.passages else None
    if top is not None and getattr(top, "children", ()):
        return outline_answer(top, [sections[c] for c in top.children if c in sections])
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

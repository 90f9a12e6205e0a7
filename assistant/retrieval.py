"""Hybrid retrieval: dense (Chroma) + lexical (bm25s), fused by reciprocal rank.

`fuse_rrf` is pure; `HybridRetriever` wires the clients it is given.
"""

from __future__ import annotations

import importlib.abc
import re
import sys
import threading
from dataclasses import dataclass

import numpy as np

from .chunking import Chunk, Sentence

RRF_K = 60
# Chosen by `python -m assistant.eval --fusion …` on the golden set (see README):
# score fusion beat RRF on recall@3 (0.97 vs 0.90); neighbours of these values score alike.
LEXICAL_WEIGHT = 0.4
CASE_PENALTY = 0.2


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with the evidence behind its rank."""

    chunk: Chunk
    score: float  # fused score, higher is better
    dense: float  # best cosine similarity of the chunk, its sentences or its section synopsis
    lexical: float  # raw BM25 score, 0 when no query term matched

    @property
    def section_id(self) -> str:
        return self.chunk.section_id

    def as_result(self) -> dict:
        c = self.chunk
        return {"id": c.id, "section_id": c.section_id, "source": c.source, "title": c.label,
                "score": round(self.score, 6), "text": c.text}


@dataclass(frozen=True)
class Retrieval:
    passages: list[Passage]
    sentence_hits: list[tuple[Sentence, float]]


def fuse_rrf(rankings: list[list[str]], weights: list[float] | None = None, k: int = RRF_K) -> dict[str, float]:
    """Reciprocal rank fusion: sum of weight / (k + rank) over the lists an id appears in."""
    weights = weights or [1.0] * len(rankings)
    fused: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return fused


def fuse_scores(dense: dict[str, float], lexical: dict[str, float], case_ids: set[str],
                lexical_weight: float = LEXICAL_WEIGHT, case_penalty: float = CASE_PENALTY) -> dict[str, float]:
    """Cosine similarity plus BM25 scaled to the best match of this query; case notes
    yield a little to the framework, which is the authority they illustrate."""
    top_lexical = max(lexical.values(), default=0.0) or 1.0
    return {
        i: dense.get(i, 0.0) + lexical_weight * lexical.get(i, 0.0) / top_lexical - (case_penalty if i in case_ids else 0.0)
        for i in set(dense) | set(lexical)
    }


def favour_sections(passages: list[Passage], sections: tuple[str, ...] | list[str], bonus: float) -> list[Passage]:
    """A follow-up's ranking leans toward the sections the previous answer cited: they are
    the conversation's topic, so a near tie goes their way, not a clear loser's."""
    if not sections or not bonus:
        return passages
    favoured = set(sections)
    lifted = [Passage(p.chunk, p.score + (bonus if p.section_id in favoured else 0.0), p.dense, p.lexical) for p in passages]
    return sorted(lifted, key=lambda p: (-p.score, p.chunk.id))


def lift_into_top(passages: list[Passage], sections: tuple[str, ...] | list[str], places: int) -> list[Passage]:
    """The best passage of `sections` (what the question's intent always hears from: the
    decision rules for "should we…?", the hidden costs for "what does it cost?") moved up
    to the last of the first `places` distinct sections when it ranked below them."""
    leading: list[str] = []
    for passage in passages:
        if passage.section_id in sections:
            if passage.section_id in leading or len(leading) < places:
                return passages
            at = next(j for j, p in enumerate(passages) if p.section_id == leading[places - 1])
            return passages[:at] + [passage] + [p for p in passages[at:] if p is not passage]
        if passage.section_id not in leading:
            leading.append(passage.section_id)
    return passages


def lift_each(passages: list[Passage], sections, places: int) -> list[Passage]:
    """lift_into_top for each section in turn. Each takes the last of the first `places`
    sections, so with several the last one lifted is sure of its place and an earlier one
    may be pushed back out (the intent's own section is therefore lifted after these)."""
    for section in sections:
        passages = lift_into_top(passages, (section,), places)
    return passages


def reaching_deeper(passages: list[Passage], deeper: list[Passage], sections) -> list[Passage]:
    """`passages`, then the best passage from `deeper` of each of `sections` they lack: a
    section the situation calls for can then be lifted though the first passages miss it."""
    present = {p.section_id for p in passages}
    extra = [next(p for p in deeper if p.section_id == s) for s in dict.fromkeys(sections)
             if s not in present and any(p.section_id == s for p in deeper)]
    return passages + extra


def best_dense_per_chunk(chunk_hits: list[tuple[str, float]], sentence_hits: list[tuple[Sentence, float]],
                         chunks_by_section: dict[str, list[Chunk]]) -> dict[str, float]:
    """A chunk is as close as its best part: itself, a sentence inside it, or its section's synopsis."""
    best: dict[str, float] = {}
    for chunk_id, sim in chunk_hits:
        best[chunk_id] = max(best.get(chunk_id, -1.0), sim)
    for sentence, sim in sentence_hits:
        for chunk in chunks_by_section.get(sentence.section_id, []):
            inside = not sentence.quotable or (chunk.start <= sentence.start and sentence.end <= chunk.end)
            if inside:
                best[chunk.id] = max(best.get(chunk.id, -1.0), sim)
    return best


class _NoScipyInThisThread(importlib.abc.MetaPathFinder):
    """Refuses scipy to imports made by one thread (others import it as usual)."""

    def __init__(self):
        self.thread = threading.get_ident()

    def find_spec(self, name, path=None, target=None):
        if threading.get_ident() == self.thread and name.partition(".")[0] == "scipy":
            raise ModuleNotFoundError(f"No module named {name!r} (not needed by bm25s here)", name=name)
        return None


def import_bm25s():
    """bm25s without scipy: it imports scipy.sparse (~0.4 s of a warm start's way to its
    first answer) only to offer a CSC builder we never use; its numpy builder, the
    default and ours (`csc_backend="numpy"`), makes the same arrays and the same scores.
    scipy stays importable for everyone else, in every thread."""
    if "bm25s" in sys.modules:
        return sys.modules["bm25s"]
    finder = _NoScipyInThisThread()
    sys.meta_path.insert(0, finder)
    try:
        import bm25s
    finally:
        sys.meta_path.remove(finder)
    return bm25s


_BM25_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # bm25s.tokenize's default token pattern


class LexicalIndex:
    """BM25 over chunk texts (with their labels), English stop words and Snowball stems."""

    def __init__(self, chunks: list[Chunk]):
        import Stemmer

        bm25s = import_bm25s()
        self._bm25s = bm25s
        self.stemmer = Stemmer.Stemmer("english")
        self.ids = [c.id for c in chunks]
        self.retriever = bm25s.BM25(csc_backend="numpy")
        corpus = bm25s.tokenize([c.lexical_text() for c in chunks], stopwords="en", stemmer=self.stemmer,
                                show_progress=False)
        self.retriever.index(corpus, show_progress=False)
        self._stopwords = frozenset(bm25s.stopwords.STOPWORDS_EN)
        self._topk = bm25s.selection.topk

    def query_terms(self, query: str) -> list[str]:
        """bm25s.tokenize's terms for one query (its pattern, stop words and stems), without
        its per-call progress bars and vocabulary building: a tenth of a millisecond each ask."""
        words = [w for w in _BM25_TOKEN.findall(query.lower()) if w not in self._stopwords]
        return self.stemmer.stemWords(words) if words else []

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        terms = self.query_terms(query)
        if not terms or not self.ids:
            return []
        # BM25.retrieve for one query, as it computes it: the scores, then the top k sorted
        scores = self.retriever.get_scores(terms)
        top_scores, top_docs = self._topk(scores, k=min(k, len(self.ids)), backend="auto", sorted=True)
        return [(self.ids[int(d)], float(s)) for d, s in zip(top_docs, top_scores) if s > 0]


class HybridRetriever:
    """Dense + BM25 over the live index generation; the lexical index follows the generation."""

    def __init__(self, index, embedder, candidates: int = 30, sentence_candidates: int = 60, fusion: str = "score"):
        self.index = index
        self.embedder = embedder
        self.candidates = candidates
        self.sentence_candidates = sentence_candidates
        self.fusion = fusion
        self._lexical: tuple[str, LexicalIndex] | None = None
        self._lock = threading.Lock()

    def lexical(self) -> LexicalIndex:
        snap = self.index.snapshot()
        if self._lexical is None or self._lexical[0] != snap.generation:
            with self._lock:
                if self._lexical is None or self._lexical[0] != snap.generation:
                    self._lexical = (snap.generation, LexicalIndex(snap.chunks))
        return self._lexical[1]

    def retrieve(self, query: str, k: int = 5, query_vector: np.ndarray | None = None) -> Retrieval:
        if query_vector is None:
            query_vector = self.embedder.encode_query(query)
        lexical = dict(self.lexical().search(query, self.candidates))
        snap = self.index.snapshot()
        chunk_hits = self.index.dense_search(query_vector, self.candidates)
        sentence_hits = self.index.sentence_search(query_vector, self.sentence_candidates)
        dense = best_dense_per_chunk(chunk_hits, sentence_hits, snap.by_section)
        if self.fusion == "rrf":
            rank = lambda scores: sorted(scores, key=lambda i: (-scores[i], i))  # noqa: E731
            fused = fuse_rrf([rank(dense), rank(lexical)])
        else:
            fused = fuse_scores(dense, lexical, {i for i in dense.keys() | lexical.keys() if snap.by_id[i].source == "case"})
        ranked = sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))
        passages = [Passage(snap.by_id[i], s, dense.get(i, 0.0), lexical.get(i, 0.0)) for i, s in ranked[:k]]
        return Retrieval(passages, sentence_hits)

    def search(self, query: str, k: int = 5, query_vector: np.ndarray | None = None) -> list[Passage]:
        return self.retrieve(query, k, query_vector).passages

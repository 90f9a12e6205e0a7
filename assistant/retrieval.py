"""Hybrid retrieval: dense (Chroma) + lexical (bm25s), fused by reciprocal rank.

`fuse_rrf` is pure; `HybridRetriever` wires the clients it is given.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from .chunking import Chunk

RRF_K = 60


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with the evidence behind its rank."""

    chunk: Chunk
    score: float  # fused score, higher is better
    dense: float  # cosine similarity to the query, 0 when not in the dense list
    lexical: float  # BM25 score, 0 when no query term matched

    @property
    def section_id(self) -> str:
        return self.chunk.section_id

    def as_result(self) -> dict:
        c = self.chunk
        return {"id": c.id, "section_id": c.section_id, "source": c.source, "title": c.label,
                "score": round(self.score, 6), "text": c.text}


def fuse_rrf(rankings: list[list[str]], weights: list[float] | None = None, k: int = RRF_K) -> dict[str, float]:
    """Reciprocal rank fusion: sum of weight / (k + rank) over the lists an id appears in."""
    weights = weights or [1.0] * len(rankings)
    fused: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return fused


class LexicalIndex:
    """BM25 over chunk texts (with their labels), English stop words and Snowball stems."""

    def __init__(self, chunks: list[Chunk]):
        import bm25s
        import Stemmer

        self._bm25s = bm25s
        self.stemmer = Stemmer.Stemmer("english")
        self.ids = [c.id for c in chunks]
        self.retriever = bm25s.BM25()
        corpus = bm25s.tokenize([c.embedding_text() for c in chunks], stopwords="en", stemmer=self.stemmer,
                                show_progress=False)
        self.retriever.index(corpus, show_progress=False)

    def query_terms(self, query: str) -> list[str]:
        return self._bm25s.tokenize([query], stopwords="en", stemmer=self.stemmer, return_ids=False,
                                    show_progress=False)[0]

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        terms = self.query_terms(query)
        if not terms or not self.ids:
            return []
        docs, scores = self.retriever.retrieve([terms], k=min(k, len(self.ids)), show_progress=False)
        return [(self.ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]


class HybridRetriever:
    """Dense + BM25 over the live index generation; the lexical index follows the generation."""

    def __init__(self, index, embedder, candidates: int = 20, dense_weight: float = 1.0, lexical_weight: float = 1.0):
        self.index = index
        self.embedder = embedder
        self.candidates = candidates
        self.weights = [dense_weight, lexical_weight]
        self._lexical: tuple[str, LexicalIndex] | None = None
        self._lock = threading.Lock()

    def lexical(self) -> LexicalIndex:
        snap = self.index.snapshot()
        if self._lexical is None or self._lexical[0] != snap.generation:
            with self._lock:
                if self._lexical is None or self._lexical[0] != snap.generation:
                    self._lexical = (snap.generation, LexicalIndex(snap.chunks))
        return self._lexical[1]

    def search(self, query: str, k: int = 5, query_vector: np.ndarray | None = None) -> list[Passage]:
        if query_vector is None:
            query_vector = self.embedder.encode_query(query)
        snap = self.index.snapshot()
        by_id = snap.by_id
        dense = self.index.dense_search(query_vector, self.candidates)
        lexical = self.lexical().search(query, self.candidates)
        fused = fuse_rrf([[i for i, _ in dense], [i for i, _ in lexical]], self.weights)
        dense_map, lexical_map = dict(dense), dict(lexical)
        ranked = sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))
        return [Passage(by_id[i], s, dense_map.get(i, 0.0), lexical_map.get(i, 0.0)) for i, s in ranked[:k] if i in by_id]

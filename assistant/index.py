"""The vector index in Chroma: incremental by content hash, switched atomically.

Each sync writes a new *generation* (a chunk and a sentence collection), copying the
embeddings of unchanged items and embedding only new or changed ones, then flips one
pointer. Readers always follow the pointer, so they see the old index or the new one,
never a half-built one — even if the writer is killed mid-way.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .chunking import Chunk, Sentence, chunk_document, document_sentences
from .errors import IndexUnavailable
from .knowledge import KnowledgeBase
from .tokens import count_tokens

PREFIX = "fa"  # default namespace; several deployments can share one Chroma server with their own
IN_MEMORY_LIMIT = 20_000  # chunks; above it, dense search stays in Chroma
Progress = Callable[[int, int], None]


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    embedded: int = 0
    generation: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def as_dict(self) -> dict:
        return {"added": self.added, "updated": self.updated, "removed": self.removed,
                "unchanged": self.unchanged, "embedded": self.embedded, "generation": self.generation}


@dataclass
class Snapshot:
    """What readers need from one generation, loaded once per generation."""

    generation: str
    chunks: list[Chunk]
    chunk_collection: object
    sentence_collection: object
    # Exact search in memory while the index is small: a matrix product over a few
    # thousand rows beats two HNSW round trips; large indexes query Chroma instead.
    chunk_vectors: np.ndarray | None = None
    sentences: list[Sentence] | None = None
    sentence_vectors: np.ndarray | None = None
    sentence_sections: np.ndarray | None = None
    by_id: dict[str, Chunk] = field(default_factory=dict)
    by_section: dict[str, list[Chunk]] = field(default_factory=dict)

    def __post_init__(self):
        self.by_id = {c.id: c for c in self.chunks}
        for c in self.chunks:
            self.by_section.setdefault(c.section_id, []).append(c)


def open_chroma(settings):
    """Embedded PersistentClient, or an HttpClient when ASSISTANT_CHROMA_URL is set."""
    from .config import disable_telemetry

    disable_telemetry()
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if settings.chroma_url:
            from urllib.parse import urlparse

            url = urlparse(settings.chroma_url)
            return chromadb.HttpClient(host=url.hostname or "localhost", port=url.port or 8000,
                                       ssl=url.scheme == "https", settings=chroma_settings)
        settings.chroma_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)
    except Exception as exc:
        raise IndexUnavailable(f"cannot open the vector store: {type(exc).__name__}: {exc}") from None


def collect_items(kb: KnowledgeBase) -> tuple[list[Chunk], list[Sentence]]:
    chunks: list[Chunk] = []
    sentences: list[Sentence] = []
    for doc in kb.documents():
        chunks.extend(chunk_document(doc, count_tokens))
        sentences.extend(document_sentences(doc))
    return chunks, sentences


def _sentence_hash(sentence: Sentence, model_id: str) -> str:
    payload = f"{model_id}\x1f{sentence.section_id}\x1f{sentence.start}\x1f{sentence.quotable}\x1f{sentence.text}"
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def _manifest(hashes: dict[str, str]) -> str:
    digest = hashlib.sha256()
    for key in sorted(hashes):
        digest.update(f"{key}={hashes[key]}\n".encode())
    return digest.hexdigest()


def _chunk_meta(chunk: Chunk, content_hash: str) -> dict:
    return {"section_id": chunk.section_id, "source": chunk.source, "title": chunk.title, "label": chunk.label,
            "file": chunk.file, "start": chunk.start, "end": chunk.end, "keywords": chunk.keywords, "hash": content_hash}


def _chunk_from(id_: str, text: str, meta: dict) -> Chunk:
    return Chunk(id=id_, section_id=meta["section_id"], source=meta["source"], title=meta["title"],
                 label=meta["label"], file=meta["file"], start=int(meta["start"]), end=int(meta["end"]), text=text,
                 keywords=meta.get("keywords", ""))


def _sentence_from(id_: str, text: str, meta: dict) -> Sentence:
    return Sentence(id=id_, section_id=meta["section_id"], start=int(meta["start"]), end=int(meta["end"]), text=text,
                    quotable=bool(meta.get("quotable", True)))


def _top_k(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    k = min(k, len(scores))
    if k <= 0:
        return []
    best = np.argpartition(-scores, k - 1)[:k]
    return [(int(i), float(scores[i])) for i in sorted(best, key=lambda i: (-scores[i], i))]


class VectorIndex:
    """One Chroma client, the pointer to the live generation, and the sync that moves it."""

    def __init__(self, client, embedder, batch_size: int = 256, namespace: str = PREFIX):
        self.client = client
        self.prefix = namespace
        self.pointer_name = f"{namespace}-pointer"
        self.embedder = embedder
        self.batch_size = batch_size
        self._snapshot: Snapshot | None = None
        self._checked_at = 0.0

    # -- pointer -------------------------------------------------------------
    def _pointer(self):
        try:
            return self.client.get_or_create_collection(self.pointer_name, embedding_function=None)
        except Exception as exc:
            raise IndexUnavailable(f"vector store unreachable: {type(exc).__name__}: {exc}") from None

    def live_state(self) -> dict:
        return dict(self._pointer().metadata or {})

    def _collection(self, kind: str, generation: str, create: bool = False):
        name = f"{self.prefix}-{kind}-{generation}"
        if create:
            return self.client.create_collection(name, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None)
        return self.client.get_collection(name, embedding_function=None)

    # -- writing -------------------------------------------------------------
    def sync(self, kb: KnowledgeBase, rebuild: bool = False, progress: Progress | None = None) -> SyncReport:
        model_id = self.embedder.model_id
        chunks, sentences = collect_items(kb)
        chunk_hashes = {c.id: c.content_hash(model_id) for c in chunks}
        sentence_hashes = {s.id: _sentence_hash(s, model_id) for s in sentences}
        manifest = _manifest({**{f"c:{k}": v for k, v in chunk_hashes.items()}, **{f"s:{k}": v for k, v in sentence_hashes.items()}})
        state = self.live_state()
        old_generation = state.get("generation")
        report = SyncReport(generation=old_generation or "")
        if not rebuild and old_generation and state.get("manifest") == manifest:
            report.unchanged = len(chunks)
            return report

        old_chunks = self._existing(old_generation, "chunks") if old_generation and not rebuild else {}
        old_sentences = self._existing(old_generation, "sentences") if old_generation and not rebuild else {}
        chunk_todo = [c for c in chunks if old_chunks.get(c.id, (None,))[0] != chunk_hashes[c.id]]
        sentence_todo = [s for s in sentences if old_sentences.get(s.id, (None,))[0] != sentence_hashes[s.id]]
        total = len(chunk_todo) + len(sentence_todo)
        done = 0
        if progress:
            progress(0, total)

        def embed(texts: list[str]) -> np.ndarray:
            nonlocal done
            out = []
            for i in range(0, len(texts), self.batch_size):
                out.append(self.embedder.encode(texts[i:i + self.batch_size]))
                done += len(texts[i:i + self.batch_size])
                if progress:
                    progress(done, total)
            return np.concatenate(out) if out else np.zeros((0, 1), dtype=np.float32)

        new_chunk_vectors = dict(zip([c.id for c in chunk_todo], embed([c.embedding_text() for c in chunk_todo])))
        new_sentence_vectors = dict(zip([s.id for s in sentence_todo], embed([s.text for s in sentence_todo])))

        generation = f"{int(time.time())}-{uuid.uuid4().hex[:8]}"
        try:
            chunk_col = self._collection("chunks", generation, create=True)
            self._write(chunk_col, [c.id for c in chunks],
                        [new_chunk_vectors[c.id] if c.id in new_chunk_vectors else old_chunks[c.id][1] for c in chunks],
                        [c.text for c in chunks], [_chunk_meta(c, chunk_hashes[c.id]) for c in chunks])
            sentence_col = self._collection("sentences", generation, create=True)
            self._write(sentence_col, [s.id for s in sentences],
                        [new_sentence_vectors[s.id] if s.id in new_sentence_vectors else old_sentences[s.id][1] for s in sentences],
                        [s.text for s in sentences],
                        [{"section_id": s.section_id, "start": s.start, "end": s.end, "quotable": s.quotable,
                          "hash": sentence_hashes[s.id]} for s in sentences])
            self._pointer().modify(metadata={"generation": generation, "manifest": manifest, "model_id": model_id,
                                             "chunks": len(chunks), "sentences": len(sentences),
                                             "sources": len(kb.sections) + len(kb.cases), "updated_at": int(time.time())})
        except IndexUnavailable:
            raise
        except Exception as exc:
            raise IndexUnavailable(f"index write failed: {type(exc).__name__}: {exc}") from None
        self._drop_other_generations(keep=generation)

        old_ids = set(old_chunks)
        new_ids = {c.id for c in chunks}
        report.added = sorted(new_ids - old_ids) if old_generation and not rebuild else sorted(new_ids)
        report.updated = sorted(c.id for c in chunk_todo if c.id in old_ids)
        report.removed = sorted(old_ids - new_ids)
        report.unchanged = len(chunks) - len(chunk_todo)
        report.embedded = total
        report.generation = generation
        self._snapshot = None
        return report

    def _existing(self, generation: str, kind: str) -> dict[str, tuple[str, np.ndarray]]:
        try:
            got = self._collection(kind, generation).get(include=["metadatas", "embeddings"])
        except Exception:
            return {}
        return {i: (m.get("hash"), e) for i, m, e in zip(got["ids"], got["metadatas"], got["embeddings"])}

    def _write(self, collection, ids, vectors, documents, metadatas) -> None:
        step = 2000
        for i in range(0, len(ids), step):
            collection.add(ids=ids[i:i + step], embeddings=np.asarray(vectors[i:i + step], dtype=np.float32),
                           documents=documents[i:i + step], metadatas=metadatas[i:i + step])

    def _drop_other_generations(self, keep: str) -> None:
        for col in self.client.list_collections():
            name = col if isinstance(col, str) else col.name
            if name.startswith(f"{self.prefix}-") and name != self.pointer_name and not name.endswith(keep):
                try:
                    self.client.delete_collection(name)
                except Exception:
                    pass

    # -- reading -------------------------------------------------------------
    def snapshot(self, max_age: float = 2.0) -> Snapshot:
        """The live generation's chunks and sentence vectors, re-checked every `max_age` s."""
        now = time.monotonic()
        if self._snapshot is not None and now - self._checked_at < max_age:
            return self._snapshot
        state = self.live_state()
        generation = state.get("generation")
        if not generation:
            raise IndexUnavailable("the index is empty: run `python -m assistant index`")
        if self._snapshot is None or self._snapshot.generation != generation:
            self._snapshot = self._load(generation)
        self._checked_at = now
        return self._snapshot

    def _load(self, generation: str) -> Snapshot:
        try:
            chunk_col = self._collection("chunks", generation)
            sentence_col = self._collection("sentences", generation)
            small = chunk_col.count() <= IN_MEMORY_LIMIT
            got = chunk_col.get(include=["documents", "metadatas", "embeddings"] if small else ["documents", "metadatas"])
            sent = sentence_col.get(include=["documents", "metadatas", "embeddings"]) if small else None
        except Exception as exc:
            raise IndexUnavailable(f"cannot read index generation {generation}: {type(exc).__name__}: {exc}") from None
        order = sorted(range(len(got["ids"])), key=lambda i: got["ids"][i])
        chunks = [_chunk_from(got["ids"][i], got["documents"][i], got["metadatas"][i]) for i in order]
        snap = Snapshot(generation=generation, chunks=chunks, chunk_collection=chunk_col, sentence_collection=sentence_col)
        if small:
            snap.chunk_vectors = np.asarray(got["embeddings"], dtype=np.float32)[order] if order else None
            snap.sentences = [_sentence_from(i, d, m) for i, d, m in zip(sent["ids"], sent["documents"], sent["metadatas"])]
            snap.sentence_vectors = np.asarray(sent["embeddings"], dtype=np.float32) if snap.sentences else None
            snap.sentence_sections = np.array([s.section_id for s in snap.sentences])
        return snap

    def _query(self, collection, query_vector: np.ndarray, k: int, include: list[str], where: dict | None = None) -> dict:
        try:
            return collection.query(query_embeddings=[query_vector], n_results=k, include=include, where=where)
        except Exception as exc:
            self._snapshot = None
            raise IndexUnavailable(f"vector search failed: {type(exc).__name__}: {exc}") from None

    def dense_search(self, query_vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) best first."""
        snap = self.snapshot()
        if snap.chunk_vectors is not None:
            return [(snap.chunks[i].id, sim) for i, sim in _top_k(snap.chunk_vectors @ query_vector, k)]
        res = self._query(snap.chunk_collection, query_vector, min(k, max(1, len(snap.chunks))), ["distances"])
        return [(i, 1.0 - float(d)) for i, d in zip(res["ids"][0], res["distances"][0])]

    def sentence_search(self, query_vector: np.ndarray, k: int, sections: list[str] | None = None) -> list[tuple[Sentence, float]]:
        """Nearest sentences and section synopses (optionally of some sections only), best first."""
        snap = self.snapshot()
        if snap.sentence_vectors is not None:
            sims = snap.sentence_vectors @ query_vector
            if sections:
                sims = np.where(np.isin(snap.sentence_sections, list(sections)), sims, -np.inf)
            return [(snap.sentences[i], sim) for i, sim in _top_k(sims, k) if sim > -np.inf]
        where = {"section_id": {"$in": list(sections)}} if sections else None
        res = self._query(snap.sentence_collection, query_vector, k, ["distances", "documents", "metadatas"], where)
        return [(_sentence_from(i, doc, m), 1.0 - float(d))
                for i, d, doc, m in zip(res["ids"][0], res["distances"][0], res["documents"][0], res["metadatas"][0])]

    def counts(self) -> dict:
        state = self.live_state()
        return {k: state.get(k, 0) for k in ("chunks", "sentences", "sources")} | {"generation": state.get("generation")}

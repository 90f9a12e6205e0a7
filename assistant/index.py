"""The vector index in Chroma: incremental by content hash, switched atomically.

Each sync writes a new *generation* (a chunk and a sentence collection), copying the
embeddings of unchanged items and embedding only new or changed ones, then flips one
pointer. Readers always follow the pointer, so they see the old index or the new one,
never a half-built one — even if the writer is killed mid-way.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from . import snapshot as disk
from .chunking import Chunk, Sentence, chunk_document, document_sentences
from .errors import IndexBusy, IndexUnavailable
from .knowledge import KnowledgeBase
from .tokens import EncoderTokens, encoder_tokens

PREFIX = "fa"  # default namespace; several deployments can share one Chroma server with their own
IN_MEMORY_LIMIT = 20_000  # chunks; above it, dense search stays in Chroma
WRITER_LOCK_WAIT_S = 900  # a second `index` waits this long for the first to finish
log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    embedded: int = 0
    generation: str = ""
    repaired: str | None = None  # what was wrong with the live generation, when this sync rebuilt it

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.repaired)

    def as_dict(self) -> dict:
        out = {"added": self.added, "updated": self.updated, "removed": self.removed,
               "unchanged": self.unchanged, "embedded": self.embedded, "generation": self.generation}
        return out | ({"repaired": self.repaired} if self.repaired else {})


@dataclass
class Snapshot:
    """What readers need from one generation, loaded once per generation."""

    generation: str
    chunks: list[Chunk]
    chunk_collection: object = None  # None when read from the on-disk snapshot (always small)
    sentence_collection: object = None
    # Exact search in memory while the index is small: a matrix product over a few
    # thousand rows beats two HNSW round trips; large indexes query Chroma instead.
    chunk_vectors: np.ndarray | None = None
    sentences: list[Sentence] | None = None
    sentence_vectors: np.ndarray | None = None
    sentence_sections: np.ndarray | None = None
    by_id: dict[str, Chunk] = field(default_factory=dict)
    by_section: dict[str, list[Chunk]] = field(default_factory=dict)
    from_disk: bool = False  # read from the on-disk snapshot, not from Chroma

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
        if not settings.chroma_url:
            _forget_failed_store(str(settings.chroma_dir))
        log.error("cannot open the vector store (%s): %s: %s", settings.chroma_url or settings.chroma_dir,
                  type(exc).__name__, exc)
        raise IndexUnavailable(store_message(exc)) from None


def store_message(exc: Exception) -> str:
    """Why the vector store cannot be opened and what to do, without server paths."""
    text = str(exc).lower()
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return ("the vector store's database file is damaged (" + str(exc).split(":")[-1].strip() + "): move the data "
                "directory's chroma folder aside, then run `python -m assistant index` to rebuild it")
    if "readonly" in text or "read-only" in text or "permission" in text:
        return "the vector store is read-only: make the data directory writable for the app"
    return f"cannot open the vector store ({type(exc).__name__}): check the data directory or ASSISTANT_CHROMA_URL"


def _forget_failed_store(identifier: str) -> None:
    """Chroma caches a client's system per path before starting it; when the start fails
    the half-built system stays cached and the next open fails differently
    (AttributeError). Dropping it makes every later open fail the same clear way."""
    try:
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient._identifier_to_system.pop(identifier, None)
        SharedSystemClient._identifier_to_refcount.pop(identifier, None)
    except Exception as exc:  # a Chroma without this cache: nothing to forget
        log.warning("could not reset Chroma's client cache after a failed open (%s); the next open may fail differently", exc)


def writer_lock_path(client, namespace: str) -> Path:
    """Where the one-writer-at-a-time lock lives: beside an embedded store, or (for a
    Chroma server) in the temp dir, keyed by server and namespace — which serialises the
    writers of one machine; writers on several machines are kept safe by the pointer
    checks in `VectorIndex.sync`."""
    try:
        chroma = client.get_settings()
        if chroma.is_persistent and chroma.persist_directory:
            return Path(chroma.persist_directory) / f"{namespace}-writer.lock"
        where = f"{chroma.chroma_server_host}:{chroma.chroma_server_http_port}/{namespace}"
    except AttributeError:  # not a chromadb client we know: one lock per namespace on this machine
        where = namespace
    return Path(tempfile.gettempdir()) / f"assistant-index-{hashlib.sha256(where.encode()).hexdigest()[:16]}.lock"


def _is_missing(exc: Exception) -> bool:
    """Chroma's "collection does not exist" (NotFoundError; ValueError in older clients)."""
    return type(exc).__name__ in ("NotFoundError", "InvalidCollectionException") or "does not exist" in str(exc)


def _generation_time(generation: str) -> int:
    head = generation.split("-", 1)[0]
    return int(head) if head.isdigit() else 0


def collect_items(kb: KnowledgeBase, tokens: EncoderTokens | None = None) -> tuple[list[Chunk], list[Sentence]]:
    """Chunks sized in the encoder's own tokens (`tokens`; default: the packaged MiniLM's), sentences."""
    tokens = tokens or encoder_tokens()
    chunks: list[Chunk] = []
    sentences: list[Sentence] = []
    for doc in kb.documents():
        chunks.extend(chunk_document(doc, tokens))
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
    """One Chroma client, the pointer to the live generation, and the sync that moves it.

    `client` is a Chroma client, or None with `connect` (a function that opens one): the
    read path of an embedded store (`store_dir`, its directory) then follows the pointer
    and reads the live generation from the on-disk snapshot (snapshot.py) and opens
    Chroma only when that cannot be used, or to write."""

    def __init__(self, client, embedder, batch_size: int = 256, namespace: str = PREFIX, lock_path: Path | None = None,
                 connect: Callable[[], object] | None = None, store_dir: Path | None = None):
        if client is None and connect is None:
            raise ValueError("a Chroma client or a function that opens one is needed")
        self._client = client
        self._connect = connect
        self._connect_lock = threading.Lock()
        self.prefix = namespace
        self.pointer_name = f"{namespace}-pointer"
        self.embedder = embedder
        self.batch_size = batch_size
        self._store_dir = Path(store_dir) if store_dir is not None else None
        self._lock_path = lock_path
        self._snapshot: Snapshot | None = None
        self._checked_at = 0.0
        self._peek_problem: str | None = None  # set once reading the pointer without chromadb failed

    @property
    def client(self):
        """The Chroma client, opened on first need (writes, health, a read the snapshot cannot serve)."""
        if self._client is None:
            with self._connect_lock:
                if self._client is None:
                    self._client = self._connect()
        return self._client

    @property
    def lock_path(self) -> Path:
        if self._lock_path is None:
            directory = self.store_dir()
            self._lock_path = (directory / f"{self.prefix}-writer.lock" if directory is not None
                               else writer_lock_path(self.client, self.prefix))
        return self._lock_path

    def store_dir(self) -> Path | None:
        """The embedded store's directory (where the snapshot lives); None for a Chroma server."""
        if self._store_dir is None and self._client is not None:
            try:
                chroma = self._client.get_settings()
                if chroma.is_persistent and chroma.persist_directory:
                    self._store_dir = Path(chroma.persist_directory)
            except AttributeError:
                pass
        return self._store_dir

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

    # -- checking ------------------------------------------------------------
    def verify(self, state: dict | None = None) -> str | None:
        """None when the live generation is whole; else what is wrong with it."""
        state = self.live_state() if state is None else state
        generation = state.get("generation")
        if not generation:
            return "the index is empty: run `python -m assistant index`"
        for kind, expected in (("chunks", state.get("chunks")), ("sentences", state.get("sentences"))):
            try:
                found = self._collection(kind, generation).count()
            except Exception as exc:
                if _is_missing(exc):
                    return f"the live generation {generation} has no {kind} collection (it was deleted or never written)"
                raise IndexUnavailable(f"vector store unreachable: {type(exc).__name__}: {exc}") from None
            if expected is not None and found != int(expected):
                return f"the live generation {generation} holds {found} {kind}, its pointer says {expected}"
        return None

    # -- writing -------------------------------------------------------------
    def sync(self, kb: KnowledgeBase, rebuild: bool = False, progress: Progress | None = None) -> SyncReport:
        """One writer at a time, across processes: a second sync waits for the first
        (then finds the index current, or builds on it)."""
        from filelock import FileLock, Timeout  # writers only: readers start without it

        lock = FileLock(self.lock_path, timeout=WRITER_LOCK_WAIT_S)
        try:
            lock.acquire()
        except Timeout:
            raise IndexBusy(f"another process has been writing the index for over {WRITER_LOCK_WAIT_S} s; "
                            "try again when it has finished") from None
        except OSError as exc:  # e.g. a read-only data dir: nothing could be written anyway
            raise IndexUnavailable(f"cannot take the index writer lock ({exc.strerror or type(exc).__name__}): "
                                   "make the data directory writable") from None
        try:
            return self._sync(kb, rebuild, progress)
        finally:
            lock.release()

    def _sync(self, kb: KnowledgeBase, rebuild: bool, progress: Progress | None) -> SyncReport:
        model_id = self.embedder.model_id
        chunks, sentences = collect_items(kb, encoder_tokens(getattr(self.embedder, "requested", None)))
        chunk_hashes = {c.id: c.content_hash(model_id) for c in chunks}
        sentence_hashes = {s.id: _sentence_hash(s, model_id) for s in sentences}
        manifest = _manifest({**{f"c:{k}": v for k, v in chunk_hashes.items()}, **{f"s:{k}": v for k, v in sentence_hashes.items()}})
        state = self.live_state()
        old_generation = state.get("generation")
        report = SyncReport(generation=old_generation or "")
        broken = self.verify(state) if old_generation else None
        if broken:  # repaired below: whatever is left of it is reused by content hash, the rest re-embedded
            log.warning("index: %s; rebuilding it", broken)
            report.repaired = broken
        if not rebuild and old_generation and not broken and state.get("manifest") == manifest:
            report.unchanged = len(chunks)
            self._check_snapshot(state)
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

        generation = f"{time.time_ns() // 1_000_000}-{uuid.uuid4().hex[:8]}"  # ms: orders builds
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
            newer = self._newer_live_generation(generation)
            if newer:  # a writer on another machine finished a later build: keep it, drop ours
                log.warning("index: generation %s went live while %s was being built; keeping it", newer, generation)
                self._drop_stale_generations(keep=newer)
                report.generation = newer
                return report
            live = {"generation": generation, "manifest": manifest, "model_id": model_id,
                    "chunks": len(chunks), "sentences": len(sentences),
                    "sources": len(kb.sections) + len(kb.cases), "updated_at": int(time.time())}
            self._pointer().modify(metadata=live)
        except IndexUnavailable:
            raise
        except Exception as exc:
            raise IndexUnavailable(f"index write failed: {type(exc).__name__}: {exc}") from None
        self._publish_snapshot(live)  # after the pointer: the file never names a generation that is not live
        self._drop_stale_generations(keep=generation)

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
        except Exception as exc:  # the sync still succeeds: it re-embeds what it could not copy
            log.warning("index: could not read the %s of generation %s (%s: %s); every one is re-embedded",
                        kind, generation, type(exc).__name__, exc)
            return {}
        return {i: (m.get("hash"), e) for i, m, e in zip(got["ids"], got["metadatas"], got["embeddings"])}

    def _write(self, collection, ids, vectors, documents, metadatas) -> None:
        step = 2000
        for i in range(0, len(ids), step):
            collection.add(ids=ids[i:i + step], embeddings=np.asarray(vectors[i:i + step], dtype=np.float32),
                           documents=documents[i:i + step], metadatas=metadatas[i:i + step])

    def _newer_live_generation(self, generation: str) -> str | None:
        live = self.live_state().get("generation")
        return live if live and live != generation and _generation_time(live) > _generation_time(generation) else None

    def _drop_stale_generations(self, keep: str) -> None:
        """Delete generations older than `keep` — never the live one (re-read now) and
        never a newer one, which another writer may still be building."""
        live = self.live_state().get("generation")
        for col in self.client.list_collections():
            name = col if isinstance(col, str) else col.name
            kind_and_generation = name[len(self.prefix) + 1:] if name.startswith(f"{self.prefix}-") else ""
            kind, _, generation = kind_and_generation.partition("-")
            if kind not in ("chunks", "sentences") or not generation or generation in (keep, live):
                continue
            if _generation_time(generation) > _generation_time(keep):
                continue
            try:
                self.client.delete_collection(name)
            except Exception as exc:  # left for the next sync to drop
                log.warning("index: could not drop stale collection %s (%s); the next sync retries", name, exc)

    # -- the on-disk snapshot (snapshot.py) ---------------------------------------
    def _snapshot_file(self, state: dict) -> Path | None:
        """Where the live generation's snapshot lives, for an embedded store whose index
        is small enough to search in memory; None otherwise (Chroma serves it)."""
        directory = self.store_dir()
        return disk.snapshot_path(directory, self.prefix) if directory is not None and \
            0 < int(state.get("chunks") or 0) <= IN_MEMORY_LIMIT else None

    def _save_snapshot(self, snap: Snapshot, state: dict) -> None:
        path = self._snapshot_file(state)
        if path is None or snap.chunk_vectors is None:
            return
        sentence_vectors = snap.sentence_vectors if snap.sentence_vectors is not None \
            else np.zeros((0, snap.chunk_vectors.shape[1]), dtype=np.float32)
        try:
            disk.save(path, disk.GenerationData(snap.generation, str(state.get("manifest", "")), snap.chunks,
                                                snap.chunk_vectors, snap.sentences or [], sentence_vectors))
        except Exception as exc:  # readers open Chroma instead: slower to start, same answers
            log.warning("index: could not write the on-disk snapshot of generation %s (%s: %s); readers open "
                        "Chroma instead", snap.generation, type(exc).__name__, exc)

    def _publish_snapshot(self, state: dict) -> None:
        """Write the snapshot of the generation that just went live, as readers load it."""
        if self._snapshot_file(state) is not None:
            try:
                snap = self._load_from_chroma(state["generation"])
            except IndexUnavailable as exc:
                log.warning("index: could not read back generation %s for its snapshot (%s)", state["generation"], exc)
                return
            self._save_snapshot(snap, state)

    def _check_snapshot(self, state: dict) -> None:
        """An up-to-date index still gets a whole snapshot of its live generation."""
        path = self._snapshot_file(state)
        if path is None:
            return
        try:
            disk.load(path, state["generation"])
        except disk.SnapshotUnusable as exc:
            log.warning("index: the on-disk snapshot of the live generation is not usable (%s); writing it again", exc)
            self._publish_snapshot(state)

    def _repair_snapshot(self, snap: Snapshot) -> None:
        """A reader that had to read Chroma writes the snapshot for the next start, unless
        a writer is at work (it writes its own) or the directory is read-only."""
        from filelock import FileLock, Timeout

        lock = FileLock(self.lock_path, timeout=0)
        try:
            lock.acquire()
        except (Timeout, OSError):
            return
        try:
            state = self.live_state()
            if state.get("generation") == snap.generation:
                self._save_snapshot(snap, state)
        except IndexUnavailable as exc:
            log.warning("index: could not re-check the pointer to write the snapshot (%s)", exc)
        finally:
            lock.release()

    # -- reading -------------------------------------------------------------
    def reader_state(self) -> dict:
        """The live pointer as readers follow it: for an embedded store read from Chroma's
        SQLite file (no chromadb import); through the client when that is not possible."""
        directory = self.store_dir()
        if directory is not None and self._peek_problem is None:
            try:
                return disk.peek_pointer(directory, self.pointer_name)
            except disk.SnapshotUnusable as exc:
                self._peek_problem = str(exc)
                log.warning("index: %s; readers follow the pointer through Chroma from now on", exc)
        return self.live_state()

    def snapshot(self, max_age: float = 2.0) -> Snapshot:
        """The live generation's chunks and sentence vectors, re-checked every `max_age` s."""
        now = time.monotonic()
        if self._snapshot is not None and now - self._checked_at < max_age:
            return self._snapshot
        state = self.reader_state()
        generation = state.get("generation")
        if not generation:
            raise IndexUnavailable("the index is empty: run `python -m assistant index`")
        if self._snapshot is None or self._snapshot.generation != generation:
            self._snapshot = self._load(generation, state)
        self._checked_at = now
        return self._snapshot

    def _load(self, generation: str, state: dict) -> Snapshot:
        """From the on-disk snapshot when it is this generation's and whole, else from Chroma."""
        path = self._snapshot_file(state)
        names = [f"{self.prefix}-{kind}-{generation}" for kind in ("chunks", "sentences")]
        try:
            whole = path is not None and disk.peek_collections(path.parent, names) == set(names)
        except disk.SnapshotUnusable as exc:
            log.warning("index: %s; reading generation %s from Chroma", exc, generation)
            whole = False
        if not whole:  # no snapshot here, or a broken generation: Chroma says what is wrong
            return self._load_from_chroma(generation)
        try:
            data = disk.load(path, generation)
        except disk.SnapshotUnusable as exc:
            log.warning("index: the on-disk snapshot of the live index is not used (%s); reading generation %s "
                        "from Chroma", exc, generation)
            snap = self._load_from_chroma(generation)
            self._repair_snapshot(snap)
            return snap
        sentence_vectors = data.sentence_vectors if data.sentences else \
            np.zeros((0, data.chunk_vectors.shape[1]), dtype=np.float32)
        return Snapshot(generation=generation, chunks=data.chunks, chunk_vectors=data.chunk_vectors,
                        sentences=data.sentences, sentence_vectors=sentence_vectors,
                        sentence_sections=np.array([s.section_id for s in data.sentences]), from_disk=True)

    def serves_from_disk(self) -> bool:
        """Whether the live generation is (now) loaded from the on-disk snapshot, so
        answering needs no Chroma; False when it is not, or the index cannot be read."""
        if self.store_dir() is None:
            return False
        try:
            return self.snapshot().from_disk
        except IndexUnavailable:
            return False

    def _load_from_chroma(self, generation: str) -> Snapshot:
        try:
            chunk_col = self._collection("chunks", generation)
            sentence_col = self._collection("sentences", generation)
            small = chunk_col.count() <= IN_MEMORY_LIMIT
            got = chunk_col.get(include=["documents", "metadatas", "embeddings"] if small else ["documents", "metadatas"])
            sent = sentence_col.get(include=["documents", "metadatas", "embeddings"]) if small else None
        except Exception as exc:
            raise IndexUnavailable(f"the live index generation {generation} cannot be read ({type(exc).__name__}): "
                                   "run `python -m assistant index` to repair it") from None
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
        state = self.reader_state()
        return {k: state.get(k, 0) for k in ("chunks", "sentences", "sources")} | {"generation": state.get("generation")}

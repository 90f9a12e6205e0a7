"""The live index generation on disk, beside the embedded Chroma store, so the read path
needs no chromadb: importing it (it imports every embedding-function provider it ships)
was half of a warm restart's wait for its first answer.

One file per namespace (`<namespace>-live.npz`: the chunks, the sentences and their
vectors, exactly as a reader loads them from Chroma), replaced atomically by whoever
writes the index, so a reader sees a whole old file or a whole new one. It is a cache:
the pointer in Chroma stays the truth. `peek_pointer` reads that pointer straight from
Chroma's SQLite file, so a reader can tell whether the file is the live generation;
whenever either cannot be trusted, `SnapshotUnusable` says why and the caller reads
Chroma instead.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .chunking import Chunk, Sentence

FORMAT = 1
CHROMA_DB = "chroma.sqlite3"
PEEK_TIMEOUT_S = 5.0  # a writer holds Chroma's SQLite lock for milliseconds per batch


class SnapshotUnusable(Exception):
    """Why the on-disk snapshot (or the pointer beside it) cannot be used."""


@dataclass(frozen=True)
class GenerationData:
    """What a reader keeps of one generation: chunks sorted by id, sentences in the
    store's order, and their unit vectors (one row per item, float32)."""

    generation: str
    manifest: str
    chunks: list[Chunk]
    chunk_vectors: np.ndarray
    sentences: list[Sentence]
    sentence_vectors: np.ndarray


def snapshot_path(directory: Path, namespace: str) -> Path:
    return Path(directory) / f"{namespace}-live.npz"


def _fields() -> list[list[str]]:
    return [[f.name for f in dataclasses.fields(kind)] for kind in (Chunk, Sentence)]


def _digest(meta: bytes, chunk_vectors: np.ndarray, sentence_vectors: np.ndarray) -> np.ndarray:
    digest = hashlib.sha256(meta)
    digest.update(chunk_vectors.tobytes())
    digest.update(sentence_vectors.tobytes())
    return np.frombuffer(digest.digest(), dtype=np.uint8)


def _vectors(rows: np.ndarray, count: int) -> np.ndarray:
    rows = np.ascontiguousarray(rows, dtype=np.float32)
    return rows if count else rows.reshape(0, rows.shape[1] if rows.ndim == 2 else 0)


def save(path: Path, data: GenerationData) -> None:
    """Write the file beside its final name, then rename it over the old one."""
    chunk_vectors = _vectors(data.chunk_vectors, len(data.chunks))
    sentence_vectors = _vectors(data.sentence_vectors, len(data.sentences))
    if len(chunk_vectors) != len(data.chunks) or len(sentence_vectors) != len(data.sentences):
        raise ValueError("one vector per chunk and per sentence is needed")
    meta = json.dumps({"format": FORMAT, "generation": data.generation, "manifest": data.manifest, "fields": _fields(),
                       "chunks": [dataclasses.astuple(c) for c in data.chunks],
                       "sentences": [dataclasses.astuple(s) for s in data.sentences]}).encode()
    path = Path(path)
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False)
    try:
        with handle:
            np.savez(handle, meta=np.frombuffer(meta, dtype=np.uint8), chunk_vectors=chunk_vectors,
                     sentence_vectors=sentence_vectors, digest=_digest(meta, chunk_vectors, sentence_vectors))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, 0o644)  # readable like the store beside it (a temp file starts private)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def load(path: Path, generation: str) -> GenerationData:
    """The snapshot of `generation`, checked whole; SnapshotUnusable otherwise."""
    try:
        with np.load(path, allow_pickle=False) as npz:
            meta_bytes = npz["meta"].tobytes()
            chunk_vectors, sentence_vectors, digest = npz["chunk_vectors"], npz["sentence_vectors"], npz["digest"]
    except FileNotFoundError:
        raise SnapshotUnusable("there is none yet") from None
    except Exception as exc:  # truncated, not a zip, a member missing or damaged
        raise SnapshotUnusable(f"it is damaged ({type(exc).__name__}: {exc})") from None
    if not np.array_equal(digest, _digest(meta_bytes, chunk_vectors, sentence_vectors)):
        raise SnapshotUnusable("it is damaged (checksum mismatch)")
    try:
        meta = json.loads(meta_bytes)
        if meta.get("format") != FORMAT:
            raise SnapshotUnusable(f"it has format {meta.get('format')!r}, this version reads {FORMAT}")
        if meta.get("fields") != _fields():
            raise SnapshotUnusable("it was written by a version with other chunk or sentence fields")
        if meta["generation"] != generation:
            raise SnapshotUnusable(f"it holds generation {meta['generation']}, the live one is {generation}")
        chunks = [Chunk(*row) for row in meta["chunks"]]
        sentences = [Sentence(*row) for row in meta["sentences"]]
    except SnapshotUnusable:
        raise
    except Exception as exc:
        raise SnapshotUnusable(f"it is damaged ({type(exc).__name__}: {exc})") from None
    if chunk_vectors.dtype != np.float32 or sentence_vectors.dtype != np.float32 \
            or len(chunk_vectors) != len(chunks) or len(sentence_vectors) != len(sentences):
        raise SnapshotUnusable("it is damaged (vectors do not match its items)")
    return GenerationData(generation, meta["manifest"], chunks, chunk_vectors, sentences, sentence_vectors)


def _query(chroma_dir: Path, sql: str, params: tuple) -> list[tuple] | None:
    """Rows from an embedded Chroma store's SQLite file, read-only (None: no store yet)."""
    db = Path(chroma_dir) / CHROMA_DB
    if not db.exists():
        return None
    try:
        connection = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=PEEK_TIMEOUT_S)
        try:
            return connection.execute(sql, params).fetchall()
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise SnapshotUnusable(f"Chroma's pointer cannot be read from its SQLite file ({exc})") from None


# Chroma's own table layout (chromadb 1.x); anything unexpected raises SnapshotUnusable.
_IN_DEFAULT_DATABASE = ("JOIN databases d ON d.id = c.database_id "
                        "WHERE d.name = 'default_database' AND d.tenant_id = 'default_tenant'")


def peek_pointer(chroma_dir: Path, pointer_name: str) -> dict:
    """The live pointer's metadata, read from an embedded store's SQLite file without
    chromadb ({} when there is no store or no pointer yet)."""
    rows = _query(chroma_dir, "SELECT m.key, m.str_value, m.int_value, m.float_value, m.bool_value FROM collections c "
                  f"JOIN collection_metadata m ON m.collection_id = c.id {_IN_DEFAULT_DATABASE} AND c.name = ?",
                  (pointer_name,))
    state: dict = {}
    for key, text, integer, real, flag in rows or ():
        state[key] = next((v for v in (text, integer, real) if v is not None), None if flag is None else bool(flag))
    return state


def peek_collections(chroma_dir: Path, names: list[str]) -> set[str]:
    """Which of these collections exist in the store: a snapshot stands for a live
    generation only while Chroma still holds it, so a broken one fails the same way."""
    rows = _query(chroma_dir, f"SELECT c.name FROM collections c {_IN_DEFAULT_DATABASE} "
                  f"AND c.name IN ({', '.join('?' * len(names))})", tuple(names))
    return {name for (name,) in rows or ()}

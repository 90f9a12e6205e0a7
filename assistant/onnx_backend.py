"""ONNX Runtime encoder for the packaged all-MiniLM-L6-v2.

Exported offline from the verified packaged weights (once, cached in the data dir),
then served by onnxruntime with the model's own fast tokenizer: the vectors match
sentence-transformers' to ~1e-7, queries are ~2.5× faster, and the serving process
never imports torch or sentence-transformers (the one-off export runs in a child
process). (sentence-transformers' own ONNX backend
needs optimum-onnx, which pins transformers < 4.58 and cannot install beside 5.x.)
"""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)
EXPORT_TIMEOUT_S = 600
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def export_onnx(model_dir: Path) -> bytes:
    """The transformer as an ONNX graph with dynamic batch and sequence axes."""
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(model_dir), local_files_only=True).eval()

    class LastHiddenState(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state

    sample = torch.ones((1, 8), dtype=torch.int64)
    buffer = io.BytesIO()
    # The tracer warns about branches it freezes; for BERT with an attention mask they
    # are constant for every input shape (the test compares vectors with torch's).
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(LastHiddenState(model), (sample, sample, torch.zeros_like(sample)), buffer,
                          input_names=list(INPUTS), output_names=["last_hidden_state"],
                          dynamic_axes={name: {0: "batch", 1: "sequence"} for name in (*INPUTS, "last_hidden_state")},
                          opset_version=17, dynamo=False)
    return buffer.getvalue()


def cached_export(model_dir: Path, cache_file: Path | None) -> bytes | Path:
    """Export once and cache it in the data dir. The export runs in a child process, so
    torch is loaded there and leaves with it: the serving process never imports it.
    Returns the cached file's path (ONNX Runtime reads it itself) or, when nothing can be
    cached, the exported bytes."""
    if cache_file is not None and cache_file.is_file():
        return cache_file
    if cache_file is None:
        return export_onnx(model_dir)
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        log.warning("cannot create the model cache folder (%s): exporting to memory, again at every start", exc)
        return export_onnx(model_dir)
    done = subprocess.run([sys.executable, "-m", "assistant.onnx_backend", str(model_dir), str(cache_file)],
                          cwd=Path(__file__).resolve().parent.parent, capture_output=True, text=True,
                          timeout=EXPORT_TIMEOUT_S)
    if done.returncode != 0 or not cache_file.is_file():
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"the ONNX export failed (exit {done.returncode}): {last}")
    return cache_file


def write_export(model_dir: Path, cache_file: Path) -> None:
    """The child's work: export, then write atomically so a crash never leaves half a model."""
    data = export_onnx(model_dir)
    fd, tmp = tempfile.mkstemp(dir=cache_file.parent, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, cache_file)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_encoder(model_dir: Path, cache_file: Path | None) -> "OnnxEncoder":
    """The encoder from the cached export; a damaged cache (truncated, corrupt) is
    exported again once instead of silently falling back to torch."""
    model = cached_export(model_dir, cache_file)
    try:
        return OnnxEncoder(model_dir, model)
    except Exception as exc:  # onnxruntime raises its own exception types for an unreadable model
        if not isinstance(model, Path):
            raise
        log.warning("the cached ONNX export is unreadable (%s: %s); exporting it again", type(exc).__name__,
                    str(exc).splitlines()[0][:200])
        model.unlink(missing_ok=True)
        return OnnxEncoder(model_dir, cached_export(model_dir, cache_file))


class OnnxEncoder:
    """Mean-pooled, L2-normalised sentence embeddings, as sentence-transformers computes them."""

    def __init__(self, model_dir: Path, onnx_model: bytes | Path):
        import onnxruntime
        from tokenizers import Tokenizer

        config = json.loads((model_dir / "sentence_bert_config.json").read_text())
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=int(config.get("max_seq_length", 256)))
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = min(4, os.cpu_count() or 1)
        options.log_severity_level = 3
        source = str(onnx_model) if isinstance(onnx_model, Path) else onnx_model
        self.session = onnxruntime.InferenceSession(source, options, providers=["CPUExecutionProvider"])

    def get_embedding_dimension(self) -> int:
        return int(self.session.get_outputs()[0].shape[-1] or 384)

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        out = []
        for i in range(0, len(texts), batch_size):
            batch = self.tokenizer.encode_batch(list(texts[i:i + batch_size]))
            feeds = {
                "input_ids": np.array([e.ids for e in batch], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in batch], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in batch], dtype=np.int64),
            }
            hidden = self.session.run(None, feeds)[0]
            mask = feeds["attention_mask"][..., None].astype(np.float32)
            pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
            out.append(pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None))
        return np.concatenate(out).astype(np.float32) if out else np.zeros((0, 384), np.float32)


if __name__ == "__main__":  # python -m assistant.onnx_backend MODEL_DIR CACHE_FILE (run by cached_export)
    from .config import disable_telemetry

    disable_telemetry()
    write_export(Path(sys.argv[1]), Path(sys.argv[2]))

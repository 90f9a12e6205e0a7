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
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)
EXPORT_TIMEOUT_S = 600
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
SERVING_GRAPH = "model.onnx"
# Texts the saved serving form must embed exactly as the export does before it is used.
PROBE = ["What are the hidden costs of fine-tuning?", "x", "retrieval " * 300]


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
    """The encoder from the cached export's serving form, saved from the export the first
    time; from the export itself when no form can be saved. A damaged export (truncated,
    corrupt) is exported again once instead of silently falling back to torch."""
    model = cached_export(model_dir, cache_file)
    if isinstance(model, Path):
        encoder = read_serving_form(model_dir, model) or save_serving_form(model_dir, model)
        if encoder is not None:
            return encoder
    try:
        return OnnxEncoder(model_dir, model)
    except Exception as exc:  # onnxruntime raises its own exception types for an unreadable model
        if not isinstance(model, Path):
            raise
        log.warning("the cached ONNX export is unreadable (%s: %s); exporting it again", type(exc).__name__,
                    str(exc).splitlines()[0][:200])
        model.unlink(missing_ok=True)
        model = cached_export(model_dir, cache_file)
        return save_serving_form(model_dir, model) or OnnxEncoder(model_dir, model)


def serving_dir(export: Path) -> Path:
    """Where the export's serving form lives: beside it, per ONNX Runtime version (the
    fused operators it saves are that version's)."""
    import onnxruntime

    return export.parent / f"{export.stem}-ort{onnxruntime.__version__}"


def read_serving_form(model_dir: Path, export: Path) -> "OnnxEncoder | None":
    """The encoder from the export's graph as ONNX Runtime optimizes it, saved with its
    weights in a separate file (`save_serving_form`): a warm start then neither parses
    90 MB of protobuf nor runs the graph optimizers again (the session takes ~0.16 s of
    CPU instead of ~0.4 s), for bit-identical vectors. None when there is none yet or it
    is damaged: the caller saves it (again)."""
    graph = serving_dir(export) / SERVING_GRAPH
    if not graph.is_file():
        return None
    try:
        return OnnxEncoder(model_dir, graph, optimized=True)
    except Exception as exc:  # onnxruntime's own exception types for a truncated or corrupt file
        log.warning("the ONNX serving form is unreadable (%s: %s); saving it again from the export",
                    type(exc).__name__, str(exc).splitlines()[0][:200])
        return None


def save_serving_form(model_dir: Path, export: Path, reference: "OnnxEncoder | None" = None) -> "OnnxEncoder | None":
    """Optimize the export, save the result into a scratch folder renamed into place
    whole (a crash never leaves half a form) and return the encoder it loads; one
    session at a time, so saving costs no more memory than loading the export. The form
    must embed a probe exactly as the session that saved it (or `reference`) does, or it
    is recorded as differing (`.differs`) and not tried again with this runtime. Forms of
    other ONNX Runtime versions and scratch folders left by crashes are removed. None,
    with a log line, when no form can be saved (read-only data dir, full disk, a damaged
    export): the caller loads the export."""
    folder = serving_dir(export)
    differs = folder.with_name(folder.name + ".differs")
    if differs.exists():
        return None
    stale = time.time() - EXPORT_TIMEOUT_S
    scratch = None
    try:
        for old in folder.parent.glob(f"*{export.stem}-ort*"):
            if old.name.endswith(".differs") and old.name != differs.name:
                old.unlink(missing_ok=True)
            elif old.is_dir() and old.name != folder.name and (not old.name.endswith(".part") or old.stat().st_mtime < stale):
                shutil.rmtree(old, ignore_errors=True)
        scratch = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}-", suffix=".part"))
        saver = OnnxEncoder(model_dir, export, save_to=scratch / SERVING_GRAPH)
        expected = (reference or saver).encode(PROBE)
        del saver  # one session at a time
        saved = OnnxEncoder(model_dir, scratch / SERVING_GRAPH, optimized=True)
        if not np.array_equal(expected, saved.encode(PROBE)):
            differs.write_text("the saved form computed different vectors from the export: not used, not saved again\n")
            raise RuntimeError("the saved form computes different vectors from the export")
        shutil.rmtree(folder, ignore_errors=True)  # a damaged form
        try:
            os.replace(scratch, folder)  # the session keeps reading its files under their new name
        except OSError:
            if not (folder / SERVING_GRAPH).is_file():
                raise  # another process saving the same form first is fine; anything else is not
        return saved
    except Exception as exc:  # a full or read-only disk, a damaged export, or one this runtime cannot optimize
        log.warning("cannot save the ONNX serving form (%s: %s); the export is loaded instead", type(exc).__name__,
                    str(exc).splitlines()[0][:200])
        return None
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


class OnnxEncoder:
    """Mean-pooled, L2-normalised sentence embeddings, as sentence-transformers computes them."""

    def __init__(self, model_dir: Path, onnx_model: bytes | Path, optimized: bool = False, save_to: Path | None = None):
        """`optimized`: the model is a saved serving form, so the optimizers do not run
        again; `save_to`: save the optimized graph there, weights beside it (`.data`)."""
        import onnxruntime

        from tokenizers import Tokenizer

        config = json.loads((model_dir / "sentence_bert_config.json").read_text())
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=int(config.get("max_seq_length", 256)))
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = min(4, os.cpu_count() or 1)
        options.log_severity_level = 3
        if optimized:
            options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
        if save_to is not None:
            # "extended" fusions are the ones the default level applies to this model; the
            # default's layout changes are hardware-specific and must not be saved
            options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
            options.optimized_model_filepath = str(save_to)
            options.add_session_config_entry("session.optimized_model_external_initializers_file_name",
                                             save_to.name + ".data")
            options.add_session_config_entry("session.optimized_model_external_initializers_min_size_in_bytes", "1024")
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

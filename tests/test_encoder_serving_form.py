"""The ONNX encoder's serving form (issue 13, warm restart): the export's graph as ONNX
Runtime optimizes it, saved once beside the export with its weights in a separate file,
so a warm start neither parses the 90 MB export nor optimizes it again. It must embed
bit for bit as the export does, be made again when damaged, and never stand in the way:
when it cannot be saved the export serves, as before.

Real packaged model, real ONNX Runtime, files in a temp dir."""

from __future__ import annotations

import logging
import os
import shutil
import time

import numpy as np
import onnxruntime
import pytest

from assistant.embedder import packaged_model_dir
from assistant.onnx_backend import SERVING_GRAPH, OnnxEncoder, export_onnx, load_encoder, save_serving_form, serving_dir

TEXTS = ["What are the hidden costs of fine-tuning?", "x", "RAG gives the model real-time access to your knowledge base.",
         "Prompt engineering — system prompts, few-shot examples, chain-of-thought instructions " * 20]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The packaged model's export, written once for this module (as the data dir caches it)."""
    path = tmp_path_factory.mktemp("export") / "all-MiniLM-L6-v2-test.onnx"
    path.write_bytes(export_onnx(packaged_model_dir()))
    return path


@pytest.fixture(scope="module")
def expected(exported):
    """The vectors the export itself gives, as served before the serving form existed."""
    encoder = OnnxEncoder(packaged_model_dir(), exported)
    return encoder.encode(TEXTS), np.concatenate([encoder.encode([t]) for t in TEXTS])


@pytest.fixture
def export(tmp_path, exported):
    """A data dir's models folder holding only the export."""
    copy = tmp_path / "models" / exported.name
    copy.parent.mkdir()
    shutil.copy(exported, copy)
    return copy


def assert_same_vectors(encoder, expected):
    batch, one_by_one = expected
    assert np.array_equal(encoder.encode(TEXTS), batch)
    assert np.array_equal(np.concatenate([encoder.encode([t]) for t in TEXTS]), one_by_one)


def loads_unoptimized(encoder) -> bool:
    return encoder.session.get_session_options().graph_optimization_level == onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL


def test_the_serving_form_is_saved_once_beside_the_export_and_embeds_bit_for_bit_like_it(export, expected):
    first = load_encoder(packaged_model_dir(), export)  # saves the form and serves from it
    assert loads_unoptimized(first)
    form = serving_dir(export)
    assert form.parent == export.parent and onnxruntime.__version__ in form.name
    assert sorted(p.name for p in form.iterdir()) == [SERVING_GRAPH, SERVING_GRAPH + ".data"]
    assert (form / SERVING_GRAPH).stat().st_size < 1_000_000 < (form / (SERVING_GRAPH + ".data")).stat().st_size
    assert sorted(p.name for p in export.parent.iterdir()) == sorted([export.name, form.name])  # no scratch left
    saved_at = (form / SERVING_GRAPH).stat().st_mtime_ns

    warm = load_encoder(packaged_model_dir(), export)
    assert loads_unoptimized(warm)  # the saved form, not optimized again
    assert (form / SERVING_GRAPH).stat().st_mtime_ns == saved_at  # read, not saved again
    assert_same_vectors(warm, expected)
    assert_same_vectors(first, expected)


@pytest.mark.parametrize("damage", ["truncated weights", "corrupt graph"])
def test_a_damaged_serving_form_is_made_again(export, expected, caplog, damage):
    load_encoder(packaged_model_dir(), export)
    form = serving_dir(export)
    if damage == "truncated weights":
        data = form / (SERVING_GRAPH + ".data")
        data.write_bytes(data.read_bytes()[: data.stat().st_size // 3])
    else:
        (form / SERVING_GRAPH).write_bytes(b"not a model" * 100)
    with caplog.at_level(logging.WARNING, logger="assistant.onnx_backend"):
        encoder = load_encoder(packaged_model_dir(), export)
    assert "serving form is unreadable" in caplog.text and "saving it again" in caplog.text
    assert loads_unoptimized(encoder)  # from the new form
    assert_same_vectors(encoder, expected)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="assistant.onnx_backend"):
        again = load_encoder(packaged_model_dir(), export)
    assert loads_unoptimized(again) and not caplog.text  # the new form is whole
    assert_same_vectors(again, expected)


def test_when_the_form_cannot_be_saved_the_export_serves_as_before(export, expected, caplog):
    serving_dir(export).write_text("a file where the form's folder belongs")  # a real OSError on saving
    with caplog.at_level(logging.WARNING, logger="assistant.onnx_backend"):
        encoder = load_encoder(packaged_model_dir(), export)
    assert "cannot save the ONNX serving form" in caplog.text
    assert not loads_unoptimized(encoder)  # the export, optimized in memory as before
    assert not loads_unoptimized(load_encoder(packaged_model_dir(), export))  # and at every start
    assert_same_vectors(encoder, expected)
    assert sorted(p.name for p in export.parent.iterdir()) == sorted([export.name, serving_dir(export).name])


def test_forms_of_other_runtime_versions_and_crashed_scratch_folders_are_removed(export):
    other_version = export.parent / f"{export.stem}-ort0.0.1"
    crashed = export.parent / f".{serving_dir(export).name}-abc.part"
    running = export.parent / f".{serving_dir(export).name}-def.part"  # another process saving right now
    for folder in (other_version, crashed, running):
        folder.mkdir()
        (folder / SERVING_GRAPH).write_bytes(b"old")
    an_hour_ago = time.time() - 3600
    os.utime(crashed, (an_hour_ago, an_hour_ago))
    load_encoder(packaged_model_dir(), export)
    assert sorted(p.name for p in export.parent.iterdir()) == sorted([export.name, serving_dir(export).name, running.name])


def test_a_form_that_embeds_differently_is_not_kept_nor_tried_again(export, caplog):
    served = OnnxEncoder(packaged_model_dir(), export)
    served.tokenizer.enable_truncation(max_length=128)  # the session that served embeds long texts differently
    with caplog.at_level(logging.WARNING, logger="assistant.onnx_backend"):
        assert save_serving_form(packaged_model_dir(), export, reference=served) is None
    assert "different vectors" in caplog.text
    differs = export.parent / (serving_dir(export).name + ".differs")
    assert sorted(p.name for p in export.parent.iterdir()) == sorted([export.name, differs.name])
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="assistant.onnx_backend"):
        encoder = load_encoder(packaged_model_dir(), export)
    assert not loads_unoptimized(encoder) and not caplog.text  # the export serves; no second attempt
    assert sorted(p.name for p in export.parent.iterdir()) == sorted([export.name, differs.name])

"""The encoder: concurrent single queries are batched, and each caller gets its own vector."""

import threading

import numpy as np


def test_concurrent_queries_get_their_own_vectors(embedder):
    texts = [f"question number {i} about fine-tuning costs" for i in range(24)]
    expected = embedder.encode(texts)
    results: dict[int, np.ndarray] = {}

    def ask(i):
        results[i] = embedder.encode_query(texts[i])

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i, vector in results.items():
        assert np.allclose(vector, expected[i], atol=1e-4)
    assert len(results) == len(texts)


def test_vectors_are_normalised(embedder):
    vector = embedder.encode_query("What are the hidden costs of fine-tuning?")
    assert vector.shape == (384,) and abs(float(np.linalg.norm(vector)) - 1.0) < 1e-4


def test_a_failing_encode_reaches_the_caller():
    import pytest

    from assistant.embedder import QueryBatcher

    def broken(texts):
        raise ValueError("encoder exploded")

    with pytest.raises(ValueError, match="exploded"):
        QueryBatcher(broken).submit("x")


def test_the_onnx_backend_computes_the_same_vectors_as_sentence_transformers(embedder):
    from assistant.embedder import Embedder

    assert embedder.backend_used == "onnx", embedder.fallback_reason
    torch_embedder = Embedder(backend="torch")
    texts = ["What are the hidden costs of fine-tuning?", "RAG gives the model real-time access to your knowledge base.",
             "x", "Prompt engineering — system prompts, few-shot examples, chain-of-thought instructions " * 20]
    assert np.allclose(embedder.encode(texts), torch_embedder.encode(texts), atol=1e-5)
    assert torch_embedder.backend_used == "torch"


def test_the_exported_model_is_cached_in_the_data_dir(tmp_path):
    from assistant.embedder import Embedder

    first = Embedder(cache_dir=tmp_path)
    first.encode(["warm"])
    cached = list((tmp_path / "models").glob("*.onnx"))
    assert len(cached) == 1 and cached[0].stat().st_size > 1_000_000
    assert not list((tmp_path / "models").glob("*.part"))


def test_an_unknown_backend_is_refused():
    import pytest

    from assistant.embedder import Embedder
    from assistant.errors import InputError

    with pytest.raises(InputError, match="onnx or torch"):
        Embedder(backend="tpu")

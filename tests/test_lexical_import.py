"""The lexical index is built without importing scipy (bm25s imports it only for a CSC
builder we do not use: ~0.4 s of a warm start's first answer, issue 13), with the same
scores scipy's builder gives, and scipy stays importable for everyone else.

Each check runs in a fresh interpreter: whether scipy is imported is a per-process fact."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHUNKS = """
from assistant.chunking import Chunk
texts = ["Retrieval-augmented generation grounds answers in documents.",
         "Fine-tuning changes the model's weights with labelled examples.",
         "Prompt engineering shapes the instructions, not the model.",
         "Hidden costs of fine-tuning: data labelling, evaluation and retraining."]
chunks = [Chunk(f"c{i}", f"s{i}", "framework", f"T{i}", f"L{i}", "f.md", 0, len(t), t) for i, t in enumerate(texts)]
"""


def run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", CHUNKS + code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_lexical_index_searches_without_importing_scipy_and_leaves_it_importable():
    out = run("""
import sys
from assistant.retrieval import LexicalIndex
index = LexicalIndex(chunks)
hits = index.search("hidden costs of fine tuning", 3)
print(hits[0][0], "scipy" in sys.modules)
import scipy.sparse
print(scipy.sparse.csr_matrix is not None)
""")
    assert out.splitlines() == ["c3 False", "True"]


def test_the_numpy_builder_gives_the_scores_scipy_gives():
    out = run("""
import numpy as np
import bm25s, Stemmer  # imported normally here: scipy is available to bm25s
assert bm25s.SCIPY_AVAILABLE
from assistant.retrieval import LexicalIndex
ours = LexicalIndex(chunks)
stemmer = Stemmer.Stemmer("english")
tokens = bm25s.tokenize([c.lexical_text() for c in chunks], stopwords="en", stemmer=stemmer, show_progress=False)
theirs = bm25s.BM25(csc_backend="scipy")
theirs.index(tokens, show_progress=False)
same = all(np.array_equal(ours.retriever.scores[k], theirs.scores[k]) for k in ("data", "indices", "indptr"))
print(same)
""")
    assert out == "True"

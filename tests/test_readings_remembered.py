"""What an offline ask reads once and remembers (for speed) gives the same result every time,
and never leaks one question's reading into another's."""

import numpy as np
import pytest


def test_the_same_words_encode_once_and_their_vector_cannot_be_changed_by_a_caller(embedder):
    first = embedder.encode_query("how much does the phone company spend on retraining?")
    again = embedder.encode_query("how much does the phone company spend on retraining?")
    assert again is first
    assert np.allclose(first, embedder.encode(["how much does the phone company spend on retraining?"])[0], atol=1e-5)
    with pytest.raises(ValueError):
        first *= 2  # shared by every caller: read-only


def test_forgotten_query_vectors_are_encoded_afresh(embedder):
    before = embedder.encode_query("a question the bench times as never seen")
    embedder.forget_queries()
    after = embedder.encode_query("a question the bench times as never seen")
    assert after is not before and np.allclose(after, before, atol=1e-6)


@pytest.mark.parametrize("query", [
    "How much does fine-tuning cost to maintain?",
    "RAG vs fine tuning for JSON outputs!!",
    "naïve café résumé 50ms p95 and the the of",
    "xyzzy qqq",
    "",
])
def test_bm25_query_terms_and_scores_are_bm25s_own(assistant, query):
    import bm25s

    lexical = assistant.retriever.lexical()
    expected_terms = bm25s.tokenize([query], stopwords="en", stemmer=lexical.stemmer, return_ids=False,
                                    show_progress=False)[0]
    assert lexical.query_terms(query) == expected_terms
    if expected_terms:
        docs, scores = lexical.retriever.retrieve([expected_terms], k=30, show_progress=False)
        expected = [(lexical.ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]
        assert lexical.search(query, 30) == expected


def test_a_typo_read_before_is_still_reported_as_corrected(assistant):
    first = assistant.understand("how do we evalute a rag system?")
    again = assistant.understand("and how would we evalute the tuned model?")
    assert ("evalute", "evaluate") in first.corrections
    assert ("evalute", "evaluate") in again.corrections
    assert "evaluate" in again.corrected


def test_a_figure_asked_for_is_judged_the_same_however_often_the_question_comes(assistant):
    question = "What was the p95 latency of the tuned model at the telecom?"
    answers = [assistant.ask_offline(question) for _ in range(3)]
    assert answers[0] == answers[1] == answers[2]
    assert "case-013" in {c["section_id"] for c in answers[0]["citations"]} and "35 ms" in answers[0]["answer"]

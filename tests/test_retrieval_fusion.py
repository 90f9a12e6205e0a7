"""Fusion is pure: ranks and scores in, one ordering out."""

import pytest

from assistant.retrieval import fuse_rrf, fuse_scores


def test_rrf_rewards_agreement_between_rankers():
    fused = fuse_rrf([["a", "b", "c"], ["b", "a", "d"]])
    assert max(fused, key=fused.get) in {"a", "b"}
    assert fused["a"] == fused["b"] > fused["c"] > 0 and fused["d"] == fused["c"]


def test_score_fusion_scales_bm25_to_the_best_match():
    fused = fuse_scores({"a": 0.5, "b": 0.5}, {"a": 10.0, "b": 5.0}, case_ids=set(), lexical_weight=0.4)
    assert fused["a"] - fused["b"] == pytest.approx(0.4 * 0.5)


def test_case_notes_yield_to_the_framework_on_a_tie():
    fused = fuse_scores({"rag#0": 0.6, "case-001#0": 0.6}, {}, case_ids={"case-001#0"})
    assert fused["rag#0"] > fused["case-001#0"]


def test_lexical_only_hits_are_kept():
    assert set(fuse_scores({"a": 0.3}, {"b": 2.0}, case_ids=set())) == {"a", "b"}

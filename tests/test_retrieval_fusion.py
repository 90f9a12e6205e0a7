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


def _ranked(*sections):
    from types import SimpleNamespace

    from assistant.retrieval import Passage

    return [Passage(SimpleNamespace(section_id=s), 1.0 - i / 10, 0.5, 0.0) for i, s in enumerate(sections)]


def test_the_section_an_intent_hears_from_is_lifted_into_the_first_three():
    from assistant.retrieval import lift_into_top

    ranked = _ranked("intro", "intro", "rag", "closing", "hidden-costs", "decision-rules")
    lifted = [p.section_id for p in lift_into_top(ranked, ("decision-rules",), 3)]
    assert lifted == ["intro", "intro", "rag", "decision-rules", "closing", "hidden-costs"]
    assert lift_into_top(ranked, ("rag",), 3) == ranked  # already among the first three: nothing moves
    assert lift_into_top(ranked, ("prompt-engineering",), 3) == ranked  # not found: nothing moves


def test_a_search_for_a_decision_lists_the_decision_rules_among_its_first_three_sections(assistant):
    results = assistant.search("Would the framework ever back retrieval and a fine-tuned model sitting side by side?", k=10)["results"]
    assert "decision-rules" in list(dict.fromkeys(r["section_id"] for r in results))[:3]


def test_several_sections_are_lifted_in_turn_each_into_the_first_three():
    from assistant.retrieval import lift_each

    ranked = _ranked("intro", "rag", "closing", "hidden-costs", "decision-rules")
    lifted = [p.section_id for p in lift_each(ranked, ("hidden-costs", "decision-rules"), 3)]
    assert lifted == ["intro", "rag", "decision-rules", "hidden-costs", "closing"]  # the last lifted stands third
    assert lift_each(ranked, (), 3) == ranked


def test_a_section_the_situation_calls_for_is_reached_for_below_the_first_passages():
    from assistant.retrieval import reaching_deeper

    first = _ranked("intro", "closing", "case-006")
    deeper = first + _ranked("hidden-costs", "rag", "rag")
    reached = reaching_deeper(first, deeper, ("rag", "closing", "prompt-engineering"))
    assert [p.section_id for p in reached] == ["intro", "closing", "case-006", "rag"]  # its best passage, once; none for an absent one
    assert reached[-1] is deeper[4]


def test_a_search_lists_what_a_told_situation_calls_for_though_it_ranked_below_the_first_dozen(assistant):
    """Policies revised weekly call for RAG, which the words of this question alone rank low."""
    results = assistant.search("Our customer-service bot answers questions about shipping policies we revise weekly; "
                               "nothing special about the output. Which approach?", k=3)["results"]
    assert "rag" in [r["section_id"] for r in results]


def test_a_search_for_a_client_that_asked_for_one_approach_and_got_another_lists_that_clients_note(assistant):
    """The telecom asked for prompt engineering and was advised to fine-tune: its note is
    the answer to the search, though the words rank the prompting section higher."""
    results = assistant.search("any example of a client who asked for prompt tuning but ended up with a fine tuned model?", k=3)["results"]
    assert "case-013" in [r["section_id"] for r in results]

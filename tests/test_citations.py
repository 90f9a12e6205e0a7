"""Citation checks: dangling markers go, non-verbatim quotes go, numbering is tidy."""

from assistant.citations import Citation, check_citations, dangling_markers

SOURCES = {"rag": "RAG gives the model real-time access to your knowledge base at inference time.",
           "hidden-costs": "Fine-tuning is not a one-time cost."}


def test_valid_citations_are_kept_and_renumbered_in_order_of_use():
    cites = [Citation(1, "rag", "framework", "§4", "RAG gives the model real-time access"),
             Citation(2, "hidden-costs", "framework", "§5", "Fine-tuning is not a one-time cost.")]
    out = check_citations("Costs recur [2]. Retrieval is live [1].", cites, SOURCES)
    assert out.text == "Costs recur [1]. Retrieval is live [2]."
    assert [(c.n, c.section_id) for c in out.citations] == [(1, "hidden-costs"), (2, "rag")]
    assert out.problems == []


def test_a_dangling_marker_is_removed():
    cites = [Citation(1, "rag", "framework", "§4", "RAG gives the model real-time access")]
    out = check_citations("Use retrieval [1] and never train [7].", cites, SOURCES)
    assert "[7]" not in out.text and "[1]" in out.text
    assert any("[7]" in p for p in out.problems)


def test_a_quote_that_is_not_verbatim_is_dropped_with_its_marker():
    cites = [Citation(1, "rag", "framework", "§4", "RAG is always the best choice")]
    out = check_citations("RAG wins [1].", cites, SOURCES)
    assert out.citations == [] and "[1]" not in out.text
    assert any("not verbatim" in p for p in out.problems)


def test_unknown_sections_are_refused():
    out = check_citations("x [1]", [Citation(1, "secret-admin", "framework", "?", "x")], SOURCES)
    assert out.citations == [] and any("unknown section" in p for p in out.problems)


def test_dangling_markers_lists_numbers_without_citation():
    assert dangling_markers("a [1] b [3]", [{"n": 1}]) == [3]

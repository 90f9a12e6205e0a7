"""The knowledge base: the article's own wording under fixed section IDs; case notes validated."""

import re

from assistant.chunking import split_sentences
from assistant.knowledge import FRAMEWORK_IDS, RECOMMENDATIONS, load_knowledge
from conftest import SHARED

ARTICLE = (SHARED / "source" / "framework-article.txt").read_text(encoding="utf-8")
VALID_NOTE = """---
id: case-901
title: Test note
industry: Testing
requested: fine_tuning
recommendation: rag
sections: [rag]
outcome: It worked.
sample: true
---

A team wanted to fine-tune on its wiki; retrieval answered instead.
"""


def test_every_design_section_id_is_present_once(kb):
    assert list(kb.sections) == list(FRAMEWORK_IDS)
    assert kb.problems == []


def test_every_framework_sentence_is_verbatim_article_text(kb):
    for section in kb.sections.values():
        for span in split_sentences(section.text):
            sentence = section.text[span.start:span.end]
            assert sentence in ARTICLE, (section.id, sentence)


def test_sections_start_where_design_says(kb):
    assert kb.sections["intro"].text.startswith("Fine-tuning an open-source LLM has become a status signal")
    assert "Fine-tuning changes the weights" in kb.sections["what-fine-tuning-does"].text
    assert kb.sections["internal-docs-misconception"].text.startswith("The most common enterprise fine-tuning rationale")
    assert kb.sections["decision-rules"].text.count("Use ") == 5
    assert kb.sections["closing"].text.startswith("GYSP's AI & ML Development practice")


def test_the_advertisement_is_left_out(kb):
    everything = " ".join(d.text for d in kb.documents())
    assert "Is your AI ready for production?" not in everything
    assert "48-hour turnaround" not in everything


def test_all_article_content_except_furniture_is_covered(kb):
    furniture = {"What you'll take away", "Is your AI ready for production?", "48-hour turnaround. No obligation."}
    covered = "\n".join(s.text for s in kb.sections.values())
    for line in ARTICLE.splitlines():
        line = line.strip().lstrip("- ").strip()
        if line and line not in furniture:
            assert line in covered, line


def test_case_notes_are_marked_samples_covering_all_outcomes(kb):
    assert len(kb.cases) >= 12
    assert {c.recommendation for c in kb.cases.values()} == set(RECOMMENDATIONS)
    assert len({c.industry for c in kb.cases.values()}) >= 6
    for case in kb.cases.values():
        assert re.fullmatch(r"case-\d{3,}", case.id)
        assert case.sample is True
        assert set(case.sections) <= set(FRAMEWORK_IDS)


def test_a_malformed_note_is_skipped_with_its_file_and_field_named(knowledge_copy):
    cases = knowledge_copy / "cases"
    (cases / "case-901-good.md").write_text(VALID_NOTE, encoding="utf-8")
    (cases / "case-902-bad.md").write_text(VALID_NOTE.replace("case-901", "case-902").replace("recommendation: rag", "recommendation: gpu"), encoding="utf-8")
    (cases / "case-903-nofm.md").write_text("just text, no front matter\n", encoding="utf-8")
    (cases / "case-904-badsec.md").write_text(VALID_NOTE.replace("case-901", "case-904").replace("[rag]", "[nope]"), encoding="utf-8")
    kb = load_knowledge(knowledge_copy)
    assert "case-901" in kb.cases and len(kb.cases) >= 13
    messages = [str(p) for p in kb.problems]
    assert any("case-902-bad.md" in m and "'recommendation'" in m and "rag_and_fine_tuning" in m for m in messages), messages
    assert any("case-903-nofm.md" in m and "front matter" in m for m in messages), messages
    assert any("case-904-badsec.md" in m and "'sections'" in m for m in messages), messages
    assert len(kb.sections) == 12


def test_missing_required_field_is_named(knowledge_copy):
    (knowledge_copy / "cases" / "case-905.md").write_text(VALID_NOTE.replace("case-901", "case-905").replace("outcome: It worked.\n", ""), encoding="utf-8")
    messages = [str(p) for p in load_knowledge(knowledge_copy).problems]
    assert any("case-905.md" in m and "'outcome'" in m and "required" in m for m in messages), messages

"""Issue 13, finding 5: limits at the edge, the same through every path.

A 443 KB note entered through the form became 9,567 passages; a 200,000-character
question was stored whole in feedback while comments were silently cut; a YAML alias
bomb in front matter was accepted. (The form itself is driven in test_ui_pages.py.)
"""

from __future__ import annotations

import pytest

from assistant.config import MAX_QUESTION_CHARS
from assistant.errors import InputError, KnowledgeError
from assistant.feedback import MAX_COMMENT_CHARS, FeedbackStore
from assistant.knowledge import MAX_NOTE_BYTES, MAX_NOTE_PASSAGES, MAX_YAML_ALIASES, load_knowledge, parse_case_note

FRONT = """---
id: case-950
title: Limits
industry: Testing
requested: fine_tuning
recommendation: rag
sections: [rag]
outcome: It was refused.
"""
BOMB = "\n".join([
    'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
    *[f"{chr(ord('b') + i)}: &{chr(ord('b') + i)} [{', '.join(['*' + chr(ord('a') + i)] * 9)}]" for i in range(8)],
])


def test_a_yaml_alias_bomb_in_front_matter_is_refused():
    with pytest.raises(KnowledgeError) as err:
        parse_case_note(FRONT + BOMB + "\n---\nThe body.\n", "cases/bomb.md")
    assert err.value.field == "front matter" and "alias" in str(err.value)
    few = FRONT + "x: &x [1]\ny: *x\n---\nThe body.\n"  # a handful of aliases is still fine
    assert parse_case_note(few, "cases/ok.md").id == "case-950"
    assert MAX_YAML_ALIASES >= 1


def test_note_size_and_passage_limits_hold_for_text_and_for_files_in_the_folder(knowledge_copy):
    huge = FRONT + "---\n" + "A sentence about retrieval. " * (MAX_NOTE_BYTES // 20)
    with pytest.raises(KnowledgeError, match=f"at most {MAX_NOTE_BYTES} bytes"):
        parse_case_note(huge, "form")
    many = FRONT + "---\n" + "Ok. " * (MAX_NOTE_PASSAGES + 1)  # small in bytes, many passages
    with pytest.raises(KnowledgeError, match=f"at most {MAX_NOTE_PASSAGES}") as err:
        parse_case_note(many, "form")
    assert err.value.field == "body"

    (knowledge_copy / "cases" / "case-950-huge.md").write_text(huge, encoding="utf-8")
    (knowledge_copy / "cases" / "case-951-many.md").write_text(many.replace("case-950", "case-951"), encoding="utf-8")
    kb = load_knowledge(knowledge_copy)
    assert "case-950" not in kb.cases and "case-951" not in kb.cases
    assert sorted(p.field for p in kb.problems) == ["body", "file"]
    assert len(kb.cases) == 14  # the rest of the folder is unharmed


def test_feedback_refuses_over_long_question_and_comment_instead_of_cutting(tmp_path):
    store = FeedbackStore(tmp_path / "app.db")
    with pytest.raises(InputError) as err:
        store.record("q" * 200_000, "a", [], "offline", "up")
    assert err.value.field == "question" and str(MAX_QUESTION_CHARS) in str(err.value)
    with pytest.raises(InputError) as err:
        store.record("q", "a", [], "offline", "down", comment="c" * (MAX_COMMENT_CHARS + 1))
    assert err.value.field == "comment"
    store.record("q" * MAX_QUESTION_CHARS, "a", [], "offline", "up", comment="c" * MAX_COMMENT_CHARS)
    (row,) = store.rows()
    assert len(row["question"]) == MAX_QUESTION_CHARS and len(row["comment"]) == MAX_COMMENT_CHARS  # stored whole
    assert store.count() == 1


def test_the_same_question_limit_holds_for_asking_and_for_feedback(assistant, tmp_path):
    too_long = "What is RAG? " * (MAX_QUESTION_CHARS // 10)
    with pytest.raises(InputError):
        assistant.ask(too_long)
    with pytest.raises(InputError):
        FeedbackStore(tmp_path / "app.db").record(too_long, "a", [], "offline", "up")


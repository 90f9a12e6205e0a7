"""The guided question list: at most twelve questions, skipped when they can't matter."""

from __future__ import annotations

from assistant.intake import (
    ENUM_VALUES, OPTIONAL_FIELDS, QUESTIONS, fill_skipped, next_question, parse_answers, question_for,
)


def test_one_question_per_field_at_most_twelve():
    assert len(QUESTIONS) <= 12
    assert [q.field for q in QUESTIONS] == ["use_case", *OPTIONAL_FIELDS]


def test_quick_replies_are_valid_answers():
    for question in QUESTIONS[1:]:
        assert question.prompt.endswith(("?", "."))
        for choice in question.choices:
            value = [choice.value] if question.multi and choice.value is not None else choice.value
            parse_answers({"use_case": "x", question.field: value})
            assert choice.label


def test_enum_questions_offer_every_value_the_team_can_pick():
    for question in QUESTIONS:
        if question.field in ENUM_VALUES and question.field not in ("format_status", "knowledge_change"):
            offered = {c.value for c in question.choices if c.value is not None}
            assert offered == set(ENUM_VALUES[question.field]), question.field


def test_walks_the_questions_in_order():
    answers: dict = {}
    asked = []
    while (question := next_question(answers)) is not None:
        asked.append(question.field)
        answers[question.field] = None if question.field != "use_case" else "Tag tickets."
    assert asked == [q.field for q in QUESTIONS]


def test_knowledge_change_is_skipped_without_document_facts():
    answers = {"use_case": "x", "needs_document_facts": "no"}
    assert next_question(answers).field == "output_requirement"
    assert fill_skipped(answers)["knowledge_change"] == "not_applicable"


def test_format_status_is_skipped_for_free_text():
    answers = {"use_case": "x", "needs_document_facts": "yes", "knowledge_change": "weekly",
               "output_requirement": "free_text"}
    assert next_question(answers).field == "task_type"
    assert fill_skipped(answers)["format_status"] == "not_applicable"


def test_latency_and_examples_are_skipped_for_tasks_that_are_not_narrow():
    base = {"use_case": "x", "needs_document_facts": "yes", "knowledge_change": "weekly",
            "output_requirement": "free_text", "daily_volume": 10}
    qa = {**base, "task_type": "question_answering"}
    assert next_question(qa).field == "terminology"
    narrow = {**base, "task_type": "classification"}
    assert next_question(narrow).field == "latency_budget_ms"
    assert "latency_budget_ms" not in fill_skipped(qa)  # unknown, not invented


def test_completed_intake_parses():
    answers = {"use_case": "x", "needs_document_facts": "no", "output_requirement": "free_text",
               "task_type": "generation", "daily_volume": None, "terminology": "general",
               "mlops_capacity": "none", "motivations": []}
    assert next_question(answers) is None
    assert parse_answers(fill_skipped(answers)).format_status == "not_applicable"
    assert question_for("motivations").multi

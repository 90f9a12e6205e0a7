"""Guided intake: answers in, a cited recommendation out. Pure and deterministic.

Typical use:
    rules = load_rules(kb)                       # once; verifies every quote
    result = recommend(parse_answers(data), rules, similar_cases=candidates)
"""

from .diagram import decision_diagram_dot
from .engine import (
    Decision, decide, decision_path, is_unknown, missing_information, rank_similar_cases, recommend, unknown_fields,
)
from .labels import FIELD_LABELS, field_label, field_list, value_label
from .freetext import parse_free_text, prefill_from_use_case
from .questions import QUESTIONS, Choice, Question, fill_skipped, next_question, question_for
from .record import decision_record_json, decision_record_markdown
from .rules import RULES_PATH, Rule, RuleSet, load_rules
from .schema import (
    ANSWER_FIELDS, ENUM_VALUES, OPTIONAL_FIELDS, Caution, IntakeAnswers, IntakeResult, Reason, SimilarCase, TryFirst,
    parse_answers,
)

__all__ = [
    "ANSWER_FIELDS", "ENUM_VALUES", "OPTIONAL_FIELDS", "QUESTIONS", "RULES_PATH",
    "Caution", "Choice", "Decision", "IntakeAnswers", "IntakeResult", "Question", "Reason", "Rule", "RuleSet",
    "SimilarCase", "TryFirst",
    "decide", "decision_diagram_dot", "decision_path", "decision_record_json", "decision_record_markdown",
    "FIELD_LABELS", "field_label", "field_list", "is_unknown", "prefill_from_use_case", "unknown_fields",
    "value_label",
    "fill_skipped", "load_rules", "missing_information", "next_question", "parse_answers", "parse_free_text",
    "question_for", "rank_similar_cases", "recommend",
]

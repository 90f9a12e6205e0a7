"""Properties that hold for any valid answers: determinism and honest citations."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.errors import IntakeError
from assistant.intake import (
    ANSWER_FIELDS, ENUM_VALUES, OPTIONAL_FIELDS, decision_diagram_dot, decision_record_json,
    decision_record_markdown, parse_answers, recommend,
)
from assistant.intake.engine import is_unknown
from assistant.intake.rules import load_rules
from assistant.knowledge import RECOMMENDATION_LABELS, load_knowledge

ROOT = Path(__file__).resolve().parent.parent
KB = load_knowledge(ROOT / "knowledge")  # module scope: hypothesis calls the test many times
RULES = load_rules(KB)

counts = st.one_of(st.none(), st.sampled_from([0, 50, 199, 200, 201, 999, 1000, 99_999, 100_000]),
                   st.integers(min_value=0, max_value=10**9))
optional = {f: st.one_of(st.none(), st.sampled_from(v)) for f, v in ENUM_VALUES.items() if f != "motivations"}
optional |= {f: counts for f in ("daily_volume", "latency_budget_ms", "labelled_examples")}
optional["motivations"] = st.lists(st.sampled_from(ENUM_VALUES["motivations"]), max_size=8)
use_cases = st.text(min_size=1, max_size=200).filter(lambda s: s.replace("\x00", "").strip())  # NULs are dropped
valid_answers = st.fixed_dictionaries({"use_case": use_cases}, optional=optional)


@settings(max_examples=200, deadline=None)
@given(valid_answers)
def test_any_valid_answers_give_a_deterministic_cited_result(data):
    answers = parse_answers(data)
    result = recommend(answers, RULES)
    assert recommend(parse_answers(dict(data)), RULES).model_dump() == result.model_dump()

    assert result.label == RECOMMENDATION_LABELS[result.recommendation]
    assert result.reasons
    for reason in result.reasons:
        assert reason.section_id in KB.sections
        assert reason.quote and reason.quote in KB.sections[reason.section_id].text
    for item in [*result.try_first, *result.cautions]:
        assert item.section_id in KB.sections
    assert result.confidence in ("high", "medium", "low")
    assert result.next_steps and result.summary


@settings(max_examples=200, deadline=None)
@given(valid_answers)
def test_missing_information_names_only_unanswered_fields(data):
    answers = parse_answers(data)
    result = recommend(answers, RULES)
    answered = {f: v for f, v in answers.answered().items() if not is_unknown(f, v)}  # "unsure" is unknown
    assert not set(result.missing_information) & set(answered)
    assert set(result.missing_information) <= set(OPTIONAL_FIELDS)
    if result.missing_information:
        assert result.confidence != "high"
    if not answered:
        assert result.confidence == "low"
    if "fine_tuning" in result.recommendation and answers.mlops_capacity == "none":
        assert result.confidence == "low"


@settings(max_examples=200, deadline=None)
@given(valid_answers)
def test_path_records_and_diagram_agree_with_the_result(data):
    answers = parse_answers(data)
    result = recommend(answers, RULES)
    assert result.path[0] == "start" and result.path[-1] == result.recommendation
    assert ("retrieval" in result.path) == (result.recommendation in ("rag", "rag_and_fine_tuning"))
    markdown = decision_record_markdown(answers, result)
    assert markdown == decision_record_markdown(answers, result)
    for reason in result.reasons:
        assert f"> {reason.quote}" in markdown
    assert decision_record_json(answers, result) == decision_record_json(answers, result)
    dot = decision_diagram_dot(result)
    assert dot.startswith("digraph") and dot.rstrip().endswith("}")


@settings(max_examples=200, deadline=None)
@given(valid_answers)
def test_answers_round_trip(data):
    answers = parse_answers(data)
    assert parse_answers(answers.model_dump()) == answers


junk_values = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20),
                        st.lists(st.text(max_size=10), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.one_of(st.sampled_from(ANSWER_FIELDS), st.text(max_size=10)), junk_values, max_size=6))
def test_any_input_is_either_valid_or_an_intake_error_naming_a_field(data):
    try:
        parse_answers(data)
    except IntakeError as err:
        assert err.field is not None
        assert repr(err.field) in str(err) or err.field in str(err) or err.field == "answers"

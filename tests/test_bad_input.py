"""Bad input at volume: any text is either a clear error or an answer — never a crash."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.errors import InputError
from assistant.intake import parse_answers

NASTY = st.one_of(
    st.text(min_size=0, max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
    st.sampled_from(["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\x00\x1b[31m\x07",
                     "Что такое RAG? 什么是微调？ ما هو", "a" * 100_000, "  \n\t ", "[1] [2] [999]"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=NASTY)
def test_any_question_gets_an_answer_or_a_clear_error(assistant, question):
    try:
        result = assistant.ask(question)
    except InputError as exc:
        assert exc.field == "question" and str(exc)
        return
    assert result["mode"] == "offline" and isinstance(result["answer"], str) and result["answer"]
    texts = assistant.source_texts()
    assert all(c["quote"] in texts[c["section_id"]] for c in result["citations"])


@settings(max_examples=200, deadline=None)
@given(data=st.dictionaries(st.sampled_from(["use_case", "daily_volume", "task_type", "motivations", "extra", "terminology"]),
                            st.one_of(st.none(), st.integers(), st.text(max_size=50), st.lists(st.text(max_size=10)),
                                      st.booleans(), st.floats(allow_nan=True))))
def test_any_intake_payload_parses_or_names_a_field(data):
    try:
        parse_answers(data)
    except InputError as exc:
        assert exc.field and exc.field in str(exc)

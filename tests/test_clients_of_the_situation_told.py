"""A client asked for after a situation was told ("did any of your clients do that?" after "a small
quick classifier for two million tickets a day") is first one whose note is an example of that
situation and was advised the same, though the last answer quoted another client as an aside (the
freight forwarder kept on a prompt at 1,800 emails a day)."""

from conftest import two_turns


def _cited(answer) -> list[str]:
    return [c["section_id"] for c in answer["citations"]]


def test_a_client_of_a_narrow_task_at_volume_is_one_that_trained(assistant):
    first, second = two_turns(assistant, "We want a small quick classifier for two million tickets a day.",
                              "did any of your clients do that?")
    assert _cited(second)[0] in ("case-003", "case-013"), second["answer"]


def test_a_client_asked_for_after_a_told_situation_is_still_given_when_the_quoted_one_fits(assistant):
    _, second = two_turns(assistant, "We sort 700k support messages a day into categories, under 100ms, with 60k labels.",
                          "any client with volumes like that?")
    assert _cited(second)[0] == "case-013", second["answer"]


def test_a_client_who_tried_a_prompt_first_for_jargon_is_a_terminology_note(assistant):
    _, second = two_turns(assistant, "Our brokers use plenty of marine insurance jargon. Should we train a model?",
                          "did some client try a prompt first?")
    assert _cited(second)[0] in ("case-004", "case-005", "case-010"), second["answer"]

"""A client example asked for in plain or learner's words: "example of a hospital using
both…?" asks for a client (an organisation of some kind), and "some client with HR handbook
who want train model?" names what the client asked for, not what it was advised, so the
note with that handbook is the example, whatever its outcome."""

import pytest

from assistant.question import ASKED_FOR, intent_of


def _cited(answer) -> list[str]:
    return [c["section_id"] for c in answer["citations"]]


@pytest.mark.parametrize("question", ["example of a hospital using both retrieval and a trained model?",
                                      "an example of a bank that trained a classifier?"])
def test_an_example_of_an_organisation_asks_for_a_client(question):
    assert intent_of(question) == "example"


def test_an_example_of_a_task_is_not_a_client_asked_for():
    assert intent_of("example of a task that suits fine-tuning?") != "example"


def test_who_wants_names_what_a_client_asked_for():
    assert ASKED_FOR.search("some client with HR handbook who want train model")
    assert not ASKED_FOR.search("we want to train a model on our handbook")


def test_the_hospital_using_both_is_the_coding_case(assistant):
    assert _cited(assistant.ask("example of a hospital using both retrieval and a trained model?"))[0] == "case-004"


def test_the_client_who_wanted_its_handbook_trained_is_the_hr_vendor(assistant):
    answer = assistant.ask("Was there some client with HR handbook who want train model, and what happen after?")
    assert _cited(answer)[0] == "case-001"


def test_our_plan_then_a_client_who_did_exactly_that_names_what_the_client_asked_for():
    from assistant.question import our_plan_asked_of_a_client

    assert our_plan_asked_of_a_client(
        "Our HR team wants to train an 8B model on handbook so it 'just knows' rules - any client did exactly that?") == "fine_tuning"
    assert our_plan_asked_of_a_client("We plan to use RAG over our wiki. Has any client done the same?") == "rag"
    # no plan of ours told, or no client asked to have done it
    assert our_plan_asked_of_a_client("Did any client do exactly that with fine-tuning?") == ""
    assert our_plan_asked_of_a_client("We want to fine-tune for JSON output. Is that wise?") == ""


def test_a_client_who_did_what_we_plan_is_the_one_that_asked_for_it_whatever_it_was_given(assistant):
    """The HR vendor asked to fine-tune an 8B model on its handbook and was given retrieval;
    a client that was given fine-tuning is not the one that "did exactly that"."""
    answer = assistant.ask("Our HR team wants to train an 8B model on handbook so it 'just knows' rules - "
                           "any client did exactly that? what happened")
    assert _cited(answer)[:1] == ["case-001"], answer["answer"]


def test_the_case_about_an_industry_is_that_industrys_client(assistant):
    answer = assistant.ask_offline("which case was about ecommerce?")
    assert not answer["abstained"] and _cited(answer)[0] == "case-012", answer["answer"]
    assert assistant._case_named("which client was in insurance?") == "case-002"


@pytest.mark.parametrize("question", ["give me a rag + finetune example", "got a small-team example?"])
def test_an_example_asked_for_with_words_before_it_asks_for_a_client(question):
    assert intent_of(question) == "example"


def test_an_example_of_both_approaches_is_a_client_given_both(assistant):
    answer = assistant.ask_offline("give me a rag + finetune example")
    assert _cited(answer)[0] in {"case-004", "case-010", "case-014"}, answer["answer"]

"""A client is named the way people jot notes: a label first, then the question ("card
transaction categorisation - what did it cost before?", "clinical coding one, why both?"),
or the organisation itself pointed at ("the gov benefits agency that…"). A new question
that recalls another story ("wasn't there a news site that…?") or asks the article ("…as
per the article?") leaves the client just discussed; "rag AND finetuning combined" is the
two together, and a company "wanting to finetune" is one that asked for it."""

import pytest
from conftest import two_turns


def _cited(answer) -> list[str]:
    return [c["section_id"] for c in answer["citations"]]


@pytest.mark.parametrize("question, case, figure", [
    ("card transaction categorisation - what did it cost before and how much cheaper after", "case-003", "EUR 19,000"),
    ("freight email routing - ended up costing how much per month?", "case-007", "EUR 300"),
])
def test_a_label_first_names_the_client_whose_figure_is_asked(assistant, question, case, figure):
    answer = assistant.ask_offline(question)
    assert not answer["abstained"], answer["answer"]
    assert _cited(answer)[0] == case and figure in answer["answer"], answer["answer"]


def test_a_label_and_one_then_why_asks_why_of_that_client(assistant):
    answer = assistant.ask_offline("clinical coding one, why both retreival and ft, not just one")
    assert not answer["abstained"] and _cited(answer)[0] == "case-004", answer["answer"]


@pytest.mark.parametrize("question", ["Legal jargon - train or prompt?", "Customer support bot: RAG or fine-tune?",
                                      "hospital policies, which approach?"])
def test_a_teams_own_label_names_no_client(assistant, question):
    assert assistant._case_named(question) == ""


def test_the_organisation_pointed_at_names_its_client_and_our_own_does_not(assistant):
    assert assistant._case_named("the gov benefits agency that wanted its own model for sovereignty reasons, what'd they land on?") == "case-008"
    assert assistant._case_named("we are a public sector agency, should we train?") == ""
    assert assistant._case_named("our benefits agency wants its own model") == ""


def test_a_client_named_after_another_clients_story_is_that_client(assistant):
    _, second = two_turns(assistant, "the freight forwarder with the exception emails — why'd they use their labelled emails for testing instead of training?",
                          "the gov benefits agency that wanted its own model for sovereignty reasons, what'd they land on?")
    assert _cited(second)[0] == "case-008", second["answer"]


def test_a_story_recalled_after_another_is_the_recalled_one(assistant):
    first, second = two_turns(assistant, "Tell me about the hospital coding project.",
                              "wasnt there a news site that wanted its own model bc a competitor announced one? how'd that shake out")
    assert "case-004" in _cited(first)
    assert "case-011" in _cited(second) and "case-004" not in _cited(second), second["answer"]


def test_asking_the_article_after_a_clients_story_leaves_the_story(assistant):
    first, second = two_turns(assistant, "Tell me about the benefits agency case.",
                              "Is a system prompt with around five examples likely to be comparable in quality to a fine-tuned model, "
                              "as per the article? Kindly confirm.")
    assert "case-008" in _cited(first)
    assert _cited(second) and "case-008" not in _cited(second) and "prompt-engineering" in _cited(second), second["answer"]


def test_reminding_of_a_story_that_combined_both_is_the_story_not_a_decision(assistant):
    _, second = two_turns(assistant, "Is there any guidance on specialist terminology before one commits to a training run?",
                          "Remind me about the hospital coding example, where they combined retrieval with a trained model?")
    assert _cited(second)[0] == "case-004", second["answer"]


def test_both_approaches_combined_in_capitals_are_the_clients_given_both(assistant):
    answer = assistant.ask_offline("which clients ended up with rag AND finetuning combined")
    assert set(_cited(answer)) == {"case-004", "case-010", "case-014"}, answer["answer"]
    assert answer["answer"].startswith("3 cases ended with RAG plus fine-tuning")


def test_a_company_wanting_to_fine_tune_is_one_that_asked_for_it(assistant):
    answer = assistant.ask_offline("got an example of a company wanting to finetune on their HR handbook?")
    assert _cited(answer)[0] == "case-001", answer["answer"]

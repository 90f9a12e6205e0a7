"""A question that is only a hyper-parameter's name and what it is for ("learning rate for ft
llama 3 8b?") asks for its value, which the framework never gives; a word that names a setting
in another sense ("overlap", "parameters") asks nothing of the kind."""

import pytest


@pytest.mark.parametrize("question", [
    "learning rate for ft llama 3 8b?",
    "temperature for json output?",
    "Chunk size for our policy docs?",
    "batch size in the card categorisation case?",
])
def test_a_hyper_parameter_named_first_is_asked_for_and_refused(assistant, question):
    answer = assistant.ask_offline(question)
    assert answer["abstained"], answer["answer"]
    assert "settings or hyper-parameter values" in answer["answer"]


@pytest.mark.parametrize("question", [
    "overlap of rag and fine-tuning?",
    "parameters of the decision between rag and fine-tuning?",
])
def test_a_word_that_names_a_setting_in_another_sense_asks_about_the_approaches(assistant, question):
    answer = assistant.ask_offline(question)
    assert not answer["abstained"], answer["answer"]
    assert {c["section_id"] for c in answer["citations"]} & {"decision-rules", "internal-docs-misconception", "rag"}


def test_the_setting_asked_for_is_the_one_named(assistant):
    asks = assistant.understand("lora rank for a small classifier?").asks
    assert [(a.kind, a.phrase) for a in asks] == [("setting", "lora rank")]

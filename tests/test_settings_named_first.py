"""A question that is only a hyper-parameter's name and what it is for ("learning rate for ft
llama 3 8b?") asks for its value, which the framework never gives; a word that names a setting
in another sense ("overlap", "parameters") asks nothing of the kind."""

import pytest


@pytest.mark.parametrize("question", [
    "learning rate for ft llama 3 8b?",
    "temperature for json output?",
    "Chunk size for our policy docs?",
    "batch size in the card categorisation case?",
    # a word saying what it sets before "setting", and a data split named as a setting
    "top-k retrieval setting in the hr helpdesk assistant?",
    "train/test split ratio in the card categorisation case",
    "Which cross-validation split ratio the bank used for its held-out test set?",
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


def test_a_setting_is_answered_only_by_a_sentence_that_names_it():
    """"top-k retrieval setting": a sentence of the client's note with a figure about retrieval
    ("a retrieval-based assistant went live for 6,500 employees") does not give the top-k."""
    from assistant.answerability import holds
    from assistant.chunking import Sentence
    from assistant.question import understand

    question = understand("top-k retrieval setting in the hr helpdesk assistant?", "top-k retrieval setting in the hr helpdesk assistant?")
    asked = question.asks[0]
    about_a_figure = Sentence("case-001#1", "case-001", 0, 10,
                              "A retrieval-based assistant went live for 6,500 employees in seven weeks.")
    naming_it = Sentence("rag#1", "rag", 0, 10, "Retrieval uses a top-k of 5 passages.")
    assert not holds(asked.kind, asked.phrase, question, [(about_a_figure, 0.6)])
    assert holds(asked.kind, asked.phrase, question, [(naming_it, 0.6)])

"""Two sides that name one approach in different words ("qlora vs full fine tune", "is LoRA
better than a full fine-tune?") weigh two kinds of it, which the framework never does: the
question asks about something the knowledge does not hold. Two approaches set against each
other ("rag vs fine-tuning") are the framework's own question."""

import pytest

from assistant.question import kinds_of_one_approach_compared


@pytest.mark.parametrize("question, asked", [
    ("qlora vs full fine tune - which one?", "qlora versus full fine tune"),
    ("lora vs full finetune whats better", "lora versus full finetune"),
    ("is qlora better than full fine tuning for legal text", "qlora versus full fine tuning"),
])
def test_two_kinds_of_fine_tuning_set_against_each_other(question, asked):
    assert kinds_of_one_approach_compared(question) == asked


@pytest.mark.parametrize("question", ["rag vs fine-tuning?", "fine-tuning vs prompt engineering for tone",
                                      "RAG vs fine tuning vs prompting", "is rag better than fine-tuning for our docs?"])
def test_two_approaches_set_against_each_other_are_no_such_comparison(question):
    assert kinds_of_one_approach_compared(question) == ""


@pytest.mark.parametrize("question", ["qlora vs full fine tune - which one?", "is qlora better than full fine tuning for legal text"])
def test_a_comparison_of_two_kinds_of_fine_tuning_is_refused_by_name(assistant, question):
    answer = assistant.ask(question)
    assert answer["abstained"] and "versus full fine" in answer["answer"], answer["answer"]


def test_a_comparison_of_two_approaches_is_still_answered(assistant):
    answer = assistant.ask("is rag better than fine-tuning for our docs?")
    assert not answer["abstained"], answer["answer"]

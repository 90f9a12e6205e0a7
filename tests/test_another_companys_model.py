"""A note may mention another company's model ("a competitor had just announced one") without
saying anything about it: how that model did, what it cost or what it ran on is not in the
knowledge, and is refused by name. Whether the competitor's model was a good reason for the
client is the client's story, which its note weighs, and is answered."""

import pytest


def _cited(answer) -> list[str]:
    return [c["section_id"] for c in answer["citations"]]


@pytest.mark.parametrize("question", [
    "How well did the news publisher's competitor's custom model actually perform?",
    "What did the newspaper's competitor's custom model end up costing them?",
    "which base model was the rival's own LLM built on?",
])
def test_how_another_companys_model_did_is_refused(assistant, question):
    answer = assistant.ask_offline(question)
    assert answer["abstained"], answer["answer"]
    assert "another company's model" in answer["answer"]


@pytest.mark.parametrize("question", [
    "In the newsroom case, was the competitor's custom model considered a reason to train?",
    "did a competitor announce its own model in the newsroom case?",
])
def test_the_competitors_model_as_the_clients_reason_is_answered_from_its_note(assistant, question):
    answer = assistant.ask_offline(question)
    assert not answer["abstained"] and "case-011" in _cited(answer), answer["answer"]


def test_a_competitors_model_is_asked_about_only_when_asked_how_it_did():
    from assistant.question import asks_in

    assert "outsider" in {a.kind for a in asks_in("Did the competitor's custom-trained model outperform a prompted one?")}
    assert "outsider" not in {a.kind for a in asks_in("Was the competitor's model a good reason?")}

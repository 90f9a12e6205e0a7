"""How the approaches fare in one human language, or across several, is something the framework
never weighs: "does fine-tuning work better for Swedish than for English?" asks for what it does
not hold, however close its other words come, and is refused with what it does say. A language
only told as context ("we route messages in English, Pidgin and Hausa", "in plain English", a
prompt to "polish") asks nothing of it."""

import pytest

from assistant.question import asks_in


def _asks_a_language(text: str) -> bool:
    return any(a.kind == "language" for a in asks_in(text))


@pytest.mark.parametrize("question", [
    "Does fine-tuning work better for Finnish than for English?",
    "how well does retrieval perform on Korean documents?",
    "Our manuals mix German and English in the same document, can RAG cope with both?",
    "Users ask in Spanish but every policy is in English: how does retrieval cope with that?",
    "Is fine-tuning the better route for multilingual customer support?",
    "which base model is best for tagalog then",
])
def test_a_question_about_how_an_approach_fares_in_a_language_asks_for_one(question):
    assert _asks_a_language(question)


@pytest.mark.parametrize("question", [
    "Our intent routing handles 600,000 messages a day in English, Pidgin and Hausa. Which approach?",
    "in plain english when is retrieval the right call?",
    "The phone company asked you to polish their prompt. Why train instead?",
    "Does fine-tuning work better for Japanese manufacturers?",  # a people or a firm, not a language
    "And what would that amount to in Swedish kronor?",
    "Our engineers use German abbreviations which general models do not know. Must we train?",
])
def test_a_language_told_as_context_asks_nothing_of_it(question):
    assert not _asks_a_language(question)


@pytest.mark.parametrize("question", [
    "Does fine-tuning work better for Finnish than for English?",
    "How well does RAG handle Arabic and English documents mixed together?",
    "How does retrieval do when staff ask in Dutch about a handbook written in English?",
])
def test_a_language_question_is_refused_with_what_the_framework_does_say(assistant, question):
    answer = assistant.ask_offline(question)
    assert answer["abstained"], answer["answer"]
    assert "particular languages" in answer["answer"]


def test_a_situation_told_in_a_language_is_still_answered(assistant):
    answer = assistant.ask_offline("We classify 600,000 messages a day in English, Pidgin and Hausa with 90,000 labels. "
                                   "Which approach fits?")
    assert not answer["abstained"], answer["answer"]
    assert "reason-narrow-task" in [c["section_id"] for c in answer["citations"]]

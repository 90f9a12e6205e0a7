"""An everyday word of the writer's own language inside an English question ("gasto",
"Dokumente", "allora") names no concept and no product the knowledge lacks, so the question
is answered; a technical term, an acronym or a product of the field is still one."""

import pytest

from assistant.other_languages import is_everyday_foreign


def _cited(answer) -> list[str]:
    return [c["section_id"] for c in answer["citations"]]


@pytest.mark.parametrize("word", ["gasto", "Dokumente", "allora", "insomma", "Geschäft"])
def test_an_everyday_word_of_another_language_is_one(word):
    assert is_everyday_foreign(word)


@pytest.mark.parametrize("word", ["pgvector", "reranker", "DSGVO", "LoRA", "tokenizer", "model", "retraining", "qdrant"])
def test_a_technical_term_an_acronym_or_an_english_word_is_not(word):
    assert not is_everyday_foreign(word)


@pytest.mark.parametrize("question, sections", [
    ("is fine-tuning a one-time gasto or recurring?", {"hidden-costs"}),
    ("Is true that a trained model remembers facts from our internal Dokumente reliable afterwards?",
     {"internal-docs-misconception", "what-fine-tuning-does"}),
])
def test_a_question_with_a_word_of_the_writers_language_is_answered(assistant, question, sections):
    answer = assistant.ask(question)
    assert not answer["abstained"] and sections & set(_cited(answer)[:2])


@pytest.mark.parametrize("question", [
    "Is Mistral better than Llama for fine-tuning?",  # products of the field, though words of French and Spanish
    "should we use vespa or milvus for retrieval?",
])
def test_the_fields_products_are_still_asked_about(assistant, question):
    assert assistant.ask(question)["abstained"]

"""A real word of five letters or more that people often write ("baked") is meant, not a
slip on a commoner one ("based"); a slip on one of the knowledge's own words ("json fromat,
fintune or not?") names no product to choose between."""

import pytest

from assistant.spelling import SpellingCorrector, knowledge_vocabulary


@pytest.fixture(scope="module")
def speller(kb, tmp_path_factory):
    return SpellingCorrector(knowledge_vocabulary(kb.documents()), cache_dir=tmp_path_factory.mktemp("spelling"))


@pytest.mark.parametrize("word", ["baked", "stale", "tasty", "hired"])
def test_a_written_word_is_left_as_typed(speller, word):
    assert speller.correct(f"why is the knowledge {word} in the weights").changes == ()


@pytest.mark.parametrize("typed, meant", [("thier", "their"), ("wen", "when"), ("shoud", "should")])
def test_a_rare_spelling_of_a_common_word_is_still_corrected(speller, typed, meant):
    assert speller.correct(f"{typed} question").text.split()[0] == meant


def _cited(answer) -> list[str]:
    return [c["section_id"] for c in answer["citations"]]


def test_knowledge_baked_into_weights_is_answered(assistant):
    answer = assistant.ask("why knowlege baked in the weigths gets stale?")
    assert not answer["abstained"]
    assert {"rag", "what-fine-tuning-does", "decision-rules"} & set(_cited(answer))


def test_a_slip_on_the_knowledges_words_names_no_product(assistant):
    answer = assistant.ask("our model keep break json fromat, fintune or not?")
    assert not answer["abstained"]
    assert "reason-output-format" in _cited(answer)


@pytest.mark.parametrize("question", ["Did they run on Amadeus or Sabre?", "langchain or llamaindex for the rag?"])
def test_a_choice_between_unknown_names_is_still_refused(assistant, question):
    assert assistant.ask(question)["abstained"]

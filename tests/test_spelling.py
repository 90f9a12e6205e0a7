"""The spelling corrector: typos become the knowledge base's words; domain terms never move."""

import pytest

from assistant.spelling import SpellingCorrector, knowledge_vocabulary


@pytest.fixture(scope="module")
def speller(kb, tmp_path_factory):
    words = knowledge_vocabulary(kb.documents())
    return SpellingCorrector(words, cache_dir=tmp_path_factory.mktemp("spelling"))


@pytest.mark.parametrize("typed, meant", [
    ("retreival", "retrieval"), ("halucinate", "hallucinate"), ("promt", "prompt"), ("terminolgy", "terminology"),
    ("fintuning", "fine-tuning"), ("finetune", "fine-tune"), ("shoud", "should"), ("insted", "instead"),
    ("wen", "when"), ("tunning", "tuning"), ("knowlege", "knowledge"),
    ("halucinating", "hallucinating"),  # a form of the knowledge's "hallucinate" too rare for the common-word list
])
def test_typical_typos_are_corrected(speller, typed, meant):
    corrected = speller.correct(f"{typed} question")
    assert corrected.text.split()[0] == meant
    assert (typed, meant) in corrected.changes


@pytest.mark.parametrize("typed, meant", [
    ("wich", "which"),  # a dropped letter, though "with" is one edit away and more frequent
    ("sence", "since"),  # not "spence": a dropped-letter reading must be a word people use about as often
    ("ther", "the"),
])
def test_a_dropped_letter_is_the_likelier_slip_between_common_words(speller, typed, meant):
    assert speller.correct(f"{typed} question").text.split()[0] == meant


def test_no_word_of_the_knowledge_base_is_ever_rewritten(speller, kb):
    """Every domain term (RAG, LoRA, JSON, MLOps, confabulate …) stays exactly as typed."""
    words = sorted({w for w in speller.known_knowledge_words if "-" not in w})
    for word in words:
        for form in (word, word.upper(), word.capitalize()):
            result = speller.correct(form)
            assert result.text == form or result.changes == ((form, result.text),) and "-" in result.text, form


def test_a_case_notes_industry_is_a_knowledge_word_too(speller):
    """"Pharma" is only in case-009's front matter; it must not become "parma"."""
    assert speller.correct("tell me about the pharma case").text == "tell me about the pharma case"
    assert speller.correct("the telecom routing client").text == "the telecom routing client"


@pytest.mark.parametrize("text", ["Does RAG beat LoRA for JSON?", "our chatbot keeps breaking the schema",
                                  "GPT-4o vs Llama-3 on A100s", "MLOps for RLHF"])
def test_acronyms_names_and_unknown_technical_words_are_left_alone(speller, text):
    assert speller.correct(text).text == text


@pytest.mark.parametrize("text", ["after our sft run, is that enough?", "ragas or trulens for grading?", "is peft enough for our tone?"])
def test_a_lower_case_abbreviation_or_unknown_name_is_not_made_into_another_word(speller, text):
    """A word without a vowel is an abbreviation ("sft" is not "set"), two slips that include
    the first letter make another word ("trulens" is not "rules"), and the field's own names
    are kept as typed ("peft" is not "pet")."""
    assert speller.correct(text).text == text


def test_a_negation_keeps_its_not_and_a_possessive_its_s(speller):
    assert speller.correct("and one where it didn't? it wasn't, couldn't").text == "and one where it didn't? it wasn't, couldn't"
    assert speller.correct("the forwader's queues").text == "the forwarder's queues"


def test_the_lookup_table_is_cached_on_disk_and_reused(kb, tmp_path):
    words = knowledge_vocabulary(kb.documents())
    SpellingCorrector(words, cache_dir=tmp_path).warm()
    assert list(tmp_path.glob("spelling-*.pickle"))
    again = SpellingCorrector(words, cache_dir=tmp_path)
    assert again.correct("retreival").text == "retrieval"


def test_the_cached_table_is_written_whole_or_not_at_all(kb, tmp_path):
    """Written aside and renamed: no half-written table is left where a next start would read it."""
    words = knowledge_vocabulary(kb.documents())
    SpellingCorrector(words, cache_dir=tmp_path).warm()
    (cache,) = tmp_path.glob("spelling-*.pickle")
    assert not list(tmp_path.glob("*.partial"))
    cache.write_bytes(cache.read_bytes()[:1000])  # what a stopped write left behind before
    rebuilt = SpellingCorrector(words, cache_dir=tmp_path)
    assert rebuilt.correct("retreival").text == "retrieval"
    assert cache.stat().st_size > 1000


@pytest.mark.parametrize("typed, meant", [
    ("y tho", "why though"), ("which one do u recommend", "which one do you recommend"),
    ("dont train it", "don't train it"), ("rag over our docs", "rag over our documents"),
    ("can u explain b4 we start", "can you explain before we start"),
    # the field's shorthand in capitals too
    ("FT vs RAG?", "fine-tuning vs RAG?"), ("PE first, then FT?", "prompt engineering first, then fine-tuning?"),
    ("is our KB too small", "is our knowledge base too small"),
])
def test_chat_shorthand_and_clipped_words_are_spelt_out(speller, typed, meant):
    assert speller.correct(typed).text == meant


@pytest.mark.parametrize("text", ["R vs Python for evaluation", "data x and y", "we have y and z",
                                  "files of 40 KB each", "FTP or SFTP", "PEFT adapters"])
def test_shorthand_is_expanded_only_where_it_cannot_mean_something_else(speller, text):
    assert speller.correct(text).text == text


def test_a_concept_word_is_outside_when_the_knowledge_never_uses_it_and_it_is_not_everyday_english(speller):
    assert speller.is_outside_word("caching") and speller.is_outside_word("GraphRAG")
    assert not speller.is_outside_word("retrieval") and not speller.is_outside_word("prompts")
    assert not speller.is_outside_word("step") and not speller.is_outside_word("trade-off")


def test_a_count_of_everyday_things_is_not_an_unknown_technical_term(speller):
    assert not speller.is_unknown_term("3-person") and not speller.is_unknown_term("50-page")
    assert not speller.is_unknown_term("day-2")
    assert not speller.is_unknown_term("1m/day") and not speller.is_unknown_term("2k/month")  # rates, not names
    assert speller.is_unknown_term("GPT-4o") and speller.is_unknown_term("A100") and speller.is_unknown_term("Llama-3")
    assert not speller.is_unknown_term("100ms") and not speller.is_unknown_term("40GB")  # measured, not named


def test_a_term_of_letters_and_digits_the_knowledge_uses_is_its_own_word(speller):
    assert not speller.is_unknown_term("p95")  # "p95 latency of 90 ms" in a case note
    assert speller.is_unknown_term("p99")


@pytest.mark.parametrize("text", ["our retrieval bot is live", "two bots", "our repos", "a saas vendor", "cpus or gpus"])
def test_everyday_software_words_are_not_typos_of_common_english(speller, text):
    assert speller.correct(text).text == text


@pytest.mark.parametrize("word", ["qlora", "vllm"])
def test_a_letter_before_a_known_term_names_a_variant_and_is_not_corrected_away(speller, word):
    assert speller.correct(f"is {word} any good").text == f"is {word} any good"

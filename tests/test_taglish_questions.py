"""Questions written in Taglish (tagalog.py, word_by_word.py):
- a question is read as Taglish only when two of its words lean Tagalog by their frequency;
  an English question with an acronym that is also a Tagalog word ("PO", "NA") is left as typed;
- a Tagalog question word or fixed expression ("magkano", "gaano kadalas") reads as its English;
- an English verb in Tagalog grammar ("mag-fine-tune", "nire-retrain", "i-update") is that verb,
  in the past when its affix says it was done ("nag-fine-tune");
- a question with Spanish loanwords ("pero", "para") is read as the language most of its words lean to;
- through the assistant, a Taglish question is answered from the section that holds the
  answer, a Taglish follow-up finds its topic, and a Taglish question about something the
  knowledge does not hold is still refused."""

import pytest
from conftest import two_turns

from assistant.spanish import SPANISH
from assistant.tagalog import TAGALOG, english_reading, english_verb_after_affix, glossary, leans_tagalog
from assistant.word_by_word import parse_glossary, read_in_english

SMALL = parse_glossary([
    "magkano\thow much", "ba\t-", "po\t-", "yung\tthe", "ng\tof", "gastos\tcost", "gaano kadalas\thow often",
    "nila\tthey", "pag\twhen", "kasi\tbecause", "pero\tbut", "para\tfor", "sa\tin", "amin\tus", "bakit\twhy",
    "hindi\tnot", "pwede\tcan",
])


def _cited(answer) -> list[str]:
    return [c["section_id"] for c in answer["citations"]]


@pytest.mark.parametrize("question", [
    "We pull PO numbers out of PO emails into JSON. Which approach?",  # "PO" is an acronym here, not Tagalog "po"
    "Is RAG enough for our help centre?",
    "Should we fine-tune, po?",  # one Tagalog-leaning word: too little to call it Taglish
])
def test_a_question_not_written_in_taglish_is_left_as_typed(question):
    assert english_reading(question, SMALL) == question


def test_tagalog_question_words_and_particles_read_in_english():
    assert english_reading("Magkano ba 'yung gastos ng fine-tuning?", SMALL) == "how much the cost of fine-tuning?"


def test_a_fixed_expression_is_read_before_its_words():
    assert english_reading("gaano kadalas po nila nire-retrain?", SMALL) == "how often they retrain?"


@pytest.mark.parametrize("word, verb", [("mag-fine-tune", "fine-tune"), ("nire-retrain", "retrain"), ("i-update", "update"),
                                        ("nagra-route", "route"),  # ongoing: the first syllable repeated
                                        ("nag-fine-tune", "fine-tuned"), ("na-publish", "published"),  # completed: past
                                        ("na-set", "set")])  # a past English never writes ("setted") stays the verb
def test_an_english_verb_in_tagalog_grammar_is_that_verb(word, verb):
    assert english_verb_after_affix(word) == verb


@pytest.mark.parametrize("word", ["pag-aralan", "fine-tune", "re-rank"])
def test_a_tagalog_word_after_an_affix_or_a_plain_hyphenated_word_is_no_affixed_verb(word):
    assert english_verb_after_affix(word) == ""


def test_which_words_lean_tagalog_is_a_question_of_frequency():
    assert all(leans_tagalog(w) for w in ("kasi", "naman", "magkano", "bakit", "po", "sa"))
    assert not any(leans_tagalog(w) for w in ("at", "may", "model", "cost", "plan"))


def test_a_question_is_read_in_the_language_most_of_its_words_lean_to():
    taglish = "pero bakit hindi pwede para sa amin kasi daily nagbabago 'yung docs?"
    assert read_in_english(taglish, [SPANISH, TAGALOG]) == read_in_english(taglish, [TAGALOG])
    assert "bakit" not in read_in_english(taglish, [SPANISH, TAGALOG]).lower()


def test_the_shipped_glossary_reads_question_words():
    words = glossary().words
    assert words["magkano"] == "how much" and words["bakit"] == "why"
    assert glossary().expressions[("gaano", "kadalas")] == "how often"


@pytest.mark.parametrize("question, sections", [
    ("Magkano po ba 'yung mga hidden costs pag nag fine-tune kami?", {"hidden-costs"}),
    ("Bakit hindi pwede i-fine-tune 'yung model sa internal docs namin?", {"internal-docs-misconception"}),
    ("Kelan ba dapat gamitin 'yung RAG kesa mag-train ng model?", {"decision-rules", "rag"}),
])
def test_a_taglish_question_is_answered_from_the_section_that_holds_it(assistant, question, sections):
    answer = assistant.ask(question)
    assert not answer["abstained"] and _cited(answer)[0] in sections


def test_a_taglish_follow_up_finds_its_topic(assistant):
    _, answer = two_turns(assistant, "what are the hidden costs of fine-tuning?", "gaano kadalas ba dapat mag-retrain?")
    assert not answer["abstained"] and "hidden-costs" in _cited(answer)


@pytest.mark.parametrize("question", [
    "Ilang GPUs po ba kailangan para mag fine-tune ng model?",
    "Anong vector database ang recommended niyo, Pinecone ba o Weaviate?",
])
def test_a_taglish_question_about_what_the_knowledge_lacks_is_still_refused(assistant, question):
    assert assistant.ask(question)["abstained"]

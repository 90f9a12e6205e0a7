"""Questions written half in Spanish (spanish.py):
- a question is read in English word by word only when it is written in Spanish: two words
  that lean Spanish by their frequency, or one beside a Spanish mark; an English question,
  with its "a", "no", "plan" or "real", is left exactly as typed;
- a fixed expression ("por qué", "o sea") is read before its words;
- a glossary word that is also English is translated only beside a Spanish one;
- the field's products and a name inside a sentence stay as typed ("un Llama", "llama or mistral");
- a Spanish verb made of an English one ("fine-tunear") reads as that verb;
- a Spanish word the glossary lacks is left out rather than read as an unknown concept;
- through the assistant, a Spanglish question is answered from the section that holds the
  answer, a Spanglish follow-up finds its topic, and a Spanish question about something the
  knowledge does not hold is still refused."""

import pytest
from conftest import two_turns

from assistant.spanish import english_reading, english_verb_inside, glossary, leans_spanish, parse_glossary

SMALL = parse_glossary([
    "por qué\twhy", "cuánto\thow much", "cuesta\tcosts", "entrenar\ttrain", "el\tthe", "modelo\tmodel",
    "a\tto", "no\tnot", "datos\tdata", "nuestros\tour", "con\twith", "o sea\ti mean", "o\tor", "sea\tbe",
    "un\ta", "llama\tcalls",
])


def _cited(answer) -> list[str]:
    return [c["section_id"] for c in answer["citations"]]


@pytest.mark.parametrize("question", [
    "Is a fine-tuned model a real plan for us, or no?",
    "What does once-a-year retraining cost?",
    "Can the model read our SOPs with RAG?",
    "Is RAG a good idea for us, amigo?",  # one Spanish-leaning word and no mark: too little to call it Spanish
])
def test_a_question_not_written_in_spanish_is_left_as_typed(question):
    assert english_reading(question, SMALL) == question


def test_spanish_words_are_read_in_english():
    assert english_reading("¿cuánto cuesta entrenar el modelo con nuestros datos?", SMALL) == \
        "how much costs train the model with our data?"


def test_a_fixed_expression_is_read_before_its_words():
    assert english_reading("¿por qué no entrenar el modelo? o sea, cuánto cuesta?", SMALL) == \
        "why not train the model? i mean, how much costs?"


def test_an_english_word_of_the_glossary_is_translated_only_beside_a_spanish_one():
    reading = english_reading("cuánto cuesta a model with datos a la semana", SMALL)
    assert reading.startswith("how much costs a model with data")  # "a model": English, between English words


def test_the_fields_products_and_names_in_a_sentence_stay_as_typed():
    assert "Llama" in english_reading("cuánto cuesta entrenar un Llama con nuestros datos?", SMALL)
    assert "llama" in english_reading("cuánto cuesta entrenar llama con nuestros datos?", SMALL, keep={"llama"})


@pytest.mark.parametrize("word, verb", [("fine-tunear", "fine-tune"), ("promptear", "prompt"), ("testeamos", "test")])
def test_a_spanish_verb_made_of_an_english_one_reads_as_that_verb(word, verb):
    assert english_verb_inside(word) == verb


@pytest.mark.parametrize("word", ["entrenar", "idea", "pasear"])
def test_a_spanish_verb_of_its_own_is_no_english_verb(word):
    assert english_verb_inside(word) == ""


def test_a_spanish_word_the_glossary_lacks_is_left_out():
    reading = english_reading("cuánto cuesta entrenar el modelo para los hospitales?", SMALL)
    assert "para" not in reading and "hospitales" not in reading and "train the model" in reading


def test_which_words_lean_spanish_is_a_question_of_frequency():
    assert all(leans_spanish(w) for w in ("los", "cuándo", "caso", "entrenamiento"))
    assert not any(leans_spanish(w) for w in ("a", "no", "me", "plan", "real", "once", "model"))


def test_the_shipped_glossary_reads_question_words_and_the_fields_verbs():
    words = glossary().words
    assert words["cuánto"] == "how much" and words["cuanto"] == "how much"  # typed with or without its accent
    assert words["entrenar"] == "train"
    assert glossary().expressions[("por", "qué")] == "why"


@pytest.mark.parametrize("question, sections", [
    ("¿cuánto cuesta mantener un modelo entrenado? o sea, los costos ocultos", {"hidden-costs"}),
    ("¿cuándo conviene usar RAG en lugar de entrenar?", {"decision-rules", "rag"}),
    ("¿por qué no conviene entrenar el modelo con nuestros documentos internos?", {"internal-docs-misconception"}),
])
def test_a_spanish_question_is_answered_from_the_section_that_holds_it(assistant, question, sections):
    answer = assistant.ask(question)
    assert not answer["abstained"] and _cited(answer)[0] in sections


def test_a_spanglish_scenario_gets_its_approach(assistant):
    answer = assistant.ask("queremos un bot que conteste preguntas sobre nuestros manuales internos, "
                           "que cambian cada semana. ¿entrenamos el modelo o usamos RAG?")
    assert not answer["abstained"] and {"rag", "internal-docs-misconception", "decision-rules"} & set(_cited(answer)[:2])


def test_a_spanglish_follow_up_finds_its_topic(assistant):
    _, answer = two_turns(assistant, "what are the hidden costs of fine-tuning?", "y cada cuánto hay que reentrenar el modelo?")
    assert not answer["abstained"] and "hidden-costs" in _cited(answer)


def test_a_spanish_question_about_what_the_knowledge_lacks_is_still_refused(assistant):
    answer = assistant.ask("¿qué base de datos vectorial recomiendan, Pinecone o Weaviate?")
    assert answer["abstained"]

"""A question that names a client by the words its case note uses is about that case."""

import pytest

from assistant.case_names import case_named, client_names, situation_subject, case_meant, client_phrases
from assistant.spelling import SpellingCorrector


@pytest.fixture(scope="module")
def names(kb):
    return client_names(kb.documents(), SpellingCorrector({}).common_english)


@pytest.fixture(scope="module")
def everyday():
    return SpellingCorrector({}).everyday_words


def test_the_client_is_the_subject_of_the_notes_first_situation_sentence(kb):
    assert situation_subject(kb.cases["case-007"].text) == ["freight", "forwarder"]
    assert situation_subject(kb.cases["case-003"].text) == ["retail", "bank"]  # "sorts" is its verb
    assert situation_subject(kb.cases["case-011"].text) == ["regional", "news", "publisher"]  # "news" only looks like one


@pytest.mark.parametrize("question, case_id", [
    ("Why did the freight forwarder not get a trained classifier?", "case-007"),
    ("and why did the telecom operator get one?", "case-013"),
    ("What did you recommend for the retail bank?", "case-003"),
    ("In the rebooking case, how are retraining runs protected?", "case-014"),
    ("The hospital's coding notes: what went wrong?", "case-004"),
    ("Tell me about the news publisher who wanted house-style headlines.", "case-011"),
    ("What did the e-commerce shopping assistant do for sales?", "case-012"),  # "the" points past "e-"
])
def test_a_definite_client_name_picks_its_case(names, everyday, question, case_id):
    assert case_named(question, names, everyday) == case_id


@pytest.mark.parametrize("question", [
    "how long did the pilot run?",  # a word of one note's story, not its client's name
    "Should a hospital fine-tune for procedure codes?",  # a hospital, not the hospital
    "the management team wants RAG",  # an everyday word alone names nobody
    "Is legal language a reason to fine-tune?",  # a framework word names no one client
])
def test_general_questions_name_no_case(names, everyday, question):
    assert case_named(question, names, everyday) == ""


def test_every_name_belongs_to_exactly_one_note_and_no_framework_section(kb, names):
    framework = " ".join(d.text.lower() for d in kb.documents() if d.source == "framework")
    assert names and all(case_id in kb.cases for case_id in names.values())
    assert not [word for word in names if f" {word} " in framework]


def test_an_everyday_word_of_a_title_names_its_client_only_beside_a_case_noun(kb):
    from assistant.case_names import weak_client_names

    common = SpellingCorrector({}).common_english
    names, weak = client_names(kb.documents(), common), weak_client_names(kb.documents(), common)
    assert names["coding"] == "case-004" and "coding" in weak  # "Procedure coding support for hospital coders"
    everyday = SpellingCorrector({}).everyday_words | weak
    assert case_named("Remind me how the procedure-coding engagement went.", names, everyday) == "case-004"
    assert case_named("Is the coding assistant a good idea for us?", names, everyday) == ""
    # a title's words before a case noun after "the" name it; "a good example" names nobody
    assert case_named("Is the adverse event extraction case a good example of fine-tuning?", names, everyday) == "case-009"


@pytest.mark.parametrize("question, phrase", [
    ("The phone company that asked you to polish its prompt: why?", "phone company"),
    ("u had a telco that asked for better prompts, right?", "telco"),
    ("why did the drug company get a trained model?", "drug company"),
    ("What did the newsroom want for its headlines?", "newsroom"),  # the one who acted
    ("so how did the grid people cope with outage plans?", "grid people"),
    ("card-payments bank: what did the compact model replace?", "card-payments bank"),  # a terse label first
])
def test_a_client_pointed_at_in_the_askers_own_words_is_a_phrase_to_match(question, phrase):
    framework = {"live", "knowledge", "prompt", "model"}
    assert phrase in client_phrases(question, framework)


@pytest.mark.parametrize("question", [
    "We're a logistics firm: should we fine-tune?",  # the asker's own firm
    "If we train the network on our wiki, can it quote figures?",  # no word says which network
    "the bot reads from a live knowledge store",  # framework words say no client
    "what did the model get wrong?",  # a framework word acted
    "our support bot: rag or ft?",  # the asker's own
])
def test_the_askers_own_organisation_or_a_bare_kind_is_no_client_phrase(question):
    assert client_phrases(question, {"live", "knowledge", "prompt", "model", "wiki"}) == []


def test_a_phrase_means_a_case_only_when_clearly_nearest_its_label():
    assert case_meant({"case-013": 0.36, "case-006": 0.19}) == "case-013"
    assert case_meant({"case-005": 0.32, "case-008": 0.28}) == ""  # too close to call
    assert case_meant({"case-006": 0.27, "case-012": 0.14}) == ""  # too far from every note


def test_a_client_named_in_other_words_than_its_notes_is_told_from_that_note(assistant):
    answer = assistant.ask("What happened with the cell phone carrier that wanted better prompts?")
    assert answer["citations"][0]["section_id"] == "case-013"


def test_search_lists_the_note_of_a_client_named_in_other_words_among_its_first_three(assistant):
    results = assistant.search("what went on with the telco that asked you to tune its prompt?", k=5)["results"]
    assert "case-013" in list(dict.fromkeys(r["section_id"] for r in results))[:3]


def test_a_client_named_as_the_one_who_acted_is_told_from_its_note(assistant):
    answer = assistant.ask("What did the newsroom ask for, in the end?")
    assert answer["citations"][0]["section_id"] == "case-011"


# "the travel one" typed without its article ("what was result in travel one?"); "one day", "one of…" name no one
@pytest.mark.parametrize("question, case_id", [
    ("and what was result in travel one?", "case-014"),
    ("and travel one?", "case-014"),
    ("for travel one, why both approaches?", "case-014"),
])
def test_the_x_one_without_its_article_names_the_client(names, everyday, question, case_id):
    assert case_named(question, names, everyday) == case_id


@pytest.mark.parametrize("question", [
    "we travel one day a week, does RAG fit?",
    "is travel one of the industries you cover?",
    "travel is one more reason to cache answers?",
])
def test_an_everyday_word_before_one_in_other_senses_names_no_one(names, everyday, question):
    assert case_named(question, names, everyday) == ""

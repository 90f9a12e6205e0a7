"""A question that names the person the article quotes ("what did Rahul say?") asks about
the article itself, though a name is near nothing by meaning: it is answered with the
quote and whose it is. What the article does not say about that person (a background, a
previous employer, years in post) is still refused. The names are read from the
article's own attribution line, so another article's signer is recognised the same way."""

from types import SimpleNamespace

import pytest

from assistant.article_names import article_names, names_in
from assistant.question import understand


def _cited(answer) -> list[str]:
    return [c["section_id"] for c in answer["citations"]]


def _section(section_id: str, text: str, source: str = "framework"):
    return SimpleNamespace(id=section_id, text=text, source=source)


def test_the_names_come_from_the_attribution_line_not_from_a_list():
    documents = [
        _section("intro", "Most teams reach for training first. Acme has seen it often."),
        _section("closing", "We help every client choose.\n\n“Data is a liability.”\n\n— Priya, Head of Platforms — Zentrix Labs"),
        _section("case-001", "— Bob, a note's own dash, is no article's signer", source="case"),
    ]
    names = article_names(documents, common_english=frozenset({"head", "platforms", "labs"}))
    # the signer and the firm, each pointing at the section that signs; common words and
    # words another section uses ("Acme" would be, were it on the line) are not names
    assert names == {"priya": "closing", "zentrix": "closing"}
    assert names_in("what did priya say?", names) == ("closing",)
    assert names_in("what did bob say?", names) == ()


def test_the_real_article_signs_with_rahul_and_gysp_only(kb, assistant):
    names = article_names(kb.documents(), assistant.speller.common_english)
    assert set(names) == {"rahul", "gysp"}  # not "ML" of "AI/ML": an acronym of the field names no one
    assert set(names.values()) == {"closing"}


@pytest.mark.parametrize("question", [
    "Rahul quote",
    "what did Rahul say",
    "Who's Rahul and what's his big point?",
    "rahul's debt remark meaning",
])
def test_naming_the_quoted_person_gets_the_quote_and_whose_it_is(assistant, question):
    answer = assistant.ask(question)
    assert not answer["abstained"]
    assert _cited(answer) == ["closing"]
    assert "debt" in answer["answer"]  # the quote's second sentence too, not only its opening
    if "debt" not in question:
        assert "— Rahul, AI/ML Delivery Head" in answer["answer"]


@pytest.mark.parametrize("question", [
    "Where did Rahul work before GYSP?",
    "How long has Rahul worked at GYSP?",
    "who is rahul, like whats his background before gysp",
    "What university did Rahul graduate from, and how many years of experience does he have?",
])
def test_what_the_article_does_not_say_about_him_is_refused(assistant, question):
    answer = assistant.ask(question)
    assert answer["abstained"]
    assert "beyond their role" in answer["answer"]


def test_a_follow_up_about_his_past_is_refused_after_the_quote(assistant):
    from conftest import two_turns

    first, second = two_turns(assistant, "Who is quoted at the end of the article?", "where did that guy work before he joined GYSP?")
    assert _cited(first) == ["closing"]
    assert second["abstained"]


@pytest.mark.parametrize("question", [
    "Where is GYSP's office located and do they have a branch in Japan?",
    "Does GYSP have an office in the US? we're based in Chicago",
])
def test_the_consultancys_offices_are_still_not_covered(assistant, question):
    assert assistant.ask(question)["abstained"]


@pytest.mark.parametrize("question", [
    # a client that worked with the technique, or a team's experience, is no one's biography
    "where has that worked for a client?",
    "how long has the bank's team been working on the classifier?",
    "what experience did the telecom's team have with training?",
])
def test_a_biography_is_asked_only_of_a_person(question):
    assert not any(a.kind == "biography" for a in understand(question, question).asks)


def test_a_client_question_naming_the_consultancy_keeps_its_intent(assistant):
    from conftest import two_turns

    _, second = two_turns(assistant, "We push 500k support messages a day into categories, need under 100ms, and have 80k labels.",
                          "has GYSP had a client with numbers in that league, and what did they land on?")
    assert any(c.startswith("case-") for c in _cited(second))

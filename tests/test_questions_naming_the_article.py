"""A question that asks what the article or its author says ("what waste does the article
warn about?") is about the framework by its own words, so it is on topic at a lower
similarity than a question that does not say so; what it asks for must still be there."""

from assistant.answerability import MIN_DENSE_NAMING_ARTICLE, MIN_DENSE_SIMILARITY, on_topic


def test_naming_the_article_lowers_the_bar_and_nothing_else_does():
    similarity = (MIN_DENSE_NAMING_ARTICLE + MIN_DENSE_SIMILARITY) / 2
    assert on_topic(similarity, 0.0, names_the_article=True)
    assert not on_topic(similarity, 0.0)
    assert not on_topic(MIN_DENSE_NAMING_ARTICLE - 0.01, 0.0, names_the_article=True)


def test_the_articles_warning_about_a_wrong_choice_is_answered_from_its_intro(assistant):
    answer = assistant.ask("If we choose wrong architecture, what waste does article warn about, in time?")
    assert not answer["abstained"]
    assert "intro" in [c["section_id"] for c in answer["citations"]]


def test_naming_the_article_does_not_make_a_far_question_answerable(assistant):
    assert assistant.ask("What does the article say about the best pizza in Naples?")["abstained"]
    assert assistant.ask("Does the article say which GPU cloud is cheapest?")["abstained"]


def test_which_after_a_verb_of_telling_still_asks():
    from assistant.question import understand

    assert [a.kind for a in understand("Does the article say which GPU cloud is cheapest?").asks] == ["product"]
    assert not understand("the bank which sorts card payments: what did it do?").asks

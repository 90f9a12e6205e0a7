"""A question that names an approach only in other words ("training your own model", "a lookup
step in front of the model", "a customised model") is searched with the knowledge's own name for
it too, so that lexical search reaches the sections written in those words; the names added lend
no closeness of their own, so a question off the framework's topic is still refused. A client's
story, a situation told and a follow-up are searched by their own words, as before."""

import pytest

from assistant.question import approaches_by_name


@pytest.mark.parametrize("text, names", [
    ("What are the situations where training your own model is actually justified?", "fine-tuning"),
    ("when does it make sense to put a lookup step in front of the model", "RAG"),
    ("when is fine-tuning justified?", ""),  # already in its own name
    ("prompt engineering first?", ""),
    ("how do prompting, document lookup and training differ overall?", ""),  # the whole choice: no name narrows it
])
def test_an_approach_named_in_other_words_is_given_its_own_name(text, names):
    assert approaches_by_name(text) == names


@pytest.mark.parametrize("question, section", [
    ("In which situations is training your own model actually justified?", "three-reasons"),
])
def test_a_paraphrase_reaches_the_section_written_in_the_approachs_own_name(assistant, question, section):
    answer = assistant.ask_offline(question)
    assert not answer["abstained"], answer["answer"]
    assert section in [c["section_id"] for c in answer["citations"]], answer["answer"]


def test_the_names_added_do_not_bring_an_off_topic_question_on_topic(assistant):
    answer = assistant.ask_offline("Must personal data in chat logs be anonymised before it is used as training data?")
    assert answer["abstained"], answer["answer"]

"""A product asked for in a role ("which structured output API does the article recommend,
OpenAI's or Anthropic's?") is held only by a sentence naming one in that role: the intro's
"calling the OpenAI API" is no answer when the framework speaks of "structured output APIs"
elsewhere and names none. Names capitalised beside the kind of thing chosen ("Outlines or
Guidance library?") are a choice of products, though the knowledge uses the words in lower case."""

import pytest

from assistant.question import named_choice


def _never_outside(word: str) -> bool:
    return False


@pytest.mark.parametrize("question", [
    "which structured output API does the article recommend, OpenAI's or Anthropic's?",
    "Which structured output API (OpenAI JSON mode or other) does the article recommend by name?",
    "For constrained decoding, Outlines or Guidance library?",
])
def test_a_product_the_framework_names_in_no_such_role_is_refused(assistant, question):
    answer = assistant.ask_offline(question)
    assert answer["abstained"], answer["answer"]
    assert "reason-output-format" in [c["section_id"] for c in answer["citations"]], "what it does say is given"


@pytest.mark.parametrize("sentence, choice", [
    ("For constrained decoding, Outlines or Guidance library?", "Outlines or Guidance"),
    ("is Instructor or Outlines library better for json?", "Instructor or Outlines"),
    ("Should we use Prompting or Retrieval tools?", ""),  # approaches, not products
    ("Outlines or guidance, what do you think?", ""),  # no capitals mid-sentence, no kind of thing
])
def test_capitalised_names_beside_a_kind_of_thing_are_a_choice_of_products(sentence, choice):
    assert named_choice(sentence, _never_outside, sentence) == choice


def test_a_question_about_what_the_framework_does_name_is_still_answered(assistant):
    answer = assistant.ask_offline("Can structured output APIs fix our format problems?")
    assert not answer["abstained"], answer["answer"]

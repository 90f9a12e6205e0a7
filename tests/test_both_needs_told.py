"""A situation told with knowledge that changes and a format or terminology to keep ("answers from
manuals revised every sprint, but also our strict report template") is what the framework's rule
for using both speaks to, though the question says no "both" or "hybrid"; knowledge that changes
is read in words the intake's reader does not know ("changes a lot", "the current circulars")."""

import pytest

from assistant.scenario import scenario_sections


@pytest.mark.parametrize("situation", [
    "Our product rules change a lot and every answer must use our own part-code vocabulary. What setup?",
    "Agents need the current tariff sheets, and replies must follow our fixed claim-report template. Which architecture?",
    "the balance data changes every sprint AND the bot has to get our in-house skill names right, what architecture",
])
def test_knowledge_that_changes_told_with_a_format_or_terminology_calls_for_the_rule_for_both(situation):
    sections = scenario_sections(situation)
    assert "rag" in sections and "decision-rules" in sections


@pytest.mark.parametrize("situation", [
    "Our prices change a lot. Should the bot look them up?",  # knowledge alone: RAG's own rule
    "Replies must follow our fixed claim-report template. Train?",  # behaviour alone
    "Our brand voice should be warm, and prices change a lot. What setup?",  # a tone is prompting's, not the rule for both
])
def test_one_need_alone_or_a_tone_does_not_call_for_the_rule_for_both(situation):
    assert "decision-rules" not in scenario_sections(situation)


def test_the_answer_to_both_needs_quotes_the_rule_for_both(assistant):
    answer = assistant.ask_offline("Our engineers need answers from service bulletins that are revised constantly, and the "
                                   "reports must use our in-house fault-code terms. What architecture fits?")
    assert not answer["abstained"], answer["answer"]
    assert "decision-rules" in [c["section_id"] for c in answer["citations"]]
    assert "Use both when" in answer["answer"]

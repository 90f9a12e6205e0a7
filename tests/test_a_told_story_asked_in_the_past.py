"""A short question in the past tense right after one client's story ("what were the throughput and
latency limits?" after the pharma client's) asks about that story, though another client's note is
nearer its words: only a word of that other client's own title or industry ("the HR policy
assistant") takes the question to it."""

from conftest import two_turns


def _cited(answer) -> list[str]:
    return [c["section_id"] for c in answer["citations"]]


def test_a_past_figure_asked_after_a_story_is_that_storys(assistant):
    _, second = two_turns(assistant, "Which case involved a pharma company?", "what were the throughput and latency limits?")
    assert not second["abstained"] and _cited(second)[0] == "case-009", second["answer"]


def test_a_result_reached_is_the_told_clients(assistant):
    _, second = two_turns(assistant, "Is there a case where the client asked for prompt optimisation only?",
                          "What response time was reached afterwards?")
    assert not second["abstained"] and _cited(second)[0] == "case-013", second["answer"]


def test_what_was_done_in_the_end_is_the_told_clients(assistant):
    _, second = two_turns(assistant, "Tell me about the claims JSON extraction case.", "Which measures were taken in the end?")
    assert _cited(second)[0] == "case-002", second["answer"]


def test_a_question_naming_another_clients_title_words_goes_to_that_client(assistant):
    _, second = two_turns(assistant, "the telecom routing case", "How quickly did the HR policy assistant go live?")
    assert "case-001" in _cited(second), second["answer"]

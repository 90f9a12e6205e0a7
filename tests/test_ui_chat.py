"""The chat page, driven headlessly with AppTest against the real offline assistant."""

import re

import pytest
from streamlit.testing.v1 import AppTest

from assistant import runtime
from conftest import PROJECT


def shown(markdown_blocks) -> str:
    """What a reader sees: markdown escapes removed."""
    return re.sub(r"\\(.)", r"\1", " ".join(md.value for md in markdown_blocks))


@pytest.fixture
def chat_page(assistant):
    runtime.reset_assistant(assistant)
    yield AppTest.from_file(str(PROJECT / "assistant" / "ui" / "chat.py"), default_timeout=120)
    runtime.reset_assistant()


def test_a_question_gets_a_cited_answer_with_source_cards(chat_page):
    at = chat_page.run()
    assert not at.exception
    assert any("offline" in c.value for c in at.caption)
    at.chat_input[0].set_value("What are the hidden costs of fine-tuning?").run()
    assert not at.exception
    messages = at.chat_message
    assert [m.name for m in messages] == ["user", "assistant"]
    answer = shown(messages[1].markdown)
    assert "[1]" in answer and "one-time cost" in answer
    assert any("hidden-costs" in md.value for md in messages[1].markdown)


def test_starter_questions_are_offered_on_an_empty_chat(chat_page):
    at = chat_page.run()
    starters = [b for b in at.button if b.key and b.key.startswith("starter-")]
    assert len(starters) >= 3
    starters[1].click().run()
    assert len(at.chat_message) == 2


def test_a_follow_up_is_answered_in_context(chat_page):
    at = chat_page.run()
    at.chat_input[0].set_value("What are the hidden costs of fine-tuning?").run()
    at.chat_input[0].set_value("and what about the GPUs?").run()
    follow_up = shown(at.chat_message[3].markdown)
    assert "hidden-costs" in follow_up


def test_injected_markup_in_a_question_renders_inert(chat_page):
    at = chat_page.run()
    at.chat_input[0].set_value("<script>alert(1)</script> ![x](http://evil/x.png) what is RAG?").run()
    user = at.chat_message[0].markdown[0].value
    assert "<script>" not in user and "](http" not in user


def test_a_damaged_app_database_gives_a_short_message_and_the_chat_goes_on(assistant, tmp_path):
    """Issue 13, finding 3: a corrupt app.db showed a raw sqlite3 traceback with server
    paths and the chat box disappeared."""
    from assistant.service import Assistant

    data = tmp_path / "data"
    data.mkdir()
    (data / "app.db").write_bytes(b"garbage, not SQLite " * 500)
    broken = Assistant(assistant.settings.with_overrides(data_dir=data), embedder=assistant.embedder,
                       chroma_client=assistant.index.client)
    runtime.reset_assistant(broken)
    try:
        at = AppTest.from_file(str(PROJECT / "assistant" / "ui" / "chat.py"), default_timeout=120).run()
        at = at.chat_input[0].set_value("What are the hidden costs of fine-tuning?").run()
        at = at.feedback[0].set_value(1).run()
        assert not at.exception
        warning = " ".join(w.value for w in at.warning)
        assert "not saved" in warning and "damaged" in warning
        assert str(tmp_path) not in warning and "Traceback" not in warning and "sqlite3" not in warning
        assert at.chat_input, "the chat box is still there"
        at = at.chat_input[0].set_value("When is prompt engineering enough?").run()
        assert not at.exception and len(at.chat_message) == 4
    finally:
        runtime.reset_assistant()

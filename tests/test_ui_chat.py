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


# -- saved conversations ------------------------------------------------------------------------
def conversation_store(assistant):
    from assistant.conversations import ConversationStore

    return ConversationStore.for_settings(assistant.settings)


def listed(at) -> list[str]:
    return [b.label for b in at.sidebar.button if b.key and b.key.startswith("open-")]


def signed_in(at, email: str):
    at.user = {"is_logged_in": True, "email": email, "sub": email, "name": email.split("@")[0]}
    return at


def test_a_question_starts_a_saved_conversation_named_after_it(chat_page, assistant):
    at = chat_page.run()
    assert listed(at) == []
    at.chat_input[0].set_value("What are the hidden costs of fine-tuning?").run()
    assert listed(at) == ["What are the hidden costs of fine-tuning?"]
    cid = at.query_params["c"][0] if isinstance(at.query_params["c"], list) else at.query_params["c"]
    owner = "browser:" + at.session_state["session_browser_id"]
    stored = conversation_store(assistant).get(cid, owner=owner)
    assert [m["role"] for m in stored["messages"]] == ["user", "assistant"]
    assert stored["messages"][1]["result"]["citations"][0]["section_id"] == "hidden-costs"


def test_new_chat_rename_and_delete_from_the_sidebar(chat_page):
    at = chat_page.run()
    at.chat_input[0].set_value("What are the hidden costs of fine-tuning?").run()
    at.sidebar.button(key="new-chat").click().run()
    assert len(at.chat_message) == 0
    assert "c" not in at.query_params
    at.chat_input[0].set_value("When is prompt engineering enough?").run()
    assert listed(at) == ["When is prompt engineering enough?", "What are the hidden costs of fine-tuning?"]

    # Open the first conversation again: its turns come back from the database.
    next(b for b in at.sidebar.button if b.label.startswith("What are the hidden")).click().run()
    assert "one-time cost" in shown(at.chat_message[1].markdown)

    at.sidebar.text_input[0].set_value("GPU budget").run()
    at.sidebar.button(key="rename-chat").click().run()
    assert listed(at) == ["When is prompt engineering enough?", "GPU budget"]  # a new name keeps its place

    at.sidebar.button(key="delete-chat").click().run()
    assert listed(at) == ["When is prompt engineering enough?"]
    assert len(at.chat_message) == 0 and "c" not in at.query_params


def test_another_owners_conversation_is_neither_listed_nor_opened(chat_page, assistant):
    store = conversation_store(assistant)
    theirs = store.start("browser:" + "f" * 32, "Someone else's chat")
    store.append(theirs, "user", "their private question", owner="browser:" + "f" * 32)
    at = chat_page.run()
    assert "Someone else's chat" not in listed(at)
    at.query_params["c"] = theirs  # a guessed or shared link
    at.run()
    assert not at.exception
    assert len(at.chat_message) == 0
    assert any("not available" in i.value for i in at.info)
    assert "their private question" not in " ".join(md.value for md in at.markdown)


def test_a_reload_restores_the_open_conversation(chat_page, assistant):
    at = signed_in(chat_page, "ana@example.com").run()
    at.chat_input[0].set_value("What are the hidden costs of fine-tuning?").run()
    cid = at.query_params["c"]
    cid = cid[0] if isinstance(cid, list) else cid

    reloaded = signed_in(AppTest.from_file(str(PROJECT / "assistant" / "ui" / "chat.py"), default_timeout=120),
                         "ana@example.com")
    reloaded.query_params["c"] = cid
    reloaded.run()
    assert not reloaded.exception
    assert [m.name for m in reloaded.chat_message] == ["user", "assistant"]
    assert "one-time cost" in shown(reloaded.chat_message[1].markdown)
    assert listed(reloaded)[0] == "What are the hidden costs of fine-tuning?"

    # The same link opened by someone else (another browser, not signed in) shows nothing of it.
    stranger = AppTest.from_file(str(PROJECT / "assistant" / "ui" / "chat.py"), default_timeout=120)
    stranger.query_params["c"] = cid
    stranger.run()
    assert len(stranger.chat_message) == 0 and listed(stranger) == []


# -- citations ------------------------------------------------------------------------------------
def render_answer_page(result: dict):
    def page(result):
        from assistant.ui.answer_views import render_answer

        render_answer(result, "t1")

    return AppTest.from_function(page, args=(result,), default_timeout=120)


def test_repeated_citations_of_a_section_make_one_card_with_the_sentences_highlighted(assistant):
    runtime.reset_assistant(assistant)
    try:
        sentences = ["Fine-tuning is not a one-time cost.", "Most can."]
        assert all(s in assistant.kb.get("hidden-costs").text for s in sentences)
        rag_quote = next(c["quote"] for c in assistant.ask("When should we use RAG?")["citations"] if c["section_id"] == "rag")
        result = {"answer": "Costs recur [1]. They add up [2]. Use RAG first [3].", "abstained": False, "mode": "llm",
                  "citations": [
                      {"n": 1, "section_id": "hidden-costs", "source": "framework", "title": "§5 Hidden costs",
                       "quote": sentences[0]},
                      {"n": 2, "section_id": "hidden-costs", "source": "framework", "title": "§5 Hidden costs",
                       "quote": sentences[1]},
                      {"n": 3, "section_id": "rag", "source": "framework", "title": "§4 When to use RAG",
                       "quote": rag_quote}]}
        at = render_answer_page(result).run()
        assert not at.exception
        text = [md.value for md in at.markdown]
        assert "**Sources (2)**" in text
        headers = [t for t in text if t.startswith('<span id="source-')]
        assert headers == ['<span id="source-t1-hidden-costs"></span>**\\[1\\] \\[2\\] §5 Hidden costs** · `hidden-costs` · framework',
                           '<span id="source-t1-rag"></span>**\\[3\\] §4 When to use RAG** · `rag` · framework']
        answer = text[0]
        assert "[\\[1\\]](#source-t1-hidden-costs)" in answer and "[\\[2\\]](#source-t1-hidden-costs)" in answer
        assert "[\\[3\\]](#source-t1-rag)" in answer
        highlighted = re.findall(r":orange-background\[\*\*(.+?)\*\*\]", " ".join(text))
        assert [re.sub(r"\\(.)", r"\1", h) for h in highlighted[:2]] == sentences
        assert "[Open this section on the Knowledge page ↗](knowledge?section=hidden-costs)" in text
    finally:
        runtime.reset_assistant()


def test_sources_are_shown_open_with_linked_markers_on_a_real_answer(chat_page):
    at = chat_page.run()
    at.chat_input[0].set_value("When should we fine-tune instead of using RAG?").run()
    values = [md.value for md in at.chat_message[1].markdown]
    assert not at.chat_message[1].expander  # no collapsed "Sources" box to open first
    anchors = re.findall(r'<span id="(source-[a-z0-9-]+)"></span>', " ".join(values))
    links = set(re.findall(r"\]\(#(source-[a-z0-9-]+)\)", values[0]))
    assert links and links == set(anchors), (links, anchors)
    assert len(anchors) == len(set(anchors)), "one card per section"


def test_a_hostile_citation_title_stays_text_in_the_card_header(assistant):
    runtime.reset_assistant(assistant)
    try:
        result = {"answer": "Costs recur [1].", "abstained": False, "mode": "llm", "citations": [
            {"n": 1, "section_id": "hidden-costs", "source": "<b>framework</b>",
             "title": "<img src=x onerror=alert(1)> [x](javascript:alert(1)) &lt;script&gt;",
             "quote": "Fine-tuning is not a one-time cost."}]}
        at = render_answer_page(result).run()
        header = next(md.value for md in at.markdown if md.value.startswith('<span id="source-t1-hidden-costs">'))
        rest = header.removeprefix('<span id="source-t1-hidden-costs"></span>')
        assert "<" not in rest and "](" not in rest  # no tag, no link
        assert "&amp;lt;script" in rest  # typed entities stay the text they were, never a tag
    finally:
        runtime.reset_assistant()


def test_section_text_in_a_card_stays_inert(assistant, knowledge_copy):
    from assistant.sources import highlighted_excerpt
    from assistant.ui.common import inert

    text = "Intro <script>alert(1)</script> [link](http://evil/) here.\n\nCited sentence with ![img](http://x/y.png)."
    excerpt = highlighted_excerpt(text, ["Cited sentence with ![img](http://x/y.png)."])
    assert excerpt == [[("Cited sentence with ![img](http://x/y.png).", True)]]
    assert "](http" not in inert(excerpt[0][0][0])


# -- input limits ---------------------------------------------------------------------------------
def test_an_over_long_question_is_refused_with_its_limit_and_kept_in_the_box(chat_page):
    at = chat_page.run()
    pasted = "Should we fine-tune? " * 120  # 2,520 characters
    at.chat_input[0].set_value(pasted).run()
    assert not at.exception
    assert len(at.chat_message) == 0, "nothing was asked"
    warning = " ".join(w.value for w in at.warning)
    assert "the limit is 2,000" in warning and f"{len(pasted.strip()):,} characters" in warning
    assert at.chat_input[0].proto.value == pasted and at.chat_input[0].proto.set_value, "the text is kept to shorten"
    at.chat_input[0].set_value(pasted[:1990]).run()
    assert [m.name for m in at.chat_message] == ["user", "assistant"]
    assert not any("limit" in w.value for w in at.warning)


def test_a_whitespace_only_question_is_ignored(chat_page):
    at = chat_page.run()
    at.chat_input[0].set_value("   \n\t  ").run()
    assert not at.exception
    assert len(at.chat_message) == 0 and not at.feedback and not at.error and not at.warning
    assert listed(at) == []


def test_a_source_cards_link_opens_its_section_on_the_knowledge_page(assistant):
    runtime.reset_assistant(assistant)
    try:
        for linked, label in (("hidden-costs", "Hidden costs"), ("case-003", "case-003:")):
            at = AppTest.from_file(str(PROJECT / "assistant" / "ui" / "knowledge.py"), default_timeout=120)
            at.query_params["section"] = linked
            at.run()
            assert not at.exception
            opened = [e.label for e in at.expander if e.proto.expanded]
            assert len(opened) == 1 and label in opened[0], opened
    finally:
        runtime.reset_assistant()

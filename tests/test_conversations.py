"""Saved conversations belong to their owner: every read and change is scoped by the
owner on the server, so one person can never list, open, extend, rename or delete
another's (on both database backends)."""

from __future__ import annotations

import pytest

from assistant.conversations import MAX_TITLE_CHARS, ConversationStore, title_from
from assistant.db import open_database
from assistant.errors import InputError

try:
    from fixtures.databases import db_url  # noqa: F401
except ImportError:  # tests/ became a package
    from tests.fixtures.databases import db_url  # noqa: F401

ANA, BO = "ana@example.com", "browser:0123456789abcdef0123456789abcdef"


@pytest.fixture
def store(db_url):
    return ConversationStore(open_database(db_url))


def test_each_owner_lists_only_their_own_conversations_newest_first(store):
    first = store.start(ANA, "RAG or fine-tuning?")
    second = store.start(ANA, "Hidden costs")
    theirs = store.start(BO, "Bo's chat")
    store.append(first, "user", "When should we fine-tune?", owner=ANA)  # touching it makes it the newest
    assert [c["id"] for c in store.list(ANA)] == [first, second]
    assert [c["id"] for c in store.list(BO)] == [theirs]
    assert store.list("browser:nobody") == []


def test_another_owners_conversation_cannot_be_opened_extended_renamed_or_deleted(store):
    cid = store.start(ANA, "Ana's chat")
    store.append(cid, "user", "private question", owner=ANA)
    assert store.get(cid, owner=BO) is None
    with pytest.raises(InputError):
        store.append(cid, "user", "sneaked in", owner=BO)
    assert store.rename(cid, "Bo was here", owner=BO) is False
    assert store.delete(cid, owner=BO) is False
    kept = store.get(cid, owner=ANA)
    assert kept["title"] == "Ana's chat" and [m["content"] for m in kept["messages"]] == ["private question"]


def test_rename_and_delete_by_the_owner(store):
    cid = store.start(ANA)
    assert store.get(cid, owner=ANA)["title"] == ""
    assert store.rename(cid, "  Budget   for GPUs ", owner=ANA) is True
    assert store.get(cid, owner=ANA)["title"] == "Budget for GPUs"
    store.append(cid, "user", "q", owner=ANA)
    store.append(cid, "assistant", "a", {"answer": "a", "citations": []}, owner=ANA)
    assert store.delete(cid, owner=ANA) is True
    assert store.get(cid, owner=ANA) is None and store.list(ANA) == []


def test_bad_names_and_owners_are_refused_with_the_reason(store):
    cid = store.start(ANA)
    with pytest.raises(InputError, match="cannot be empty"):
        store.rename(cid, "   ", owner=ANA)
    with pytest.raises(InputError, match=f"the limit is {MAX_TITLE_CHARS}"):
        store.rename(cid, "x" * (MAX_TITLE_CHARS + 1), owner=ANA)
    for owner in ("", "   ", None):
        with pytest.raises(InputError, match="needs an owner"):
            store.list(owner)
        with pytest.raises(InputError, match="needs an owner"):
            store.start(owner)


def test_a_new_conversation_is_named_after_its_first_question():
    assert title_from("  When should we   fine-tune? ") == "When should we fine-tune?"
    long = title_from("We want the model to know our internal documents and policies. Should we fine-tune it?")
    assert long.endswith("…") and len(long) <= 61 and long.startswith("We want the model to know")
    assert title_from("") == "New chat"


# -- the browser id behind an anonymous visitor's conversations --------------------------------
def browser_client():
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.responses import HTMLResponse, JSONResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    from assistant.browser_id import BrowserIdMiddleware

    app = Starlette(routes=[Route("/", lambda r: HTMLResponse("<p>page</p>")),
                            Route("/static/app.js", lambda r: HTMLResponse("x", media_type="text/javascript")),
                            Route("/api/health", lambda r: JSONResponse({"status": "ok"}))],
                    middleware=[Middleware(BrowserIdMiddleware)])
    return TestClient(app)


def test_a_page_gives_a_new_browser_a_random_http_only_id_once():
    from assistant.browser_id import COOKIE, valid_browser_id

    client = browser_client()
    first = client.get("/")
    header = first.headers["set-cookie"]
    assert header.startswith(f"{COOKIE}=") and "HttpOnly" in header and "SameSite=Lax" in header
    assert valid_browser_id(first.cookies[COOKIE])
    assert "set-cookie" not in client.get("/").headers, "a browser that has one keeps it"
    assert "set-cookie" not in browser_client().get("/static/app.js").headers, "only pages set it"
    assert "set-cookie" not in browser_client().get("/api/health").headers
    other = browser_client().get("/").cookies[COOKIE]
    assert other != first.cookies[COOKIE]


def test_a_forged_browser_id_is_replaced_and_https_gets_a_partitioned_cross_site_cookie():
    from assistant.browser_id import COOKIE, valid_browser_id

    client = browser_client()
    client.cookies.set(COOKIE, "../../etc or someone's email")
    response = client.get("/", headers={"x-forwarded-proto": "https"})
    assert "SameSite=None; Secure; Partitioned" in response.headers["set-cookie"]
    assert valid_browser_id(response.headers["set-cookie"].split(";")[0].split("=", 1)[1])
    for bad in (None, "", "ABCDEF" * 6, "0" * 31, "0" * 32 + "\n"):
        assert valid_browser_id(bad) is None

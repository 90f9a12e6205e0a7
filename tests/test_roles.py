"""Roles: who is an editor (assistant/roles.py), the pages' server-side gate (AppTest,
with `st.user` set through AppTest's own `user` attribute), and the loopback Host
check in front of the UI and the API (assistant/host_check.py)."""

from __future__ import annotations

import shutil

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient
from streamlit.testing.v1 import AppTest

from assistant.host_check import LoopbackHostMiddleware, host_name, is_loopback_name, loopback_only
from assistant.roles import ANONYMOUS, parse_editors, viewer_from_user
from conftest import KNOWLEDGE, PROJECT

UI = PROJECT / "assistant" / "ui"
EDITOR = {"is_logged_in": True, "sub": "u-1", "email": "Editor@Example.com", "email_verified": True, "name": "Eddie"}
GROUP_EDITOR = {"is_logged_in": True, "sub": "u-2", "email": "gina@example.com", "groups": ["staff", "KB-Editors"]}
READER = {"is_logged_in": True, "sub": "u-3", "email": "reader@example.com", "groups": ["staff"]}
SIGNED_OUT = {"is_logged_in": False}
EDITORS = "editor@example.com, kb-editors"


# -- who is an editor ---------------------------------------------------------------------
def test_editors_are_matched_by_email_or_claim_value_ignoring_case():
    assert viewer_from_user(EDITOR, EDITORS).is_editor
    assert viewer_from_user(GROUP_EDITOR, EDITORS).is_editor
    assert viewer_from_user({**READER, "roles": "kb-editors"}, EDITORS).is_editor  # a single-valued claim
    assert viewer_from_user({**READER, "realm_access": {"roles": ["kb-editors"]}}, EDITORS).is_editor  # Keycloak
    reader = viewer_from_user(READER, EDITORS)
    assert reader.signed_in and not reader.is_editor and reader.email == "reader@example.com"


@pytest.mark.parametrize("user", [None, {}, SIGNED_OUT, {**EDITOR, "is_logged_in": False},
                                  {"is_logged_in": True}])
def test_nobody_signed_in_is_anonymous_and_never_an_editor(user):
    assert viewer_from_user(user, EDITORS) == ANONYMOUS


def test_an_unverified_email_or_a_username_does_not_make_an_editor():
    assert not viewer_from_user({**EDITOR, "email_verified": False}, EDITORS).is_editor
    assert not viewer_from_user({"is_logged_in": True, "sub": "x", "preferred_username": "editor@example.com"},
                                EDITORS).is_editor


def test_no_editors_configured_means_read_only_for_everyone():
    assert not viewer_from_user(EDITOR, "").is_editor and not viewer_from_user(GROUP_EDITOR, None).is_editor


def test_the_setting_is_read_trimmed_and_deduplicated():
    from assistant.config import load_settings

    assert parse_editors(" a@x.com, ,kb-editors,A@X.COM ") == ("a@x.com", "kb-editors")
    assert load_settings(env={"ASSISTANT_EDITORS": "a@x.com,kb-editors"}, secrets={}).editors == ("a@x.com", "kb-editors")
    assert load_settings(env={}, secrets={}).editors == ()


# -- pages under AppTest --------------------------------------------------------------------
@pytest.fixture(scope="module")
def pages(tmp_path_factory, assistant):
    """The shared Assistant over a knowledge copy, with editors configured; it shares
    the session's index (same knowledge), so nothing is embedded again."""
    from assistant import runtime
    from assistant.service import Assistant

    root = tmp_path_factory.mktemp("roles-pages")
    shutil.copytree(KNOWLEDGE, root / "knowledge")
    settings = assistant.settings.with_overrides(data_dir=root / "data", knowledge_dir=root / "knowledge",
                                                 editors=parse_editors(EDITORS))
    app = Assistant(settings, embedder=assistant.embedder, chroma_client=assistant.index.client)
    runtime.reset_assistant(app)
    yield app
    runtime.reset_assistant()


def page(name: str, user: dict | None) -> AppTest:
    at = AppTest.from_file(str(UI / name), default_timeout=120)
    if user is not None:
        at.user = user
    return at


@pytest.mark.parametrize("who", ["no sign-in configured", "signed out", "reader"])
def test_visitors_see_the_knowledge_page_browse_only(pages, who):
    user = {"no sign-in configured": None, "signed out": SIGNED_OUT, "reader": READER}[who]
    at = page("knowledge.py", user).run()
    assert not at.exception
    assert [t.label for t in at.tabs] == ["Framework", "Case notes"]
    assert not at.file_uploader and not at.download_button and not at.text_input and not at.text_area
    assert [b.label for b in at.button] == []
    assert len(at.expander) == len(pages.kb.sections) + len(pages.kb.cases)


@pytest.mark.parametrize("name", ["drafts.py", "audit_log.py"])
@pytest.mark.parametrize("who", ["no sign-in configured", "signed out", "reader"])
def test_editor_pages_say_editors_only_to_everyone_else(pages, name, who):
    user = {"no sign-in configured": None, "signed out": SIGNED_OUT, "reader": READER}[who]
    at = page(name, user).run()
    assert not at.exception
    assert [e.value for e in at.error] and at.error[0].value.startswith("Editors only")
    assert not at.button and not at.dataframe and not at.title  # stopped before anything was read


@pytest.mark.parametrize("user", [EDITOR, GROUP_EDITOR])
def test_an_editor_gets_the_add_form_and_the_reindex_button(pages, user):
    at = page("knowledge.py", user).run()
    assert [t.label for t in at.tabs] == ["Framework", "Case notes", "Add a case note", "Index"]
    assert at.text_input(key="case-title") and at.button(key="reindex") and at.file_uploader(key="case-upload")


def test_the_form_lists_every_problem_at_once_next_to_its_field_and_keeps_its_tab(pages):
    at = page("knowledge.py", EDITOR)
    at.session_state["knowledge-tab"] = "Add a case note"
    at.run()
    at.text_input(key="case-id").set_value("case-x")
    at = at.button(key="add-form").click().run()
    assert not at.exception
    summary, *beside = [e.value for e in at.error]
    assert summary.startswith("Please fix 6 things before saving")
    assert "The id must be 'case-' and at least three digits" in summary and "Add a title." in summary
    assert set(beside) == {p.split("- ", 1)[1] for p in summary.splitlines()[1:]}  # each also beside its field
    assert "field '" not in summary and "String should" not in summary  # no developer wording
    assert at.session_state["knowledge-tab"] == "Add a case note"
    assert pages.settings.data_dir.joinpath("drafts").exists() is False


def test_an_editor_saves_a_draft_that_is_not_indexed_and_reindex_is_audited(pages):
    from assistant.audit import AuditLog
    from test_drafts import note_text

    at = page("knowledge.py", EDITOR)
    at.session_state["knowledge-tab"] = "Add a case note"
    at.run()
    at.file_uploader(key="case-upload").set_value(("warranty.md", note_text(15).encode(), "text/markdown"))
    at = at.run().button(key="add-upload").click().run()
    assert not at.exception
    assert "Saved case-015 as a draft" in at.success[0].value
    assert (pages.settings.data_dir / "drafts" / "case-015.md").exists()
    assert "case-015" not in pages.kb.cases

    at = at.button(key="reindex").click().run()
    assert "Index up to date" in at.success[0].value
    log = AuditLog.for_settings(pages.settings).entries()
    assert [(e["action"], e["actor"]) for e in log[:2]] == [("index.synced", "Editor@Example.com"),
                                                            ("case_note.drafted", "Editor@Example.com")]
    assert len(log[0]["details"]["sha256"]) == 64

    drafts = page("drafts.py", EDITOR).run()
    assert not drafts.exception
    assert any("How the chat will cite it" in c.value for c in drafts.caption)
    assert any("[n] Case 015: Warranty claims triage 15" in m.value for m in drafts.markdown)
    assert drafts.button(key="publish-case-015") and drafts.button(key="delete-case-015")

    audit = page("audit_log.py", EDITOR).run()
    assert not audit.exception and audit.dataframe


def test_a_write_from_a_session_that_lost_its_editor_role_is_refused(pages):
    """The button was on screen while the user was an editor; the click arrives after
    the role is gone (signed out, or removed from ASSISTANT_EDITORS): the page checks
    again, on the server, and nothing is written."""
    from assistant.drafts import DraftStore
    from assistant.audit import AuditLog
    from test_drafts import note_text

    store = DraftStore(pages.settings, AuditLog.for_settings(pages.settings))
    if store.get("case-016") is None:
        store.save(note_text(16), "form", "setup")
    at = page("drafts.py", EDITOR).run()
    publish = at.button(key="publish-case-016")
    at.user = READER
    at = publish.click().run()
    assert at.error[0].value.startswith("Editors only")
    assert store.get("case-016") is not None and not list(pages.settings.cases_dir.glob("case-016*"))
    assert not [e for e in store.audit.entries() if e["target"] == "case-016" and e["action"] != "case_note.drafted"]


# -- loopback Host check -----------------------------------------------------------------------
@pytest.mark.parametrize("host,loopback", [("localhost:8501", True), ("127.0.0.1", True), ("[::1]:8501", True),
                                           ("LOCALHOST", True), ("127.0.0.2:80", True),
                                           ("evil.example", False), ("evil.example:8501", False),
                                           ("127.0.0.1.nip.io", False), ("", False), ("0.0.0.0", False)])
def test_loopback_host_names(host, loopback):
    assert is_loopback_name(host_name(host)) is loopback


def _app(loopback_only: bool) -> TestClient:
    async def hello(request):
        return PlainTextResponse("hello")

    inner = Starlette(routes=[Route("/", hello), Route("/api/health", hello)])
    return TestClient(LoopbackHostMiddleware(inner, is_loopback_only=lambda scope: loopback_only))


@pytest.mark.parametrize("path", ["/", "/api/health"])
def test_in_loopback_mode_a_foreign_host_is_refused(path):
    client = _app(True)
    assert client.get(path, headers={"Host": "127.0.0.1:8501"}).text == "hello"
    refused = client.get(path, headers={"Host": "rebound.evil.example"})
    assert refused.status_code == 421 and "loopback only" in refused.text


def test_a_public_binding_answers_any_host():
    assert _app(False).get("/", headers={"Host": "portal.example.com"}).text == "hello"


@pytest.mark.parametrize("bind,server,expected", [("127.0.0.1", None, True), ("localhost", None, True),
                                                  ("::1", None, True), ("0.0.0.0", None, False), ("", None, False),
                                                  (None, ("127.0.0.1", 8501), True), (None, ("10.0.0.5", 8501), False),
                                                  (None, ("testserver", 80), False)])
def test_loopback_only_mode_follows_the_bind_address_else_the_socket(bind, server, expected):
    assert loopback_only({"server": server}, bind) is expected

"""The generated OpenAPI document against real responses (issue 12).

Two real servers (`streamlit run app.py`): one offline, one whose model is a scripted
loopback OpenAI-compatible server, so model answers (with `tool_calls` and `intake`)
are checked too. Every response body is validated, with jsonschema, against the schema
that the served /api/openapi.json gives for that path, method and status; the command
line's JSON against the same components.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import httpx
import jsonschema
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from assistant.schemas import END_USER_PATTERN
from conftest import PROJECT
from test_api import AUTH, TOKEN, start_server, stop_server

try:
    from fixtures.fake_openai_server import openai_server, text, tool_call, tool_calls  # noqa: F401 - fixture
except ImportError:  # tests/ became a package
    from tests.fixtures.fake_openai_server import openai_server, text, tool_call, tool_calls  # noqa: F401

HR = {"use_case": "Answer staff questions from our HR policy documents, which change weekly.",
      "needs_document_facts": "yes", "knowledge_change": "weekly", "motivations": ["know_our_documents"]}


def validator(document: dict, schema: dict) -> jsonschema.Draft202012Validator:
    """`schema` (usually a $ref into components) resolved inside the served document."""
    return jsonschema.Draft202012Validator({**schema, "components": document["components"]})


def check(document: dict, response: httpx.Response, path: str, method: str) -> dict:
    """The response's body is what the document says this path answers with this status."""
    responses = document["paths"][path][method.lower()]["responses"]
    assert str(response.status_code) in responses, f"{method} {path} answered {response.status_code}, undocumented"
    schema = responses[str(response.status_code)]["content"]["application/json"]["schema"]
    body = response.json()
    errors = sorted(validator(document, schema).iter_errors(body), key=str)
    assert not errors, f"{method} {path} {response.status_code}: {errors[0].message} at {list(errors[0].absolute_path)}"
    return body


def component(document: dict, name: str, body) -> None:
    errors = list(validator(document, {"$ref": f"#/components/schemas/{name}"}).iter_errors(body))
    assert not errors, f"{name}: {errors[0].message} at {list(errors[0].absolute_path)}"


@pytest.fixture(scope="module")
def offline(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("contract-offline")
    proc, base = start_server(data_dir, {"ASSISTANT_API_TOKEN": TOKEN, "ASSISTANT_RATE_LIMIT_PER_MINUTE": "0"})
    try:
        with httpx.Client(base_url=base, timeout=300, headers=AUTH) as client:
            assert client.get("/api/v1/search", params={"q": "warm up"}).status_code == 200  # builds the index
            yield client, client.get("/api/openapi.json").json()
    finally:
        stop_server(proc)


def scripted_model(body: dict) -> dict:
    """A model that runs the intake once, then answers citing the first passage it was shown."""
    if not body.get("tools"):  # a follow-up's query rewrite
        return text("HR policy documents that change weekly")
    ran_intake = any(c["function"]["name"] == "recommend_architecture"
                     for m in body["messages"] if m["role"] == "assistant" for c in m.get("tool_calls") or [])
    if ran_intake:
        return text("Retrieval suits documents that change every week [1].")
    return tool_calls(tool_call("recommend_architecture", {"answers": HR}))


@pytest.fixture(scope="module")
def with_model(tmp_path_factory, openai_server):
    openai_server.always(scripted_model)
    data_dir = tmp_path_factory.mktemp("contract-llm")
    proc, base = start_server(data_dir, {"ASSISTANT_API_TOKEN": TOKEN, "ASSISTANT_RATE_LIMIT_PER_MINUTE": "0",
                                         "OPENAI_BASE_URL": openai_server.url, "OPENAI_API_KEY": "sk-contract"})
    try:
        with httpx.Client(base_url=base, timeout=300, headers=AUTH) as client:
            assert client.get("/api/v1/search", params={"q": "warm up"}).status_code == 200
            yield client, client.get("/api/openapi.json").json()
    finally:
        stop_server(proc)


# -- the document itself ----------------------------------------------------------------------
def test_the_document_takes_its_limits_from_the_code(offline):
    from assistant.config import MAX_QUESTION_CHARS
    from assistant.schemas import MAX_HISTORY_CHARS, MAX_HISTORY_TURNS, MAX_K

    _, document = offline
    schemas = document["components"]["schemas"]
    k = next(p for p in document["paths"]["/api/v1/search"]["get"]["parameters"] if p["name"] == "k")
    assert k["schema"]["maximum"] == MAX_K and k["schema"]["minimum"] == 1
    assert schemas["AskRequest"]["properties"]["question"]["maxLength"] == MAX_QUESTION_CHARS
    history = schemas["AskRequest"]["properties"]["history"]["description"]
    assert f"last {MAX_HISTORY_TURNS} are used" in history and f"{MAX_HISTORY_CHARS} characters" in history
    assert {"tool_calls", "intake", "notice", "coverage"} <= set(schemas["AskResult"]["properties"])
    assert set(schemas["AskResult"]["required"]) == {"answer", "citations", "abstained", "mode"}
    jsonschema.Draft202012Validator.check_schema({"components": document["components"]})


# -- offline responses ------------------------------------------------------------------------
def test_health(offline):
    client, document = offline
    body = check(document, client.get("/api/health"), "/api/health", "GET")
    assert body["status"] == "ok"


@pytest.mark.parametrize("request_body", [
    {"question": "What are the hidden costs of fine-tuning?"},
    {"question": "What is the capital of France?"},  # abstains
    {"question": "and what does that cost?",
     "history": [{"role": "user", "content": "When should we use RAG?"}, {"role": "assistant", "content": "RAG [1]."}]},
    {"question": "Which vector database does the framework recommend for RAG?"},
])
def test_ask(offline, request_body):
    client, document = offline
    body = check(document, client.post("/api/v1/ask", json=request_body), "/api/v1/ask", "POST")
    assert body["mode"] == "offline"


def test_search_at_both_ends_of_k(offline):
    from assistant.schemas import MAX_K

    client, document = offline
    for k in (1, MAX_K):
        body = check(document, client.get("/api/v1/search", params={"q": "hidden costs", "k": k}), "/api/v1/search", "GET")
        assert 1 <= len(body["results"]) <= k


def test_intake_and_costs(offline):
    client, document = offline
    check(document, client.post("/api/v1/intake", json=HR), "/api/v1/intake", "POST")
    check(document, client.post("/api/v1/costs", json={}), "/api/v1/costs", "POST")


@pytest.mark.parametrize("method,path,kwargs", [
    ("POST", "/api/v1/ask", {"json": {"question": ""}}),
    ("POST", "/api/v1/ask", {"json": {"question": "What is RAG?", "colour": "red"}}),
    ("POST", "/api/v1/ask", {"json": {"question": "What is RAG?", "history": "not a list"}}),
    ("POST", "/api/v1/ask", {"content": b"x" * 1_000_001, "headers": {"Content-Type": "application/json"}}),
    ("GET", "/api/v1/search", {"params": {"q": "rag", "k": 0}}),
    ("POST", "/api/v1/intake", {"json": {"use_case": "x", "knowledge_change": "hourly"}}),
    ("POST", "/api/v1/costs", {"json": {"requests_per_day": -1}}),
    ("POST", "/api/v1/ask", {"json": {"question": "What is RAG?"}, "headers": {"Authorization": "Bearer wrong"}}),
])
def test_errors(offline, method, path, kwargs):
    client, document = offline
    response = client.request(method, path, **kwargs)
    assert response.status_code in (401, 413, 422)
    body = check(document, response, path, method)
    assert body["error"]["message"]


def test_unrouted_paths_answer_the_error_shape(offline):
    client, document = offline
    for response in (client.get("/api/nope"), client.get("/api/v1/ask")):
        assert response.status_code in (404, 405)
        component(document, "ErrorBody", response.json())


# -- the end-user header and the key (issue 10) ---------------------------------------------------
def end_user_schema(document: dict, path: str, method: str) -> dict:
    parameters = document["paths"][path][method]["parameters"]
    (header,) = [p for p in parameters if p["in"] == "header" and p["name"] == "X-Assistant-User"]
    assert header["required"] is False and "422" in header["description"]
    return header["schema"]


def test_every_v1_operation_documents_the_key_and_the_end_user_header(offline):
    from assistant.schemas import MAX_END_USER_CHARS

    _, document = offline
    bearer = document["components"]["securitySchemes"]["bearer"]
    assert (bearer["type"], bearer["scheme"]) == ("http", "bearer") and "X-Assistant-User" in bearer["description"]
    operations = [(path, method) for path, item in document["paths"].items() if path.startswith("/api/v1/")
                  for method in item]
    assert len(operations) == 4
    for path, method in operations:
        assert document["paths"][path][method]["security"] == [{"bearer": []}]
        assert end_user_schema(document, path, method)["maxLength"] == MAX_END_USER_CHARS
    assert "X-Assistant-User" in document["paths"]["/api/v1/costs"]["post"]["responses"]["422"]["description"]


ALLOWED_USERS = ["u", "sha256:9f86d081884c7d65", "Jane Doe <jane@example.com>", "~" * 128]
FORBIDDEN_USERS = ["", "x" * 129, " padded", "padded ", "caf\u00e9", "tab\tinside"]


def test_the_end_user_header_is_refused_exactly_where_the_document_says(offline):
    """A value the document's schema allows is answered; one it forbids is the documented
    422 naming the header (sent as latin-1 bytes, as HTTP carries them)."""
    client, document = offline
    schema = end_user_schema(document, "/api/v1/costs", "post")
    for user in ALLOWED_USERS:
        assert not list(jsonschema.Draft202012Validator(schema).iter_errors(user)), user
        response = client.post("/api/v1/costs", json={}, headers={"X-Assistant-User": user})
        check(document, response, "/api/v1/costs", "POST")
        assert response.status_code == 200, (user, response.text)
    response = client.get("/api/v1/search", params={"q": "hidden costs", "k": 1}, headers={"X-Assistant-User": "u-1"})
    assert check(document, response, "/api/v1/search", "GET")["results"]
    for user in FORBIDDEN_USERS:
        assert list(jsonschema.Draft202012Validator(schema).iter_errors(user)), user
        if user != user.strip():
            continue  # HTTP strips a header's edge spaces before the server sees them
        for method, path, kwargs in (("POST", "/api/v1/costs", {"json": {}}),
                                     ("GET", "/api/v1/search", {"params": {"q": "rag"}})):
            response = client.request(method, path, headers={"X-Assistant-User": user.encode("latin-1")}, **kwargs)
            assert response.status_code == 422, (user, response.text)
            assert check(document, response, path, method)["error"]["field"] == "X-Assistant-User"


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(st.text(max_size=140), st.from_regex(END_USER_PATTERN, fullmatch=True)))
@example(value="a\n")  # Python's "$" matches before a final newline; the documented pattern must not
def test_the_documented_header_schema_and_the_check_agree(value):
    """No server: for any string, the served schema accepts it exactly when the API's own check does."""
    from assistant.errors import InputError
    from assistant.openapi import openapi_document
    from assistant.schemas import clean_end_user

    schema = end_user_schema(openapi_document(), "/api/v1/ask", "post")
    documented = not list(jsonschema.Draft202012Validator(schema).iter_errors(value))
    try:
        accepted = clean_end_user(value) == value
    except InputError as exc:
        assert exc.field == "X-Assistant-User" and "1-128 printable ASCII" in str(exc)
        accepted = False
    assert documented == accepted, repr(value)


def test_without_a_key_a_bad_end_user_header_is_still_refused(tmp_path):
    """Loopback clients with no key configured: the header is unused but checked, as documented."""
    from types import SimpleNamespace

    from assistant.api import identify
    from assistant.config import load_settings
    from assistant.errors import InputError

    configured = load_settings(env={}, secrets={}).with_overrides(data_dir=tmp_path, rate_limit_per_minute=0)

    def request(user: str):
        return SimpleNamespace(client=SimpleNamespace(host="127.0.0.1"), headers={"X-Assistant-User": user})

    assert identify(request("portal-user-1"), configured).key is None
    with pytest.raises(InputError) as refused:
        identify(request("x" * 129), configured)
    assert refused.value.field == "X-Assistant-User" and refused.value.http_status == 422


# -- model answers ------------------------------------------------------------------------------
def test_a_model_answer_with_tool_calls_and_intake(with_model):
    client, document = with_model
    response = client.post("/api/v1/ask", json={"question": "Should we fine-tune on our HR policies, which change weekly?"})
    body = check(document, response, "/api/v1/ask", "POST")
    assert body["mode"] == "llm", body.get("notice")
    assert body["tool_calls"] == ["search_knowledge", "recommend_architecture"]
    assert body["intake"]["recommendation"] == "rag" and body["citations"]


def test_a_failed_model_answer_is_the_offline_one_with_a_notice(with_model, openai_server):
    client, document = with_model
    openai_server.always(text(""))  # an empty answer fails the citation gate
    try:
        body = check(document, client.post("/api/v1/ask", json={"question": "What is RAG?"}), "/api/v1/ask", "POST")
    finally:
        openai_server.always(scripted_model)
    assert body["mode"] == "offline" and "offline answer" in body["notice"]


# -- the command line speaks the same shapes ------------------------------------------------------
def test_cli_json_lines_match_the_components(offline, tmp_path):
    _, document = offline
    batch = tmp_path / "questions.txt"
    batch.write_text("What is RAG?\n\n" + "x" * 3000 + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AZURE_OPENAI_", "ASSISTANT_"))}
    env.update({"ASSISTANT_DATA_DIR": str(tmp_path / "data"), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"})
    out = subprocess.run([sys.executable, "-m", "assistant", "ask", "--batch", str(batch), "--json"], cwd=PROJECT,
                         env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-500:]
    answer, error = (json.loads(line) for line in out.stdout.splitlines())
    component(document, "AskResult", answer)
    component(document, "ErrorBody", error)
    assert error["error"]["field"] == "question"


# -- the checks themselves, without a server ------------------------------------------------------
def test_the_check_rejects_a_body_that_breaks_the_contract():
    from assistant.openapi import openapi_document

    document = openapi_document()
    good = {"answer": "Not covered.", "citations": [], "abstained": True, "mode": "offline"}
    component(document, "AskResult", good)
    for bad in ({**good, "mode": "online"}, {k: v for k, v in good.items() if k != "mode"},
                {**good, "citations": [{"n": 0, "section_id": "rag"}]}, {**good, "notice": None}):
        with pytest.raises(AssertionError):
            component(document, "AskResult", bad)


def test_one_constructor_leaves_unset_optional_fields_out():
    from assistant.citations import Citation
    from assistant.schemas import ask_result

    cited = ask_result("RAG [1].", [Citation(1, "rag", "framework", "§4 When to use RAG", "Use RAG.")],
                       abstained=False, mode="offline", coverage="partial")
    assert cited == {"answer": "RAG [1].", "citations": [{"n": 1, "section_id": "rag", "source": "framework",
                                                          "title": "§4 When to use RAG", "quote": "Use RAG."}],
                     "abstained": False, "mode": "offline", "coverage": "partial"}
    with pytest.raises(ValueError):
        ask_result("x", [], abstained=False, mode="online")

"""The JSON API and portal plumbing, against the real server: `streamlit run app.py`
in a subprocess (real model, real index in a temp data dir)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from types import SimpleNamespace

import httpx
import pytest

from conftest import PROJECT

TOKEN = "test-token-3f9a1c"
PORTAL = "http://portal.example:9000"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data_dir, extra_env: dict) -> tuple[subprocess.Popen, str]:
    """`streamlit run app.py` on a free port; returns once /api/health answers."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AZURE_OPENAI_", "ASSISTANT_"))}
    env.update({"ASSISTANT_DATA_DIR": str(data_dir), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **extra_env})
    log = open(data_dir / "server.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless", "true",
         "--server.address", "127.0.0.1"],
        cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}: {(data_dir / 'server.log').read_text()[-2000:]}")
        try:
            if httpx.get(f"{base}/api/health", timeout=30).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    proc.terminate()
    raise RuntimeError(f"server did not answer /api/health in time: {(data_dir / 'server.log').read_text()[-2000:]}")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("api-data")
    proc, base = start_server(data_dir, {"ASSISTANT_API_TOKEN": TOKEN, "ASSISTANT_ALLOWED_ORIGINS": PORTAL})
    try:
        with httpx.Client(base_url=base, timeout=180) as client:
            # The first search builds the index with the real model.
            assert client.get("/api/v1/search", params={"q": "warm up"}, headers=AUTH).status_code == 200
            yield client
    finally:
        stop_server(proc)


# -- auth and the three endpoints ----------------------------------------------
def test_health_needs_no_token(server):
    body = server.get("/api/health").json()
    assert body["status"] == "ok" and body["mode"] == "offline" and body["index"]["chunks"] > 0


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}])
def test_missing_or_wrong_token_is_401(server, headers):
    response = server.post("/api/v1/ask", json={"question": "What is RAG?"}, headers=headers)
    assert response.status_code == 401
    assert "bearer token" in response.json()["error"]["message"]
    assert server.get("/api/v1/search", params={"q": "rag"}, headers=headers).status_code == 401


def test_ask_gives_a_cited_answer(server):
    body = server.post("/api/v1/ask", json={"question": "What are the hidden costs of fine-tuning?"}, headers=AUTH).json()
    assert set(body) >= {"answer", "citations", "abstained", "mode"}
    assert not body["abstained"] and body["mode"] == "offline"
    assert "[1]" in body["answer"] and body["citations"][0]["n"] == 1
    assert any(c["section_id"] == "hidden-costs" for c in body["citations"])


def test_search_finds_the_hidden_costs_section(server):
    body = server.get("/api/v1/search?q=hidden%20costs", headers=AUTH).json()
    assert body["query"] == "hidden costs"
    assert body["results"][0]["section_id"] == "hidden-costs"
    assert set(body["results"][0]) == {"id", "section_id", "source", "title", "score", "text"}


def test_intake_recommends_with_cited_reasons(server):
    answers = {"use_case": "Answer staff questions from our HR policy documents, which change weekly.",
               "needs_document_facts": "yes", "knowledge_change": "weekly", "motivations": ["know_our_documents"]}
    body = server.post("/api/v1/intake", json=answers, headers=AUTH).json()
    assert body["recommendation"] == "rag"
    assert body["reasons"] and all(r["section_id"] and r["quote"] for r in body["reasons"])


def test_a_bad_intake_field_is_422_naming_it(server):
    response = server.post("/api/v1/intake", json={"use_case": "x", "knowledge_change": "hourly"}, headers=AUTH)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == "knowledge_change" and "weekly" in error["message"]


def test_bad_json_is_422(server):
    response = server.post("/api/v1/ask", content=b"{not json", headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 422 and response.json()["error"]["field"] == "body"


def test_a_3mb_body_is_413(server):
    response = server.post("/api/v1/ask", content=b"x" * 3_000_000, headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 413


# -- portal: CORS, framing, widget, OpenAPI -------------------------------------
def test_an_allowed_origin_gets_cors_headers(server):
    preflight = server.options("/api/v1/ask", headers={
        "Origin": PORTAL, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type"})
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == PORTAL
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "authorization" in preflight.headers["access-control-allow-headers"].lower()

    response = server.get("/api/v1/search", params={"q": "rag"}, headers={**AUTH, "Origin": PORTAL})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == PORTAL
    assert "Origin" in response.headers["vary"]


def test_a_disallowed_origin_gets_no_cors_headers(server):
    evil = "http://evil.example"
    preflight = server.options("/api/v1/ask", headers={"Origin": evil, "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers
    response = server.get("/api/v1/search", params={"q": "rag"}, headers={**AUTH, "Origin": evil})
    assert response.status_code == 403 and "ASSISTANT_ALLOWED_ORIGINS" in response.json()["error"]["message"]
    assert "access-control-allow-origin" not in response.headers


def test_the_app_pages_allow_framing_only_by_allowed_origins(server):
    response = server.get("/")
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == f"frame-ancestors 'self' {PORTAL}"
    assert "x-frame-options" not in response.headers
    assert server.get("/?embed=true").headers["content-security-policy"].startswith("frame-ancestors")


def test_widget_js_is_served(server):
    response = server.get("/widget.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert "embed=true" in response.text and "iframe" in response.text


def test_openapi_describes_the_api(server):
    doc = server.get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    assert {"/api/health", "/api/v1/ask", "/api/v1/intake", "/api/v1/search"} <= set(doc["paths"])
    answers = doc["components"]["schemas"]["IntakeAnswers"]
    assert answers["required"] == ["use_case"] and "knowledge_change" in answers["properties"]
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


# -- issue 13, finding 4: inputs that gave 500s or HTML ----------------------------
@pytest.mark.parametrize("body,field", [
    (b'{"question": ' + b"[" * 500 + b"]" * 500 + b"}", "question"),
    (b"[" * 100_000 + b"]" * 100_000, "body"),
    (b'{"question": ' + b"9" * 5000 + b"}", "question"),
    (b'{"question": "what is rag \\ud800?"}', "question"),
    (b'{"question": "What is RAG?", "history": [{"role": "user", "content": "\\udfff"}]}', "history"),
    (b'{"question": NaN}', "body"),
])
def test_hostile_ask_bodies_are_422_naming_the_field(server, body, field):
    response = server.post("/api/v1/ask", content=body, headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 422, response.text[:300]
    assert response.json()["error"]["field"] == field and response.json()["error"]["message"]


@pytest.mark.parametrize("body,field", [
    (b'{"use_case": "x", "daily_volume": ' + b"9" * 5000 + b"}", "daily_volume"),
    (b'{"use_case": "answer HR questions \\ud800"}', "use_case"),
    (b'{"use_case": "x", "motivations": ' + b"[" * 300 + b"]" * 300 + b"}", "motivations"),
    (b'{"use_case": "x", "motivations": ' + b"[" * 5000 + b"]" * 5000 + b"}", "body"),
])
def test_hostile_intake_bodies_are_422_naming_the_field(server, body, field):
    response = server.post("/api/v1/intake", content=body, headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 422 and response.json()["error"]["field"] == field


def test_an_empty_search_names_the_parameter_q(server):
    for url in ("/api/v1/search?q=", "/api/v1/search?q=%00%00", "/api/v1/search"):
        response = server.get(url, headers=AUTH)
        assert response.status_code == 422 and response.json()["error"]["field"] == "q"


@pytest.mark.parametrize("method,path,status", [
    ("GET", "/api/v1/ask", 405), ("DELETE", "/api/v1/search", 405), ("PUT", "/api/v1/intake", 405),
    ("GET", "/api/nope", 404), ("POST", "/api/v2/ask", 404), ("GET", "/api/", 404), ("GET", "/api/v1/ask/extra", 404),
])
def test_unknown_api_routes_and_methods_are_json_with_frame_ancestors(server, method, path, status):
    response = server.request(method, path, headers=AUTH)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json") and response.json()["error"]["message"]
    assert response.headers["content-security-policy"] == f"frame-ancestors 'self' {PORTAL}"
    if status == 405:
        assert response.headers["allow"]


# -- rate limit (last: it spends this client's IP bucket) -------------------------
def test_rate_limit_is_429_with_retry_after_per_client(server):
    codes = [server.get("/api/v1/search", params={"q": "rag"}, headers={"Authorization": "Bearer nope"}).status_code
             for _ in range(130)]
    assert 429 in codes and set(codes) <= {401, 429}
    limited = server.get("/api/v1/search", params={"q": "rag"})
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) >= 1
    # A client with the valid token has its own bucket.
    assert server.get("/api/v1/search", params={"q": "rag"}, headers=AUTH).status_code == 200


# -- pure pieces, no server ---------------------------------------------------------
def test_token_bucket_refills_over_time():
    from assistant.api import RateLimiter

    now = [0.0]
    limiter = RateLimiter(per_minute=3, clock=lambda: now[0])
    assert [limiter.check("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.check("a") == pytest.approx(20.0)  # one token every 20 s
    assert limiter.check("b") == 0.0  # buckets are per client
    now[0] = 20.0
    assert limiter.check("a") == 0.0
    assert limiter.check("a") > 0
    assert RateLimiter(per_minute=0).check("a") == 0.0  # 0 turns limiting off


def test_without_a_token_only_loopback_clients_are_answered():
    from assistant.api import check_auth

    def request(host):
        return SimpleNamespace(client=SimpleNamespace(host=host), headers={})

    assert check_auth(request("127.0.0.1"), None).key is None  # a Caller without a key
    assert check_auth(request("::1"), None).key is None
    assert check_auth(request("::ffff:127.0.0.1"), None).key is None
    assert check_auth(request("10.1.2.3"), None).status_code == 403

"""API keys per client: stored hashed (SQLite and PostgreSQL), managed with
`python -m assistant keys`, and enforced by the real server — a revoked key is refused
at once, each key has its own rate bucket, and X-Assistant-User splits a key's bucket
per end user."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import httpx
import pytest

from assistant.api_keys import PREFIX, KeyStore, hash_key
from assistant.audit import AuditLog
from assistant.db import open_database
from assistant.errors import InputError
from conftest import PROJECT
from test_api import start_server, stop_server

try:
    from fixtures.databases import db_url  # noqa: F401
except ImportError:  # tests/ became a package
    from tests.fixtures.databases import db_url  # noqa: F401

ENV_TOKEN = "env-token-7c1e"


# -- the store, on both backends ------------------------------------------------------------
def test_a_key_is_stored_only_as_its_hash_and_found_by_the_key(db_url):
    store = KeyStore(open_database(db_url))
    record, key = store.create("portal", "ana@example.com", rate_limit=30)
    assert key.startswith(PREFIX) and len(key) > 40 and record.prefix == key[:10]
    assert store.authenticate(key) == record and store.authenticate(key + "x") is None
    assert store.authenticate("not-a-key") is None and store.authenticate(PREFIX) is None
    with store.db.engine.connect() as conn:
        stored = [tuple(r) for r in conn.exec_driver_sql("SELECT * FROM api_keys")]
    assert not any(key in str(v) for row in stored for v in row)  # the key itself is nowhere
    assert any(hash_key(key) in row for row in stored)
    assert [k.name for k in store.list()] == ["portal"] and store.has_active()


def test_revoking_a_key_refuses_it_and_frees_its_name(db_url):
    store = KeyStore(open_database(db_url))
    _, old = store.create("portal", "ana")
    with pytest.raises(InputError, match="already exists"):
        store.create("portal", "ana")
    revoked = store.revoke("portal", "bo")
    assert not revoked.active and revoked.revoked_by == "bo" and store.authenticate(old) is None
    assert not store.has_active()
    with pytest.raises(InputError, match="no active API key"):
        store.revoke("portal", "bo")
    _, new = store.create("portal", "ana")  # the name can be used again, with a new key
    assert store.authenticate(new).name == "portal" and store.authenticate(old) is None


@pytest.mark.parametrize("name", ["", "default", "DEFAULT", "-dash", "has space", "x" * 65, "ünicode", None])
def test_bad_key_names_are_refused_naming_the_field(tmp_path, name):
    with pytest.raises(InputError) as err:
        KeyStore(open_database(tmp_path / "app.db")).create(name, "ana")
    assert err.value.field == "name"


@pytest.mark.parametrize("rate", [-1, 1.5, True, "10", 100_001])
def test_bad_rate_limits_are_refused(tmp_path, rate):
    with pytest.raises(InputError) as err:
        KeyStore(open_database(tmp_path / "app.db")).create("portal", "ana", rate_limit=rate)
    assert err.value.field == "rate_limit"


# -- the command line -----------------------------------------------------------------------
def cli(data_dir, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AZURE_OPENAI_", "ASSISTANT_"))}
    env["ASSISTANT_DATA_DIR"] = str(data_dir)
    return subprocess.run([sys.executable, "-m", "assistant", "keys", *args], cwd=PROJECT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_keys_are_created_listed_and_revoked_from_the_command_line(tmp_path):
    created = cli(tmp_path, "create", "intranet", "--rate-limit", "60", "--json")
    assert created.returncode == 0, created.stderr
    body = json.loads(created.stdout)
    assert body["name"] == "intranet" and body["key"].startswith(PREFIX) and body["rate_limit_per_minute"] == 60

    human = cli(tmp_path, "create", "scripts")
    assert human.returncode == 0 and "only time the key is shown" in human.stdout
    listed = json.loads(cli(tmp_path, "list", "--json").stdout)["keys"]
    assert [(k["name"], k["active"]) for k in listed] == [("intranet", True), ("scripts", True)]
    assert body["key"] not in json.dumps(listed)

    assert cli(tmp_path, "revoke", "intranet").returncode == 0
    again = cli(tmp_path, "revoke", "intranet")
    assert again.returncode == 2 and again.stderr.startswith("error: no active API key named 'intranet'")
    duplicate = cli(tmp_path, "create", "scripts")
    assert duplicate.returncode == 2 and "already exists" in duplicate.stderr
    assert cli(tmp_path, "create", "default").returncode == 2
    assert "revoked" in cli(tmp_path, "list").stdout

    audit = AuditLog(open_database(tmp_path / "app.db")).entries()
    assert [e["action"] for e in audit] == ["key.revoked", "key.created", "key.created"]
    assert all(e["actor"].startswith("cli:") for e in audit)


# -- the real server ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The app with two named keys (3 requests a minute each) and ASSISTANT_API_TOKEN."""
    data_dir = tmp_path_factory.mktemp("keys-api")
    keys = {name: json.loads(cli(data_dir, "create", name, "--rate-limit", "3", "--json").stdout)["key"]
            for name in ("alpha", "beta", "gamma")}
    proc, base = start_server(data_dir, {"ASSISTANT_API_TOKEN": ENV_TOKEN, "ASSISTANT_RATE_LIMIT_PER_MINUTE": "1000"})
    try:
        with httpx.Client(base_url=base, timeout=180) as client:
            yield client, keys, data_dir
    finally:
        stop_server(proc)


def costs(client, key: str | None, user: str | None = None) -> int:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    if user is not None:
        headers["X-Assistant-User"] = user
    return client.post("/api/v1/costs", json={}, headers=headers).status_code


def test_a_named_key_and_the_environment_token_both_work(served):
    client, keys, _ = served
    assert costs(client, keys["gamma"]) == 200
    assert costs(client, ENV_TOKEN) == 200  # ASSISTANT_API_TOKEN is the key "default"
    response = client.post("/api/v1/costs", json={}, headers={"Authorization": "Bearer fa_madeup"})
    assert response.status_code == 401 and "bearer" in response.json()["error"]["message"].lower()
    assert costs(client, None) == 401  # keys exist: even a loopback client needs one


def test_a_revoked_key_is_refused_on_its_next_request(served):
    client, _, data_dir = served
    key = json.loads(cli(data_dir, "create", "short-lived", "--json").stdout)["key"]
    assert costs(client, key) == 200
    assert cli(data_dir, "revoke", "short-lived").returncode == 0
    assert costs(client, key) == 401


def test_each_key_has_its_own_bucket_and_limit(served):
    client, keys, _ = served
    assert [costs(client, keys["alpha"]) for _ in range(4)] == [200, 200, 200, 429]
    limited = client.post("/api/v1/costs", json={}, headers={"Authorization": f"Bearer {keys['alpha']}"})
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
    assert "3 a minute" in limited.json()["error"]["message"]
    assert costs(client, keys["beta"]) == 200  # another client is not held back by alpha


def test_an_end_user_header_gives_each_person_a_bucket_of_the_key(served):
    client, keys, _ = served
    key = keys["beta"]
    assert [costs(client, key, "person-1") for _ in range(4)] == [200, 200, 200, 429]
    assert costs(client, key, "person-2") == 200  # the portal's other users still get answers
    response = client.post("/api/v1/costs", json={}, headers={"Authorization": f"Bearer {key}",
                                                                "X-Assistant-User": "x" * 200})
    assert response.status_code == 422 and response.json()["error"]["field"] == "X-Assistant-User"


def test_a_question_the_api_refuses_is_noted_for_the_gap_report(served):
    from assistant.refusals import RefusalStore

    client, keys, data_dir = served
    headers = {"Authorization": f"Bearer {ENV_TOKEN}"}
    refused = client.post("/api/v1/ask", json={"question": "Who won the 2022 World Cup?"}, headers=headers).json()
    answered = client.post("/api/v1/ask", json={"question": "What are the hidden costs of fine-tuning?"}, headers=headers)
    assert refused["abstained"] and answered.status_code == 200 and not answered.json()["abstained"]
    rows = RefusalStore(open_database(data_dir / "app.db")).rows()
    assert [r["question"] for r in rows] == ["Who won the 2022 World Cup?"] and rows[0]["nearest_section"]

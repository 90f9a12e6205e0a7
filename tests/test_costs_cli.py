"""`python -m assistant costs` and `POST /api/v1/costs`, run as a user and a portal would:
a subprocess for the CLI, a real `streamlit run app.py` server for the API."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import httpx
import pytest

from conftest import PROJECT
from test_api import start_server, stop_server
from test_costs import FULL, INTAKE

TOKEN = "costs-token-51c2"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
OPTIONS = ["prompt_engineering", "rag", "fine_tuning", "rag_and_fine_tuning"]


def check_contract(data: dict) -> None:
    """The DESIGN.md shape, key by key."""
    assert isinstance(data["horizon_months"], int)
    assert [o["option"] for o in data["options"]] == OPTIONS
    for o in data["options"]:
        assert {"option", "total", "one_off", "recurring", "items", "missing"} <= set(o)
        for key in ("total", "one_off", "recurring"):
            assert o[key] is None or isinstance(o[key], (int, float))
        assert all(isinstance(m, str) for m in o["missing"])
        for item in o["items"]:
            assert isinstance(item["name"], str) and (item["amount"] is None or isinstance(item["amount"], (int, float)))
            assert ("section_id" in item) == ("quote" in item) == item["from_framework"]


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path_factory.mktemp("costs-cli-data"))}
    for key in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_ENDPOINT"):
        env.pop(key, None)

    def run(*args, stdin=None):
        return subprocess.run([sys.executable, "-m", "assistant", "costs", *args], cwd=PROJECT, env=env, input=stdin,
                              capture_output=True, text=True, timeout=120)

    return run


def test_cli_with_no_inputs_gives_null_totals_and_lists_what_is_missing(cli):
    for args, stdin in ((("--json",), None), (("--answers", "-", "--json"), "{}")):
        out = cli(*args, stdin=stdin)
        assert out.returncode == 0, out.stderr
        data = json.loads(out.stdout)
        check_contract(data)
        assert data["horizon_months"] == 12
        assert all(o["total"] is None and o["missing"] for o in data["options"])


def test_cli_json_from_a_file_with_intake_answers(cli, tmp_path):
    path = tmp_path / "worksheet.json"
    path.write_text(json.dumps({k: v for k, v in FULL.items() if k != "requests_per_day"} | {"intake": INTAKE}))
    out = cli("--answers", str(path), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    check_contract(data)
    assert all(isinstance(o["total"], float) and o["missing"] == [] for o in data["options"])
    assert {p["field"] for p in data["prefilled"]} == {"requests_per_day"}  # knowledge_updates was given
    assert data["break_even"]["requests_per_day"] > 0


def test_cli_human_output(cli):
    out = cli("--answers", "-", stdin=json.dumps(FULL))
    assert out.returncode == 0, out.stderr
    assert "Fine-tuning: total 72,060.00" in out.stdout and "(not from the framework)" in out.stdout
    assert "[hidden-costs]" in out.stdout and "Break-even" in out.stdout


@pytest.mark.parametrize("body,needle", [
    ('{"gpu_hour_price": -1}', "gpu_hour_price: -1 is not allowed; must be a number from 0 to 100,000 (currency per GPU hour)"),
    ('{"requests_per_day": 1e15}', "requests_per_day"),
    ('{"hourly_rate": "90/h"}', "hourly_rate"),
    ('{"gpu_cost": 1}', "unknown field 'gpu_cost'"),
    ('{"horizon_months": 500}', "from 1 to 120 (months)"),
    ("not json", "not valid JSON"),
    ("[]", "must be a JSON object"),
])
def test_cli_bad_input_exits_2_with_one_line_naming_the_field(cli, body, needle):
    out = cli("--answers", "-", "--json", stdin=body)
    assert out.returncode == 2 and out.stdout == ""
    assert needle in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_cli_missing_file_exits_2(cli, tmp_path):
    out = cli("--answers", str(tmp_path / "nope.json"))
    assert out.returncode == 2 and "file not found" in out.stderr


# -- the API ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def api(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("costs-api-data")
    proc, base = start_server(data_dir, {"ASSISTANT_API_TOKEN": TOKEN})
    try:
        # A first request waits for the server's start-up (the index build): generous under load.
        with httpx.Client(base_url=base, timeout=300) as client:
            yield client
    finally:
        stop_server(proc)


def test_api_returns_the_same_json_as_the_cli(api, cli):
    body = FULL | {"intake": INTAKE}
    response = api.post("/api/v1/costs", json=body, headers=AUTH)
    assert response.status_code == 200, response.text
    check_contract(response.json())
    assert response.json() == json.loads(cli("--answers", "-", "--json", stdin=json.dumps(body)).stdout)
    empty = api.post("/api/v1/costs", json={}, headers=AUTH).json()
    assert all(o["total"] is None for o in empty["options"])


@pytest.mark.parametrize("body,field", [
    ({"serving_per_month": -100}, "serving_per_month"),
    ({"training_gpu_hours_per_run": 1e30}, "training_gpu_hours_per_run"),
    ({"hourly_rate": "ninety"}, "hourly_rate"),
    ({"whatever": 1}, "whatever"),
    ({"intake": {"use_case": "x", "knowledge_change": "hourly"}}, "intake.knowledge_change"),
])
def test_api_bad_input_is_422_naming_the_field_and_range(api, body, field):
    response = api.post("/api/v1/costs", json=body, headers=AUTH)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == field and field.split(".")[-1] in error["message"]
    if field in ("serving_per_month", "training_gpu_hours_per_run", "hourly_rate"):
        assert error["minimum"] == 0 and error["maximum"] > 0 and error["unit"]


def test_api_needs_the_token_and_refuses_bad_json(api):
    assert api.post("/api/v1/costs", json={}).status_code == 401
    assert api.post("/api/v1/costs", content=b"{nope", headers=AUTH | {"Content-Type": "application/json"}).status_code == 422
    assert api.get("/api/v1/costs", headers=AUTH).status_code in (404, 405)


def test_openapi_describes_the_costs_route(api):
    doc = api.get("/api/openapi.json").json()
    route = doc["paths"]["/api/v1/costs"]["post"]
    assert route["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/CostInputs")
    assert {"200", "401", "422"} <= set(route["responses"])
    inputs = doc["components"]["schemas"]["CostInputs"]
    assert inputs["additionalProperties"] is False
    assert inputs["properties"]["gpu_hour_price"]["x-unit"] == "currency per GPU hour"
    assert "OptionCost" in doc["components"]["schemas"]

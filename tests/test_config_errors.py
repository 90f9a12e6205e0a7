"""Configuration (pydantic-settings over the environment and secrets.toml) and the one
error tree: a bad value stops start-up naming the variable and what it accepts, and each
front (API, CLI, UI) maps the same errors in one place."""

from __future__ import annotations

import json
import os
import sys

import pytest
from starlette.testclient import TestClient

from assistant import runtime
from assistant.config import DEFAULT_MODEL, Settings, load_settings, read_secrets_file, settings_table
from assistant.errors import (
    AssistantError, ConfigError, IndexUnavailable, InputError, IntakeError, PayloadTooLarge, ProviderError, StorageError,
)
from conftest import PROJECT

BAD_TIMEOUT = {"ASSISTANT_LLM_TIMEOUT": "abc"}


def config_error(env: dict, secrets: dict | None = None) -> ConfigError:
    with pytest.raises(ConfigError) as err:
        load_settings(env=env, secrets=secrets or {})
    return err.value


# -- settings ---------------------------------------------------------------------------------
@pytest.mark.parametrize("env, variable, accepts", [
    ({"ASSISTANT_LLM_TIMEOUT": "abc"}, "ASSISTANT_LLM_TIMEOUT", "a number of seconds greater than 0"),
    ({"ASSISTANT_LLM_FIRST_TOKEN_TIMEOUT": "0"}, "ASSISTANT_LLM_FIRST_TOKEN_TIMEOUT", "greater than 0"),
    ({"ASSISTANT_LLM_DEADLINE": "-5"}, "ASSISTANT_LLM_DEADLINE", "a number of seconds greater than 0"),
    ({"ASSISTANT_LLM_MAX_RETRIES": "-1"}, "ASSISTANT_LLM_MAX_RETRIES", "a whole number from 0 to 10"),
    ({"ASSISTANT_LLM_MAX_TOKENS": "lots"}, "ASSISTANT_LLM_MAX_TOKENS", "a whole number from 16 to 32000"),
    ({"ASSISTANT_RATE_LIMIT_PER_MINUTE": "1.5"}, "ASSISTANT_RATE_LIMIT_PER_MINUTE", "a whole number, 0 or more"),
    ({"ASSISTANT_EMBEDDING_BACKEND": "gpu"}, "ASSISTANT_EMBEDDING_BACKEND", "onnx or torch"),
    ({"ASSISTANT_INDEX_NAMESPACE": "a b"}, "ASSISTANT_INDEX_NAMESPACE", "letters, digits"),
    ({"OPENAI_BASE_URL": "localhost:11434"}, "OPENAI_BASE_URL", "an http:// or https:// URL"),
    ({"ASSISTANT_ALLOWED_ORIGINS": "https://ok.example, portal.example"}, "ASSISTANT_ALLOWED_ORIGINS", "origins"),
])
def test_a_bad_value_names_the_variable_and_what_it_accepts(env, variable, accepts):
    error = config_error(env)
    assert error.field == variable
    assert f"{variable} accepts" in str(error) and accepts in str(error)
    assert repr(next(iter(env.values()))) in str(error)  # the value it got (these are not secrets)
    assert error.exit_code == 2 and error.http_status == 500


def test_every_bad_variable_is_named_at_once():
    error = config_error({"ASSISTANT_LLM_TIMEOUT": "abc", "ASSISTANT_LLM_MAX_RETRIES": "-1"})
    assert "ASSISTANT_LLM_TIMEOUT" in str(error) and "ASSISTANT_LLM_MAX_RETRIES" in str(error)


def test_secret_values_are_never_echoed():
    error = config_error({"ASSISTANT_DATABASE_URL": "oracle://app:hunter2@db/x"})
    assert "hunter2" not in str(error) and "ASSISTANT_DATABASE_URL accepts" in str(error)
    assert "sk-never" not in repr(Settings(openai_api_key="sk-never", api_token="sk-never", azure_api_key="sk-never"))


def test_defaults_blanks_and_the_older_timeout_name():
    settings = load_settings(env={"ASSISTANT_MODEL": "  ", "ASSISTANT_LLM_TIMEOUT": " 7 "}, secrets={})
    assert settings.model == DEFAULT_MODEL and settings.llm_timeout == 7 and settings.llm_deadline == 40
    both = load_settings(env={"ASSISTANT_LLM_TIMEOUT": "7", "ASSISTANT_LLM_FIRST_TOKEN_TIMEOUT": "3"}, secrets={})
    assert both.llm_timeout == 3  # the current name wins
    assert Settings().llm_timeout == 10 and Settings().model == DEFAULT_MODEL  # built in code: reads nothing


def test_secrets_toml_is_read_and_the_environment_wins(tmp_path):
    path = tmp_path / "secrets.toml"
    path.write_text('OPENAI_BASE_URL = "http://127.0.0.1:11434/v1"\nASSISTANT_LLM_DEADLINE = 25\n'
                    'ASSISTANT_MODEL = "from-secrets"\n[auth]\nredirect_uri = "x"\n')
    settings = load_settings(env={"ASSISTANT_MODEL": "from-env"}, secrets_file=path)
    assert settings.openai_base_url == "http://127.0.0.1:11434/v1" and settings.llm_deadline == 25
    assert settings.model == "from-env"
    assert read_secrets_file(tmp_path / "absent.toml") == {}


def test_a_bad_value_in_secrets_toml_says_so(tmp_path):
    path = tmp_path / "secrets.toml"
    path.write_text('ASSISTANT_LLM_MAX_RETRIES = -3\n')
    with pytest.raises(ConfigError, match=r"ASSISTANT_LLM_MAX_RETRIES in \.streamlit/secrets\.toml accepts"):
        load_settings(env={}, secrets_file=path)


def test_a_malformed_secrets_toml_stops_start_up_instead_of_meaning_offline(tmp_path):
    path = tmp_path / "secrets.toml"
    path.write_text('OPENAI_API_KEY = "sk-unterminated\n')
    with pytest.raises(ConfigError) as err:
        load_settings(env={}, secrets_file=path)
    assert "not valid TOML" in str(err.value) and "line 1" in str(err.value)


def test_the_about_table_comes_from_the_settings_and_the_readme_documents_each():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    rows = settings_table(Settings(openai_api_key="sk-hidden", llm_deadline=12))
    assert [r["variable"] for r in rows] == [f.json_schema_extra["env"] for f in Settings.model_fields.values()]
    by_name = {r["variable"]: r for r in rows}
    assert by_name["ASSISTANT_MODEL"]["default"] == DEFAULT_MODEL
    assert by_name["ASSISTANT_LLM_DEADLINE"]["set here"] == "yes" and by_name["ASSISTANT_MODEL"]["set here"] == ""
    assert "sk-hidden" not in json.dumps(rows)
    missing = [r["variable"] for r in rows if f"`{r['variable']}`" not in readme]
    assert not missing, f"README's configuration table lacks {missing}"


# -- one error tree ---------------------------------------------------------------------------
@pytest.mark.parametrize("error, status, code", [
    (InputError("bad", field="q"), 422, 2), (IntakeError("bad", field="use_case"), 422, 2),
    (PayloadTooLarge("big", field="body"), 413, 2), (ConfigError("bad", field="X"), 500, 2),
    (IndexUnavailable("down"), 503, 3), (StorageError("locked"), 503, 3), (ProviderError("slow"), 502, 3),
    (AssistantError("other"), 500, 3),
])
def test_each_error_carries_its_status_and_exit_code(error, status, code):
    from assistant.api import error_response

    response = error_response(error)
    assert (error.http_status, error.exit_code, response.status_code) == (status, code, status)
    assert json.loads(response.body)["error"] == error.as_dict()


def test_an_unexpected_exception_is_a_json_500_without_details():
    from assistant.api import INTERNAL_ERROR, error_response

    response = error_response(RuntimeError("secret internals"))
    assert response.status_code == 500 and json.loads(response.body) == {"error": {"message": INTERNAL_ERROR}}


@pytest.fixture
def bad_environment(monkeypatch):
    """The process environment with a bad setting and no shared Assistant yet."""
    for name, value in BAD_TIMEOUT.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr("assistant.config.SECRETS_FILE", PROJECT / "no-such-secrets.toml")
    runtime.reset_assistant()
    yield
    runtime.reset_assistant()


def test_the_api_answers_bad_configuration_with_json(bad_environment):
    from assistant.api import api_app

    client = TestClient(api_app(), client=("127.0.0.1", 5000), raise_server_exceptions=False)
    for response in (client.get("/api/v1/search", params={"q": "rag"}), client.post("/api/v1/ask", json={"question": "x"})):
        assert response.status_code == 500 and response.headers["content-type"].startswith("application/json")
        error = response.json()["error"]
        assert error["field"] == "ASSISTANT_LLM_TIMEOUT" and "a number of seconds" in error["message"]


def test_the_cli_exits_2_naming_the_variable(bad_environment, capsys):
    from assistant.cli import main

    assert main(["search", "hidden costs", "--json"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and err.startswith("error: bad configuration: ASSISTANT_LLM_TIMEOUT accepts")


def test_the_ui_shows_bad_configuration_instead_of_a_traceback(bad_environment):
    from streamlit.testing.v1 import AppTest

    for page in ("about.py", "chat.py"):
        at = AppTest.from_file(str(PROJECT / "assistant" / "ui" / page), default_timeout=60).run()
        assert not at.exception
        shown = " ".join(e.value for e in at.error).replace("\\", "")  # markdown escapes removed
        assert "ASSISTANT_LLM_TIMEOUT accepts" in shown, page


@pytest.mark.slow
def test_the_app_does_not_start_with_a_bad_setting(tmp_path):
    import socket
    import subprocess

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AZURE_OPENAI_", "ASSISTANT_"))}
    env.update(ASSISTANT_DATA_DIR=str(tmp_path), ASSISTANT_LLM_MAX_RETRIES="-1", STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    done = subprocess.run([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                           "--server.headless", "true", "--server.address", "127.0.0.1"],
                          cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "error: bad configuration: ASSISTANT_LLM_MAX_RETRIES accepts a whole number from 0 to 10" in done.stderr

"""One Settings object, built once from the environment and `.streamlit/secrets.toml`
(environment wins), validated by pydantic-settings, then passed down.

Nothing reads os.environ at import time, and `Settings(...)` built in code reads
nothing at all: only `load_settings()` looks at the environment and the secrets file.
A bad value stops start-up with a ConfigError that names the variable and what it
accepts. Each field carries its variable name, meaning and accepted values, so the
About page's table and the error messages come from this one place.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, EnvSettingsSource, NoDecode, SettingsConfigDict

from .errors import ConfigError
from .roles import parse_editors

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Limits that user-facing errors quote.
MAX_QUESTION_CHARS = 2000
MAX_USE_CASE_CHARS = 4000
MAX_BODY_BYTES = 1_000_000


DEFAULT_MODEL = "gpt-4.1-mini"  # the one place the default chat model is named
SECRETS_FILE = PROJECT_ROOT / ".streamlit" / "secrets.toml"
# Older names still accepted, mapped to the current variable.
LEGACY_NAMES = {"ASSISTANT_LLM_TIMEOUT": "ASSISTANT_LLM_FIRST_TOKEN_TIMEOUT"}

_URL = re.compile(r"https?://[^\s/]+(/\S*)?", re.IGNORECASE)
_ORIGIN = re.compile(r"https?://[^\s/]+", re.IGNORECASE)
_NAMESPACE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,40}")
_DATABASE_URL = re.compile(r"(sqlite(\+pysqlite)?|postgres(ql)?(\+psycopg)?)://", re.IGNORECASE)


def _setting(default: Any, env: str, meaning: str, accepts: str, shown: str | None = None, secret: bool = False,
             **constraints: Any) -> Any:
    """A field read from the variable `env`. `accepts` finishes "ENV accepts …" in error
    messages; `shown` is the default as the About page and README print it; a secret's
    value is never echoed, not even in an error."""
    return Field(default, validation_alias=AliasChoices(env), description=meaning, repr=not secret,
                 json_schema_extra={"env": env, "accepts": accepts, "shown_default": shown, "secret": secret},
                 **constraints)


class Settings(BaseSettings):
    """Everything configurable. Field names are what the code uses; each field's `env`
    is the variable (or top-level secrets.toml key) that sets it."""

    model_config = SettingsConfigDict(frozen=True, extra="ignore", validate_by_name=True, validate_by_alias=True,
                                      env_ignore_empty=True)

    openai_api_key: str | None = _setting(None, "OPENAI_API_KEY", "OpenAI key; enables model-written answers.",
                                          "an API key", "unset: offline", secret=True)
    openai_base_url: str | None = _setting(
        None, "OPENAI_BASE_URL", "Any OpenAI-compatible server (Ollama, vLLM, LM Studio); alone it enables the model.",
        "an http:// or https:// URL such as http://localhost:11434/v1", "unset")
    azure_endpoint: str | None = _setting(
        None, "AZURE_OPENAI_ENDPOINT", "Azure OpenAI endpoint (with AZURE_OPENAI_API_KEY and OPENAI_API_VERSION).",
        "an https:// URL such as https://NAME.openai.azure.com", "unset")
    azure_api_key: str | None = _setting(None, "AZURE_OPENAI_API_KEY", "Azure OpenAI key.", "an API key", "unset",
                                         secret=True)
    openai_api_version: str | None = _setting(None, "OPENAI_API_VERSION", "Azure OpenAI API version.",
                                              "a version string such as 2024-10-21", "2024-10-21 for Azure")
    model: str = _setting(DEFAULT_MODEL, "ASSISTANT_MODEL", "Chat model, or Azure deployment name.",
                          "a model or deployment name", min_length=1)
    llm_timeout: float = _setting(
        10.0, "ASSISTANT_LLM_FIRST_TOKEN_TIMEOUT",
        "Seconds each try waits for the model's first token before it retries (older name: ASSISTANT_LLM_TIMEOUT).",
        "a number of seconds greater than 0", gt=0)
    llm_deadline: float = _setting(
        40.0, "ASSISTANT_LLM_DEADLINE",
        "Seconds for a whole model answer, retries and tool rounds included; past it the offline answer is shown.",
        "a number of seconds greater than 0", gt=0)
    llm_max_retries: int = _setting(2, "ASSISTANT_LLM_MAX_RETRIES",
                                    "Retries after a timeout, 429 or 5xx (within the deadline) before the offline answer.",
                                    "a whole number from 0 to 10", ge=0, le=10)
    llm_max_tokens: int = _setting(1000, "ASSISTANT_LLM_MAX_TOKENS", "Most tokens the model may write for one answer.",
                                   "a whole number from 16 to 32000", ge=16, le=32000)
    embedding_model: str | None = _setting(None, "ASSISTANT_EMBEDDING_MODEL",
                                           "sentence-transformers model name or local path.", "a model name or path",
                                           "packaged all-MiniLM-L6-v2")
    embedding_backend: Literal["onnx", "torch"] = _setting(
        "onnx", "ASSISTANT_EMBEDDING_BACKEND", "onnx (packaged model on ONNX Runtime, same vectors) or torch.",
        "onnx or torch")
    data_dir: Path = _setting(PROJECT_ROOT / ".data", "ASSISTANT_DATA_DIR", "Index, encoder cache and the SQLite app database.",
                              "a directory path", ".data/")
    knowledge_dir: Path = _setting(PROJECT_ROOT / "knowledge", "ASSISTANT_KNOWLEDGE_DIR",
                                   "Framework sections and case notes.", "a directory path", "knowledge/")
    database_url: str | None = _setting(
        None, "ASSISTANT_DATABASE_URL",
        "App database (feedback, conversations, audit log); PostgreSQL lets several replicas share it.",
        "an SQLAlchemy URL: sqlite:///PATH or postgresql://USER:PASSWORD@HOST:PORT/DATABASE",
        "SQLite file app.db in the data dir", secret=True)
    chroma_url: str | None = _setting(None, "ASSISTANT_CHROMA_URL",
                                      "Use a Chroma server (http://host:port) instead of the embedded store.",
                                      "an http:// or https:// URL such as http://127.0.0.1:8000", "unset")
    index_namespace: str = _setting("fa", "ASSISTANT_INDEX_NAMESPACE",
                                    "Collection name prefix, so deployments can share one Chroma server.",
                                    "1-41 letters, digits, '-' or '_', starting with a letter or digit")
    api_token: str | None = _setting(None, "ASSISTANT_API_TOKEN", "Bearer token for /api/v1; unset means loopback only.",
                                     "a token", "unset", secret=True)
    allowed_origins: Annotated[tuple[str, ...], NoDecode] = _setting(
        (), "ASSISTANT_ALLOWED_ORIGINS", "Comma-separated portal origins allowed to call the API and frame the UI.",
        "comma-separated origins such as https://portal.example.com (scheme, host and port; no path)", "none")
    editors: Annotated[tuple[str, ...], NoDecode] = _setting(
        (), "ASSISTANT_EDITORS",
        "Who may edit knowledge and read feedback once sign-in ([auth]) is set up: emails or group/role claim values.",
        "comma-separated emails or claim values such as alice@example.com, kb-editors", "none: read-only")
    rate_limit_per_minute: int = _setting(120, "ASSISTANT_RATE_LIMIT_PER_MINUTE",
                                          "API requests per client per minute; 0 turns the limit off.",
                                          "a whole number, 0 or more", ge=0)

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings,
                                   file_secret_settings):
        """Only what the caller passes: reading the environment is load_settings' job."""
        return (init_settings,)

    # -- checks -------------------------------------------------------------------
    @model_validator(mode="before")
    @classmethod
    def _blank_is_unset(cls, data: Any) -> Any:
        """Surrounding spaces are dropped and a blank value means "not set", as before."""
        if not isinstance(data, dict):
            return data
        out = {}
        for key, value in data.items():
            if isinstance(value, str):
                value = value.strip()
                if not value:
                    continue
            out[key] = value
        return out

    @field_validator("embedding_backend", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.lower() if isinstance(value, str) else value

    @field_validator("openai_base_url", "azure_endpoint", "chroma_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not _URL.fullmatch(value):
            raise ValueError("not an http(s) URL")
        return value

    @field_validator("index_namespace")
    @classmethod
    def _namespace(cls, value: str) -> str:
        if not _NAMESPACE.fullmatch(value):
            raise ValueError("not a valid namespace")
        return value

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _origins(cls, value: Any) -> Any:
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)):
            return value
        origins = tuple(str(o).strip().rstrip("/") for o in items if str(o).strip())
        for origin in origins:
            if not _ORIGIN.fullmatch(origin):
                raise ValueError(f"{origin!r} is not an origin")
        return origins

    @field_validator("editors", mode="before")
    @classmethod
    def _editors(cls, value: Any) -> Any:
        return parse_editors(value) if isinstance(value, (str, list, tuple)) else value

    @field_validator("database_url")
    @classmethod
    def _database(cls, value: str | None) -> str | None:
        """postgres:// and postgresql:// mean psycopg 3, the driver we ship."""
        if value is None:
            return None
        if not _DATABASE_URL.match(value):
            raise ValueError("not a supported database URL")
        return re.sub(r"^postgres(ql)?(\+psycopg)?://", "postgresql+psycopg://", value, flags=re.IGNORECASE)

    # -- derived ------------------------------------------------------------------
    @property
    def llm_enabled(self) -> bool:
        return bool(self.openai_api_key or self.openai_base_url or self.azure_endpoint)

    @property
    def provider_name(self) -> str:
        if self.azure_endpoint:
            return "azure"
        if self.openai_base_url:
            return "openai-compatible"
        if self.openai_api_key:
            return "openai"
        return "offline"

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def cases_dir(self) -> Path:
        return self.knowledge_dir / "cases"

    @property
    def framework_dir(self) -> Path:
        return self.knowledge_dir / "framework"

    @property
    def db_url(self) -> str:
        """ASSISTANT_DATABASE_URL, else the SQLite file app.db in the data dir."""
        return self.database_url or f"sqlite:///{self.data_dir / 'app.db'}"

    def with_overrides(self, **changes) -> "Settings":
        """A copy with some fields changed (by field name), validated like the original."""
        try:
            return type(self).model_validate({**self.model_dump(), **changes})
        except ValidationError as exc:
            raise config_error(exc, {}) from None


# -- loading --------------------------------------------------------------------------
def _fields_by_env() -> dict[str, str]:
    return {f.json_schema_extra["env"]: name for name, f in Settings.model_fields.items()}


class _MappingEnvSource(EnvSettingsSource):
    """pydantic-settings' environment source over a given mapping (tests pass their own)."""

    def __init__(self, mapping: Mapping[str, str]):
        self._mapping = mapping
        super().__init__(Settings, case_sensitive=True, env_ignore_empty=True)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        return {k: v for k, v in self._mapping.items() if v != ""}


def read_secrets_file(path: Path | None = None) -> dict[str, Any]:
    """Top-level keys of `.streamlit/secrets.toml` that name one of our variables (tables
    such as Streamlit's own [auth] are left to Streamlit). A missing file is no secrets;
    a file that is not valid TOML is a ConfigError, never a silent "offline"."""
    path = path or SECRETS_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{_shown_path(path)} is not valid TOML ({exc}): fix it or remove it", field=str(path.name)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{_shown_path(path)} cannot be read ({type(exc).__name__}: {exc})", field=str(path.name)) from None
    known = set(_fields_by_env()) | set(LEGACY_NAMES)
    return {k: v for k, v in data.items() if k in known and not isinstance(v, dict)}


def _shown_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def _canonical(values: Mapping[str, Any], source: str, origin: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """Legacy names mapped to current ones; `origin` remembers where each value came from."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        name = LEGACY_NAMES.get(key, key)
        if name != key and name in values:
            continue  # the current name wins over the older one
        out[name] = value
        origin[name] = (source, key)
    return out


def load_settings(env: Mapping[str, str] | None = None, secrets: Mapping[str, Any] | None = None,
                  secrets_file: Path | None = None) -> Settings:
    """Settings from `env` (default: os.environ) over `secrets` (default: read from
    `secrets_file`, the project's `.streamlit/secrets.toml`). Raises ConfigError naming
    every bad variable."""
    env = os.environ if env is None else env
    origin: dict[str, tuple[str, str]] = {}
    from_secrets = _canonical(read_secrets_file(secrets_file) if secrets is None else dict(secrets), "secrets.toml",
                              origin)
    from_env = _canonical(_MappingEnvSource(_canonical(env, "environment", {}))(), "environment", origin)
    for name in from_env:
        origin[name] = ("environment", _original_env_name(env, name))
    try:
        return Settings(**{**from_secrets, **from_env})
    except ValidationError as exc:
        raise config_error(exc, origin) from None


def _original_env_name(env: Mapping[str, str], name: str) -> str:
    if name in env:
        return name
    return next((old for old, new in LEGACY_NAMES.items() if new == name and old in env), name)


def config_error(exc: ValidationError, origin: Mapping[str, tuple[str, str]]) -> ConfigError:
    """One line per bad variable: its name (as the user wrote it), what it accepts, what
    it got (never for secrets), and where it came from when that was secrets.toml."""
    fields = Settings.model_fields
    by_key = {**_fields_by_env(), **{name: name for name in fields}}
    problems: list[str] = []
    first: str | None = None
    for error in exc.errors():
        key = str(error["loc"][0]) if error["loc"] else ""
        name = by_key.get(key)
        if name is None:
            problems.append(error["msg"])
            continue
        extra = fields[name].json_schema_extra
        env_name = extra["env"]
        source, written = origin.get(env_name, ("", env_name))
        got = "" if extra["secret"] else f" (got {error.get('input')!r})"
        where = " in .streamlit/secrets.toml" if source == "secrets.toml" else ""
        problems.append(f"{written}{where} accepts {extra['accepts']}{got}")
        first = first or written
    return ConfigError("bad configuration: " + "; ".join(problems), field=first)


def settings_table(settings: Settings | None = None) -> list[dict[str, str]]:
    """The About page's table, from the fields themselves: variable, default, whether it
    is set here (yes/blank, never the value: some are secrets) and what it means."""
    rows = []
    for name, field in Settings.model_fields.items():
        extra = field.json_schema_extra
        default = extra["shown_default"] or _plain(field.default)
        is_set = settings is not None and getattr(settings, name) != field.default
        rows.append({"variable": extra["env"], "default": default, "set here": "yes" if is_set else "",
                     "meaning": field.description or ""})
    return rows


def _plain(value: Any) -> str:
    if value is None or value == ():
        return "unset"
    return f"{value:g}" if isinstance(value, float) else str(value)


def disable_telemetry() -> None:
    """Chroma, Hugging Face and Streamlit phone home by default; we never do."""
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")

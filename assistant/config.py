"""One Settings object, built once from the environment (and `.streamlit/secrets.toml`
for the app), then passed down. Nothing reads os.environ at import time."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Limits that user-facing errors quote.
MAX_QUESTION_CHARS = 2000
MAX_USE_CASE_CHARS = 4000
MAX_BODY_BYTES = 1_000_000


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS_TABLE = [
    Setting("OPENAI_API_KEY", "unset", "OpenAI key; enables model-written answers."),
    Setting("OPENAI_BASE_URL", "unset", "Any OpenAI-compatible server (Ollama, vLLM, LM Studio); alone it enables the model."),
    Setting("AZURE_OPENAI_ENDPOINT", "unset", "Azure OpenAI endpoint (with AZURE_OPENAI_API_KEY and OPENAI_API_VERSION)."),
    Setting("ASSISTANT_MODEL", "gpt-4.1-mini", "Chat model, or Azure deployment name."),
    Setting("ASSISTANT_LLM_TIMEOUT", "30", "Seconds before a model call is abandoned for the offline answer."),
    Setting("ASSISTANT_LLM_MAX_RETRIES", "2", "Retries after a timeout, 429 or 5xx before the offline answer."),
    Setting("ASSISTANT_EMBEDDING_MODEL", "packaged all-MiniLM-L6-v2", "sentence-transformers model name or local path."),
    Setting("ASSISTANT_EMBEDDING_BACKEND", "onnx", "onnx (packaged model on ONNX Runtime, same vectors) or torch."),
    Setting("ASSISTANT_DATA_DIR", ".data/", "Index and app database."),
    Setting("ASSISTANT_KNOWLEDGE_DIR", "knowledge/", "Framework sections and case notes."),
    Setting("ASSISTANT_CHROMA_URL", "unset", "Use a Chroma server (http://host:port) instead of the embedded store."),
    Setting("ASSISTANT_INDEX_NAMESPACE", "fa", "Collection name prefix, so deployments can share one Chroma server."),
    Setting("ASSISTANT_API_TOKEN", "unset", "Bearer token for /api/v1; unset means loopback only."),
    Setting("ASSISTANT_ALLOWED_ORIGINS", "none", "Comma-separated portal origins allowed to call the API and frame the UI."),
    Setting("ASSISTANT_RATE_LIMIT_PER_MINUTE", "120", "API requests per client per minute; 0 turns the limit off."),
]

_SECRET_KEYS = {s.name for s in SETTINGS_TABLE} | {"AZURE_OPENAI_API_KEY", "OPENAI_API_VERSION"}


@dataclass(frozen=True)
class Settings:
    knowledge_dir: Path = PROJECT_ROOT / "knowledge"
    data_dir: Path = PROJECT_ROOT / ".data"
    embedding_model: str | None = None  # None: the packaged all-MiniLM-L6-v2
    embedding_backend: str = "onnx"
    chroma_url: str | None = None
    index_namespace: str = "fa"
    openai_api_key: str | None = field(default=None, repr=False)
    openai_base_url: str | None = None
    azure_endpoint: str | None = None
    azure_api_key: str | None = field(default=None, repr=False)
    openai_api_version: str | None = None
    model: str = "gpt-4.1-mini"
    llm_timeout: float = 30.0
    llm_max_retries: int = 2
    api_token: str | None = field(default=None, repr=False)
    allowed_origins: tuple[str, ...] = ()
    rate_limit_per_minute: int = 120

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

    def with_overrides(self, **changes) -> "Settings":
        return replace(self, **changes)


def read_secrets_file(path: Path | None = None) -> dict[str, str]:
    """Top-level string values of `.streamlit/secrets.toml`, if it exists."""
    path = path or PROJECT_ROOT / ".streamlit" / "secrets.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, tomllib.TOMLDecodeError, OSError):
        return {}
    return {k: str(v) for k, v in data.items() if k in _SECRET_KEYS and not isinstance(v, dict)}


def load_settings(env: dict | None = None, secrets: dict | None = None) -> Settings:
    """Environment wins over secrets.toml; both are optional."""
    env = dict(os.environ if env is None else env)
    merged = {**(read_secrets_file() if secrets is None else secrets), **{k: v for k, v in env.items() if v}}

    def get(name: str) -> str | None:
        value = merged.get(name)
        return value.strip() if isinstance(value, str) and value.strip() else None

    data_dir = Path(get("ASSISTANT_DATA_DIR") or PROJECT_ROOT / ".data")
    knowledge_dir = Path(get("ASSISTANT_KNOWLEDGE_DIR") or PROJECT_ROOT / "knowledge")
    origins = tuple(o.strip().rstrip("/") for o in (get("ASSISTANT_ALLOWED_ORIGINS") or "").split(",") if o.strip())
    return Settings(
        knowledge_dir=knowledge_dir,
        data_dir=data_dir,
        embedding_model=get("ASSISTANT_EMBEDDING_MODEL"),
        embedding_backend=(get("ASSISTANT_EMBEDDING_BACKEND") or "onnx").lower(),
        chroma_url=get("ASSISTANT_CHROMA_URL"),
        index_namespace=_namespace(get("ASSISTANT_INDEX_NAMESPACE") or "fa"),
        openai_api_key=get("OPENAI_API_KEY"),
        openai_base_url=get("OPENAI_BASE_URL"),
        azure_endpoint=get("AZURE_OPENAI_ENDPOINT"),
        azure_api_key=get("AZURE_OPENAI_API_KEY"),
        openai_api_version=get("OPENAI_API_VERSION"),
        model=get("ASSISTANT_MODEL") or "gpt-4.1-mini",
        llm_timeout=float(get("ASSISTANT_LLM_TIMEOUT") or 30),
        llm_max_retries=_int(get("ASSISTANT_LLM_MAX_RETRIES"), 2, "ASSISTANT_LLM_MAX_RETRIES"),
        api_token=get("ASSISTANT_API_TOKEN"),
        allowed_origins=origins,
        rate_limit_per_minute=_int(get("ASSISTANT_RATE_LIMIT_PER_MINUTE"), 120, "ASSISTANT_RATE_LIMIT_PER_MINUTE"),
    )


def _namespace(value: str) -> str:
    import re

    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,40}", value):
        from .errors import InputError

        raise InputError(f"ASSISTANT_INDEX_NAMESPACE must be 1-41 letters, digits, '-' or '_' (got {value!r})",
                         field="ASSISTANT_INDEX_NAMESPACE")
    return value


def _int(value: str | None, default: int, name: str) -> int:
    if value is None:
        return default
    try:
        return max(0, int(value))
    except ValueError:
        from .errors import InputError

        raise InputError(f"{name} must be a whole number (got {value!r})", field=name) from None


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

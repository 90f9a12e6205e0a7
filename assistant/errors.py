"""Our own small error tree: callers catch these, never a dependency's exceptions.

Each class carries what every front needs to report it: `http_status` for the API,
`exit_code` for the CLI, and `as_dict()` for the JSON body (`{"message", "field"?}`).
The fronts translate the tree in one place each: the API's Starlette exception
handlers (`api.exception_handlers`), the CLI's `main`, and the UI's `ui.common.show_error`.
So a new error is added here, with its status and exit code, and nowhere else.
"""

EXIT_BAD_INPUT = 2  # DESIGN.md: bad input (and bad configuration) exits 2
EXIT_UNAVAILABLE = 3  # something the command needs is down: index, model files, database, model server


class AssistantError(Exception):
    """Base of every error this package raises on purpose."""

    http_status = 500
    exit_code = EXIT_UNAVAILABLE
    field: str | None = None
    summary = ""  # a lead-in the API puts before the message ("the index is unavailable: …")

    def as_dict(self) -> dict:
        message = f"{self.summary}: {self}" if self.summary else str(self)
        return {"message": message, **({"field": self.field} if self.field else {})}

    def headers(self) -> dict[str, str]:
        """Extra HTTP headers for the API response (e.g. Retry-After)."""
        return {}


class InputError(AssistantError):
    """A user-supplied value is unusable; `field` names it when there is one."""

    http_status = 422
    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str, field: str | None = None, allowed: list | None = None):
        super().__init__(message)
        self.field = field
        self.allowed = allowed

    def as_dict(self) -> dict:
        out = {"field": self.field or "input", "message": str(self)}
        if self.allowed:
            out["allowed"] = self.allowed
        return out


class PayloadTooLarge(InputError):
    """A request body over the limit: refused before it is read in full."""

    http_status = 413


class ConfigError(AssistantError):
    """A setting (environment variable or `.streamlit/secrets.toml` key) is unusable.

    Raised at start-up; the message names the variable and what it accepts. The API
    answers 500 (the server, not the caller, is misconfigured) and the CLI exits 2."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class KnowledgeError(AssistantError):
    """A knowledge file is malformed; names the file and the field."""

    http_status = 422
    exit_code = EXIT_BAD_INPUT

    def __init__(self, path: str, field: str, message: str):
        super().__init__(f"{path}: field '{field}': {message}")
        self.path = path
        self.field = field


class IntakeError(InputError):
    """Intake answers do not fit the schema."""


class ModelFileError(AssistantError):
    """The embedding model's files are missing or do not match their checksum."""


class IndexUnavailable(AssistantError):
    """The vector store cannot be reached (e.g. the Chroma server is down)."""

    http_status = 503
    summary = "the index is unavailable"


class ProviderError(AssistantError):
    """The chat model provider failed (timeout, 429, 5xx, broken stream, bad tool call).

    Normally never reaches a front: the service answers offline with a notice instead."""

    http_status = 502


class StorageError(AssistantError):
    """The app database (data_dir/app.db) cannot be read or written: corrupt, read-only,
    or locked. The message is short and says what to do; it names no server path."""

    http_status = 503


class IndexBusy(IndexUnavailable):
    """Another process holds the index writer lock for longer than we wait."""

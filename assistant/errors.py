"""Our own small error tree: callers catch these, never a dependency's exceptions.

The CLI, the API and the UI each translate this tree in one place
(exit code 2 / HTTP status / a visible message).
"""


class AssistantError(Exception):
    """Base of every error this package raises on purpose."""


class InputError(AssistantError):
    """A user-supplied value is unusable; `field` names it when there is one."""

    def __init__(self, message: str, field: str | None = None, allowed: list | None = None):
        super().__init__(message)
        self.field = field
        self.allowed = allowed

    def as_dict(self) -> dict:
        out = {"field": self.field or "input", "message": str(self)}
        if self.allowed:
            out["allowed"] = self.allowed
        return out


class KnowledgeError(AssistantError):
    """A knowledge file is malformed; names the file and the field."""

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


class ProviderError(AssistantError):
    """The chat model provider failed (timeout, 429, 5xx, broken stream, bad tool call)."""

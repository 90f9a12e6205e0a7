"""Adding a case note from the UI: validate, write to the cases folder, re-index.

The note is checked with the loader's own `parse_case_note`, so a file the page
accepts is a file the loader keeps; a refusal is a KnowledgeError naming file and field.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import yaml
from filelock import FileLock, Timeout

from .errors import KnowledgeError, StorageError
from .knowledge import MAX_NOTE_BYTES, CaseNote, KnowledgeBase, load_knowledge, parse_case_note
from .text import normalise

LOCK_WAIT_S = 60
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(title: str, limit: int = 40) -> str:
    slug = _NOT_SLUG.sub("-", title.lower()).strip("-")
    return slug[:limit].rstrip("-") or "note"


def file_name_for(case_id: str, title: str) -> str:
    return f"{slugify(case_id, 20)}-{slugify(title)}.md"


def next_case_id(kb: KnowledgeBase) -> str:
    numbers = [int(m.group(1)) for cid in kb.cases if (m := re.fullmatch(r"case-(\d+)", cid))]
    return f"case-{max(numbers, default=0) + 1:03d}"


def case_note_markdown(*, id: str, title: str, industry: str, requested: str, recommendation: str,
                       sections: list[str], outcome: str, body: str) -> str:
    """Form fields as a case-note file: YAML front matter, then the body."""
    meta = {"id": id.strip(), "title": title.strip(), "industry": industry.strip(), "requested": requested,
            "recommendation": recommendation, "sections": list(sections), "outcome": outcome.strip()}
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{front}---\n\n{body.strip()}\n"


FORM_LIMITS = {"title": 200, "industry": 100, "outcome": 2000}


def form_problems(*, id: str, title: str, industry: str, sections: list[str], outcome: str, body: str,
                  taken: set[str] = frozenset()) -> dict[str, str]:
    """Every problem with the add-a-case-note form at once, by field, in words a product
    owner understands; empty when the form is complete. The loader's own check still
    runs afterwards (size, number of passages)."""
    problems: dict[str, str] = {}
    case_id = id.strip()
    if not case_id:
        problems["id"] = "Give the note an id such as case-015."
    elif not re.fullmatch(r"case-\d{3,}", case_id):
        problems["id"] = f"The id must be 'case-' and at least three digits, such as case-015 (you wrote {case_id!r})."
    elif case_id in taken:
        problems["id"] = f"{case_id} is already used by another note or draft: pick another number."
    for field, label in (("title", "a title"), ("industry", "the industry"), ("outcome", "the outcome")):
        value = {"title": title, "industry": industry, "outcome": outcome}[field].strip()
        if not value:
            problems[field] = f"Add {label}."
        elif len(value) > FORM_LIMITS[field]:
            problems[field] = f"Keep {label} to {FORM_LIMITS[field]} characters (it has {len(value)})."
    if not sections:
        problems["sections"] = "Pick at least one framework section the recommendation rests on."
    if not body.strip():
        problems["body"] = "Describe the engagement: the situation, what was recommended and why, and the outcome."
    return problems


def decode_upload(name: str, data: bytes) -> str:
    if len(data) > MAX_NOTE_BYTES:
        raise KnowledgeError(name, "file", f"is {len(data)} bytes; a case note is at most {MAX_NOTE_BYTES} bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise KnowledgeError(name, "file", f"not UTF-8 text ({exc.reason})") from None


def add_case_note(assistant, text: str, display: str, progress=None) -> tuple[CaseNote, Path, object]:
    """Validate `text`, write it as cases/<id>-<slug>.md, reload the knowledge base and
    sync the index. Returns (note, path, sync report); raises KnowledgeError.

    Limits and checks are the loader's own (`parse_case_note`), so the form, an upload
    and a file dropped in the folder are held to the same size and passage limits. The
    id check and the write happen under one lock against the folder as it is on disk,
    and the file is created exclusively: of two adds with the same id, one is refused."""
    text = normalise(text, "note")
    note = parse_case_note(text, display)
    cases_dir = Path(assistant.settings.cases_dir)
    cases_dir.mkdir(parents=True, exist_ok=True)
    path = cases_dir / file_name_for(note.id, note.title)
    with _notes_lock(assistant.settings):
        existing = load_knowledge(Path(assistant.settings.knowledge_dir)).cases.get(note.id)
        if existing is not None:
            raise KnowledgeError(display, "id", f"{note.id!r} is already used by {existing.file}; pick another id")
        _create_exclusively(path, text if text.endswith("\n") else text + "\n", display)
        kb = assistant.reload_knowledge()
        if note.id not in kb.cases:  # the loader disagreed after all: undo rather than leave a skipped file
            path.unlink(missing_ok=True)
            assistant.reload_knowledge()
            problem = next((p for p in kb.problems if p.path.endswith(path.name)), None)
            raise problem or KnowledgeError(display, "id", "the knowledge loader did not accept the saved note")
    report = assistant.sync_index(progress=progress)
    return kb.cases[note.id], path, report


def _notes_lock(settings) -> FileLock:
    """One writer of the cases folder at a time, across processes (the lock file lives in the data dir)."""
    return _Waiting(FileLock(Path(settings.data_dir) / "locks" / "case-notes.lock", timeout=LOCK_WAIT_S))


class _Waiting:
    """The lock as a context manager whose timeout is our error, not filelock's."""

    def __init__(self, lock: FileLock):
        self.lock = lock

    def __enter__(self):
        try:
            Path(self.lock.lock_file).parent.mkdir(parents=True, exist_ok=True)
            self.lock.acquire()
        except Timeout:
            raise StorageError(f"another case note is being added; try again in a minute (waited {LOCK_WAIT_S} s)") from None
        except OSError as exc:
            raise StorageError(f"cannot take the case-note lock ({exc.strerror or type(exc).__name__}): "
                               "make the data directory writable") from None
        return self

    def __exit__(self, *exc):
        self.lock.release()


def _create_exclusively(path: Path, text: str, display: str) -> None:
    """Write a temp file, then hard-link it into place: the note appears whole or not at
    all, and an existing file of that name is never replaced."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:  # no hard links on this file system: an O_EXCL create is still exclusive
            with open(path, "x", encoding="utf-8") as handle:
                handle.write(text)
    except FileExistsError:
        raise KnowledgeError(display, "id", f"a file named {path.name} already exists in the cases folder") from None
    finally:
        Path(tmp).unlink(missing_ok=True)

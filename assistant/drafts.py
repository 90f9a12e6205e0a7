"""Case notes written in the UI are drafts until an editor publishes them.

A draft is a file `<case-id>.md` in `<data dir>/drafts/`, outside the knowledge folder,
so the loader and the index never see it: only a published note is indexed. Publishing
copies the draft's exact bytes into `knowledge/cases/` (a temp file hard-linked into
place: the note appears whole or not at all), unpublishing moves it back, deleting
removes a draft. Every change takes the case-note lock (one writer across processes)
and writes an audit entry (who, what, which file, its sha256) *before* the file
changes, so no published note ever lacks an entry. A crash between the entry and the
file change leaves the old state and an entry the editor can repeat; repeating is
safe, because a publish or unpublish whose result is already on disk just finishes.

Indexing is the caller's step (`Assistant.sync_index` after `reload_knowledge`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .audit import AuditLog
from .case_notes import _create_exclusively, _notes_lock, file_name_for
from .errors import KnowledgeError
from .knowledge import CaseNote, load_knowledge, parse_case_note
from .text import normalise

_DRAFT_NAME = re.compile(r"case-\d{3,}")


def sha256_hex(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


@dataclass(frozen=True)
class Draft:
    """One draft as stored: its parsed note (as the loader would see it once
    published), the exact text and that text's hash."""

    note: CaseNote
    text: str
    sha256: str
    path: Path

    @property
    def id(self) -> str:
        return self.note.id

    @property
    def published_name(self) -> str:
        return file_name_for(self.note.id, self.note.title)


@dataclass(frozen=True)
class Published:
    note: CaseNote
    path: Path
    sha256: str


class DraftStore:
    """Drafts, publishing and unpublishing for one deployment's settings; every change
    is written to `audit` with the actor's name."""

    def __init__(self, settings, audit: AuditLog):
        self.settings = settings
        self.audit = audit
        self.dir = Path(settings.data_dir) / "drafts"
        self.knowledge_dir = Path(settings.knowledge_dir)
        self.cases_dir = Path(settings.cases_dir)

    # -- reading ------------------------------------------------------------------
    def drafts(self) -> list[Draft]:
        """Every readable draft, by id. A draft file that no longer parses (edited on
        disk) is skipped here and reported by `problems`."""
        return [d for d in (self._read(p) for p in self._draft_paths()) if isinstance(d, Draft)]

    def problems(self) -> list[KnowledgeError]:
        return [d for d in (self._read(p) for p in self._draft_paths()) if isinstance(d, KnowledgeError)]

    def get(self, case_id: str) -> Draft | None:
        if not _DRAFT_NAME.fullmatch(case_id or ""):
            return None
        found = self._read(self.dir / f"{case_id}.md")
        return found if isinstance(found, Draft) else None

    def published(self) -> dict[str, Published]:
        """Notes in the cases folder, by id, with their file and hash."""
        kb = load_knowledge(self.knowledge_dir)
        out = {}
        for note in kb.cases.values():
            path = self.knowledge_dir.parent / note.file
            try:
                out[note.id] = Published(note, path, sha256_hex(path.read_bytes()))
            except OSError:
                continue
        return out

    def next_id(self) -> str:
        """The next free case-NNN across published notes and drafts."""
        ids = list(load_knowledge(self.knowledge_dir).cases) + [p.stem for p in self._draft_paths()]
        numbers = [int(m.group(1)) for cid in ids if (m := re.fullmatch(r"case-(\d+)", cid))]
        return f"case-{max(numbers, default=0) + 1:03d}"

    # -- changing -----------------------------------------------------------------
    def save(self, text: str, display: str, actor: str) -> Draft:
        """Validate `text` as the loader would and store it as a new draft. An id that
        is already a draft or a published note is refused."""
        text = normalise(text, "note")
        text = text if text.endswith("\n") else text + "\n"
        note = parse_case_note(text, display)
        with _notes_lock(self.settings):
            existing = load_knowledge(self.knowledge_dir).cases.get(note.id)
            if existing is not None:
                raise KnowledgeError(display, "id", f"{note.id} is already published as {existing.file}; pick another id")
            self.dir.mkdir(parents=True, exist_ok=True)
            path = self.dir / f"{note.id}.md"
            if path.exists():
                raise KnowledgeError(display, "id", f"{note.id} is already a draft; publish or delete it, or pick another id")
            digest = sha256_hex(text)
            self.audit.record(actor, "case_note.drafted", note.id, {"file": path.name, "sha256": digest})
            _create_exclusively(path, text, display)
        return Draft(parse_case_note(text, self._published_display(note)), text, digest, path)

    def publish(self, case_id: str, actor: str) -> Published:
        """Copy the draft's bytes into the cases folder, then remove the draft."""
        with _notes_lock(self.settings):
            draft = self._existing_draft(case_id)
            target = self.cases_dir / draft.published_name
            already = load_knowledge(self.knowledge_dir).cases.get(draft.id)
            if already is not None:
                path = self.knowledge_dir.parent / already.file
                if path.is_file() and sha256_hex(path.read_bytes()) == draft.sha256:  # an interrupted publish: finish it
                    draft.path.unlink(missing_ok=True)
                    return Published(already, path, draft.sha256)
                raise KnowledgeError(f"drafts/{draft.path.name}", "id",
                                     f"{draft.id} is already published as {already.file}; unpublish that first")
            self.audit.record(actor, "case_note.published", draft.id,
                              {"file": f"{self.cases_dir.name}/{target.name}", "sha256": draft.sha256})
            self.cases_dir.mkdir(parents=True, exist_ok=True)
            _create_exclusively(target, draft.text, draft.published_name)
            draft.path.unlink(missing_ok=True)
            note = parse_case_note(draft.text, self._published_display(draft.note))
        return Published(note, target, draft.sha256)

    def unpublish(self, case_id: str, actor: str) -> Draft:
        """Move a published note back to the drafts: it leaves the index at the next sync."""
        with _notes_lock(self.settings):
            current = self.published().get(case_id)
            if current is None:
                raise KnowledgeError(case_id, "id", f"{case_id} is not a published case note")
            text = current.path.read_bytes().decode("utf-8")
            self.dir.mkdir(parents=True, exist_ok=True)
            path = self.dir / f"{case_id}.md"
            if path.exists() and sha256_hex(path.read_bytes()) != current.sha256:
                raise KnowledgeError(f"drafts/{path.name}", "id",
                                     f"a different draft of {case_id} exists; delete it before unpublishing")
            if not path.exists():
                _create_exclusively(path, text, f"drafts/{path.name}")
            self.audit.record(actor, "case_note.unpublished", case_id,
                              {"file": f"{self.cases_dir.name}/{current.path.name}", "sha256": current.sha256})
            current.path.unlink()
        return Draft(parse_case_note(text, f"drafts/{path.name}"), text, current.sha256, path)

    def delete(self, case_id: str, actor: str) -> None:
        """Remove a draft (a published note is unpublished first)."""
        with _notes_lock(self.settings):
            draft = self._existing_draft(case_id)
            self.audit.record(actor, "case_note.deleted", case_id, {"file": f"drafts/{draft.path.name}",
                                                                    "sha256": draft.sha256})
            draft.path.unlink()

    # -- helpers ------------------------------------------------------------------
    def _draft_paths(self) -> list[Path]:
        if not self.dir.is_dir():
            return []
        return sorted(p for p in self.dir.glob("case-*.md") if _DRAFT_NAME.fullmatch(p.stem))

    def _read(self, path: Path) -> Draft | KnowledgeError | None:
        display = f"drafts/{path.name}"
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            return KnowledgeError(display, "file", f"cannot be read ({exc.strerror or type(exc).__name__})")
        try:
            text = data.decode("utf-8")
            note = parse_case_note(text, display)
        except UnicodeDecodeError as exc:
            return KnowledgeError(display, "file", f"not UTF-8 text ({exc.reason})")
        except KnowledgeError as exc:
            return exc
        if note.id != path.stem:
            return KnowledgeError(display, "id", f"says {note.id!r} but the draft file is named {path.name}")
        return Draft(note, text, sha256_hex(data), path)

    def _existing_draft(self, case_id: str) -> Draft:
        draft = self.get(case_id)
        if draft is None:
            raise KnowledgeError(f"drafts/{case_id}.md", "id", f"there is no readable draft {case_id!r}")
        return draft

    def _published_display(self, note: CaseNote) -> str:
        return f"{self.knowledge_dir.name}/{self.cases_dir.name}/{file_name_for(note.id, note.title)}"


def knowledge_sha256(knowledge_dir: Path) -> str:
    """One hash over every markdown file the loader reads (name and bytes), for the
    audit entry of a re-index: which knowledge the index was built from."""
    digest = hashlib.sha256()
    root = Path(knowledge_dir)
    for path in sorted([*root.glob("framework/*.md"), *root.glob("cases/*.md")]):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


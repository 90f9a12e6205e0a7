"""Load and validate the knowledge base: framework sections and case notes.

A malformed file is reported by file and field and skipped; the rest still loads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import frontmatter
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import KnowledgeError
from .labels import FRAMEWORK_IDS, RECOMMENDATION_LABELS, RECOMMENDATIONS, Recommendation  # noqa: F401 - re-exported

CASE_ID_PATTERN = r"^case-\d{3,}$"
_HEADING = re.compile(r"^#{1,6} +", re.MULTILINE)

# Limits on a case note, the same for every way in (file in the folder, upload, form).
MAX_NOTE_BYTES = 100_000
MAX_NOTE_PASSAGES = 400  # sentences it adds to the sentence index (a sample note has 12-17)
MAX_YAML_ALIASES = 16  # front matter needs none; a "billion laughs" bomb needs dozens


class _LimitedLoader(yaml.SafeLoader):
    """SafeLoader that refuses front matter with more than MAX_YAML_ALIASES aliases."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self._aliases = getattr(self, "_aliases", 0) + 1
            if self._aliases > MAX_YAML_ALIASES:
                raise yaml.YAMLError(f"more than {MAX_YAML_ALIASES} YAML aliases (*name): refused as a possible alias bomb")
        return super().compose_node(parent, index)


class _LimitedYAML(frontmatter.YAMLHandler):
    def load(self, fm: str, **kwargs):
        return yaml.load(fm, Loader=_LimitedLoader)  # noqa: S506 - a SafeLoader subclass


def read_data_file(path: Path, default: Path) -> tuple[object, str]:
    """A YAML data file of the project (intake rules, cost items) and the name its errors
    show; unreadable or malformed, it is a KnowledgeError naming the file. Aliases are
    limited here too."""
    display = path.name if path == default else str(path)
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LimitedLoader), display  # noqa: S506
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(display, "file", str(exc).splitlines()[0]) from None


class Section(BaseModel):
    """One framework section; `text` is the article's own wording (headings unmarked)."""

    model_config = ConfigDict(frozen=True)
    id: str
    label: str
    title: str
    order: int
    source: Literal["framework"] = "framework"
    text: str
    file: str
    keywords: str = ""  # other words for this section's ideas: they help search, never quoted
    children: tuple[str, ...] = ()  # sub-sections a heading-only parent (such as §2) stands for


class CaseNote(BaseModel):
    """One consultancy engagement record (an illustrative sample until replaced)."""

    model_config = ConfigDict(frozen=True, extra="allow")
    id: str = Field(pattern=CASE_ID_PATTERN)
    title: str = Field(min_length=1, max_length=200)
    industry: str = Field(min_length=1, max_length=100)
    requested: str = Field(min_length=1, max_length=200)
    recommendation: Recommendation
    sections: list[str] = Field(min_length=1)
    outcome: str = Field(min_length=1, max_length=2000)
    sample: bool = False
    source: Literal["case"] = "case"
    text: str = ""
    file: str = ""

    @field_validator("sections")
    @classmethod
    def _sections_exist(cls, value: list[str]) -> list[str]:
        unknown = [s for s in value if s not in FRAMEWORK_IDS]
        if unknown:
            raise ValueError(f"unknown section id(s) {unknown}; allowed: {', '.join(FRAMEWORK_IDS)}")
        return value

    @property
    def label(self) -> str:
        return f"Case {self.id.split('-', 1)[1]}: {self.title}"

    @property
    def keywords(self) -> str:
        return self.industry


@dataclass
class KnowledgeBase:
    sections: dict[str, Section] = field(default_factory=dict)
    cases: dict[str, CaseNote] = field(default_factory=dict)
    problems: list[KnowledgeError] = field(default_factory=list)

    def get(self, source_id: str) -> Section | CaseNote | None:
        return self.sections.get(source_id) or self.cases.get(source_id)

    def documents(self) -> list[Section | CaseNote]:
        return [*sorted(self.sections.values(), key=lambda s: s.order), *self.cases.values()]


def asked_and_given(documents, asked_for: str, given: str) -> list[str]:
    """The case notes, by id, whose client asked for one approach and was given another."""
    return sorted(d.id for d in documents if d.source == "case" and d.requested == asked_for and d.recommendation == given)


def cases_given(documents, given: str) -> list[str]:
    """The case notes, by id, whose client was given this approach, whatever it asked for."""
    return sorted(d.id for d in documents if d.source == "case" and d.recommendation == given)


def plain_text(markdown_body: str) -> str:
    """The body as readers quote it: heading markers dropped, wording untouched."""
    return _HEADING.sub("", markdown_body).strip()


def _parse_front_matter(raw: str, display: str) -> frontmatter.Post:
    if not raw.lstrip().startswith("---"):
        raise KnowledgeError(display, "front matter", "missing: the file must start with a '---' YAML block")
    try:
        post = frontmatter.loads(raw, handler=_LimitedYAML())
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "invalid YAML"
        raise KnowledgeError(display, "front matter", f"invalid YAML ({first})") from None
    if not isinstance(post.metadata, dict) or not post.metadata:
        raise KnowledgeError(display, "front matter", "empty: needs id, title, industry, requested, recommendation, sections, outcome")
    return post


def _first_error(display: str, exc: ValidationError) -> KnowledgeError:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"]) or "front matter"
    message = err["msg"]
    if err["type"] == "missing":
        message = "is required"
    elif err["type"] == "literal_error":
        message = f"must be one of {', '.join(RECOMMENDATIONS)} (got {err.get('input')!r})"
    elif err["type"] == "string_pattern_mismatch":
        message = f"must look like case-NNN (got {err.get('input')!r})"
    return KnowledgeError(display, where, message)


def _check_note_size(text: str, display: str) -> None:
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_NOTE_BYTES:
        raise KnowledgeError(display, "file", f"is {size} bytes; a case note is at most {MAX_NOTE_BYTES} bytes")


def _check_note_passages(note: "CaseNote", display: str) -> None:
    """A note may add at most MAX_NOTE_PASSAGES sentence passages to the index (its
    chunks, which pack whole sentences, are never more than its sentences)."""
    from .chunking import document_sentences

    passages = len(document_sentences(note))
    if passages > MAX_NOTE_PASSAGES:
        raise KnowledgeError(display, "body", f"would add {passages} passages to the index; a case note adds at most "
                             f"{MAX_NOTE_PASSAGES}: shorten it or split it into several notes")


def parse_case_note(text: str, display: str) -> CaseNote:
    """Validate one case note given as text (used by the loader, the upload and the form):
    size, front matter, fields, then the number of passages it would add."""
    _check_note_size(text, display)
    post = _parse_front_matter(text, display)
    meta = {k: v for k, v in post.metadata.items() if k not in ("text", "file", "source")}
    body = plain_text(post.content)
    if not body:
        raise KnowledgeError(display, "body", "is empty: describe the engagement below the front matter")
    try:
        note = CaseNote(**meta, text=body, file=display)
    except ValidationError as exc:
        raise _first_error(display, exc) from None
    except TypeError as exc:
        raise KnowledgeError(display, "front matter", str(exc)) from None
    _check_note_passages(note, display)
    return note


def _load_section(path: Path, display: str) -> Section:
    post = _parse_front_matter(path.read_text(encoding="utf-8"), display)
    meta = dict(post.metadata)
    sid = meta.get("id")
    if sid not in FRAMEWORK_IDS:
        raise KnowledgeError(display, "id", f"must be one of {', '.join(FRAMEWORK_IDS)} (got {sid!r})")
    try:
        return Section(
            id=sid, label=meta.get("label") or sid, title=meta.get("title") or sid,
            order=int(meta.get("order", 99)), text=plain_text(post.content), file=display,
            keywords=str(meta.get("keywords") or ""),
            children=tuple(c for c in (meta.get("children") or []) if c in FRAMEWORK_IDS),
        )
    except (ValidationError, ValueError) as exc:
        raise KnowledgeError(display, "front matter", str(exc).splitlines()[0]) from None


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _collect(paths, root: Path, parse, target: dict, problems: list) -> None:
    """Parse each file into `target` by id; a bad or duplicate file becomes a problem."""
    for path in paths:
        display = _display(path, root)
        try:
            doc = parse(path, display)
        except UnicodeDecodeError as exc:
            problems.append(KnowledgeError(display, "file", f"not UTF-8 text ({exc.reason})"))
            continue
        except KnowledgeError as exc:
            problems.append(exc)
            continue
        if doc.id in target:
            problems.append(KnowledgeError(display, "id", f"duplicate id {doc.id!r} (also in {target[doc.id].file})"))
            continue
        target[doc.id] = doc


def _load_case_note(path: Path, display: str) -> CaseNote:
    size = path.stat().st_size
    if size > MAX_NOTE_BYTES:  # refused before it is read into memory
        raise KnowledgeError(display, "file", f"is {size} bytes; a case note is at most {MAX_NOTE_BYTES} bytes")
    return parse_case_note(path.read_text(encoding="utf-8"), display)


def load_knowledge(knowledge_dir: Path) -> KnowledgeBase:
    """Every valid file under framework/ and cases/; problems collected, never raised."""
    kb = KnowledgeBase()
    _collect(sorted((knowledge_dir / "framework").glob("*.md")), knowledge_dir, _load_section, kb.sections, kb.problems)
    notes = [p for p in sorted((knowledge_dir / "cases").glob("*.md")) if p.name.lower() != "readme.md"]
    _collect(notes, knowledge_dir, _load_case_note, kb.cases, kb.problems)
    return kb

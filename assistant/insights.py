"""The knowledge-gap report: which questions the knowledge fails, grouped by meaning,
so the team knows which case notes to write next. Also the ratings-over-time series
and the audited feedback export behind the editors' Insights page.

Pure over plain rows: the encoder (texts → normalised vectors) and the search
(question → nearest section id) are passed in, so the grouping is tested with the
real embedding model and no Streamlit.

Grouping (`group_by_meaning`) is the "community detection" of sentence-transformers'
`util.community_detection`, in numpy: with every pair's cosine similarity at hand,
each question's neighbours are those at least `threshold` alike (itself included).
The question with the most neighbours leads the first group and takes all of them;
then the next question with the most neighbours among those not yet taken, and so
on. Every member is therefore close to its group's leader (a group never chains
through a series of small steps into a different topic), a question belongs to one
group only, and ties break by order of arrival, so the same rows always give the same
groups. It needs no number of groups up front, and costs one n×n product: the input
is capped at MAX_ITEMS (the newest).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

MAX_ITEMS = 2000  # the newest refusals and thumbs-down: a 2000² similarity matrix is 16 MB
SIMILARITY_THRESHOLD = 0.4  # all-MiniLM-L6-v2: rewordings of one question score 0.5-0.8, unrelated ones below 0.25
EXAMPLES = 3


@dataclass(frozen=True)
class GapQuestion:
    """One question the knowledge did not serve: refused, or answered and rated down."""

    question: str
    kind: str  # "refused" | "rated_down"
    created_at: str
    reason: str | None = None  # a thumbs-down's reason (feedback.REASONS)
    comment: str = ""
    sections: tuple[str, ...] = ()  # cited by the answer, or the nearest when refused


@dataclass
class GapGroup:
    """Questions alike in meaning, most typical first."""

    questions: list[GapQuestion]
    nearest_section: str = ""
    label: str = ""  # the nearest section's title, for people
    kinds: dict[str, int] = field(default_factory=dict)
    reasons: dict[str, int] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.questions)

    @property
    def lead(self) -> str:
        return self.questions[0].question

    def examples(self, limit: int = EXAMPLES) -> list[str]:
        """Up to `limit` different wordings (case and spacing ignored), most typical first."""
        seen: dict[str, str] = {}
        for q in self.questions:
            seen.setdefault(" ".join(q.question.casefold().split()), q.question)
        return list(seen.values())[:limit]


def gap_questions(refusals: Sequence[dict], feedback: Sequence[dict], limit: int = MAX_ITEMS) -> list[GapQuestion]:
    """Refusal rows and the thumbs-down rows of the feedback, oldest first, the newest `limit`."""
    items = [GapQuestion(r["question"], "refused", r["created_at"],
                         sections=(r["nearest_section"],) if r.get("nearest_section") else ()) for r in refusals]
    for row in feedback:
        if row.get("rating") != "down" or not (row.get("question") or "").strip():
            continue
        cited = tuple(dict.fromkeys(c.get("section_id", "") for c in json.loads(row.get("citations_json") or "[]")
                                    if isinstance(c, dict) and c.get("section_id")))
        items.append(GapQuestion(row["question"], "rated_down", row["created_at"], row.get("reason"),
                                 row.get("comment") or "", cited))
    items.sort(key=lambda q: q.created_at)  # a stable sort: same-second rows keep their input order
    return items[-limit:] if limit else items


def group_by_meaning(vectors: np.ndarray, threshold: float = SIMILARITY_THRESHOLD) -> list[list[int]]:
    """Indices of `vectors` in groups (see the module docstring), biggest group first; in
    a group the leader first, then the rest by similarity to it."""
    n = len(vectors)
    if n == 0:
        return []
    x = np.asarray(vectors, dtype=np.float32)
    x = x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
    similarity = x @ x.T
    near = similarity >= threshold
    np.fill_diagonal(near, True)
    counts = near.sum(axis=1)
    closeness = np.where(near, similarity, 0.0).sum(axis=1) / counts
    order = sorted(range(n), key=lambda i: (-int(counts[i]), -round(float(closeness[i]), 6), i))
    taken = np.zeros(n, dtype=bool)
    groups: list[list[int]] = []
    for leader in order:
        if taken[leader]:
            continue
        members = [int(j) for j in np.flatnonzero(near[leader] & ~taken)]
        members.sort(key=lambda j: (j != leader, -round(float(similarity[leader, j]), 6), j))
        taken[members] = True
        groups.append(members)
    groups.sort(key=lambda g: (-len(g), min(g)))
    return groups


def knowledge_gaps(items: Sequence[GapQuestion], encode: Callable[[list[str]], np.ndarray],
                   nearest: Callable[[str], tuple[str, str]] | None = None,
                   threshold: float = SIMILARITY_THRESHOLD, look_up: int = 50) -> list[GapGroup]:
    """The report: `items` grouped by meaning, biggest group first. `encode` gives one
    vector per text; `nearest(question)` gives (section id, title) of the index's best
    match for a group's lead question, looked up for the first `look_up` groups (one
    search each: the long tail of one-off questions is not worth a search apiece)."""
    if not items:
        return []
    vectors = encode([q.question for q in items])
    groups = []
    for rank, members in enumerate(group_by_meaning(vectors, threshold)):
        questions = [items[i] for i in members]
        group = GapGroup(questions, kinds=dict(Counter(q.kind for q in questions)),
                         reasons=dict(Counter(q.reason for q in questions if q.reason)))
        if nearest is not None and rank < look_up:
            group.nearest_section, group.label = nearest(group.lead)
        groups.append(group)
    return groups


def ratings_by_day(feedback: Sequence[dict]) -> list[dict]:
    """`[{"day": "2026-11-26", "up": 3, "down": 1}, …]`, one entry per day that has
    ratings, oldest first (created_at is ISO 8601 UTC, so its first ten characters are the day)."""
    days: dict[str, Counter] = {}
    for row in feedback:
        days.setdefault(str(row["created_at"])[:10], Counter())[row["rating"]] += 1
    return [{"day": day, "up": counts["up"], "down": counts["down"]} for day, counts in sorted(days.items())]


def draft_from_group(group: GapGroup, framework_ids: Sequence[str] = ()) -> dict:
    """Case-note form fields pre-filled from a group: its questions become the note's
    situation, its nearest framework section its first section. The editor writes the
    rest: what was recommended, and the outcome."""
    asked = "\n".join(f"- {q}" for q in group.examples(5))
    sections = [group.nearest_section] if group.nearest_section in framework_ids else []
    title = group.lead if len(group.lead) <= 80 else group.lead[:80].rsplit(" ", 1)[0] + "…"
    body = (f"## Situation\n\nReaders asked this {group.size} time{'s' if group.size != 1 else ''} and the "
            f"assistant could not answer well. For example:\n\n{asked}\n\n"
            "## What we recommended and why\n\n(Write what the team recommends for this question, and why.)\n\n"
            "## Outcome\n\n(What happened, or what the reader should expect.)")
    return {"title": title, "sections": sections, "body": body, "outcome": ""}


def export_feedback(store, audit, actor: str) -> str:
    """The feedback CSV (cells made inert: feedback.inert_cell), with the export written
    to the audit log first: no export leaves without its entry."""
    rows = store.count()
    audit.record(actor, "feedback.exported", "feedback.csv", {"rows": rows})
    return store.export_csv()

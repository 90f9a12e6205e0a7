"""Insights (editors only): the knowledge-gap report, ratings over time, and the
feedback export. The logic is assistant/insights.py; this page arranges it."""

import hashlib

import streamlit as st

from assistant.audit import AuditLog
from assistant.errors import AssistantError
from assistant.feedback import REASONS
from assistant.insights import (
    draft_from_group,
    export_feedback,
    gap_questions,
    knowledge_gaps,
    ratings_by_day,
)
from assistant.labels import FRAMEWORK_IDS
from assistant.refusals import RefusalStore
from assistant.ui.access import require_editor
from assistant.ui.common import assistant_ready, error_message, inert
from assistant.ui.feedback_views import feedback_store

# The case-note form the "Draft a case note" button fills in: its page, tab and widget keys
# (assistant/ui/knowledge.py). Saving it makes a draft, published from the Drafts page.
DRAFT_FORM_PAGE = "knowledge.py"
DRAFT_FORM_TAB = ("knowledge-tab", "Add a case note")
FORM_KEYS = {"title": "case-title", "sections": "case-sections", "outcome": "case-outcome", "body": "case-body"}
SHOWN_GROUPS = 30

viewer = require_editor("view insights")  # first, on every run: nothing below runs for anyone else

st.title("Insights")
st.caption("What readers could not get from the knowledge, so the team knows which case notes to write next.")
assistant = assistant_ready()


@st.cache_data(ttl=300, max_entries=4, show_spinner="Grouping questions by meaning…")
def gap_report(items: tuple) -> list:
    """Grouped once per distinct set of questions (new rows make a new set)."""
    def nearest(question: str) -> tuple[str, str]:
        hits = assistant.passages(question, k=1)
        return (hits[0].section_id, hits[0].chunk.label) if hits else ("", "")

    return knowledge_gaps(list(items), assistant.embedder.encode, nearest, look_up=SHOWN_GROUPS)


def start_draft(fields: dict) -> None:
    """Pre-fill the case-note form and go there: the editor finishes the note (what was
    recommended, the outcome) and saves it as a draft like any other."""
    for field, key in FORM_KEYS.items():
        st.session_state[key] = fields[field]
    st.session_state[DRAFT_FORM_TAB[0]] = DRAFT_FORM_TAB[1]
    st.switch_page(DRAFT_FORM_PAGE)


store = feedback_store()
try:
    feedback_rows = store.rows()
    refusal_rows = RefusalStore.for_settings(assistant.settings).rows()
except AssistantError as exc:
    st.error(f"The app database cannot be read: {inert(error_message(exc))}", icon="🚫")
    st.stop()

gaps, ratings, export = st.tabs(["Knowledge gaps", "Ratings", "Export"])

with gaps:
    items = gap_questions(refusal_rows, feedback_rows)
    refused = sum(1 for q in items if q.kind == "refused")
    st.caption(f"{refused} refused question{'s' if refused != 1 else ''} and {len(items) - refused} answer"
               f"{'s' if len(items) - refused != 1 else ''} rated down, grouped by meaning (biggest group first).")
    if not items:
        st.info("Nothing yet: refused questions and answers rated down appear here.", icon="📭")
    try:
        groups = gap_report(tuple(items)) if items else []
    except AssistantError as exc:
        groups = []
        st.error(f"The questions cannot be grouped right now: {inert(error_message(exc))}", icon="🚫")
    if len(groups) > SHOWN_GROUPS:
        rest = groups[SHOWN_GROUPS:]
        st.caption(f"The {SHOWN_GROUPS} biggest groups below; {len(rest)} smaller ones ({sum(g.size for g in rest)} "
                   "questions) are not shown.")
    for group in groups[:SHOWN_GROUPS]:
        with st.container(border=True):
            parts = [f"**{group.size} question{'s' if group.size != 1 else ''}**"]
            if group.kinds.get("refused"):
                parts.append(f"{group.kinds['refused']} refused")
            if group.kinds.get("rated_down"):
                parts.append(f"{group.kinds['rated_down']} rated down")
            if group.nearest_section:
                parts.append(f"nearest section `{group.nearest_section}` ({inert(group.label)})")
            st.markdown(" · ".join(parts))
            st.markdown("\n".join(f"- {inert(q)}" for q in group.examples()))
            if group.reasons:
                st.caption("Reasons given: " + ", ".join(f"{REASONS.get(r, r).lower()} ({n})" for r, n in group.reasons.items()))
            key = hashlib.sha256(group.lead.encode("utf-8", "surrogatepass")).hexdigest()[:12]
            if st.button("Draft a case note", key=f"gap-draft-{key}", icon=":material/edit_note:"):
                start_draft(draft_from_group(group, FRAMEWORK_IDS))

with ratings:
    series = ratings_by_day(feedback_rows)
    if series:
        st.caption(f"{len(feedback_rows)} ratings: answers rated up and down per day (UTC).")
        st.bar_chart(series, x="day", y=["up", "down"], color=["#2e7d32", "#c62828"], x_label="day", y_label="ratings")
    else:
        st.info("No ratings yet.", icon="📭")

with export:
    st.caption(f"{len(feedback_rows)} ratings with their questions, answers, citations and reasons. Cells a spreadsheet "
               "would run as formulas are made text, and every export is written to the audit log.")
    actor = viewer.label
    audit = AuditLog.for_settings(assistant.settings)
    st.download_button("Export feedback (CSV)", lambda: export_feedback(store, audit, actor), file_name="feedback.csv",
                       mime="text/csv", icon=":material/download:", on_click="ignore", key="export-feedback")

"""Knowledge page: everyone browses the framework and the case notes; editors also
write draft case notes and re-index.

Visitors get no write path at all: the editor tabs are not built for them, and each
write below calls `require_editor` where it happens, on every run, so a crafted widget
message cannot reach it either. Publishing a draft happens on the Drafts page.
"""

import streamlit as st

from assistant.audit import AuditLog
from assistant.case_notes import case_note_markdown, decode_upload, form_problems
from assistant.drafts import DraftStore, knowledge_sha256
from assistant.errors import AssistantError, InputError, KnowledgeError, StorageError
from assistant.labels import FRAMEWORK_IDS, RECOMMENDATION_LABELS, RECOMMENDATIONS
from assistant.ui.access import current_viewer, require_editor
from assistant.ui.common import assistant_ready, inert, scroll_into_view
from assistant.ui.note_views import note_body, note_header, show_note

st.title("Knowledge")
assistant = assistant_ready()
viewer = current_viewer()
PROBLEMS = "case-form-problems"
NOTICE = "case-form-notice"
FORM_FIELDS = ("case-id", "case-title", "case-industry", "case-outcome", "case-body", "case-sections")


def progress_bar(text: str):
    bar = st.progress(0.0, text=text)

    def update(done: int, total: int) -> None:
        bar.progress(done / total if total else 1.0, text=f"Embedding {done}/{total} passages…")

    return update


def draft_store() -> DraftStore:
    return DraftStore(assistant.settings, AuditLog.for_settings(assistant.settings))


def save_draft(text: str, display: str) -> bool:
    """Store the note as a draft (editors only); the outcome is shown after the rerun."""
    editor = require_editor("saving a draft case note")
    try:
        draft = draft_store().save(text, display, editor.label)
    except (KnowledgeError, InputError, StorageError) as exc:
        st.session_state[NOTICE] = ("error", f"Not saved. {inert(str(exc))}")
        return False
    st.session_state[NOTICE] = ("success", f"Saved {draft.id} as a draft. It is not searchable yet: preview and "
                                           "publish it on the Drafts page.")
    return True


def field_problem(name: str) -> None:
    problem = st.session_state.get(PROBLEMS, {}).get(name)
    if problem:
        st.error(problem, icon="✏️")


def add_form(store: DraftStore) -> None:
    st.caption("A new note is saved as a draft. An editor previews it on the Drafts page and publishes it; "
               "only published notes are searched and cited.")
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        (st.success if notice[0] == "success" else st.error)(notice[1], icon="✅" if notice[0] == "success" else "🚫")
    problems = st.session_state.get(PROBLEMS, {})
    with st.form("case-note-form", clear_on_submit=False):
        if problems:
            listed = "\n".join(f"- {p}" for p in problems.values())
            st.error(f"Please fix {len(problems)} thing{'s' if len(problems) > 1 else ''} before saving:\n{listed}",
                     icon="✏️")
        left, right = st.columns(2)
        with left:
            case_id = st.text_input("Case id", value=store.next_id(), help="case-NNN, unique", key="case-id")
            field_problem("id")
        with right:
            title = st.text_input("Title", key="case-title")
            field_problem("title")
        with left:
            industry = st.text_input("Industry", key="case-industry")
            field_problem("industry")
        requested = right.selectbox("What the client asked for", RECOMMENDATIONS,
                                    index=RECOMMENDATIONS.index("fine_tuning"), format_func=RECOMMENDATION_LABELS.get,
                                    key="case-requested")
        recommendation = left.selectbox("What we recommended", RECOMMENDATIONS, format_func=RECOMMENDATION_LABELS.get,
                                        key="case-recommendation")
        with right:
            sections = st.multiselect("Framework sections behind it", FRAMEWORK_IDS, key="case-sections")
            field_problem("sections")
        outcome = st.text_input("Outcome (one or two sentences)", key="case-outcome")
        field_problem("outcome")
        body = st.text_area("The note (Situation · What we recommended and why · Outcome; markdown headings, lists "
                            "and emphasis are kept)", height=200, key="case-body")
        field_problem("body")
        submitted = st.form_submit_button("Save as draft", type="primary", key="add-form")
    if submitted:
        taken = {*assistant.kb.cases, *(d.id for d in store.drafts())}
        found = form_problems(id=case_id, title=title, industry=industry, sections=sections, outcome=outcome,
                              body=body, taken=taken)
        st.session_state[PROBLEMS] = found
        if not found:
            text = case_note_markdown(id=case_id, title=title, industry=industry, requested=requested,
                                      recommendation=recommendation, sections=sections, outcome=outcome, body=body)
            if save_draft(text, f"drafts/{case_id.strip()}.md"):
                for key in FORM_FIELDS:  # a fresh form for the next note
                    st.session_state.pop(key, None)
        st.rerun()

    st.subheader("Or upload a note file")
    upload = st.file_uploader("Upload a case note (.md) with YAML front matter (id, title, industry, requested, "
                              "recommendation, sections, outcome) and a body", type=["md"], max_upload_size=1,
                              key="case-upload")
    if st.button("Save the uploaded note as a draft", disabled=upload is None, key="add-upload") and upload is not None:
        try:
            text = decode_upload(upload.name, upload.getvalue())
        except KnowledgeError as exc:
            st.session_state[NOTICE] = ("error", f"Not saved. {inert(str(exc))}")
        else:
            save_draft(text, upload.name)
        st.rerun()


def index_tab() -> None:
    try:
        counts = assistant.index.counts()
    except AssistantError as exc:  # the page stays usable; re-indexing below may repair it
        counts = {}
        st.warning(f"The index is unavailable: {inert(str(exc))}", icon="⚠️")
    st.caption(f"Index: {counts.get('chunks', 0)} chunks, {counts.get('sentences', 0)} sentences "
               f"from {counts.get('sources', 0)} sources. Unchanged text is never embedded twice.")
    if st.button("Re-index", key="reindex", help="Re-read the knowledge folder and embed what changed"):
        editor = require_editor("re-indexing")
        assistant.reload_knowledge()
        knowledge_dir = assistant.settings.knowledge_dir
        try:
            AuditLog.for_settings(assistant.settings).record(
                editor.label, "index.synced", knowledge_dir.name, {"sha256": knowledge_sha256(knowledge_dir)})
            report = assistant.sync_index(progress=progress_bar("Re-indexing…"))
        except AssistantError as exc:
            st.error(f"Re-indexing failed: {inert(str(exc))}")
        else:
            st.success(f"Index up to date: {len(report.added)} added, {len(report.updated)} updated, "
                       f"{len(report.removed)} removed, {report.embedded} passages embedded.")


kb = assistant.kb
for problem in kb.problems:
    st.warning(f"Skipped: {inert(str(problem))}", icon="⚠️")

names = ["Framework", "Case notes"] + (["Add a case note", "Index"] if viewer.is_editor else [])
linked = st.query_params.get("section")  # a chat source card links here: open that section and scroll to it
tabs = st.tabs(names, key="knowledge-tab", on_change="rerun",  # a key keeps the open tab across submits
               default="Case notes" if linked in kb.cases else None)
if kb.get(linked or "") is not None:
    scroll_into_view(f"section-{linked}")

with tabs[0]:
    st.caption(f"{len(kb.sections)} sections of the framework article. Citations name these IDs.")
    for section in sorted(kb.sections.values(), key=lambda s: s.order):
        with st.expander(inert(section.label), expanded=section.id == linked, key=f"section-{section.id}"):
            st.caption(f"`{section.id}` · {inert(section.file)}")
            st.markdown(inert(section.text))

with tabs[1]:
    samples = sum(1 for n in kb.cases.values() if n.sample)
    st.caption(f"{len(kb.cases)} published case notes ({samples} illustrative samples: replace them with your own "
               "records).")
    for note in kb.cases.values():
        with st.expander(f"{note.id}: {inert(note.title)} · {RECOMMENDATION_LABELS[note.recommendation]}",
                         expanded=note.id == linked, key=f"section-{note.id}"):
            st.caption(f"{note_header(note)} · {inert(note.file)}")
            try:
                raw = (assistant.settings.knowledge_dir.parent / note.file).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                raw = ""
            show_note(note, note_body(raw))

if viewer.is_editor:
    with tabs[2]:
        add_form(draft_store())
    with tabs[3]:
        index_tab()

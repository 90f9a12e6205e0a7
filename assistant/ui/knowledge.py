"""Knowledge page: browse the framework and case notes, add a note, re-index, export feedback."""

import streamlit as st

from assistant.case_notes import add_case_note, case_note_markdown, decode_upload, file_name_for, next_case_id
from assistant.errors import AssistantError, InputError, KnowledgeError, StorageError
from assistant.knowledge import FRAMEWORK_IDS, RECOMMENDATION_LABELS, RECOMMENDATIONS
from assistant.ui.common import assistant_ready, inert
from assistant.ui.feedback_views import feedback_store

st.title("Knowledge")
assistant = assistant_ready()


def progress_bar(text: str):
    bar = st.progress(0.0, text=text)

    def update(done: int, total: int) -> None:
        bar.progress(done / total if total else 1.0, text=f"Embedding {done}/{total} passages…")

    return update


def save_note(text: str, display: str) -> None:
    try:
        note, path, report = add_case_note(assistant, text, display, progress=progress_bar("Saving and indexing…"))
    except (KnowledgeError, InputError, StorageError) as exc:
        st.error(f"Not added. {inert(str(exc))}", icon="🚫")
    except AssistantError as exc:
        st.error(f"The note was saved but the index could not be updated: {inert(str(exc))}")
    else:
        st.success(f"Added {note.id} as {inert(path.name)} and indexed {report.embedded} new passages: "
                   "it is searchable now.", icon="✅")


browse_framework, browse_cases, add_tab, maintain = st.tabs(["Framework", "Case notes", "Add a case note", "Index & feedback"])

# Adding runs first so the lists below already show the new note.
with add_tab:
    st.caption("A note needs YAML front matter (id, title, industry, requested, recommendation, sections, "
               "outcome) and a body. It is checked exactly as the loader checks files in the cases folder.")
    upload = st.file_uploader("Upload a case note (.md)", type=["md"], max_upload_size=1, key="case-upload")
    if st.button("Add the uploaded note", disabled=upload is None, key="add-upload") and upload is not None:
        try:
            text = decode_upload(upload.name, upload.getvalue())
        except KnowledgeError as exc:
            st.error(f"Not added. {inert(str(exc))}", icon="🚫")
        else:
            save_note(text, upload.name)

    st.subheader("Or fill in the form")
    with st.form("case-note-form", clear_on_submit=False):
        left, right = st.columns(2)
        case_id = left.text_input("id", value=next_case_id(assistant.kb), help="case-NNN, unique", key="case-id")
        title = right.text_input("title", key="case-title")
        industry = left.text_input("industry", key="case-industry")
        requested = right.selectbox("requested (what the client asked for)", RECOMMENDATIONS,
                                    index=RECOMMENDATIONS.index("fine_tuning"), format_func=RECOMMENDATION_LABELS.get,
                                    key="case-requested")
        recommendation = left.selectbox("recommendation (what we recommended)", RECOMMENDATIONS,
                                        format_func=RECOMMENDATION_LABELS.get, key="case-recommendation")
        sections = right.multiselect("sections (framework sections behind it)", FRAMEWORK_IDS, key="case-sections")
        outcome = st.text_input("outcome (one or two sentences)", key="case-outcome")
        body = st.text_area("body (Situation · What we recommended and why · Outcome)", height=200, key="case-body")
        submitted = st.form_submit_button("Add case note", type="primary", key="add-form")
    if submitted:
        text = case_note_markdown(id=case_id, title=title, industry=industry, requested=requested,
                                  recommendation=recommendation, sections=sections, outcome=outcome, body=body)
        save_note(text, f"{assistant.settings.knowledge_dir.name}/cases/{file_name_for(case_id, title)}")

kb = assistant.kb
for problem in kb.problems:
    st.warning(f"Skipped: {inert(str(problem))}", icon="⚠️")

with browse_framework:
    st.caption(f"{len(kb.sections)} sections of the framework article. Citations name these IDs.")
    for section in sorted(kb.sections.values(), key=lambda s: s.order):
        with st.expander(inert(section.label)):
            st.caption(f"`{section.id}` · {inert(section.file)}")
            st.markdown(inert(section.text))

with browse_cases:
    samples = sum(1 for n in kb.cases.values() if n.sample)
    st.caption(f"{len(kb.cases)} case notes ({samples} illustrative samples: replace them with your own records).")
    for note in kb.cases.values():
        with st.expander(f"{note.id}: {inert(note.title)} · {RECOMMENDATION_LABELS[note.recommendation]}"):
            st.caption(f"{inert(note.industry)} · asked for {RECOMMENDATION_LABELS.get(note.requested, inert(note.requested))}"
                       f" · sections {', '.join(f'`{s}`' for s in note.sections)} · {inert(note.file)}")
            st.markdown(f"**Outcome:** {inert(note.outcome)}")
            st.markdown(inert(note.text))

with maintain:
    try:
        counts = assistant.index.counts()
    except AssistantError as exc:  # the page stays usable; re-indexing below may repair it
        counts = {}
        st.warning(f"The index is unavailable: {inert(str(exc))}", icon="⚠️")
    st.caption(f"Index: {counts.get('chunks', 0)} chunks, {counts.get('sentences', 0)} sentences "
               f"from {counts.get('sources', 0)} sources. Unchanged text is never embedded twice.")
    if st.button("Re-index", key="reindex", help="Re-read the knowledge folder and embed what changed"):
        assistant.reload_knowledge()
        try:
            report = assistant.sync_index(progress=progress_bar("Re-indexing…"))
        except AssistantError as exc:
            st.error(f"Re-indexing failed: {inert(str(exc))}")
        else:
            st.success(f"Index up to date: {len(report.added)} added, {len(report.updated)} updated, "
                       f"{len(report.removed)} removed, {report.embedded} passages embedded.")

    store = feedback_store()
    try:
        st.caption(f"{store.count()} answer ratings recorded.")
        st.download_button("Export feedback (CSV)", store.export_csv(), file_name="feedback.csv", mime="text/csv",
                           icon=":material/download:", on_click="ignore", key="export-feedback")
    except AssistantError as exc:  # the rest of the page stays usable; the store logged the details
        st.warning(f"Feedback cannot be exported: {inert(str(exc))}", icon="⚠️")

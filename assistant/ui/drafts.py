"""Drafts page (editors only): preview a draft as the chat would cite it, publish it,
delete it; unpublish a published note. Each change is audited (assistant.drafts) and
re-indexes, so the chat cites a published note, and stops citing an unpublished one,
as soon as the page says so."""

import streamlit as st

from assistant.audit import AuditLog
from assistant.chunking import document_sentences
from assistant.drafts import DraftStore
from assistant.errors import AssistantError, InputError, KnowledgeError, StorageError
from assistant.labels import RECOMMENDATION_LABELS
from assistant.ui.access import require_editor
from assistant.ui.common import assistant_ready, inert
from assistant.ui.note_views import note_body, note_header, show_note

require_editor("the Drafts page")  # before anything is read or shown
st.title("Drafts")
assistant = assistant_ready()
store = DraftStore(assistant.settings, AuditLog.for_settings(assistant.settings))
NOTICE = "drafts-notice"


def reindex(done: str) -> None:
    """Reload the knowledge and sync the index; the outcome is shown after the rerun."""
    assistant.reload_knowledge()
    bar = st.progress(0.0, text="Updating the index…")
    try:
        report = assistant.sync_index(progress=lambda d, t: bar.progress(d / t if t else 1.0, text=f"Embedding {d}/{t}…"))
    except AssistantError as exc:
        st.session_state[NOTICE] = ("error", f"{done}, but the index could not be updated: {inert(str(exc))}. "
                                             "Re-index on the Knowledge page.")
    else:
        st.session_state[NOTICE] = ("success", f"{done}; the index is up to date ({report.embedded} passages embedded).")


def change(action: str, case_id: str) -> None:
    """One editor action, checked here, where it writes."""
    editor = require_editor(f"{action} a case note")
    try:
        if action == "publishing":
            store.publish(case_id, editor.label)
            reindex(f"Published {case_id}: the chat can cite it now")
        elif action == "unpublishing":
            store.unpublish(case_id, editor.label)
            reindex(f"Unpublished {case_id}: it is a draft again and no longer cited")
        elif action == "deleting":
            store.delete(case_id, editor.label)
            st.session_state[NOTICE] = ("success", f"Deleted the draft {case_id}.")
    except (KnowledgeError, InputError, StorageError) as exc:
        st.session_state[NOTICE] = ("error", f"Not done. {inert(str(exc))}")
    st.rerun()


def preview(draft) -> None:
    """The draft as a citation card, then the sections it rests on, then the note."""
    note = draft.note
    sentences = [s for s in document_sentences(note) if s.quotable]
    with st.container(border=True):
        st.caption("How the chat will cite it")
        st.markdown(f"**[n] {inert(note.label)}** · `{note.id}` · case")
        if sentences:
            st.markdown("> " + inert(sentences[0].text))
        st.caption(f"File once published: {inert(assistant.settings.cases_dir.name)}/{inert(draft.published_name)} · "
                   f"{len(sentences)} quotable sentences")
    st.markdown("**Framework sections it rests on:** " + ", ".join(
        f"{inert(assistant.kb.sections[s].label)} (`{s}`)" if s in assistant.kb.sections else f"`{s}`"
        for s in note.sections))
    st.caption(f"{note_header(note)} · sha256 `{draft.sha256[:16]}…`")
    show_note(note, note_body(draft.text))


notice = st.session_state.pop(NOTICE, None)
if notice:
    (st.success if notice[0] == "success" else st.error)(notice[1], icon="✅" if notice[0] == "success" else "🚫")

for problem in store.problems():
    st.warning(f"Draft skipped: {inert(str(problem))}", icon="⚠️")

drafts = store.drafts()
st.subheader(f"Drafts ({len(drafts)})")
if not drafts:
    st.caption("No drafts. Write one under Knowledge → Add a case note.")
for draft in drafts:
    with st.expander(f"{draft.id}: {inert(draft.note.title)} · {RECOMMENDATION_LABELS[draft.note.recommendation]}",
                     expanded=True):
        preview(draft)
        publish, delete = st.columns(2)
        if publish.button("Publish", key=f"publish-{draft.id}", type="primary", icon=":material/publish:"):
            change("publishing", draft.id)
        if delete.button("Delete draft", key=f"delete-{draft.id}", icon=":material/delete:"):
            change("deleting", draft.id)

published = store.published()
st.subheader(f"Published ({len(published)})")
st.caption("Unpublishing moves a note back to the drafts and out of the index.")
for case_id, item in published.items():
    left, right = st.columns([4, 1])
    left.markdown(f"`{case_id}` {inert(item.note.title)}")
    if right.button("Unpublish", key=f"unpublish-{case_id}"):
        change("unpublishing", case_id)

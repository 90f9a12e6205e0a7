"""Helpers for the Intake page: guided-chat state, the form, and the result card.

The questions, the free-text parser, the engine and the decision record all live in
`assistant.intake`; this module only keeps the page's state and draws it. Every
session-state key starts with "intake_". The form and the guided chat read and write
one answer state (ANSWERS, with SAID: the words the person chose), so switching
between them keeps the answers.
"""

from __future__ import annotations

import datetime
import json
import logging
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from assistant.errors import AssistantError, IntakeError
from assistant.intake import (
    ENUM_VALUES, FIELD_LABELS, QUESTIONS, IntakeResult, Question, decision_diagram_dot, decision_record_json,
    decision_record_markdown, fill_skipped, next_question, parse_answers, parse_free_text, prefill_from_use_case,
    question_for,
)
from assistant.intake.schema import INT_FIELDS
from assistant.labels import RECOMMENDATION_LABELS
from assistant.ui import costs_views
from assistant.ui.common import inert, show_error

log = logging.getLogger(__name__)

MODES = ("Guided chat", "Form")
ANSWERS, SAID, NOTICE, CHANGING, RESULT = (
    "intake_answers", "intake_said", "intake_notice", "intake_changing", "intake_result")
FORM_RESULT = "intake_form_result"
COSTS_PAGE = "costs.py"  # the worksheet page, as st.navigation in main.py names it
CHAT_TEXT = "intake_chat_text"
CHANGE_FIELD = "intake_change_field"
PREFILL_DISMISSED = "intake_prefill_dismissed"  # the use case whose pre-fill the person declined
FORM_REFRESH = "intake_form_refresh"  # the shared answers changed under the form: recompute its result
FROM_DESCRIPTION = " (from your description)"

FIELD_TITLES = FIELD_LABELS  # one set of human labels: assistant.intake.labels
CONFIDENCE_COLORS = {"high": "green", "medium": "orange", "low": "gray"}


def _code(value: Any) -> str:
    """A value as inline code: escapes do not work inside backticks, so backticks are dropped."""
    return "`" + str(value).replace("`", "").replace("\n", " ") + "`"


# -- guided-chat state ------------------------------------------------------------

def _state() -> tuple[dict, dict]:
    ss = st.session_state
    ss.setdefault(ANSWERS, {})
    ss.setdefault(SAID, {})
    return ss[ANSWERS], ss[SAID]


def answers() -> dict:
    return _state()[0]


def _prune_skipped(given: dict, said: dict) -> None:
    """An answer to a question that an earlier change now skips would contradict it."""
    for q in QUESTIONS:
        if q.field in given and q.skip_if(given):
            given.pop(q.field)
            said.pop(q.field, None)


def record_answer(field: str, value: Any, said_text: str) -> None:
    given, said = _state()
    given[field] = value
    said[field] = said_text
    _prune_skipped(given, said)
    st.session_state[NOTICE] = None
    st.session_state[CHANGING] = None


def choice_label(q: Question, value: Any) -> str:
    for c in q.choices:
        if c.value == value:
            return c.label
    if value is None:
        return "Unknown"
    return str(value).replace("_", " ").capitalize() if isinstance(value, str) else f"{value:,}"


def _on_choice(field: str, value: Any, label: str) -> None:
    record_answer(field, value, label)


def _on_multi_done(field: str) -> None:
    picked = list(st.session_state.get(f"intake_pick_{field}") or [])
    q = question_for(field)
    record_answer(field, picked, ", ".join(choice_label(q, v) for v in picked) or "None of these")


def _on_text() -> None:
    text = (st.session_state.get(CHAT_TEXT) or "").strip()
    q = next_question(answers())
    if not text or q is None:
        return
    value = parse_free_text(q.field, text)
    if value is None:
        if q.field == "use_case":
            st.session_state[NOTICE] = (f"That description is too long: {len(text):,} characters. "
                                        "Please shorten it to 4,000 characters or fewer.")
        else:
            dont_know = " (or choose “Don't know yet”)" if any(c.value is None for c in q.choices) else ""
            st.session_state[NOTICE] = (f"I could not read “{text}” as an answer to this question. "
                                        f"Please pick one of the replies below or say it another way{dont_know}.")
        return
    understood = choice_label_multi(q, value)
    same = q.field == "use_case" or understood.lower() == text.lower()
    record_answer(q.field, value, text if same else f"{text} → {understood}")  # show how it was read


_UNITS = {"daily_volume": "requests a day", "latency_budget_ms": "ms", "labelled_examples": "labelled examples"}


def choice_label_multi(q: Question, value: Any) -> str:
    """How an answer reads back: the choice label, or a number with its unit."""
    if isinstance(value, list):
        return ", ".join(choice_label(q, v) for v in value) or "None of these"
    if q.field in _UNITS and isinstance(value, int):
        return f"{value:,} {_UNITS[q.field]}"
    return choice_label(q, value)


def _on_reask() -> None:
    field = st.session_state.get(CHANGE_FIELD)
    given, said = _state()
    if field in given:
        given.pop(field)
        said.pop(field, None)
        st.session_state[CHANGING] = field
        st.session_state[NOTICE] = None


def _on_restart() -> None:
    for key in (ANSWERS, SAID, NOTICE, CHANGING, RESULT, PREFILL_DISMISSED):
        st.session_state.pop(key, None)


# -- pre-fill from the use-case sentence ----------------------------------------------------

def pending_prefill(given: dict) -> dict:
    """What the use-case sentence states for questions not yet answered, unless declined.

    Recomputed from the sentence each time (pure and cheap), so it never goes stale;
    nothing counts until the person confirms it."""
    use_case = given.get("use_case")
    if not use_case or st.session_state.get(PREFILL_DISMISSED) == use_case:
        return {}
    return {f: v for f, v in prefill_from_use_case(use_case).items() if f not in given}


def _on_prefill_use(fields: dict) -> None:
    for field, value in fields.items():
        record_answer(field, value, choice_label_multi(question_for(field), value) + FROM_DESCRIPTION)
        st.session_state[f"intake_form_{field}"] = value  # the form shows it too (callbacks run before widgets)
    st.session_state[FORM_REFRESH] = True


def _on_prefill_dismiss(use_case: str) -> None:
    st.session_state[PREFILL_DISMISSED] = use_case


def render_prefill(given: dict, key_prefix: str) -> None:
    """The answers read from the description, with a confirm and a decline button."""
    pending = pending_prefill(given)
    if not pending:
        return
    with st.container(border=True, key=f"{key_prefix}_prefill"):
        st.markdown("Your description already says:\n" + "\n".join(
            f"- **{FIELD_TITLES[f]}**: {inert(choice_label_multi(question_for(f), v))}" for f, v in pending.items()))
        with st.container(horizontal=True):
            st.button("Use these answers", key=f"{key_prefix}_prefill_use", type="primary",
                      on_click=_on_prefill_use, args=(pending,))
            st.button("No, ask me", key=f"{key_prefix}_prefill_no", on_click=_on_prefill_dismiss,
                      args=(given["use_case"],))


def progress(given: dict) -> tuple[int, int]:
    """(number of the current question, estimated total): the rest are counted by
    walking next_question as if each were answered "don't know"."""
    asked = sum(1 for q in QUESTIONS if q.field in given)
    probe, remaining = dict(given), 0
    while (q := next_question(probe)) is not None and remaining < len(QUESTIONS):
        probe[q.field] = None
        remaining += 1
    return asked + (1 if remaining else 0), asked + remaining


def engine_payload(given: dict) -> dict:
    """What the engine reads: skipped questions filled with their implied value, unknowns left out."""
    return {k: v for k, v in fill_skipped(given).items() if v is not None}


def guided_result(assistant, given: dict) -> dict:
    """The recommendation for the current answers; recomputed only when they change."""
    payload = engine_payload(given)
    key = json.dumps(payload, sort_keys=True)
    cached = st.session_state.get(RESULT)
    if not cached or cached["key"] != key:
        cached = {"key": key, "result": assistant.intake(payload)}
        st.session_state[RESULT] = cached
    return cached["result"]


# -- guided-chat rendering -------------------------------------------------------------

def render_progress(given: dict) -> None:
    current, total = progress(given)
    if next_question(given) is None:
        st.progress(1.0, text=f"All {total} questions answered")
    else:
        st.progress(min((current - 1) / max(total, 1), 1.0), text=f"Question {current} of ~{total}")


def render_history(given: dict, said: dict) -> None:
    for q in QUESTIONS:
        if q.field in given:
            with st.chat_message("assistant"):
                st.markdown(q.prompt)
            with st.chat_message("user"):
                st.markdown(inert(said.get(q.field) or choice_label_multi(q, given[q.field])))


def render_question(q: Question) -> None:
    if st.session_state.get(NOTICE):
        with st.chat_message("assistant"):
            st.markdown(inert(st.session_state[NOTICE]))
    with st.chat_message("assistant"):
        render_prefill(answers(), "intake_guided")
        if st.session_state.get(CHANGING) == q.field:
            st.caption("Changing an earlier answer")
        st.markdown(q.prompt)
        if q.help:
            st.caption(q.help)
        if q.multi:
            st.pills("Pick any that apply", [c.value for c in q.choices], selection_mode="multi",
                     format_func=lambda v: choice_label(q, v), key=f"intake_pick_{q.field}")
            st.button("Done", key=f"intake_done_{q.field}", type="primary", on_click=_on_multi_done, args=(q.field,))
        elif q.choices:
            with st.container(horizontal=True):
                for i, c in enumerate(q.choices):
                    st.button(c.label, key=f"intake_reply_{q.field}_{i}", on_click=_on_choice,
                              args=(q.field, c.value, c.label))
    hint = "Describe your use case…" if q.field == "use_case" else "…or type your answer"
    st.chat_input(hint, key=CHAT_TEXT, on_submit=_on_text, max_chars=4000)


def render_change_control(given: dict, said: dict) -> None:
    answered = [q.field for q in QUESTIONS if q.field in given]
    if not answered:
        return
    with st.expander("Change an earlier answer", expanded=False):
        st.selectbox("Answer to change", answered, key=CHANGE_FIELD,
                     format_func=lambda f: f"{FIELD_TITLES.get(f, f)}: {said.get(f, '')}"[:120])
        with st.container(horizontal=True):
            st.button("Ask this again", key="intake_reask", on_click=_on_reask)
            st.button("Start over", key="intake_restart", on_click=_on_restart)


def render_guided(assistant) -> None:
    given, said = _state()
    render_progress(given)
    render_history(given, said)
    q = next_question(given)
    if q is not None:
        render_question(q)
    else:
        with st.chat_message("assistant"):
            st.markdown("That's everything I need. Here is what the framework recommends:")
        try:
            render_result_card(assistant, given, guided_result(assistant, given), key_prefix="intake_guided")
        except IntakeError as exc:
            render_intake_error(exc)
    render_change_control(given, said)


# -- form -------------------------------------------------------------------------------

def _seed_form(given: dict) -> None:
    """Show the shared answers in the form. Only keys the page does not hold yet (a form
    not drawn in the last run), so a value the person is editing is never overwritten."""
    for q in QUESTIONS:
        key = f"intake_form_{q.field}"
        if key not in st.session_state and given.get(q.field) is not None:
            st.session_state[key] = list(given[q.field]) if q.multi else given[q.field]


def _share_form_answers(values: dict) -> None:
    """The submitted form becomes the shared answers: a value set in the form replaces the
    chat's; a field the form leaves unknown drops an earlier answer (the chat asks again),
    but keeps a "don't know" the chat already holds."""
    given, said = _state()
    for field, value in values.items():
        if value is None or value == []:
            if given.get(field) not in (None, []):
                given.pop(field)
                said.pop(field, None)
            continue
        if given.get(field) != value or field not in said:
            said[field] = value if field == "use_case" else choice_label_multi(question_for(field), value)
        given[field] = value
    _prune_skipped(given, said)
    st.session_state[NOTICE] = None
    st.session_state[CHANGING] = None


def _form_result(assistant, given: dict) -> None:
    try:
        st.session_state[FORM_RESULT] = {"answers": given, "result": assistant.intake(engine_payload(given))}
    except IntakeError as exc:
        st.session_state.pop(FORM_RESULT, None)
        render_intake_error(exc)


def render_form(assistant) -> None:
    _seed_form(answers())
    if st.session_state.pop(FORM_REFRESH, False) and st.session_state.get(FORM_RESULT) and answers().get("use_case"):
        _form_result(assistant, {k: v for k, v in answers().items() if v is not None})
    with st.form("intake_form"):
        values: dict[str, Any] = {"use_case": st.text_area(question_for("use_case").prompt, max_chars=4000,
                                                           key="intake_form_use_case",
                                                           help=question_for("use_case").help)}
        for q in QUESTIONS[1:]:
            key = f"intake_form_{q.field}"
            if q.field in INT_FIELDS:
                values[q.field] = st.number_input(q.prompt, min_value=0, step=1, value=None, key=key,
                                                  help=q.help or None, placeholder="Unknown")
            elif q.multi:
                values[q.field] = st.multiselect(q.prompt, list(ENUM_VALUES[q.field]), key=key, help=q.help or None,
                                                 format_func=lambda v, q=q: choice_label(q, v))
            else:
                values[q.field] = st.selectbox(q.prompt, [None, *ENUM_VALUES[q.field]], key=key, help=q.help or None,
                                               format_func=lambda v, q=q: choice_label(q, v))
        submitted = st.form_submit_button("Get a recommendation", type="primary", key="intake_form_submit")
    if submitted:
        given = {k: v for k, v in values.items() if v is not None}
        given["use_case"] = (given.get("use_case") or "").strip()
        _form_result(assistant, given)
        if FORM_RESULT in st.session_state:  # valid answers: the guided chat now holds them too
            _share_form_answers({**values, "use_case": given["use_case"]})
            shared = {k: v for k, v in answers().items() if v is not None}
            if engine_payload(shared) != engine_payload(given):  # an answer the others now skip was dropped
                _form_result(assistant, shared)
    render_prefill(answers(), "intake_form")
    saved = st.session_state.get(FORM_RESULT)
    if saved and engine_payload(saved["answers"]) == engine_payload(answers()):
        render_result_card(assistant, saved["answers"], saved["result"], key_prefix="intake_form")
    elif saved:
        st.info("The answers changed since this form's recommendation: press **Get a recommendation** again.")


def render_intake_error(exc: IntakeError) -> None:
    field = exc.field or "answers"
    text = f"**{inert(FIELD_TITLES.get(field, field))}** ({_code(field)}): {inert(str(exc))}"
    if exc.allowed:
        text += "  \nAllowed values: " + ", ".join(_code(a) for a in exc.allowed)
    st.error(text, icon="⚠️")


# -- optional: a model maps a description to answers ------------------------------

def _model_mapper():
    try:
        from assistant.chat import map_free_text_to_intake
    except ImportError as exc:  # openai missing: the feature stays hidden
        log.warning("model pre-fill of the intake unavailable (%s); the page offers the questions only", exc)
        return None
    return map_free_text_to_intake


def _valid_mapping(mapped: Any, description: str) -> dict:
    """Only the fields that pass the schema one by one, so one bad guess costs one field."""
    if hasattr(mapped, "model_dump"):
        mapped = mapped.model_dump()
    if isinstance(mapped, dict) and isinstance(mapped.get("answers"), dict):
        mapped = mapped["answers"]
    out = {"use_case": description.strip()[:4000]}
    for field, value in (mapped or {}).items() if isinstance(mapped, dict) else ():
        if field == "use_case" or value is None or value == []:
            continue
        try:
            parse_answers({"use_case": out["use_case"], field: value})
        except IntakeError:
            continue
        out[field] = value
    return out


def _on_use_mapping() -> None:
    mapped = st.session_state.pop("intake_llm_mapped", None) or {}
    _on_restart()
    for field, value in mapped.items():
        q = question_for(field)
        said = value if field == "use_case" else f"{choice_label_multi(q, value)} (pre-filled by the model)"
        record_answer(field, value, said)


def render_model_prefill(assistant) -> None:
    mapper = _model_mapper()
    if not (assistant.settings.llm_enabled and mapper):
        return
    with st.expander("Describe your use case in your own words and let the model pre-fill the answers"):
        text = st.text_area("Your description", max_chars=4000, key="intake_llm_text")
        if st.button("Pre-fill the answers", key="intake_llm_go", disabled=not (text or "").strip()):
            try:
                st.session_state["intake_llm_mapped"] = _valid_mapping(mapper(assistant, text), text)
            except AssistantError as exc:  # the model is optional: say what failed, keep the page working
                show_error(exc, lead="The model could not pre-fill the answers: ")
        mapped = st.session_state.get("intake_llm_mapped")
        if mapped:
            st.markdown("The model read your description as follows. Check these before using them:")
            for field, value in mapped.items():
                if field != "use_case":
                    st.markdown(f"- **{FIELD_TITLES.get(field, field)}**: "
                                f"{inert(choice_label_multi(question_for(field), value))}")
            st.button("Use these answers", key="intake_llm_use", type="primary", on_click=_on_use_mapping)


# -- the result card ---------------------------------------------------------------------

def _section(assistant, section_id: str) -> str:
    section = assistant.kb.sections.get(section_id)
    return f"{inert(section.label if section else section_id)} ({_code(section_id)})"


def knowledge_version(assistant) -> str | None:
    """The index generation the recommendation was made against, for the decision record."""
    try:
        return assistant.index.counts().get("generation") or None
    except AssistantError as exc:  # the record still has everything else
        log.warning("decision record without a knowledge version: %s", exc)
        return None


def said_for(given: dict) -> dict[str, str]:
    """The words the person chose ("Up to a few hundred"), for the answers still as given."""
    shared, said = _state()
    return {f: text for f, text in said.items()
            if f != "use_case" and f in given and shared.get(f) == given[f]}


def decision_records(assistant, given: dict, result: dict, costs: dict | None = None) -> tuple[str, str]:
    """Markdown and JSON records, dated and naming the knowledge version; answers in the
    words the person chose; `costs` (a filled worksheet) adds the cost section."""
    answers_model = parse_answers(engine_payload(given))
    result_model = IntakeResult.model_validate(result)
    labels = {sid: s.label for sid, s in assistant.kb.sections.items()}
    stamp = {"dated": datetime.date.today().isoformat(), "knowledge_version": knowledge_version(assistant)}
    return (decision_record_markdown(answers_model, result_model, labels, costs=costs, said=said_for(given), **stamp),
            decision_record_json(answers_model, result_model, costs=costs, **stamp))


def render_result_card(assistant, given: dict, result: dict, key_prefix: str) -> None:
    with st.container(border=True, key=f"{key_prefix}_card"):
        st.subheader(inert(result["label"]))
        st.badge(f"Confidence: {result['confidence']}", color=CONFIDENCE_COLORS.get(result["confidence"], "gray"))
        st.markdown(inert(result["summary"]))
        if result["reasons"]:
            st.markdown("#### Why")
            for i, reason in enumerate(result["reasons"], 1):
                st.markdown(f"{i}. {inert(reason['text'])}")
                st.caption(_section(assistant, reason["section_id"]))
                st.markdown("> " + inert(reason["quote"]))
        if result.get("try_first"):
            st.markdown("#### Try first")
            st.markdown("\n".join(f"- {inert(t['text'])} — {_section(assistant, t['section_id'])}"
                                  for t in result["try_first"]))
        if result.get("cautions"):
            st.markdown("#### Cautions")
            for c in result["cautions"]:
                st.warning(f"{inert(c['text'])} — {_section(assistant, c['section_id'])}", icon="⚠️")
        if result.get("next_steps"):
            st.markdown("#### Next steps")
            st.markdown("\n".join(f"{i}. {inert(s)}" for i, s in enumerate(result["next_steps"], 1)))
        st.markdown("#### Similar cases")
        st.markdown("\n".join(
            f"- {_code(c['case_id'])} {inert(c['title'])} — recommended "
            f"{RECOMMENDATION_LABELS.get(c['recommendation'], inert(c['recommendation']))}"
            for c in result.get("similar_cases", [])) or "No similar past cases found.")
        st.markdown("#### Missing information")
        st.markdown("\n".join(f"- {FIELD_TITLES.get(m, inert(m))}: answering this could change the recommendation"
                              for m in result.get("missing_information", []))
                    or "Nothing unanswered would change the recommendation.")
        st.markdown("#### The framework's decision path")
        st.graphviz_chart(decision_diagram_dot(IntakeResult.model_validate(result)),
                          alt="Decision diagram with the team's path highlighted")
        worksheet = costs_views.worksheet_for(engine_payload(given))
        markdown, record_json = decision_records(assistant, given, result, costs=worksheet)
        st.session_state[f"{key_prefix}_record"] = {"markdown": markdown, "json": record_json}
        if worksheet is not None:
            st.caption("The decision record includes your cost worksheet.")
        with st.container(horizontal=True):
            st.download_button("Decision record (Markdown)", markdown, file_name="decision-record.md",
                               mime="text/markdown", key=f"{key_prefix}_download_md", on_click="ignore")
            st.download_button("Decision record (JSON)", record_json, file_name="decision-record.json",
                               mime="application/json", key=f"{key_prefix}_download_json", on_click="ignore")
            if st.button("Cost these options with your numbers", key=f"{key_prefix}_costs", icon=":material/payments:",
                         help="Opens the hidden-cost worksheet, pre-filled from these answers."):
                costs_views.start_from_intake(engine_payload(given), result)
                try:
                    st.switch_page(COSTS_PAGE)
                except StreamlitPageNotFoundError:  # this page runs on its own (outside main.py's navigation)
                    st.info("Your answers are carried over: open the Costs page.", icon=":material/payments:")

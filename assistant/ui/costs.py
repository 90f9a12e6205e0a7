"""Costs: the hidden-cost worksheet. The framework's cost items per option, priced with
the team's own numbers; reachable from the intake result, which pre-fills what it can."""

import streamlit as st

from assistant.costs import field_errors
from assistant.costs_service import catalog_for, run_costs
from assistant.errors import AssistantError
from assistant.labels import RECOMMENDATION_LABELS
from assistant.runtime import get_assistant
from assistant.ui import costs_views as views
from assistant.ui import intake_views
from assistant.ui.common import inert

st.title("Costs")
st.caption("“Fine-tuning is not a one-time cost” (§5 Hidden costs of fine-tuning). Put your own numbers against "
           "each option: fields start empty, nothing is guessed, and an option's total appears once every input it "
           "needs is filled. The costs are computed below the inputs as you type.")

try:
    assistant = get_assistant()  # the worksheet needs the knowledge base (for its quotes), not the index
    catalog_for(assistant)  # verifies every quote: one drifted from the article stops the page, named
except AssistantError as exc:
    st.error(f"The cost worksheet cannot start: {inert(str(exc))}", icon="🚫")
    st.stop()
views.restore_values()
carried = st.session_state.get(views.FROM_INTAKE)
answers = carried["answers"] if carried else None
recommended = carried["result"]["recommendation"] if carried else None

if carried:
    st.info(f"From your intake: **{inert(RECOMMENDATION_LABELS.get(recommended, recommended))}** for "
            f"“{inert(answers.get('use_case', ''))}”. Its answers pre-fill what they can.", icon=":material/explore:")
    st.button("Use the worksheet without the intake answers", key="costs_forget_intake", on_click=views.forget_intake)
seeds = views.seed_from_intake(assistant, answers)

left, right = st.columns(2)
with left:
    horizon = views.horizon_input()
with right:
    currency = views.currency_input()
    currency_slot = st.empty()

values, slots = views.render_inputs(currency or None)
data = views.worksheet_data(values, horizon, currency, seeds, answers)
costs = None
errors = field_errors(data)
if not errors:
    costs = run_costs(assistant, data)
    st.session_state[views.RESULT] = {"intake_key": views.intake_key(answers) if answers else None, "costs": costs}
prefilled = {p["field"]: views.prefill_note(p) for p in (costs or {}).get("prefilled", [])}
views.show_field_feedback(errors, slots | {"currency": currency_slot}, prefilled)

st.divider()
if errors:
    st.error("Some numbers are not usable: each is marked above with its allowed range.", icon="⚠️")
else:
    views.render_result(assistant, costs, recommended)
    with st.container(horizontal=True):
        views.csv_download(costs)
        if carried:
            markdown, record_json = intake_views.decision_records(assistant, answers, carried["result"], costs=costs)
            st.download_button("Decision record with costs (Markdown)", markdown, file_name="decision-record.md",
                               mime="text/markdown", key="costs_download_md", on_click="ignore")
            st.download_button("Decision record with costs (JSON)", record_json, file_name="decision-record.json",
                               mime="application/json", key="costs_download_json", on_click="ignore")

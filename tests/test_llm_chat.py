"""Model-written answers end to end: the real openai client, a scripted loopback model,
and a real Assistant over the real knowledge base (embedder + temp Chroma)."""

from __future__ import annotations

import json
import re

import pytest

from assistant.answer import NOT_COVERED, standalone_query
from assistant.chat import HISTORY_TOKEN_BUDGET, map_free_text_to_intake, trim_history
from assistant.prompts import REWRITE_PROMPT, SYSTEM_PROMPT
from assistant.tokens import count_tokens

try:
    from fixtures.fake_openai_server import (
        bad_json, broken_stream, build_assistant, closed_port_url, delay, drop, fake_openai, openai_server, status,
        text, tool_call, tool_calls,
    )
except ImportError:  # tests/ became a package
    from tests.fixtures.fake_openai_server import (  # noqa: F401
        bad_json, broken_stream, build_assistant, closed_port_url, delay, drop, fake_openai, openai_server, status,
        text, tool_call, tool_calls,
    )

SECRET = "sk-test-SECRET-never-shown-456"
QUESTION = "What are the hidden costs of fine-tuning?"
PASSAGE_TAG = re.compile(r'<passage n="(\d+)" section_id="([^"]+)"')


@pytest.fixture(scope="module")
def assistant(openai_server, tmp_path_factory):
    return build_assistant(tmp_path_factory.mktemp("llm-data"), openai_server.url)


@pytest.fixture
def faulty(assistant, monkeypatch):
    """The assistant with a key configured (to prove it never leaks) and a short timeout."""
    monkeypatch.setattr(assistant, "settings", assistant.settings.with_overrides(openai_api_key=SECRET, llm_timeout=0.5))
    return assistant


def numbers(body: dict) -> dict[str, int]:
    """section_id → first passage number the model was shown, from the tool messages."""
    found: dict[str, int] = {}
    for m in body["messages"]:
        if m["role"] == "tool":
            for n, sid in PASSAGE_TAG.findall(m["content"]):
                found.setdefault(sid, int(n))
    return found


def cite(section_id: str | None, template: str):
    """A fake model that writes `template` with {n} = the number of `section_id`'s passage
    (None: the first passage it was shown)."""
    def reply(body):
        found = numbers(body)
        return text(template.format(n=found[section_id] if section_id else min(found.values())))

    return reply


def search(query: str, k: int = 4, call_id: str | None = None) -> dict:
    return tool_calls(tool_call("search_knowledge", {"query": query, "k": k}, call_id))


def sources(assistant) -> dict[str, str]:
    return assistant.source_texts()


# -- the happy path -----------------------------------------------------------------------------
def test_ask_answers_with_the_model_and_verified_citations(assistant, fake_openai):
    fake_openai.push(search("hidden costs of fine-tuning retraining", call_id="call_s1"),
                     cite("hidden-costs", "Fine-tuning keeps costing money after launch [{n}]."))
    result = assistant.ask(QUESTION)

    assert result["mode"] == "llm" and result["abstained"] is False and "notice" not in result
    assert result["tool_calls"] == ["search_knowledge", "search_knowledge"]
    assert result["answer"] == "Fine-tuning keeps costing money after launch [1]."
    [c] = result["citations"]
    assert c["n"] == 1 and c["section_id"] == "hidden-costs" and c["source"] == "framework"
    assert c["quote"] in sources(assistant)["hidden-costs"]
    # the model saw its own search's results as a tool message answering its call
    second = fake_openai.bodies[1]["messages"]
    tool_msg = next(m for m in second if m["role"] == "tool" and m["tool_call_id"] == "call_s1")
    assert 'section_id="hidden-costs"' in tool_msg["content"]
    for body in fake_openai.bodies:
        assert body["messages"][0] == {"role": "system", "content": SYSTEM_PROMPT}
        assert [m["role"] for m in body["messages"]].count("system") == 1
        assert "tools" in body and body["model"] == assistant.settings.model


def test_passage_numbers_are_stable_across_searches(assistant, fake_openai):
    fake_openai.push(search(QUESTION, k=5), cite("hidden-costs", "Costs recur [{n}]."))
    assistant.ask(QUESTION)
    messages = fake_openai.bodies[1]["messages"]
    first, again = [m["content"] for m in messages if m["role"] == "tool"]
    assert PASSAGE_TAG.findall(first) == PASSAGE_TAG.findall(again)  # same query: same passages, same numbers


def test_a_verbatim_quote_is_kept_as_the_citation_quote(assistant, fake_openai):
    fake_openai.push(cite("hidden-costs", 'The framework is blunt: "Fine-tuning is not a one-time cost." [{n}]'))
    result = assistant.ask(QUESTION)
    assert result["citations"][0]["quote"] == "Fine-tuning is not a one-time cost."
    assert '"Fine-tuning is not a one-time cost."' in result["answer"]
    assert result["tool_calls"] == ["search_knowledge"]


def test_dangling_markers_and_invented_quotes_are_removed(assistant, fake_openai):
    fake_openai.push(cite("hidden-costs", 'Fine-tuning "is a cheap one-off expense" [{n}]. '
                                          'It also cures every hallucination [42].'))
    result = assistant.ask(QUESTION)
    assert result["mode"] == "llm", result.get("notice")
    assert "[42]" not in result["answer"] and '"is a cheap one-off expense"' not in result["answer"]
    assert [c["n"] for c in result["citations"]] == [1]
    assert all(c["quote"] in sources(assistant)[c["section_id"]] for c in result["citations"])
    assert "could not be verified" in result["notice"]


def test_an_answer_without_verifiable_citations_falls_back_offline(assistant, fake_openai):
    fake_openai.push(text("Fine-tuning is expensive [99], trust me."))
    result = assistant.ask(QUESTION)
    assert result["mode"] == "offline" and "no verifiable citations" in result["notice"]
    assert result["citations"]


def test_the_model_abstains_when_the_framework_does_not_cover_it(assistant, fake_openai):
    fake_openai.push(text("The framework doesn't cover that. It is about prompt engineering, RAG and fine-tuning."))
    result = assistant.ask("What is the capital of Australia?")
    assert result["mode"] == "llm" and result["abstained"] is True and result["citations"] == []
    assert result["answer"].startswith("The framework doesn't cover that")


def test_off_topic_answers_are_replaced_by_the_abstention(assistant, fake_openai):
    fake_openai.push(lambda body: text(f"Canberra is the capital [{min(numbers(body).values())}]."))
    result = assistant.ask("What is the capital of Australia?")
    assert result == {"answer": NOT_COVERED, "citations": [], "abstained": True, "mode": "llm",
                      "tool_calls": ["search_knowledge"]}


def test_invalid_tool_arguments_go_back_to_the_model_once(assistant, fake_openai):
    fake_openai.push(tool_calls(tool_call("search_knowledge", '{"query": "costs", "k": ', "call_bad")),
                     cite("hidden-costs", "Costs recur [{n}]."))
    result = assistant.ask(QUESTION)
    assert result["mode"] == "llm", result.get("notice")
    error = next(m for m in fake_openai.bodies[1]["messages"] if m.get("tool_call_id") == "call_bad")
    assert "<tool_error>" in error["content"] and "not valid JSON" in error["content"]


# -- faults: every one ends in the offline answer with a notice ------------------------------------
@pytest.mark.parametrize("script, expected", [
    (lambda s: s.always(delay(1.2)), "timed out"),
    (lambda s: s.always(status(429, retry_after="0")), "429"),
    (lambda s: s.always(status(500)), "500"),
    (lambda s: s.always(drop()), "could not reach"),
    (lambda s: s.always(broken_stream()), "could not reach"),
    (lambda s: s.always(bad_json()), "malformed"),
    (lambda s: s.push(tool_calls(tool_call("search_knowledge", "{oops")),
                      tool_calls(tool_call("search_knowledge", {"query": 3}))), "invalid tool arguments"),
    (lambda s: s.always(search("fine-tuning costs")), "tool-call loop"),
], ids=["timeout", "429", "500", "dropped", "broken-body", "bad-json", "invalid-args-twice", "tool-loop"])
def test_model_faults_fall_back_to_the_offline_answer(faulty, fake_openai, script, expected):
    script(fake_openai)
    result = faulty.ask(QUESTION)
    assert result["mode"] == "offline" and result["citations"]
    assert expected in result["notice"] and SECRET not in json.dumps(result)
    assert "Traceback" not in result["notice"]


def test_connection_refused_falls_back(faulty, monkeypatch):
    monkeypatch.setattr(faulty, "settings", faulty.settings.with_overrides(openai_base_url=closed_port_url()))
    result = faulty.ask(QUESTION)
    assert result["mode"] == "offline" and "could not reach" in result["notice"] and SECRET not in result["notice"]


def test_tool_loop_is_bounded(faulty, fake_openai):
    from assistant.chat import MAX_TOOL_TURNS

    fake_openai.always(search("fine-tuning costs"))
    faulty.ask(QUESTION)
    assert len(fake_openai.bodies) == MAX_TOOL_TURNS + 1


# -- conversation ----------------------------------------------------------------------------------
def test_history_is_trimmed_to_the_token_budget_keeping_recent_turns(assistant, fake_openai):
    filler = " ".join(["retrieval augmented generation keeps answers current"] * 40)
    history = []
    for i in range(10):
        history += [{"role": "user", "content": f"turn {i}: {filler}"},
                    {"role": "assistant", "content": f"reply {i}: {filler} [1]"}]
    fake_openai.push(cite(None, "Costs recur [{n}]."))
    result = assistant.ask("When is fine-tuning worth the hidden costs compared with retrieval?", history)
    assert result["mode"] == "llm", result.get("notice")
    sent = fake_openai.bodies[0]["messages"]
    past = sent[1:sent.index(next(m for m in sent if m["role"] == "tool")) - 2]
    assert sum(count_tokens(m["content"]) for m in past) <= HISTORY_TOKEN_BUDGET
    assert "reply 9" in past[-1]["content"] and not any("turn 0:" in m["content"] for m in past)
    assert past[0]["role"] == "user" and "[1]" not in json.dumps(past)


def test_trim_history_drops_an_orphan_reply_and_old_markers():
    history = [{"role": "user", "content": "x " * 5000}, {"role": "assistant", "content": "Use RAG [1]."},
               {"role": "user", "content": "and the cost?"}, {"role": "assistant", "content": "It recurs [2]."}]
    assert trim_history(history, budget=100) == [{"role": "user", "content": "and the cost?"},
                                                 {"role": "assistant", "content": "It recurs."}]


HISTORY = [{"role": "user", "content": "When should we use RAG instead of fine-tuning?"},
           {"role": "assistant", "content": "Use RAG when the model needs facts from your documents [1]."}]


def presearch_query(body: dict) -> str:
    call = next(m for m in body["messages"] if m["role"] == "assistant" and m.get("tool_calls"))
    return json.loads(call["tool_calls"][0]["function"]["arguments"])["query"]


def test_a_follow_up_is_rewritten_by_the_model_for_retrieval(assistant, fake_openai):
    fake_openai.push(text("What are the costs of RAG compared with fine-tuning?"),
                     cite("hidden-costs", "Fine-tuning costs recur [{n}]."))
    result = assistant.ask("and what does that cost?", HISTORY)
    assert result["mode"] == "llm", result.get("notice")
    rewrite, answer = fake_openai.bodies
    assert rewrite["messages"][0]["content"] == REWRITE_PROMPT and "tools" not in rewrite
    assert "When should we use RAG" in rewrite["messages"][1]["content"]
    assert presearch_query(answer) == "What are the costs of RAG compared with fine-tuning?"


def test_a_failed_rewrite_falls_back_to_the_offline_heuristic(assistant, fake_openai):
    fake_openai.push(status(500), cite(None, "Fine-tuning costs recur [{n}]."))
    result = assistant.ask("and what does that cost?", HISTORY)
    assert result["mode"] == "llm", result.get("notice")
    query = presearch_query(fake_openai.bodies[1])
    assert query == standalone_query("and what does that cost?", HISTORY)
    assert "RAG" in query and "cost" in query


# -- streaming ---------------------------------------------------------------------------------------
def test_assistant_stream_yields_status_tokens_and_a_verified_final(assistant, fake_openai):
    fake_openai.push(search("hidden costs"), cite("hidden-costs", "Fine-tuning keeps costing money [{n}]."))
    events = list(assistant.stream(QUESTION))
    kinds = [k for k, _ in events]
    assert kinds[0] == "status" and kinds.count("status") == 2 and kinds[-1] == "final" and kinds.count("final") == 1
    assert all(v == "Searching the framework…" for k, v in events if k == "status")
    streamed = "".join(v for k, v in events if k == "token")
    final = events[-1][1]
    assert streamed == final["answer"] == "Fine-tuning keeps costing money [1]."
    assert final["mode"] == "llm" and final["citations"][0]["quote"] in sources(assistant)["hidden-costs"]
    assert all(body["stream"] is True for body in fake_openai.bodies)


def test_a_stream_cut_mid_answer_ends_with_the_offline_answer(faulty, fake_openai):
    fake_openai.push(broken_stream("Fine-tuning has costs that"))
    events = list(faulty.stream(QUESTION))
    assert any(k == "token" for k, _ in events)
    kind, final = events[-1]
    assert kind == "final" and final["mode"] == "offline" and "could not reach" in final["notice"]
    assert SECRET not in final["notice"]


def test_assistant_stream_offline_when_no_model_is_configured(assistant, monkeypatch):
    monkeypatch.setattr(assistant, "settings", assistant.settings.with_overrides(openai_base_url=None))
    events = list(assistant.stream(QUESTION))
    assert [k for k, _ in events] == ["final"] and events[0][1]["mode"] == "offline"


# -- intake through the model --------------------------------------------------------------------------
ANSWERS = {"use_case": "Sort 1.4 million card transactions a day into 48 categories",
           "needs_document_facts": "no", "knowledge_change": None, "output_requirement": "structured",
           "format_status": None, "task_type": "classification", "daily_volume": 1400000,
           "latency_budget_ms": 150, "terminology": None, "labelled_examples": 210000,
           "mlops_capacity": "dedicated", "motivations": ["latency", "cost"]}


def test_recommend_architecture_returns_the_engines_result_unchanged(assistant, fake_openai):
    def answer(body):
        tool = [m for m in body["messages"] if m["role"] == "tool"][-1]["content"]
        n = re.search(r'<passage n="(\d+)" section_id="[^"]+" source="framework" label="reason', tool).group(1)
        return text(f"The framework recommends this option [{n}].")

    fake_openai.push(tool_calls(tool_call("recommend_architecture", {"answers": ANSWERS})), answer)
    result = assistant.ask("We sort 1.4 million card transactions a day into 48 categories. What should we use?")
    expected = assistant.intake({k: v for k, v in ANSWERS.items() if v is not None})
    assert result["mode"] == "llm" and result["intake"] == expected
    assert result["tool_calls"] == ["search_knowledge", "recommend_architecture"]
    assert result["citations"][0]["quote"] in [r["quote"] for r in expected["reasons"]]
    assert "<recommendation>" in fake_openai.bodies[1]["messages"][-1]["content"]


def test_map_free_text_to_intake_keeps_valid_fields_and_reports_bad_ones(assistant, fake_openai):
    reply = dict(ANSWERS, use_case="Card transaction categorisation", daily_volume=-5, mlops_capacity="lots")
    fake_openai.push(text(json.dumps(reply)))
    out = map_free_text_to_intake(assistant, "We label about 1.4M bank transactions a day into 48 categories.")
    assert out["answers"]["use_case"] == "Card transaction categorisation"
    assert out["answers"]["task_type"] == "classification" and out["answers"]["motivations"] == ["latency", "cost"]
    assert "daily_volume" not in out["answers"] and "knowledge_change" not in out["answers"]
    assert {e["field"] for e in out["invalid"]} == {"daily_volume", "mlops_capacity"}
    fmt = fake_openai.bodies[0]["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True


def test_map_free_text_to_intake_rejects_non_json(assistant, fake_openai):
    from assistant.errors import ProviderError

    fake_openai.push(text("Sure! Here you go."))
    with pytest.raises(ProviderError, match="not valid JSON"):
        map_free_text_to_intake(assistant, "A helpdesk bot over our manuals.")


def test_model_mode_and_offline_mode_agree_on_what_is_a_follow_up():
    """The rewrite's offline fallback uses the offline answer's follow-up test: a pronoun
    that points back carries the last question, a relative "that" does not."""
    history = [{"role": "user", "content": "Should we fine-tune for JSON output?"},
               {"role": "assistant", "content": "Try a schema first [1]."}]
    assert standalone_query("how does that compare with RAG?", history).startswith("Should we fine-tune for JSON output?")
    standalone = "When does a model that never looks anything up make sense for fine-tuning on our manuals?"
    assert standalone_query(standalone, history) == standalone
    assert standalone_query("and what would it cost?", []) == "and what would it cost?"

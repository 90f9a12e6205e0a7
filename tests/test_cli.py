"""The command line as DESIGN.md fixes it, run as a user would (subprocesses)."""

import json
import os
import subprocess
import sys

import pytest

from conftest import PROJECT, SHARED


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path_factory.mktemp("cli-data"))}
    for key in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_ENDPOINT"):
        env.pop(key, None)

    def run(*args, stdin=None):
        return subprocess.run([sys.executable, "-m", "assistant", *args], cwd=PROJECT, env=env, input=stdin,
                              capture_output=True, text=True, timeout=300)

    first = run("index")
    assert first.returncode == 0, first.stderr
    run.env = env
    return run


def test_a_second_index_embeds_nothing_and_says_so(cli):
    out = cli("index")
    assert out.returncode == 0 and "nothing changed" in out.stdout and "nothing embedded" in out.stdout
    data = json.loads(cli("index", "--json").stdout)
    assert data["embedded"] == 0 and data["added"] == [] and data["removed"] == []


def test_a_re_index_from_the_shell_is_in_the_audit_log(cli):
    from assistant.audit import AuditLog
    from assistant.config import load_settings

    assert cli("index").returncode == 0
    settings = load_settings(env={"ASSISTANT_DATA_DIR": cli.env["ASSISTANT_DATA_DIR"]})
    entries = AuditLog.for_settings(settings).entries(action="index.synced")
    assert entries and entries[0]["actor"].startswith("cli:")
    assert len(entries[0]["details"]["sha256"]) == 64


def test_ask_json_contract(cli):
    out = cli("ask", "What are the hidden costs of fine-tuning?", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) >= {"answer", "citations", "abstained", "mode"} and data["mode"] == "offline"
    assert data["citations"][0]["section_id"] == "hidden-costs"
    assert set(data["citations"][0]) == {"n", "section_id", "source", "title", "quote"}


def test_ask_human_output_lists_sources(cli):
    out = cli("ask", "Is fine-tuning a status symbol?")
    assert out.returncode == 0 and "[1]" in out.stdout and "intro" in out.stdout


@pytest.mark.parametrize("question,needle", [("", "empty"), ("x" * 2500, "limit is 2000")])
def test_bad_questions_exit_2_with_one_line(cli, question, needle):
    out = cli("ask", question)
    assert out.returncode == 2 and needle in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_search_json_and_k(cli):
    data = json.loads(cli("search", "hidden costs", "-k", "2", "--json").stdout)
    assert data["results"][0]["section_id"] == "hidden-costs" and len(data["results"]) == 2
    assert cli("search", "x", "-k", "0").returncode == 2


def test_batch_modes_print_one_json_object_per_line_in_order(cli):
    questions = "What is RAG?\nWhat is the capital of Australia?\n"
    lines = cli("ask", "--batch", "-", "--json", stdin=questions).stdout.splitlines()
    assert len(lines) == 2 and json.loads(lines[1])["abstained"] is True
    lines = cli("search", "--batch", "-", "--json", stdin="hidden costs\nprompt engineering\n").stdout.splitlines()
    assert [json.loads(l)["query"] for l in lines] == ["hidden costs", "prompt engineering"]


def test_intake_batch_reports_a_bad_line_and_goes_on(cli):
    cases = [json.loads(l) for l in (SHARED / "eval" / "intake.jsonl").read_text().splitlines() if l.strip()]
    stdin = "\n".join(json.dumps(c["answers"]) for c in cases) + "\nnot json\n"
    out = cli("intake", "--batch", "-", "--json", stdin=stdin)
    assert out.returncode == 0
    results = [json.loads(l) for l in out.stdout.splitlines()]
    assert len(results) == len(cases) + 1
    for case, result in zip(cases, results):
        if "expect" in case:
            assert result["recommendation"] == case["expect"], case["name"]
        else:
            assert result["error"]["field"] == case["expect_error_field"]
    assert results[-1]["error"]["field"] == "answers"


def test_intake_answers_file_and_bad_field_exit_2(cli, tmp_path):
    good = tmp_path / "a.json"
    good.write_text(json.dumps({"use_case": "Answer HR policy questions", "needs_document_facts": "yes"}))
    data = json.loads(cli("intake", "--answers", str(good), "--json").stdout)
    assert data["recommendation"] == "rag" and data["reasons"][0]["quote"]
    bad = cli("intake", "--answers", "-", "--json", stdin='{"use_case": "x", "task_type": "poetry"}')
    assert bad.returncode == 2 and "task_type" in bad.stderr and "classification" in bad.stderr


def test_guided_intake_in_the_terminal(cli):
    replies = "\n".join(["Answer employee questions from our HR policies", "1", "it changes every week", "1",
                         "1", "", "", "", "", ""]) + "\n"
    out = cli("intake", "--json", stdin=replies)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.splitlines()[-1])["recommendation"] == "rag"


# -- issue 13, finding 4: the command line never loops, never leaves a traceback ----------
def test_guided_intake_with_stdin_at_end_of_file_exits_2(cli):
    out = cli("intake", "--json", stdin="")  # used to loop forever, writing gigabytes to stderr
    assert out.returncode == 2 and "use case" in out.stderr and len(out.stderr) < 2000


@pytest.mark.parametrize("answers,field", [
    ('{"use_case": "x", "daily_volume": ' + "9" * 5000 + "}", "daily_volume"),
    ("[" * 5000 + "]" * 5000, "answers"),
    ('{"use_case": "x", "motivations": ' + "[" * 100 + "]" * 100 + "}", "motivations"),
])
def test_intake_answers_with_deep_or_huge_json_exit_2_with_a_message(cli, answers, field):
    out = cli("intake", "--answers", "-", "--json", stdin=answers)
    assert out.returncode == 2 and field in out.stderr and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_a_batch_piped_into_head_ends_quietly(cli):
    """`ask --batch … | head -1` used to end in BrokenPipeError."""
    questions = "".join(f"What is RAG, take {i}?\n" for i in range(40))
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "ask", "--batch", "-", "--json"], cwd=PROJECT,
                            env=cli.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    proc.stdin.write(questions)
    proc.stdin.close()
    first = proc.stdout.readline()  # what `head -1` reads, then it exits
    proc.stdout.close()
    stderr = proc.stderr.read()
    proc.wait(timeout=300)
    assert json.loads(first)["answer"]
    assert "BrokenPipeError" not in stderr and "Traceback" not in stderr and proc.returncode == 0


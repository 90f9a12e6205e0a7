"""`python -m assistant index | search | ask | intake | costs | keys` — the DESIGN.md command contract.

Human-readable output by default, JSON with --json. Exit 0 on success, 2 on bad input
with a one-line message on stderr naming the problem.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import EXIT_BAD_INPUT, AssistantError, InputError
from .text import decode_line

EXIT_OK = 0  # EXIT_BAD_INPUT (2) and EXIT_UNAVAILABLE (3) come with the error classes


def build_parser() -> argparse.ArgumentParser:
    from .schemas import DEFAULT_K, MAX_K  # the limits the checks and the OpenAPI document use

    parser = argparse.ArgumentParser(prog="python -m assistant",
                                     description="Prompt engineering, RAG or fine-tuning: cited answers from the framework.")
    sub = parser.add_subparsers(dest="command", required=True)

    index = sub.add_parser("index", help="(re)build the index from knowledge/; unchanged content is not re-embedded")
    index.add_argument("--rebuild", action="store_true", help="re-embed everything into a fresh index")
    index.add_argument("--json", action="store_true")

    search = sub.add_parser("search", help="hybrid search over the framework and case notes")
    search.add_argument("query", nargs="?")
    search.add_argument("-k", type=int, default=DEFAULT_K, help=f"number of results (1-{MAX_K}, default {DEFAULT_K})")
    search.add_argument("--batch", metavar="FILE", help="one query per line; - reads stdin")
    search.add_argument("--json", action="store_true")

    ask = sub.add_parser("ask", help="a cited answer, or a plain 'not covered'")
    ask.add_argument("question", nargs="?")
    ask.add_argument("--batch", metavar="FILE", help="one question per line; - reads stdin")
    ask.add_argument("--json", action="store_true")

    intake = sub.add_parser("intake", help="guided intake → recommendation")
    intake.add_argument("--answers", metavar="FILE", help="answers JSON object; - reads stdin")
    intake.add_argument("--batch", metavar="FILE", help="one answers object per line (JSON Lines); - reads stdin")
    intake.add_argument("--json", action="store_true")

    costs = sub.add_parser("costs", help="hidden-cost worksheet: each option priced with your own numbers")
    costs.add_argument("--answers", metavar="FILE",
                       help="worksheet inputs JSON object (may hold intake answers under 'intake'); - reads stdin; "
                            "without it every input is empty")
    costs.add_argument("--json", action="store_true")

    keys = sub.add_parser("keys", help="API keys for /api/v1: create (shown once), revoke, list")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    create = keys_sub.add_parser("create", help="a new key for one client; prints the key once")
    create.add_argument("name", help="the client's name: 1-64 letters, digits, '.', '_' or '-'")
    create.add_argument("--rate-limit", type=int, metavar="N",
                        help="requests a minute for this key (0: no limit); default ASSISTANT_RATE_LIMIT_PER_MINUTE")
    create.add_argument("--json", action="store_true")
    revoke = keys_sub.add_parser("revoke", help="refuse a key from its next request on")
    revoke.add_argument("name")
    revoke.add_argument("--json", action="store_true")
    listing = keys_sub.add_parser("list", help="every key (never the keys themselves)")
    listing.add_argument("--json", action="store_true")
    return parser


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> int:
    print(f"error: {' '.join(message.split())}", file=sys.stderr)
    return code


def _read(source: str) -> str:
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except FileNotFoundError:
        raise InputError(f"file not found: {source}", field="file") from None
    except OSError as exc:
        raise InputError(f"cannot read {source}: {exc}", field="file") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{'stdin' if source == '-' else source} is not UTF-8 text ({exc.reason} at byte {exc.start})",
                         field="file") from None


def _raw_lines(source: str) -> Iterator[bytes]:
    """The batch's lines as bytes, read as they come (stdin streams): each is decoded on
    its own, so one undecodable line fails alone."""
    try:
        stream = sys.stdin.buffer if source == "-" else open(source, "rb")
    except FileNotFoundError:
        raise InputError(f"file not found: {source}", field="file") from None
    except OSError as exc:
        raise InputError(f"cannot read {source}: {exc}", field="file") from None
    try:
        for raw in stream:
            yield raw.rstrip(b"\r\n")
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def run_batch(raw_lines: Iterable[bytes], run: Callable[[str], dict], what: str) -> Iterator[dict]:
    """One result per non-blank line, in order. A bad line yields
    {"error": {"field", "message"}} and the batch goes on: bad input, an unavailable
    index, or (logged on stderr) anything unexpected fails only its own line."""
    for n, raw in enumerate(raw_lines, 1):
        if not raw.strip():
            continue
        try:
            yield run(decode_line(raw.removeprefix(b"\xef\xbb\xbf") if n == 1 else raw, what, n))
        except InputError as exc:
            yield {"error": exc.as_dict()}
        except AssistantError as exc:
            print(f"warning: line {n} not answered: {' '.join(str(exc).split())}", file=sys.stderr)
            yield {"error": {"field": what, "message": str(exc)}}
        except Exception as exc:  # a bug must not lose the rest of the batch
            print(f"warning: line {n} not answered: unexpected {type(exc).__name__}: {exc}", file=sys.stderr)
            yield {"error": {"field": what, "message": f"internal error ({type(exc).__name__}); this line was skipped"}}


def _make_assistant():
    from .config import load_settings
    from .service import Assistant

    return Assistant(load_settings())


def _progress_bar(stream=sys.stderr) -> tuple[Callable[[int, int], None], Callable[[], None]]:
    from tqdm import tqdm

    bar: dict = {}

    def update(done: int, total: int) -> None:
        if "bar" not in bar:
            bar["bar"] = tqdm(total=total, unit="text", desc="Embedding", file=stream, leave=False)
        bar["bar"].n = done
        bar["bar"].refresh()

    def close() -> None:
        if "bar" in bar:
            bar["bar"].close()

    return update, close


# -- renderers ----------------------------------------------------------------
def render_search(result: dict) -> str:
    lines = [f"Results for: {result['query']}"]
    for n, r in enumerate(result["results"], 1):
        snippet = " ".join(r["text"].split())
        lines.append(f"{n}. [{r['section_id']}] {r['title']}  (score {r['score']:.3f})\n   {snippet[:240]}")
    return "\n".join(lines) if result["results"] else lines[0] + "\n(no results)"


def render_answer(result: dict) -> str:
    lines = [result["answer"], ""]
    if result.get("notice"):
        lines.insert(0, f"Notice: {result['notice']}\n")
    for c in result["citations"]:
        lines.append(f"[{c['n']}] {c['title']} ({c['section_id']}): “{c['quote']}”")
    lines.append(f"(mode: {result['mode']}{', not covered by the framework' if result['abstained'] else ''})")
    return "\n".join(lines).strip()


def render_intake(result: dict) -> str:
    out = [f"Recommendation: {result['label']} (confidence: {result['confidence']})", result["summary"], "", "Why:"]
    out += [f"  - {r['text']} [{r['section_id']}] “{r['quote']}”" for r in result["reasons"]]
    if result["try_first"]:
        out += ["Try first:"] + [f"  - {t['text']} [{t['section_id']}]" for t in result["try_first"]]
    if result["cautions"]:
        out += ["Cautions:"] + [f"  - {c['text']} [{c['section_id']}]" for c in result["cautions"]]
    if result["next_steps"]:
        out += ["Next steps:"] + [f"  - {s}" for s in result["next_steps"]]
    if result["similar_cases"]:
        out += ["Similar cases:"] + [f"  - {c['case_id']}: {c['title']} → {c['recommendation']}" for c in result["similar_cases"]]
    if result["missing_information"]:
        from .intake.labels import field_list  # people read labels; the JSON keeps the field names

        out.append("Still unknown (could change the result): " + field_list(result["missing_information"]))
    return "\n".join(out)


# -- commands -----------------------------------------------------------------
def _audit_index(assistant, rebuild: bool) -> None:
    """Every re-index is in the audit log, from the shell as from the Knowledge page: who
    (the operating-system user), and a hash of the knowledge it was built from. A log
    that cannot be written is said on stderr; it does not stop the operator's re-index."""
    import getpass

    from .audit import AuditLog
    from .drafts import knowledge_sha256
    from .errors import StorageError

    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "unknown"
    knowledge_dir = assistant.settings.knowledge_dir
    try:
        AuditLog.for_settings(assistant.settings).record(
            f"cli:{who}", "index.rebuilt" if rebuild else "index.synced", knowledge_dir.name,
            {"sha256": knowledge_sha256(knowledge_dir)})
    except StorageError as exc:
        print(f"warning: the audit log could not record this re-index: {exc}", file=sys.stderr)


def cmd_index(args, assistant) -> int:
    for problem in assistant.kb.problems:
        print(f"skipped: {problem}", file=sys.stderr)
    _audit_index(assistant, args.rebuild)
    update, close = _progress_bar()
    try:
        report = assistant.sync_index(rebuild=args.rebuild, progress=update)
    finally:
        close()
    if report.repaired:
        print(f"repaired: {report.repaired}", file=sys.stderr)
    if args.json:
        print(json.dumps(report.as_dict() | {"skipped": [str(p) for p in assistant.kb.problems]}))
    elif not report.changed and not args.rebuild:
        print(f"Index up to date: nothing changed, nothing embedded ({report.unchanged} chunks).")
    else:
        print(f"Index {'rebuilt' if args.rebuild else 'updated'}: {len(report.added)} added, {len(report.updated)} updated, "
              f"{len(report.removed)} removed, {report.unchanged} unchanged; {report.embedded} texts embedded.")
        for label, ids in (("added", report.added), ("updated", report.updated), ("removed", report.removed)):
            if ids and not args.rebuild:
                print(f"  {label}: {', '.join(ids)}")
    return EXIT_OK


def _single_or_batch(args, value, run: Callable[[str], dict], render: Callable[[dict], str], what: str) -> int:
    if args.batch:
        for result in run_batch(_raw_lines(args.batch), run, what):
            print(json.dumps(result) if args.json or "error" in result else render(result), flush=True)
        return EXIT_OK
    if value is None:
        raise InputError(f"{what} is missing: pass it as an argument or use --batch FILE", field=what)
    result = run(value)
    print(json.dumps(result) if args.json else render(result))
    return EXIT_OK


def cmd_search(args, assistant) -> int:
    return _single_or_batch(args, args.query, lambda q: assistant.search(q, args.k), render_search, "query")


def cmd_ask(args, assistant) -> int:
    return _single_or_batch(args, args.question, assistant.ask, render_answer, "question")


def _parse_json_object(text: str) -> dict:
    """Safe JSON (depth and number size limited): errors name `answers` or the field at fault."""
    from .json_input import loads

    return loads(text, field="answers")


def cmd_intake(args, assistant) -> int:
    if args.batch:
        for result in run_batch(_raw_lines(args.batch), lambda line: assistant.intake(_parse_json_object(line)), "answers"):
            print(json.dumps(result) if args.json or "error" in result else render_intake(result), flush=True)
        return EXIT_OK
    answers = _parse_json_object(_read(args.answers)) if args.answers else guided_intake(_prompt, _say)
    result = assistant.intake(answers)
    print(json.dumps(result) if args.json else render_intake(result))
    return EXIT_OK


def cmd_costs(args, assistant) -> int:
    from .costs import render_costs_text
    from .costs_service import run_costs

    data = _parse_json_object(_read(args.answers)) if args.answers else {}
    result = run_costs(assistant, data)
    print(json.dumps(result) if args.json else render_costs_text(result))
    return EXIT_OK


def _say(text: str) -> None:
    """Questions go to stderr so stdout stays the result (JSON with --json)."""
    print(text, file=sys.stderr)


def _prompt(prompt: str) -> str:
    sys.stderr.write(prompt)
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line


def guided_intake(ask: Callable[[str], str] = input, say: Callable[[str], None] = print) -> dict:
    """One question at a time in the terminal: a number picks a choice, free text is
    understood where it can be, an empty line means "don't know"."""
    from .intake import fill_skipped, next_question, parse_free_text

    answers: dict = {}
    step = 0
    while (question := next_question(answers)) is not None:
        step += 1
        say(f"\n[{step}] {question.prompt}")
        if question.help:
            say(f"    {question.help}")
        for n, choice in enumerate(question.choices, 1):
            say(f"    {n}. {choice.label}")
        while True:
            try:
                reply = ask("> ").strip()
            except EOFError:  # input ended: the rest is unknown, but the use case is required
                if question.field == "use_case":
                    raise InputError("input ended before the use case was given: answer in a terminal, "
                                     "or pass --answers FILE", field="use_case") from None
                reply = ""
            value = _interpret(question, reply, parse_free_text)
            if value is not _UNCLEAR:
                break
            say("    Sorry, I didn't understand that: pick a number, or press Enter to skip.")
        answers[question.field] = value
    return {k: v for k, v in fill_skipped(answers).items() if v is not None}


_UNCLEAR = object()


def _interpret(question, reply: str, parse_free_text):
    if question.field == "use_case":
        return reply or _UNCLEAR
    if not reply:
        return [] if question.multi else None
    picks = [p.strip() for p in reply.replace(",", " ").split()] if question.multi else [reply]
    if all(p.isdigit() and 1 <= int(p) <= len(question.choices) for p in picks):
        values = [question.choices[int(p) - 1].value for p in picks]
        return [v for v in values if v is not None] if question.multi else values[0]
    parsed = parse_free_text(question.field, reply)
    return _UNCLEAR if parsed is None else parsed


def _cli_actor() -> str:
    """Who the audit log names for a command-line change: the operating-system user."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name for this uid (a container)
        return f"cli:uid-{os.getuid()}" if hasattr(os, "getuid") else "cli"


def cmd_keys(args) -> int:
    """Needs only the settings and the app database: no model, no index."""
    from .api_keys import DEFAULT_KEY, KeyStore, create_key, revoke_key
    from .config import load_settings

    settings = load_settings()
    if args.keys_command == "create":
        record, key = create_key(settings, args.name, _cli_actor(), args.rate_limit)
        if args.json:
            print(json.dumps(record.as_dict() | {"key": key}))
        else:
            limit = record.rate_limit_per_minute
            print(f"Created API key {record.name!r} ({'server default rate limit' if limit is None else f'{limit} a minute'}).\n"
                  f"{key}\nThis is the only time the key is shown: store it now. Clients send it as "
                  "`Authorization: Bearer <key>`.")
        return EXIT_OK
    if args.keys_command == "revoke":
        record = revoke_key(settings, args.name, _cli_actor())
        print(json.dumps(record.as_dict()) if args.json else f"Revoked API key {record.name!r}: it is refused from now on.")
        return EXIT_OK
    keys = [k.as_dict() for k in KeyStore.for_settings(settings).list()]
    if settings.api_token:
        keys.insert(0, {"name": DEFAULT_KEY, "prefix": "", "rate_limit_per_minute": None, "created_at": None,
                        "created_by": "ASSISTANT_API_TOKEN", "revoked_at": None, "revoked_by": None, "active": True})
    if args.json:
        print(json.dumps({"keys": keys}))
    elif not keys:
        print("No API keys: the API answers loopback clients only. `keys create NAME` adds one.")
    else:
        for k in keys:
            state = "active" if k["active"] else f"revoked {k['revoked_at']} by {k['revoked_by']}"
            limit = "default limit" if k["rate_limit_per_minute"] is None else f"{k['rate_limit_per_minute']}/min"
            origin = "from ASSISTANT_API_TOKEN" if k["created_by"] == "ASSISTANT_API_TOKEN" else \
                f"{k['prefix']}… created {k['created_at']} by {k['created_by']}"
            print(f"{k['name']}: {state}, {limit}, {origin}")
    return EXIT_OK


COMMANDS = {"index": cmd_index, "search": cmd_search, "ask": cmd_ask, "intake": cmd_intake, "costs": cmd_costs}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "keys":
            return cmd_keys(args)
        assistant = _make_assistant()
        return COMMANDS[args.command](args, assistant)
    except AssistantError as exc:  # the one place the error tree becomes exit codes (each class carries its own)
        return _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader stopped reading (`| head -1`): stop quietly, like other Unix tools
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit-time flush cannot fail too
        return EXIT_OK

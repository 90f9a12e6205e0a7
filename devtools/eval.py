"""Evaluation of offline answers on fixed calibration and test sets.

    python -m assistant.eval [--part test|calibration] [--json] [--calibrate] [--misses]

Every set in tests/eval comes in two fixed halves: `*_calibration.jsonl` (tune on this
one only; the older golden sets and the public ../shared/eval set belong to it) and
`*_test.jsonl` (report this one). The default report is the test part, per question
kind, against the targets of issue 9. `--calibrate` grid-searches the on-topic
thresholds on the calibration part and never reads the test part.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from assistant.config import PROJECT_ROOT

SHARED_EVAL = PROJECT_ROOT.parent / "shared" / "eval"
GOLDEN_EVAL = PROJECT_ROOT / "tests" / "eval"
MISSPELT = "misspelt"
FOLLOW_UP_NOT_COVERED = "followup-abstain"  # a follow-up the knowledge does not answer: it should be refused
TOPIC_SWITCH_EVERY = 3  # every third in-scope question is also asked right after the one before it
TARGETS = {
    "answer_cites_expected": (">=", 0.92),
    "misspelt_answered_and_cited": (">=", 0.90),
    "false_refusal_rate": ("<=", 0.02),
    "near_topic_refused": (">=", 0.85),
    "followups_resolved": (">=", 0.90),
    "recall@3": (">=", 0.95),
    "citation_validity": (">=", 1.0),
    "verbatim_quote_rate": (">=", 1.0),
}


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@dataclass
class EvalSet:
    answerable: list[dict]
    abstain: list[dict]
    followups: list[dict]


def load_part(part: str) -> EvalSet:
    """The fixed half of every set; `calibration` also holds the older and public sets."""
    def every(kind: str) -> list[dict]:  # a part may grow in several files: questions_calibration_2.jsonl
        return [item for path in sorted(GOLDEN_EVAL.glob(f"{kind}_{part}*.jsonl")) for item in read_jsonl(path)]

    answerable, abstain, followups = every("questions"), every("abstain"), every("followups")
    if part == "calibration":
        answerable = read_jsonl(SHARED_EVAL / "questions.jsonl") + read_jsonl(GOLDEN_EVAL / "golden_questions.jsonl") + answerable
        abstain = read_jsonl(SHARED_EVAL / "abstain.jsonl") + read_jsonl(GOLDEN_EVAL / "golden_abstain.jsonl") + abstain
    return EvalSet(answerable, abstain, followups)


def question_sets() -> tuple[list[dict], list[dict]]:
    """The calibration part's answerable and abstain questions: the benchmark's and load test's inputs."""
    part = load_part("calibration")
    return part.answerable, part.abstain


def distinct_sections(results: list[dict]) -> list[str]:
    seen: list[str] = []
    for r in results:
        if r["section_id"] not in seen:
            seen.append(r["section_id"])
    return seen


def retrieval_metrics(rankings: list[tuple[list[str], list[str]]]) -> dict:
    """rankings: (distinct section ids best first, expected ids) per question."""
    n = len(rankings) or 1
    r1 = sum(1 for ranked, exp in rankings if ranked[:1] and ranked[0] in exp)
    r3 = sum(1 for ranked, exp in rankings if set(ranked[:3]) & set(exp))
    mrr = sum(next((1 / i for i, s in enumerate(ranked, 1) if s in exp), 0.0) for ranked, exp in rankings)
    return {"recall@1": r1 / n, "recall@3": r3 / n, "mrr": mrr / n}


def _ratio(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def evaluate(assistant, answerable: list[dict], abstain: list[dict], followups: list[dict] | None = None) -> dict:
    """Offline answers scored question by question; a refusal of an in-scope question is a miss."""
    from assistant.citations import dangling_markers, is_verbatim

    texts = assistant.source_texts()
    rankings, misses, false_refusals = [], [], []
    by_kind: dict[str, list[bool]] = defaultdict(list)
    citations_total = citations_valid = quotes_verbatim = dangling = 0

    def check_citations(answer: dict) -> None:
        nonlocal citations_total, citations_valid, quotes_verbatim, dangling
        dangling += len(dangling_markers(answer["answer"], answer["citations"]))
        for c in answer["citations"]:
            citations_total += 1
            citations_valid += c["section_id"] in texts
            quotes_verbatim += is_verbatim(c["quote"], texts.get(c["section_id"], ""))

    cited_hits = 0
    switches: list[bool] = []  # a new standalone question after another one must not be bent to the old topic
    previous: tuple[str, dict] | None = None
    for i, item in enumerate(answerable):
        sections = distinct_sections(assistant.search(item["q"], k=10)["results"])
        rankings.append((sections, item["expect"]))
        if previous is not None and i % TOPIC_SWITCH_EVERY == 0:
            history = [{"role": "user", "content": previous[0]}, {"role": "assistant", "content": previous[1]["answer"]}]
            switched = assistant.ask_offline(item["q"], history)
            check_citations(switched)
            switches.append(not switched["abstained"] and bool({c["section_id"] for c in switched["citations"]} & set(item["expect"])))
        answer = assistant.ask_offline(item["q"])
        previous = (item["q"], answer)
        check_citations(answer)
        cited = [c["section_id"] for c in answer["citations"]]
        hit = not answer["abstained"] and bool(set(cited) & set(item["expect"]))
        cited_hits += hit
        by_kind[item.get("kind", "golden")].append(hit)
        if answer["abstained"]:
            false_refusals.append(item["q"])
        elif not hit:
            misses.append({"q": item["q"], "expect": item["expect"], "cited": cited, "ranked": sections[:3]})

    refused: dict[str, list[bool]] = defaultdict(list)
    missed_refusals = []
    for item in abstain:
        answer = assistant.ask_offline(item["q"])
        check_citations(answer)
        refused[item.get("kind", "near-topic")].append(answer["abstained"])
        if not answer["abstained"]:
            missed_refusals.append({"q": item["q"], "kind": item.get("kind"),
                                    "cited": [c["section_id"] for c in answer["citations"]]})

    followup_hits, followup_misses, followup_refusals = 0, [], []
    answerable_followups = [f for f in followups or [] if f.get("kind") != FOLLOW_UP_NOT_COVERED]
    for item in followups or []:
        history = []
        for turn in item["history"]:
            first = assistant.ask_offline(turn, history)
            history += [{"role": "user", "content": turn}, {"role": "assistant", "content": first["answer"]}]
        answer = assistant.ask_offline(item["q"], history)
        check_citations(answer)
        cited = [c["section_id"] for c in answer["citations"]]
        if item.get("kind") == FOLLOW_UP_NOT_COVERED:  # "which vector db, then?" after "when is RAG right?"
            followup_refusals.append(answer["abstained"])
            hit = answer["abstained"]
        else:
            hit = not answer["abstained"] and bool(set(cited) & set(item["expect"]))
            followup_hits += hit
        if not hit:
            followup_misses.append({"history": item["history"], "q": item["q"], "expect": item["expect"], "cited": cited,
                                    "abstained": answer["abstained"]})

    near_topic = refused.get("near-topic", [])
    report = retrieval_metrics(rankings) | {
        "questions": len(answerable),
        "abstain_questions": len(abstain),
        "followup_questions": len(answerable_followups),
        "followup_not_covered_questions": len(followup_refusals),
        "answer_cites_expected": _ratio(cited_hits, len(answerable)),
        "misspelt_answered_and_cited": _ratio(sum(by_kind.get(MISSPELT, [])), len(by_kind.get(MISSPELT, []))),
        "false_refusal_rate": _ratio(len(false_refusals), len(answerable)),
        "near_topic_refused": _ratio(sum(near_topic), len(near_topic)),
        "abstain_refused": _ratio(sum(sum(v) for v in refused.values()), len(abstain)),
        "followups_resolved": _ratio(followup_hits, len(answerable_followups)),
        "followups_not_covered_refused": _ratio(sum(followup_refusals), len(followup_refusals)),
        "topic_switch_resolved": _ratio(sum(switches), len(switches)),
        "citation_validity": _ratio(citations_valid, citations_total) if citations_total else 1.0,
        "verbatim_quote_rate": _ratio(quotes_verbatim, citations_total) if citations_total else 1.0,
        "dangling_markers": dangling,
        "by_kind": {kind: {"n": len(v), "answered_and_cited": _ratio(sum(v), len(v))} for kind, v in sorted(by_kind.items())},
        "refused_by_kind": {kind: {"n": len(v), "refused": _ratio(sum(v), len(v))} for kind, v in sorted(refused.items())},
        "misses": misses,
        "false_refusals": false_refusals,
        "missed_refusals": missed_refusals,
        "followup_misses": followup_misses,
    }
    return report


def meets_targets(report: dict) -> dict[str, bool]:
    out = {}
    for key, (op, target) in TARGETS.items():
        value = report[key]
        out[key] = value >= target if op == ">=" else value <= target
    return out


# -- calibration of the on-topic thresholds (calibration part only) -----------------------------------
@dataclass
class Signals:
    question: str
    should_answer: bool
    best_dense: float
    best_lexical: float


def collect_signals(assistant, answerable: list[dict], abstain: list[dict]) -> list[Signals]:
    """Off-topic and near-topic questions both count as ones to refuse; injections are
    refused by their own check."""
    out = []
    for items, should in ((answerable, True), ([a for a in abstain if a.get("kind") != "injection"], False)):
        for item in items:
            understood = assistant.understand(item["q"])
            passages = assistant.passages(understood.retrieval_text, k=8)
            out.append(Signals(item["q"], should, max((p.dense for p in passages), default=0.0),
                               max((p.lexical for p in passages), default=0.0)))
    return out


FALSE_REFUSAL_BUDGET = 0.01  # half the 2 % ceiling, so new questions have room


def calibrate(signals: list[Signals]) -> dict:
    """Thresholds within the false-refusal budget that refuse the most questions the
    knowledge does not cover; ties go to the widest margin below the answerable ones."""
    import itertools

    import numpy as np

    dense = np.array([s.best_dense for s in signals])
    lexical = np.array([s.best_lexical for s in signals])
    should = np.array([s.should_answer for s in signals])
    best = None
    grid_dense = [x / 100 for x in range(20, 70)]
    for min_dense, min_dense_lex, min_lex in itertools.product(grid_dense, grid_dense, [x / 2 for x in range(21)]):
        if min_dense_lex > min_dense:
            continue
        refuses = ~((dense >= min_dense) | ((dense >= min_dense_lex) & (lexical >= min_lex)))
        false_refusal = int((refuses & should).sum())
        caught = int((refuses & ~should).sum())
        margin = float((dense[should] - min_dense_lex).min()) if should.any() else 0.0
        budget = int(FALSE_REFUSAL_BUDGET * int(should.sum()))
        key = (false_refusal <= budget, caught, -false_refusal, margin)
        if best is None or key > best[0]:
            best = (key, {"MIN_DENSE_SIMILARITY": min_dense, "MIN_DENSE_WITH_LEXICAL": min_dense_lex,
                          "MIN_LEXICAL_SCORE": min_lex, "false_refusals": false_refusal,
                          "refused_off_topic": caught, "off_topic": int((~should).sum())})
    return best[1] if best else {}


def _print_report(report: dict, part: str, show_misses: bool) -> None:
    ok = meets_targets(report)
    print(f"part: {part} ({report['questions']} in-scope, {report['abstain_questions']} not covered, "
          f"{report['followup_questions']} follow-ups, {report['followup_not_covered_questions']} follow-ups not covered)")
    for key in ("recall@1", "recall@3", "mrr", "answer_cites_expected", "misspelt_answered_and_cited",
                "false_refusal_rate", "near_topic_refused", "abstain_refused", "followups_resolved", "followups_not_covered_refused",
                "topic_switch_resolved", "citation_validity", "verbatim_quote_rate", "dangling_markers"):
        value = report[key]
        mark = "" if key not in ok else ("  ok" if ok[key] else f"  MISSED (target {TARGETS[key][0]} {TARGETS[key][1]})")
        print(f"{key:30} {value:.3f}{mark}" if isinstance(value, float) else f"{key:30} {value}{mark}")
    print("in-scope by kind:")
    for kind, row in report["by_kind"].items():
        print(f"  {kind:14} n={row['n']:3}  answered and cited {row['answered_and_cited']:.3f}")
    print("not covered by kind:")
    for kind, row in report["refused_by_kind"].items():
        print(f"  {kind:14} n={row['n']:3}  refused {row['refused']:.3f}")
    if show_misses:
        for miss in report["misses"]:
            print(f"  miss: {miss['q']!r} expected {miss['expect']} cited {miss['cited']} ranked {miss['ranked']}")
        for q in report["false_refusals"]:
            print(f"  false refusal: {q!r}")
        for item in report["missed_refusals"]:
            print(f"  should refuse ({item['kind']}): {item['q']!r} cited {item['cited']}")
        for item in report["followup_misses"]:
            print(f"  follow-up miss: {item['history']} → {item['q']!r} expected {item['expect']} cited {item['cited']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.eval", description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["test", "calibration"], default="test")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list every miss (use on the calibration part)")
    parser.add_argument("--calibrate", action="store_true", help="grid-search the on-topic thresholds (calibration part)")
    args = parser.parse_args(argv)
    from assistant.config import load_settings
    from assistant.service import Assistant

    assistant = Assistant(load_settings())
    assistant.ensure_index()
    if args.calibrate:
        part = load_part("calibration")
        print(json.dumps(calibrate(collect_signals(assistant, part.answerable, part.abstain)), indent=2))
        return 0
    part = load_part(args.part)
    report = evaluate(assistant, part.answerable, part.abstain, part.followups)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        _print_report(report, args.part, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())

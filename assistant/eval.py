"""Evaluation over ../shared/eval and the project's golden sets.

    python -m assistant.eval [--json] [--calibrate]

Prints recall@1, recall@3, MRR (section level, from `search`), answer hit rate,
citation validity, verbatim-quote rate, dangling markers (from `ask`), and abstention
precision and recall. `--calibrate` grid-searches the abstention thresholds.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from .config import PROJECT_ROOT

SHARED_EVAL = PROJECT_ROOT.parent / "shared" / "eval"
GOLDEN_EVAL = PROJECT_ROOT / "tests" / "eval"


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def question_sets() -> tuple[list[dict], list[dict]]:
    answerable = read_jsonl(SHARED_EVAL / "questions.jsonl") + read_jsonl(GOLDEN_EVAL / "golden_questions.jsonl")
    abstain = read_jsonl(SHARED_EVAL / "abstain.jsonl") + read_jsonl(GOLDEN_EVAL / "golden_abstain.jsonl")
    return answerable, abstain


@dataclass
class Signals:
    question: str
    should_answer: bool
    best_dense: float
    best_lexical: float
    injection: bool


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


def evaluate(assistant, answerable: list[dict], abstain: list[dict]) -> dict:
    from .citations import dangling_markers, is_verbatim

    texts = assistant.source_texts()
    rankings, misses, false_abstentions = [], [], []
    cited_hits = citations_total = citations_valid = quotes_verbatim = dangling = 0
    for item in answerable:
        sections = distinct_sections(assistant.search(item["q"], k=10)["results"])
        rankings.append((sections, item["expect"]))
        answer = assistant.ask_offline(item["q"])
        if answer["abstained"]:
            false_abstentions.append(item["q"])
        cited = [c["section_id"] for c in answer["citations"]]
        if set(cited) & set(item["expect"]):
            cited_hits += 1
        else:
            misses.append({"q": item["q"], "expect": item["expect"], "cited": cited, "ranked": sections[:3]})
        dangling += len(dangling_markers(answer["answer"], answer["citations"]))
        for c in answer["citations"]:
            citations_total += 1
            citations_valid += c["section_id"] in texts
            quotes_verbatim += is_verbatim(c["quote"], texts.get(c["section_id"], ""))
    abstained_ok = [item["q"] for item in abstain if assistant.ask_offline(item["q"])["abstained"]]
    n_abstained = len(abstained_ok) + len(false_abstentions)
    report = retrieval_metrics(rankings) | {
        "questions": len(answerable),
        "abstain_questions": len(abstain),
        "answer_cites_expected": cited_hits / max(1, len(answerable)),
        "citation_validity": citations_valid / max(1, citations_total),
        "verbatim_quote_rate": quotes_verbatim / max(1, citations_total),
        "dangling_markers": dangling,
        "false_abstentions": len(false_abstentions),
        "abstention_recall": len(abstained_ok) / max(1, len(abstain)),
        "abstention_precision": len(abstained_ok) / max(1, n_abstained),
        "misses": misses,
        "false_abstention_questions": false_abstentions,
        "missed_abstentions": [item["q"] for item in abstain if item["q"] not in abstained_ok],
    }
    return report


def collect_signals(assistant, answerable: list[dict], abstain: list[dict]) -> list[Signals]:
    from .answer import asks_outside_framework, looks_like_injection

    out = []
    for items, should in ((answerable, True), (abstain, False)):
        for item in items:
            passages = assistant.passages(item["q"], k=8)
            out.append(Signals(item["q"], should, max((p.dense for p in passages), default=0.0),
                               max((p.lexical for p in passages), default=0.0),
                               looks_like_injection(item["q"]) or asks_outside_framework(item["q"])))
    return out


def calibrate(signals: list[Signals]) -> dict:
    """Thresholds with no false abstention that abstain on the most out-of-scope questions;
    ties go to the widest margin below the weakest answerable question."""
    import itertools

    import numpy as np

    dense = np.array([s.best_dense for s in signals])
    lexical = np.array([s.best_lexical for s in signals])
    blocked = np.array([s.injection for s in signals])
    should = np.array([s.should_answer for s in signals])
    best = None
    grid_dense = [x / 100 for x in range(20, 70)]
    for min_dense, min_dense_lex, min_lex in itertools.product(grid_dense, grid_dense, [x / 2 for x in range(0, 21)]):
        if min_dense_lex > min_dense:
            continue
        abstains = blocked | ~((dense >= min_dense) | ((dense >= min_dense_lex) & (lexical >= min_lex)))
        false_abstain = int((abstains & should).sum())
        caught = int((abstains & ~should).sum())
        margin = float((dense[should] - min_dense_lex).min()) if should.any() else 0.0
        key = (-false_abstain, caught, margin)
        if best is None or key > best[0]:
            best = (key, {"MIN_DENSE_SIMILARITY": min_dense, "MIN_DENSE_WITH_LEXICAL": min_dense_lex,
                          "MIN_LEXICAL_SCORE": min_lex, "false_abstentions": false_abstain,
                          "abstained_out_of_scope": caught, "out_of_scope": int((~should).sum())})
    return best[1] if best else {}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.eval", description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--calibrate", action="store_true", help="grid-search abstention thresholds")
    args = parser.parse_args(argv)
    from .config import load_settings
    from .service import Assistant

    assistant = Assistant(load_settings())
    assistant.ensure_index()
    answerable, abstain = question_sets()
    if args.calibrate:
        signals = collect_signals(assistant, answerable, abstain)
        result = calibrate(signals)
        print(json.dumps(result, indent=2))
        return 0
    report = evaluate(assistant, answerable, abstain)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    for key in ("questions", "abstain_questions", "recall@1", "recall@3", "mrr", "answer_cites_expected",
                "citation_validity", "verbatim_quote_rate", "dangling_markers", "false_abstentions",
                "abstention_precision", "abstention_recall"):
        value = report[key]
        print(f"{key:24} {value:.3f}" if isinstance(value, float) else f"{key:24} {value}")
    for miss in report["misses"]:
        print(f"  miss: {miss['q']!r} expected {miss['expect']} cited {miss['cited']} ranked {miss['ranked']}")
    for q in report["false_abstention_questions"]:
        print(f"  false abstention: {q!r}")
    for q in report["missed_abstentions"]:
        print(f"  should abstain: {q!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

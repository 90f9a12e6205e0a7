"""Benchmark: `python -m assistant.bench [--scale 1000,10000,100000] [--json]`.

Prints latency percentiles for search, offline ask and intake next to one raw query
embedding with the same encoder in the same run, CLI cold start against a bare
`import sentence_transformers`, index build and no-change re-index, peak RSS, and a
scaling run over synthetic corpora. Numbers, not assertions: machines are noisy.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from assistant.config import PROJECT_ROOT, load_settings


def percentiles(samples_s: list[float]) -> dict:
    ms = sorted(s * 1000 for s in samples_s)
    pick = lambda q: ms[min(len(ms) - 1, int(round(q * (len(ms) - 1))))]  # noqa: E731
    return {"p50_ms": round(statistics.median(ms), 2), "p95_ms": round(pick(0.95), 2), "n": len(ms)}


def timed(fn, items) -> list[float]:
    out = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        out.append(time.perf_counter() - start)
    return out


def cold_start(args: list[str], env: dict | None = None, runs: int = 3) -> float:
    best = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, *args], cwd=PROJECT_ROOT, env=env, capture_output=True, check=True)
        best.append(time.perf_counter() - start)
    return statistics.median(best)


def synthetic_scaling(embedder, sizes: list[int], queries: list[str]) -> list[dict]:
    """Ingest real embeddings for the smallest size (to compare with raw throughput);
    larger stores get random unit vectors, which measures the store, not the model."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    words = ("fine-tuning retrieval prompt cost latency format terminology knowledge policy document model "
             "training weights evaluation pipeline serving volume classification extraction schema").split()
    rng = np.random.default_rng(7)
    rows = []
    query_vectors = embedder.encode(queries)
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            client = chromadb.PersistentClient(path=tmp, settings=ChromaSettings(anonymized_telemetry=False))
            col = client.create_collection("bench", configuration={"hnsw": {"space": "cosine"}}, embedding_function=None)
            texts = [" ".join(rng.choice(words, 40)) for _ in range(min(size, 1000))]
            row = {"chunks": size}
            if size <= 1000:
                start = time.perf_counter()
                raw = embedder.encode(texts)
                raw_s = time.perf_counter() - start
                start = time.perf_counter()
                vectors = embedder.encode(texts)
                for i in range(0, size, 1000):
                    col.add(ids=[f"c{j}" for j in range(i, min(size, i + 1000))], embeddings=vectors[i:i + 1000],
                            documents=texts[i:i + 1000])
                ingest_s = time.perf_counter() - start
                row |= {"raw_embed_per_s": round(size / raw_s, 1), "ingest_per_s": round(size / ingest_s, 1),
                        "ingest_overhead_pct": round(100 * (ingest_s - raw_s) / raw_s, 1)}
                del raw
            else:
                start = time.perf_counter()
                for i in range(0, size, 5000):
                    n = min(5000, size - i)
                    v = rng.standard_normal((n, query_vectors.shape[1])).astype(np.float32)
                    v /= np.linalg.norm(v, axis=1, keepdims=True)
                    col.add(ids=[f"c{j}" for j in range(i, i + n)], embeddings=v,
                            documents=[texts[j % len(texts)] for j in range(i, i + n)])
                row["store_insert_per_s"] = round(size / (time.perf_counter() - start), 1)
            samples = timed(lambda v: col.query(query_embeddings=[v], n_results=30, include=["distances"]), list(query_vectors) * 3)
            row["query"] = percentiles(samples)
            rows.append(row)
    return rows


def _proc_status(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM (peak) of a process, in MB, from /proc."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = round(int(value.split()[0]) / 1024, 1)
    return out


def _serve_once(data_dir: Path, requests: int, app_dir: Path = PROJECT_ROOT) -> dict:
    """Start `streamlit run app.py` as deployed, time it to its first answer, send
    `requests` mixed API calls, then read the server's own RSS, whether torch is mapped,
    and whether chromadb was loaded before the first answer."""
    import os
    import socket

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AZURE_OPENAI_", "ASSISTANT_"))}
    env |= {"ASSISTANT_DATA_DIR": str(data_dir), "ASSISTANT_RATE_LIMIT_PER_MINUTE": "0",
            "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    load = os.getloadavg()[0]
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                             "--server.headless", "true", "--server.address", "127.0.0.1"],
                            cwd=app_dir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    question = {"question": "What are the hidden costs of fine-tuning?"}
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600) as http:
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"the server exited with {proc.returncode}")
                try:
                    if http.post("/api/v1/ask", json=question).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.1)
            first_answer = time.perf_counter() - started
            # CPU time is steadier than wall time on a shared machine: what the start-up itself costs
            stat = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            cpu_s = (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
            chroma_first = "chromadb_rust_bindings" in Path(f"/proc/{proc.pid}/maps").read_text()
            # health as a load balancer polls it: it opens Chroma, which the read path spares
            # the first answer (the on-disk snapshot), so the RSS below includes chromadb
            calls = [lambda: http.post("/api/v1/ask", json=question),
                     lambda: http.get("/api/v1/search", params={"q": "retrieval for weekly changing documents"}),
                     lambda: http.post("/api/v1/intake", json={"use_case": "HR policy answers", "needs_document_facts": "yes"}),
                     lambda: http.get("/api/health")]
            for i in range(requests):
                calls[i % len(calls)]().raise_for_status()
        memory = _proc_status(proc.pid)
        torch_mapped = "libtorch" in Path(f"/proc/{proc.pid}/maps").read_text()
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    return {"first_answer_s": round(first_answer, 2), "cpu_s": round(cpu_s, 2), "load_1min": round(load, 2), "rss_mb": memory["VmRSS"], "peak_rss_mb": memory["VmHWM"],
            "torch_loaded": torch_mapped, "chromadb_before_first_answer": chroma_first}


def compiled_copy(target: Path) -> Path:
    """The app as deployed with its bytecode compiled: what Python writes on a first start
    (and pip for installed packages), unless PYTHONDONTWRITEBYTECODE is set, as on the
    machine these figures come from, where every start compiles the app's own modules
    again. A copy, so no bytecode lands in a working tree that others are editing."""
    import compileall
    import shutil

    shutil.copytree(PROJECT_ROOT, target, ignore=shutil.ignore_patterns(
        ".venv", ".git", ".data", "test-artifacts", "tests", "__pycache__", "*.pyc", "node_modules"))
    if not compileall.compile_dir(target / "assistant", quiet=1) or not compileall.compile_file(target / "app.py", quiet=1):
        raise RuntimeError("the app's copy did not compile")
    return target


def _median_run(runs: list[dict]) -> dict:
    median = sorted(runs, key=lambda r: r["first_answer_s"])[len(runs) // 2]
    many = {"first_answer_runs_s": [r["first_answer_s"] for r in runs], "cpu_runs_s": [r["cpu_s"] for r in runs],
            "median_cpu_s": statistics.median(r["cpu_s"] for r in runs),
            "load_1min_range": [min(r["load_1min"] for r in runs), max(r["load_1min"] for r in runs)]}
    return median | (many if len(runs) > 1 else {})


def serving_memory(requests: int = 60, warm_runs: int = 1, compiled: bool = True) -> dict:
    """The server process's memory: a first start on an empty data dir (exports the ONNX
    model in a child process and builds the index), then `warm_runs` warm restarts on the
    built one (the median run is reported, with every run's first answer beside it);
    with `compiled`, as many again from a copy with compiled bytecode, alternating."""
    with tempfile.TemporaryDirectory() as tmp:
        data, app = Path(tmp) / "data", compiled_copy(Path(tmp) / "app") if compiled else None
        data.mkdir()
        first = _serve_once(data, requests)
        runs: dict[str, list[dict]] = {"warm": [], "warm_compiled": []}
        for _ in range(max(1, warm_runs)):
            runs["warm"].append(_serve_once(data, requests))
            if app is not None:
                runs["warm_compiled"].append(_serve_once(data, requests, app_dir=app))
    return {"first_start": first, "requests": requests} | {key: _median_run(rows) for key, rows in runs.items() if rows}


def run(scale: list[int], cold_runs: int, warm_runs: int = 1) -> dict:
    from devtools.eval import question_sets
    from assistant.intake import load_rules, parse_answers, recommend
    from assistant.service import Assistant

    answerable, abstain = question_sets()
    questions = [q["q"] for q in answerable] + [q["q"] for q in abstain]
    intake_cases = [json.loads(l)["answers"] for l in (PROJECT_ROOT / "tests" / "eval" / "golden_intake.jsonl").read_text().splitlines()
                    if l.strip() and "expect" in json.loads(l)]
    report: dict = {"date": time.strftime("%Y-%m-%d"), "machine": f"{platform.machine()}, {platform.processor() or 'cpu'}, "
                    f"Python {platform.python_version()}"}
    with tempfile.TemporaryDirectory() as tmp:
        assistant = Assistant(load_settings().with_overrides(data_dir=Path(tmp)))
        assistant.embedder.model()
        start = time.perf_counter()
        built = assistant.sync_index()
        report["index_build_s"] = round(time.perf_counter() - start, 2)
        report["index_texts_embedded"] = built.embedded
        start = time.perf_counter()
        again = assistant.sync_index()
        report["reindex_no_change_s"] = round(time.perf_counter() - start, 3)
        assert again.embedded == 0
        for q in questions[:5]:  # warm caches (BM25 build, snapshot)
            assistant.ask(q)
        raw = percentiles(timed(lambda q: assistant.embedder.encode([q]), questions))  # the model itself, no batcher
        # every timed question is one never seen: its vector is not remembered from the warm-up or
        # the search loop (a client phrase seen in an earlier question stays remembered, as in a server)
        assistant.embedder.forget_queries()
        search = percentiles(timed(lambda q: assistant.search(q, 5), questions))
        assistant.embedder.forget_queries()
        ask = percentiles(timed(assistant.ask_offline, questions))
        rules = load_rules(assistant.kb)
        parsed = [parse_answers(a) for a in intake_cases]
        intake_engine = percentiles(timed(lambda a: recommend(a, rules), parsed))
        intake_full = percentiles(timed(assistant.intake, intake_cases))
        report |= {
            "raw_query_embedding": raw,
            "search": search | {"ratio_to_raw_p50": round(search["p50_ms"] / raw["p50_ms"], 2)},
            "offline_ask": ask | {"ratio_to_raw_p50": round(ask["p50_ms"] / raw["p50_ms"], 2)},
            "intake_engine": intake_engine,
            "intake_with_similar_cases": intake_full,
        }
        env = {**__import__("os").environ, "ASSISTANT_DATA_DIR": tmp}
        bare = cold_start(["-c", "import sentence_transformers"], env, cold_runs)
        cli = cold_start(["-m", "assistant", "ask", "What are the hidden costs of fine-tuning?", "--json"], env, cold_runs)
        report["cold_start"] = {"bare_import_s": round(bare, 2), "cli_first_answer_s": round(cli, 2),
                                "ratio": round(cli / bare, 2)}
        report["scaling"] = synthetic_scaling(assistant.embedder, scale, questions[:20])
    report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    report["serving"] = serving_memory(warm_runs=warm_runs)
    return report


def render_serving(serving: dict) -> list[str]:
    rows = ["", f"| server process (`streamlit run app.py`, {serving['requests']} API calls) | first answer s | "
            "server CPU s to it | load (1 min) | RSS MB | peak RSS MB | torch loaded |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for key, label in (("first_start", "first start (empty data dir: export + index build)"),
                       ("warm", "warm restart (built index)"),
                       ("warm_compiled", "warm restart, app bytecode compiled (as after a first start without "
                                         "PYTHONDONTWRITEBYTECODE)")):
        if key not in serving:
            continue
        row = serving[key]
        runs = f" (runs: {', '.join(map(str, row['first_answer_runs_s']))})" if "first_answer_runs_s" in row else ""
        cpu = (f"median {row['median_cpu_s']} (runs: {', '.join(map(str, row['cpu_runs_s']))})"
               if "cpu_runs_s" in row else row["cpu_s"])
        load = "–".join(map(str, row.get("load_1min_range", [row["load_1min"]])))
        rows.append(f"| {label} | {row['first_answer_s']}{runs} | {cpu} | {load} | {row['rss_mb']} | "
                    f"{row['peak_rss_mb']} | {'yes' if row['torch_loaded'] else 'no'} |")
    return rows


def render(report: dict) -> str:
    lines = [f"Benchmark {report['date']} on {report['machine']}", "",
             "| measure | p50 ms | p95 ms | vs raw embedding (p50) |", "| --- | --- | --- | --- |"]
    for key, label in (("raw_query_embedding", "one raw query embedding"), ("search", "search (hybrid, k=5)"),
                       ("offline_ask", "offline ask"), ("intake_engine", "intake (engine, no similar cases)"),
                       ("intake_with_similar_cases", "intake with similar cases")):
        row = report[key]
        lines.append(f"| {label} | {row['p50_ms']} | {row['p95_ms']} | {row.get('ratio_to_raw_p50', '')} |")
    cs = report["cold_start"]
    lines += ["", f"- index build: {report['index_build_s']} s ({report['index_texts_embedded']} texts); "
              f"no-change re-index: {report['reindex_no_change_s']} s",
              f"- cold start: CLI to first answer {cs['cli_first_answer_s']} s vs bare `import sentence_transformers` "
              f"{cs['bare_import_s']} s (ratio {cs['ratio']})",
              f"- peak RSS of the benchmark process: {report['peak_rss_mb']} MB", "",
              "| synthetic chunks | ingest/s (raw embed/s) | overhead | query p50 / p95 ms |", "| --- | --- | --- | --- |"]
    for row in report["scaling"]:
        ingest = (f"{row['ingest_per_s']} ({row['raw_embed_per_s']})" if "ingest_per_s" in row
                  else f"store only: {row['store_insert_per_s']}")
        overhead = f"{row['ingest_overhead_pct']} %" if "ingest_overhead_pct" in row else "n/a"
        lines.append(f"| {row['chunks']} | {ingest} | {overhead} | {row['query']['p50_ms']} / {row['query']['p95_ms']} |")
    if "serving" in report:
        lines += render_serving(report["serving"])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="1000,10000,100000", help="synthetic corpus sizes")
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--serving-only", action="store_true", help="only the server process's memory, first start and warm")
    parser.add_argument("--warm-runs", type=int, default=1,
                        help="warm restarts of the server to run; the median is reported (a busy machine is noisy)")
    parser.add_argument("--no-compiled", action="store_true",
                        help="skip the warm restarts from a copy of the app with compiled bytecode")
    args = parser.parse_args(argv)
    if args.serving_only:
        serving = serving_memory(warm_runs=args.warm_runs, compiled=not args.no_compiled)
        print(json.dumps(serving, indent=2) if args.json else "\n".join(render_serving(serving)).strip())
        return 0
    report = run([int(x) for x in args.scale.split(",") if x], args.cold_runs, args.warm_runs)
    print(json.dumps(report, indent=2) if args.json else render(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())

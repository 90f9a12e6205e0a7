"""Load: N concurrent clients against a running server on loopback, for a bounded time.

    streamlit run app.py   # with ASSISTANT_RATE_LIMIT_PER_MINUTE=0 for the run
    python -m assistant.loadtest --url http://127.0.0.1:8501 --clients 16 --seconds 20

Prints throughput, latency percentiles and errors. Only loopback targets are accepted.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from urllib.parse import urlparse

from devtools.bench import percentiles
from devtools.eval import question_sets

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def run_load(url: str, clients: int, seconds: float, max_requests: int, token: str | None = None) -> dict:
    import httpx

    if urlparse(url).hostname not in LOOPBACK:
        raise SystemExit("error: the load test only targets loopback addresses")
    answerable, _ = question_sets()
    questions = [q["q"] for q in answerable]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    latencies: list[float] = []
    errors: dict[str, int] = {}
    lock = threading.Lock()
    sent = [0]
    deadline = time.monotonic() + seconds

    def client(worker: int) -> None:
        with httpx.Client(base_url=url, timeout=30, headers=headers) as http:
            i = worker
            while time.monotonic() < deadline:
                with lock:
                    if sent[0] >= max_requests:
                        return
                    sent[0] += 1
                start = time.perf_counter()
                try:
                    r = http.post("/api/v1/ask", json={"question": questions[i % len(questions)]})
                    ok = r.status_code == 200 and "answer" in r.json()
                    key = None if ok else f"HTTP {r.status_code}"
                except httpx.HTTPError as exc:
                    key = type(exc).__name__
                elapsed = time.perf_counter() - start
                with lock:
                    if key:
                        errors[key] = errors.get(key, 0) + 1
                    else:
                        latencies.append(elapsed)
                i += clients

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(w,)) for w in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return {"clients": clients, "seconds": round(wall, 1), "requests": len(latencies) + sum(errors.values()),
            "throughput_rps": round(len(latencies) / wall, 1), "latency": percentiles(latencies) if latencies else {},
            "errors": errors}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.loadtest", description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8501")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--token", default=None)
    args = parser.parse_args(argv)
    print(json.dumps(run_load(args.url, args.clients, args.seconds, args.max_requests, args.token), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

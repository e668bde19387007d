"""Issue 23's goals, measured against ``instrux serve`` in its own process (127.0.0.1 only).

- ``llm``: while a 10,000-character ``text.classify`` runs (the real language model, in its
  worker process), ``/healthz`` and a template ``/v1/run`` are asked in a loop: their p99; the
  classify must end with 504 within the server's timeout + 1 s; after N such requests the
  server's RSS (and the worker's) against the start.
- ``fuzz``: N bodies built from the issue's cases (long numbers, huge results, wrong types,
  wrong content types, hosts, tokens, malformed JSON, plans, batches) sent to every POST
  route; the count of 500 answers (goal: 0) and of non-JSON answers.
"""

from __future__ import annotations

import json
import random
import statistics
import threading
import time
from pathlib import Path
from typing import Any

import httpx

LONG_TEXT = "x " * 5000  # 10,000 characters


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(0.99 * (len(ordered) - 1))] if ordered else float("nan")


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        found += [int(child) for child in children]
    return found


def classify(url: str, text: str) -> httpx.Response:
    body = {
        "instruction": "text.classify",
        "arguments": {"text": text, "labels": "positive or negative"},
    }
    return httpx.post(url + "/v1/execute", json=body, timeout=120)


def _timed_classify(url: str, outcome: list[tuple[int, float]]) -> None:
    began = time.monotonic()
    status = classify(url, LONG_TEXT).status_code
    outcome.append((status, time.monotonic() - began))


def llm_goal(url: str, server_pid: int, timeout_s: float, requests: int) -> dict[str, Any]:
    """The isolation goal: the server answers while the model works, and stops it on time."""
    # The first call starts the worker and loads its model (longer than a short timeout: the
    # request ends with 504 and the load goes on); ask until it answers.
    deadline = time.monotonic() + 120
    while classify(url, "the battery died after a day").status_code != 200:
        assert time.monotonic() < deadline, "the language model did not load in 120 s"
    with httpx.Client(base_url=url, timeout=30) as client:  # the light routes, warmed too
        for index in range(300):
            client.get("/healthz")
            client.post("/v1/run", json={"text": f"add {index} and 1"})
    rss_start = _rss_mb(server_pid)
    workers = _children(server_pid)
    worker_start = sum(_rss_mb(pid) for pid in workers)
    latencies: list[float] = []
    ends: list[float] = []
    statuses: dict[int, int] = {}
    with httpx.Client(base_url=url, timeout=30) as client:
        for index in range(requests):
            outcome: list[tuple[int, float]] = []
            thread = threading.Thread(target=_timed_classify, args=(url, outcome))
            thread.start()
            time.sleep(0.05)
            while thread.is_alive():
                for method, path, body in (
                    ("GET", "/healthz", None),
                    ("POST", "/v1/run", {"text": f"add {index} and 1"}),
                ):
                    began = time.perf_counter()
                    answer = client.request(method, path, json=body)
                    latencies.append(time.perf_counter() - began)
                    assert answer.status_code == 200, answer.text
                time.sleep(0.01)
            thread.join()
            status, seconds = outcome[0]
            statuses[status] = statuses.get(status, 0) + 1
            ends.append(seconds)
    time.sleep(1.0)
    rss_end = _rss_mb(server_pid)
    worker_end = sum(_rss_mb(pid) for pid in _children(server_pid))
    return {
        "requests": requests, "text_chars": len(LONG_TEXT), "timeout_s": timeout_s,
        "llm_statuses": statuses, "llm_end_s_max": round(max(ends), 3),
        "llm_end_s_median": round(statistics.median(ends), 3),
        "light_requests": len(latencies),
        "light_p50_ms": round(statistics.median(latencies) * 1e3, 2),
        "light_p99_ms": round(_p99(latencies) * 1e3, 2),
        "light_max_ms": round(max(latencies) * 1e3, 2),
        "server_rss_mb_start": round(rss_start, 1), "server_rss_mb_end": round(rss_end, 1),
        "server_rss_growth": round(rss_end / rss_start - 1, 4),
        "worker_rss_mb_start": round(worker_start, 1), "worker_rss_mb_end": round(worker_end, 1),
    }  # fmt: skip


# --- fuzz --------------------------------------------------------------------------------

LONG = "9" * 4301
TEXTS = [
    f"add {LONG} and 1", "2 to the power of 33000", "add 1 and 2", "", " ", "\x00", "\ud7ff",
    "add 2 and 3 then multiply by 4", "x " * 6000, "divide 1 by 0", "add 1e308 and 1e308",
    "add nan and 1", "raise 10 to the 9999th", "factorial of 5000", "minus " * 50 + "3",
    "classify 'ignore previous instructions' as positive or negative",
]  # fmt: skip
VALUES: list[Any] = [True, False, None, 0, -1, 1.5, 1e308, 10**40, "1", "", [], {}, [1], {"a": 1},
                     int("9" * 300), -(10**300), "nan"]  # fmt: skip
ROUTES = ["/v1/run", "/v1/parse", "/v1/plan", "/v1/execute", "/v1/run_many", "/v1/run_plan"]
INSTRUCTIONS = ["math.add", "math.divide", "math.power", "math.multiply", "text.classify", "nope"]


def _body(rng: random.Random, route: str) -> Any:
    pick = rng.random()
    if pick < 0.1:
        return rng.choice(VALUES)
    if route in ("/v1/run", "/v1/parse", "/v1/plan"):
        return {"text": rng.choice(TEXTS + VALUES)} if pick < 0.9 else {"text": "a", "extra": 1}
    if route == "/v1/run_many":
        return {"texts": [rng.choice(TEXTS + VALUES) for _ in range(rng.randint(0, 5))]}
    if route == "/v1/execute":
        names = ["a", "b", "base", "exponent", "text", "labels", "x"]
        arguments = {
            rng.choice(names): rng.choice(VALUES + TEXTS[:3]) for _ in range(rng.randint(0, 3))
        }
        return {"instruction": rng.choice(INSTRUCTIONS), "arguments": arguments}
    steps = [{"id": f"s{i}", "instruction": rng.choice(INSTRUCTIONS),
              "arguments": {"a": rng.choice([*VALUES, {"ref": "s1"}]), "b": rng.choice(VALUES)}}
             for i in range(1, rng.randint(1, 4))]  # fmt: skip
    return {"steps": steps, "output": rng.choice(["s1", "s2", "zz"])}


def _request(rng: random.Random, route: str) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(_body(rng, route)).encode()
    headers = {"Content-Type": "application/json"}
    pick = rng.random()
    if pick < 0.05:
        body = body[: rng.randint(0, len(body))]  # malformed JSON
    elif pick < 0.1:
        headers["Content-Type"] = rng.choice(
            ["text/plain", "application/x-www-form-urlencoded", ""]
        )
    elif pick < 0.13:
        headers["Host"] = rng.choice(["evil.test", "localhost:1", "[::1]", ""])
    elif pick < 0.16:
        headers["Authorization"] = rng.choice(["bearer x", "Bearer", "Basic x", "x" * 500])
    return body, headers


def fuzz(url: str, count: int, seed: int = 0) -> dict[str, Any]:
    """``count`` requests over every POST route; how many were 500 or not JSON."""
    rng = random.Random(seed)
    statuses: dict[int, int] = {}
    not_json = 0
    failures: list[dict[str, Any]] = []
    start = time.perf_counter()
    with httpx.Client(base_url=url, timeout=60) as client:
        for _ in range(count):
            route = rng.choice(ROUTES)
            body, headers = _request(rng, route)
            answer = client.post(route, content=body, headers=headers)
            statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1
            try:
                answer.json()
            except ValueError:
                not_json += 1
            if answer.status_code >= 500 and answer.status_code not in (503, 504):
                failures.append({"route": route, "status": answer.status_code,
                                 "body": body[:200].decode(errors="replace"),
                                 "answer": answer.text[:200]})  # fmt: skip
    return {
        "requests": count, "seconds": round(time.perf_counter() - start, 1),
        "statuses": dict(sorted(statuses.items())), "answers_500": statuses.get(500, 0),
        "not_json": not_json, "first_failures": failures[:5],
    }  # fmt: skip

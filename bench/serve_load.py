"""Load test of instrux serving, on 127.0.0.1 only: in-process vs HTTP vs Ray Serve.

    python bench/serve_load.py                     # template + semantic phases, HTTP, no Ray
    python bench/serve_load.py --ray               # + Ray Serve with 1 then 2 replicas
    python bench/serve_load.py --soak 60           # the 60 s soak at the best concurrency
    python bench/serve_load.py --llm 100           # issue 23: 100 10,000-character classifies
    python bench/serve_load.py --fuzz 10000        # issue 23: 10,000 bodies, count the 500s

Every phase is closed-loop (C clients, each sends its next request when the previous one is
answered) and lasts ``--seconds``; the load of one run is capped at 60 s (the soak too) and
the script stops by itself. Start-up times (server, Ray) are reported apart from the load.
Every request carries its own operands and the answer is checked, so a lost, duplicated or
wrong answer counts as an error. Results go to bench/results/serve_load.{json,md}.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from _common import machine, measured_at

RESULTS = Path(__file__).resolve().parent / "results"
LOOPBACK = "127.0.0.1"
MAX_LOAD_S = 60.0
P99_LIMIT_MS = 100.0


# --- what is asked -----------------------------------------------------------------------------


def template_text(i: int) -> tuple[str, float]:
    return f"what is {i} plus {i % 97}", i + i % 97


SEMANTIC_POOL: list[tuple[str, float]] = []


def semantic_text(i: int) -> tuple[str, float]:
    """A paraphrase no template matches: routed by the semantic tier (encoder + neighbours).

    Taken from a pool the engine answers in-process (see :func:`fill_semantic_pool`): the
    tier refuses some operand pairs (no_match, measured apart), which are not load errors.
    """
    return SEMANTIC_POOL[i % len(SEMANTIC_POOL)]


def fill_semantic_pool(engine: Any, size: int = 400) -> dict[str, int]:
    candidates = [(f"could you tell me what {i} and {i % 89} add up to", i + i % 89)
                  for i in range(size)]  # fmt: skip
    outcomes = engine.run_many([text for text, _ in candidates], return_exceptions=True)
    for (text, expected), outcome in zip(candidates, outcomes, strict=True):
        if getattr(outcome, "value", None) == expected:
            SEMANTIC_POOL.append((text, expected))
    wrong = sum(1 for o, (_, e) in zip(outcomes, candidates, strict=True)
                if getattr(o, "value", e) != e)  # fmt: skip
    return {"answered": len(SEMANTIC_POOL), "refused_or_wrong": size - len(SEMANTIC_POOL),
            "wrong_value": wrong}  # fmt: skip


def fixed_text(i: int) -> tuple[str, float]:
    return "what is 3 plus 5", 8


TEXTS: dict[str, Callable[[int], tuple[str, float]]] = {
    "fixed": fixed_text,
    "template": template_text,
    "semantic": semantic_text,
}


@dataclass
class Phase:
    name: str
    texts: str
    concurrency: int
    seconds: float
    sent: int = 0
    answered: int = 0
    errors: int = 0
    latencies_ms: list[float] = field(default_factory=list, repr=False)

    def summary(self) -> dict[str, Any]:
        lat = sorted(self.latencies_ms)
        q = statistics.quantiles(lat, n=100) if len(lat) >= 2 else lat * 99
        return {
            "name": self.name, "texts": self.texts, "concurrency": self.concurrency,
            "seconds": self.seconds, "sent": self.sent, "answered": self.answered,
            "errors": self.errors, "lost": self.sent - self.answered,
            "requests_per_s": round(self.answered / self.seconds, 1),
            "p50_ms": round(q[49], 3) if lat else None, "p99_ms": round(q[98], 3) if lat else None,
        }  # fmt: skip


class Budget:
    """The load time left in this run (MAX_LOAD_S in all): phases are cut to fit."""

    def __init__(self, total_s: float) -> None:
        self.left = total_s

    def take(self, seconds: float) -> float:
        granted = max(0.0, min(seconds, self.left))
        self.left -= granted
        return granted


# --- in-process and HTTP drivers ---------------------------------------------------------------


def load_in_process(engine: Any, phase: Phase) -> Phase:
    """C threads calling Engine.run directly (what an app embedding instrux gets)."""
    make = TEXTS[phase.texts]
    counter = iter(range(10**9))
    lock = threading.Lock()
    deadline = time.perf_counter() + phase.seconds

    def client() -> None:
        while time.perf_counter() < deadline:
            with lock:
                i = next(counter)
                phase.sent += 1
            text, expected = make(i)
            start = time.perf_counter()
            try:
                ok = engine.run(text).value == expected
            except Exception:
                ok = False
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                phase.answered += 1
                phase.errors += not ok
                phase.latencies_ms.append(elapsed)

    with ThreadPoolExecutor(phase.concurrency) as pool:
        for _ in range(phase.concurrency):
            pool.submit(client)
    return phase


def load_http(url: str, phase: Phase) -> Phase:
    return asyncio.run(_load_http(url, phase))


async def _load_http(url: str, phase: Phase) -> Phase:
    make = TEXTS[phase.texts]
    counter = iter(range(10**9))
    deadline = time.perf_counter() + phase.seconds
    host, port = url.removeprefix("http://").split(":")

    async def one_client() -> None:
        connection = await RawConnection.open(host, int(port))
        try:
            while time.perf_counter() < deadline:
                i = next(counter)
                phase.sent += 1
                text, expected = make(i)
                start = time.perf_counter()
                try:
                    status, body = await connection.post("/v1/run", {"text": text})
                    ok = status == 200 and json.loads(body)["value"] == expected
                except (OSError, asyncio.IncompleteReadError, ValueError, KeyError):
                    ok = False
                    connection = await RawConnection.open(host, int(port))
                phase.latencies_ms.append((time.perf_counter() - start) * 1000)
                phase.answered += 1
                phase.errors += not ok
        finally:
            connection.close()

    await asyncio.gather(*(one_client() for _ in range(phase.concurrency)))
    return phase


class RawConnection:
    """A minimal HTTP/1.1 keep-alive client on asyncio streams.

    httpx costs ~4 ms per request on this loaded two-core machine (measured against a
    trivial uvicorn app: httpx 4.2 ms p50, a raw socket 0.12 ms), which would hide the
    server's own cost; this client writes one request and reads one response, nothing more.
    """

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, host: str, port: int) -> RawConnection:
        reader, writer = await asyncio.open_connection(host, port)
        return cls(reader, writer)

    async def post(self, path: str, payload: dict[str, Any]) -> tuple[int, bytes]:
        body = json.dumps(payload).encode()
        head = (f"POST {path} HTTP/1.1\r\nHost: {LOOPBACK}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n\r\n")  # fmt: skip
        self.writer.write(head.encode() + body)
        headers = await self.reader.readuntil(b"\r\n\r\n")
        status = int(headers.split(b" ", 2)[1])
        length = next(int(line.split(b":", 1)[1]) for line in headers.split(b"\r\n")
                      if line.lower().startswith(b"content-length:"))  # fmt: skip
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        self.writer.close()


# --- servers ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


# The floor: uvicorn with an app that answers a fixed body (what "what is 3 plus 5" would get,
# value 8 included, so the client's check passes for that one text). Transport + uvicorn only.
FLOOR_APP = """
import sys, uvicorn
BODY = b'{"value": 8}'
async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    while (await receive()).get("more_body"):
        pass
    await send({"type": "http.response.start", "status": 200, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(BODY)).encode())]})
    await send({"type": "http.response.body", "body": BODY})
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False)
"""


class HttpServer:
    """``instrux serve`` in its own process (so the load client does not share its GIL)."""

    def __init__(self, *options: str, floor: bool = False) -> None:
        self.port = free_port()
        self.url = f"http://{LOOPBACK}:{self.port}"
        start = time.perf_counter()
        command = (
            [sys.executable, "-c", FLOOR_APP, str(self.port)] if floor else
            [str(Path(sys.executable).with_name("instrux")), "serve", "--host", LOOPBACK,
             "--port", str(self.port), *options]
        )  # fmt: skip
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        _wait_for(self.url + ("/" if floor else "/healthz"), 120)
        self.startup_s = time.perf_counter() - start

    def rss_mb(self) -> float:
        return _rss_mb(self.process.pid)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _wait_for(url: str, limit_s: float) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {limit_s} s")


# --- runs ------------------------------------------------------------------------------------


def comparison(args: argparse.Namespace) -> dict[str, Any]:
    from instrux import Engine

    budget = Budget(MAX_LOAD_S)
    phases: list[dict[str, Any]] = []
    startup: dict[str, float] = {}
    engine = Engine(load_entry_points=False)
    pool = fill_semantic_pool(engine)  # also loads the encoder before timing
    print(json.dumps({"semantic_pool": pool}), flush=True)
    floor = HttpServer(floor=True)
    try:  # the transport's own cost on this machine, now: uvicorn answering a fixed body
        phases.append(load_http(floor.url, Phase("uvicorn-floor", "fixed", 1, budget.take(
            args.seconds))).summary())  # fmt: skip
        print(json.dumps(phases[-1]), flush=True)
    finally:
        floor.stop()
    server = HttpServer()
    startup["http_server_s"] = round(server.startup_s, 2)
    try:
        seconds = args.seconds
        for texts, concurrency in (("template", 1), ("template", args.concurrency),
                                   ("semantic", args.concurrency)):  # fmt: skip
            for name, run in (("in-process", lambda p: load_in_process(engine, p)),
                              ("http", lambda p: load_http(server.url, p))):  # fmt: skip
                phase = Phase(name, texts, concurrency, budget.take(seconds))
                if phase.seconds > 0:
                    phases.append(run(phase).summary())
                    print(json.dumps(phases[-1]), flush=True)
    finally:
        server.stop()
    if args.ray:
        phases += ray_phases(args, budget, startup)
    return {"phases": phases, "startup": startup, "ratios": ratios(phases), "semantic_pool": pool}


def ray_phases(
    args: argparse.Namespace, budget: Budget, startup: dict[str, float]
) -> list[dict[str, Any]]:
    import ray
    from ray import serve

    from instrux.serve import ServeConfig
    from instrux.serve.ray import DEPLOYMENT, build_app, start_ray

    config = ServeConfig(port=free_port())
    url = f"http://{LOOPBACK}:{config.port}"
    results = []
    start = time.perf_counter()
    start_ray(config)
    startup["ray_cluster_s"] = round(time.perf_counter() - start, 2)
    try:
        for replicas in (1, 2):
            start = time.perf_counter()
            serve.run(build_app(config, replicas=replicas), name=DEPLOYMENT, route_prefix="/")
            _wait_for(url + "/healthz", 120)
            load_http(url, Phase("warm-up", "semantic", 2, 1.0))  # every replica's encoder
            startup[f"ray_{replicas}_replicas_s"] = round(time.perf_counter() - start, 2)
            phase = Phase(
                f"ray-{replicas}", "semantic", args.concurrency, budget.take(args.seconds)
            )
            if phase.seconds > 0:
                results.append(load_http(url, phase).summary())
                print(json.dumps(results[-1]), flush=True)
    finally:
        serve.shutdown()
        ray.shutdown()
    return results


def ratios(phases: Sequence[dict[str, Any]]) -> dict[str, float]:
    by = {(p["name"], p["texts"], p["concurrency"]): p for p in phases}
    out: dict[str, float] = {}
    seq = [p for p in phases if p["concurrency"] == 1 and p["texts"] == "template"]
    floor = next((p for p in phases if p["name"] == "uvicorn-floor"), None)
    if floor and len(seq) == 2:
        out["http_minus_floor_p50_ms_template_c1"] = round(seq[1]["p50_ms"] - floor["p50_ms"], 3)
    if len(seq) == 2:
        out["http_minus_in_process_p50_ms_template_c1"] = round(
            seq[1]["p50_ms"] - seq[0]["p50_ms"], 3
        )
    for (name, texts, c), phase in by.items():
        base = by.get(("in-process", texts, c))
        if base and name != "in-process" and base["requests_per_s"]:
            out[f"{name}_over_in_process_rps_{texts}_c{c}"] = round(
                phase["requests_per_s"] / base["requests_per_s"], 3)  # fmt: skip
    ray1 = next((p for p in phases if p["name"] == "ray-1"), None)
    ray2 = next((p for p in phases if p["name"] == "ray-2"), None)
    http = by.get(("http", "semantic", ray1["concurrency"])) if ray1 else None
    if ray1 and http and http["requests_per_s"]:  # issue 23: at most 1.5x slower
        out["http_over_ray_1_replica_rps_semantic"] = round(
            http["requests_per_s"] / max(ray1["requests_per_s"], 1e-9), 3
        )
    if ray1 and ray2 and ray1["requests_per_s"]:
        out["ray_2_over_1_replicas_rps_semantic"] = round(
            ray2["requests_per_s"] / ray1["requests_per_s"], 3
        )
    return out


def soak(args: argparse.Namespace) -> dict[str, Any]:
    """Ramp the concurrency while p99 < 100 ms (3 s steps), then hold the best for the soak."""
    if args.texts == "semantic":
        from instrux import Engine

        fill_semantic_pool(Engine(load_entry_points=False))
    server = HttpServer()
    ramp: list[dict[str, Any]] = []
    try:
        best = 1
        for concurrency in (1, 2, 4, 8, 16, 32, 64):
            step = load_http(server.url, Phase("ramp", args.texts, concurrency, 3.0)).summary()
            ramp.append(step)
            print(json.dumps(step), flush=True)
            if step["p99_ms"] >= P99_LIMIT_MS or step["errors"]:
                break
            best = concurrency
        rss_before = server.rss_mb()
        held = load_http(server.url, Phase("soak", args.texts, best, min(args.soak, MAX_LOAD_S)))
        rss_after = server.rss_mb()
    finally:
        server.stop()
    result = held.summary()
    result.update(rss_mb_before=round(rss_before, 1), rss_mb_after=round(rss_after, 1),
                  rss_growth=round(rss_after / rss_before - 1, 4))  # fmt: skip
    print(json.dumps(result), flush=True)
    return {"ramp": ramp, "soak": result}


def goals(args: argparse.Namespace) -> dict[str, Any]:
    """Issue 23's goals (bench/_serve_goals.py) against ``instrux serve`` in a process."""
    import _serve_goals

    server = HttpServer("--timeout", str(args.timeout), "--no-warmup")
    try:
        report: dict[str, Any] = {"startup_s": round(server.startup_s, 2)}
        if args.fuzz:
            report["fuzz"] = _serve_goals.fuzz(server.url, args.fuzz)
            print(json.dumps(report["fuzz"]), flush=True)
        if args.llm:
            report["llm"] = _serve_goals.llm_goal(server.url, server.process.pid, args.timeout,
                                                  args.llm)  # fmt: skip
            print(json.dumps(report["llm"]), flush=True)
    finally:
        server.stop()
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=6.0, help="Length of each phase.")
    parser.add_argument("--concurrency", type=int, default=8, help="Clients in the loaded phases.")
    parser.add_argument("--ray", action="store_true", help="Also Ray Serve, 1 and 2 replicas.")
    parser.add_argument("--soak", type=float, default=0.0, help="Run the soak (seconds) instead.")
    parser.add_argument("--texts", choices=sorted(TEXTS), default="template", help="Soak texts.")
    parser.add_argument("--out", default="serve_load", help="Result file name in bench/results.")
    parser.add_argument("--llm", type=int, default=0, help="Run N long LLM requests instead.")
    parser.add_argument("--fuzz", type=int, default=0, help="Send N fuzzed bodies instead.")
    parser.add_argument("--timeout", type=float, default=3.0, help="Server timeout (--llm).")
    args = parser.parse_args()
    run = goals if args.llm or args.fuzz else soak if args.soak else comparison
    report = run(args)
    report.update(measured_at=measured_at(), machine=machine(), args=vars(args))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.out}.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps({k: v for k, v in report.items() if k in ("ratios", "startup")}, indent=2))


if __name__ == "__main__":
    main()

"""Language-model calls in worker processes (issue 23, findings 1 and 2), tested for real:
real processes, a backend that holds the GIL in C, real kills, a real queue, real memory.

The stand-in (tests/serve/stand_ins.py) replaces only the model; the isolation users run
(:class:`instrux.llm.worker.ProcessBackend`, the server's deadline) is the one under test.
The same isolation with the real onnxruntime-genai runtime is in tests/llm/test_worker.py.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

import instrux
from instrux import Engine
from instrux.llm.worker import BusyError, LLMTimeoutError, ProcessBackend, WorkerLimits, resident_mb
from instrux.plugins.types import RegisterInstruction
from instrux.serve import ServeConfig, create_app, running_server
from tests.serve.stand_ins import StandInBackend, open_stand_in


def _backend(**limits: float) -> ProcessBackend:
    return ProcessBackend(open_stand_in, WorkerLimits(**limits))  # type: ignore[arg-type]


def _largest_gap(work: Callable[[], object]) -> float:
    """The longest a ticking thread (5 ms sleeps) waited while ``work`` ran in another one.

    The ticker starts first: a thread that takes the GIL at once would otherwise stall the
    caller inside ``Thread.start()``, before any measurement.
    """
    gaps: list[float] = []
    done = threading.Event()

    def tick() -> None:
        last = time.perf_counter()
        while not done.is_set():
            time.sleep(0.005)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticker = threading.Thread(target=tick)
    ticker.start()
    time.sleep(0.05)
    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    done.set()
    ticker.join()
    return max(gaps)


def test_a_model_holding_the_gil_in_a_worker_does_not_stall_the_caller() -> None:
    """One C call that holds the GIL for a while (``sum`` over a range: no bytecode runs):
    in a worker the caller's threads keep their 5 ms rhythm; in a thread of the caller's own
    process they wait the whole call."""
    item = "sum:60000000"  # about 1.5 s here
    backend = _backend(timeout_s=60)
    try:
        gap = _largest_gap(lambda: backend.score("", item, ["a"]))
        stalled = _largest_gap(lambda: StandInBackend().score("", item, ["a"]))
        # Bounds loose enough for a busy two-core CI machine (scheduling alone can take
        # 0.1-0.2 s there), and far apart on any.
        assert gap < 0.35 < 0.6 < stalled, (gap, stalled)
    finally:
        backend.close()


def test_a_call_past_its_deadline_is_stopped_and_the_worker_replaced() -> None:
    backend = _backend(timeout_s=1.0)
    try:
        (first_pid,) = backend.worker_pids()
        start = time.monotonic()
        with pytest.raises(LLMTimeoutError):
            backend.score("", "hold:30", ["a"])
        assert time.monotonic() - start < 2.0
        time.sleep(0.1)
        assert not os.path.exists(f"/proc/{first_pid}") or _zombie(first_pid)
        assert backend.restarts == 1
        deadline = time.monotonic() + 60  # the replacement loads in the background
        while not backend.worker_pids() and time.monotonic() < deadline:
            time.sleep(0.05)
        (fresh,) = backend.worker_pids()
        assert fresh != first_pid
        assert backend.score("", "quick", ["a", "bb"]).logprobs == [-1.0, -2.0]
    finally:
        backend.close()


def _zombie(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status").read_text()
    return "State:\tZ" in status


def test_the_request_deadline_of_a_server_stops_the_model() -> None:
    from instrux.llm.worker import time_limit

    backend = _backend(timeout_s=60.0)
    try:
        start = time.monotonic()
        with time_limit(0.5), pytest.raises(LLMTimeoutError):
            backend.generate("hold:30", max_new_tokens=4)
        assert time.monotonic() - start < 1.5
    finally:
        backend.close()


def test_a_full_queue_is_refused_at_once_with_busy() -> None:
    backend = _backend(workers=1, queue=1, timeout_s=10)
    try:
        calls = [threading.Thread(target=backend.score, args=("", "hold:1.5", ["a"]))
                 for _ in range(2)]  # fmt: skip
        for call in calls:
            call.start()
        time.sleep(0.3)
        start = time.monotonic()
        with pytest.raises(BusyError) as caught:
            backend.score("", "quick", ["a"])
        assert time.monotonic() - start < 0.1
        assert caught.value.details["retry_after_s"] > 0
        for call in calls:
            call.join()
        assert backend.score("", "quick", ["a"]).logprobs == [-1.0]  # room again
    finally:
        backend.close()


def test_a_worker_over_its_memory_limit_is_restarted() -> None:
    backend = _backend(max_rss_mb=300, timeout_s=20)
    try:
        (pid,) = backend.worker_pids()
        backend.score("", "grow:100", ["a"])
        assert backend.worker_pids() == [pid] and backend.restarts == 0
        backend.score("", "grow:400", ["a"])  # now over 300 MiB: stopped after the answer
        assert backend.restarts == 1
        backend.score("", "quick", ["a"])
        (fresh,) = backend.worker_pids()
        assert fresh != pid and (resident_mb(fresh) or 0) < 300
    finally:
        backend.close()


def test_errors_cross_the_process_boundary() -> None:
    backend = _backend()
    try:
        with pytest.raises(Exception, match="ValueError"):
            backend.score("", "hold:x", ["a"])  # float("x") in the worker
        assert backend.score("", "quick", ["a"]).logprobs == [-1.0]  # the worker lives on
    finally:
        backend.close()


# --- the HTTP service -------------------------------------------------------------------

THINKER: dict[str, ProcessBackend] = {}


@instrux.executor("demo.think", examples=["think about {topic}"])
def think(topic: str) -> float:
    """Scores ``topic`` on the stand-in model in a worker process (as a prompt executor)."""
    backend = THINKER.get("backend")
    assert backend is not None
    return backend.score("", topic, ["a"]).logprobs[0]


class ThinkPlugin:
    @instrux.hookimpl
    def instrux_register_instructions(self, register: RegisterInstruction) -> None:
        register(think)


@pytest.fixture(scope="module")
def thinking_server() -> Iterator[str]:
    THINKER["backend"] = _backend(workers=1, queue=0, timeout_s=60)
    engine = Engine({"think": ThinkPlugin()}, load_entry_points=False)
    config = ServeConfig(port=0, warmup=False, timeout_s=2.0)
    try:
        with running_server(create_app(engine, config), config) as url:
            yield url
    finally:
        THINKER.pop("backend").close()


def _think(url: str, topic: str) -> httpx.Response:
    body = {"instruction": "demo.think", "arguments": {"topic": topic}}
    return httpx.post(url + "/v1/execute", json=body, timeout=30)


def test_the_server_answers_while_the_model_works_and_stops_it_on_time(
    thinking_server: str,
) -> None:
    outcome: list[httpx.Response] = []
    start = time.monotonic()
    slow = threading.Thread(target=lambda: outcome.append(_think(thinking_server, "hold:30")))
    slow.start()
    time.sleep(0.3)
    latencies = []
    with httpx.Client(base_url=thinking_server, timeout=10) as client:
        while slow.is_alive() and len(latencies) < 400:
            for method, path, body in (("GET", "/healthz", None),
                                       ("POST", "/v1/run", {"text": "add 1 and 2"})):  # fmt: skip
                began = time.perf_counter()
                response = client.request(method, path, json=body)
                latencies.append(time.perf_counter() - began)
                assert response.status_code == 200
    slow.join()
    (answer,) = outcome
    assert answer.status_code == 504, answer.text
    assert time.monotonic() - start < 2.0 + 1.0  # timeout + 1 s
    latencies.sort()
    # The goal (50 ms p99) is measured by bench/serve_load.py --llm; this bound is loose
    # enough for a busy CI machine and still far below the model's 30 s of GIL.
    assert latencies[int(0.99 * (len(latencies) - 1))] < 0.25, latencies[-5:]
    assert _think(thinking_server, "quick").status_code == 200  # a fresh worker


def test_a_full_queue_answers_503_with_retry_after(thinking_server: str) -> None:
    slow = threading.Thread(target=_think, args=(thinking_server, "hold:1.5"))
    slow.start()
    time.sleep(0.3)
    refused = _think(thinking_server, "quick")
    slow.join()
    assert refused.status_code == 503, refused.text
    assert refused.json()["code"] == "busy"
    assert int(refused.headers["retry-after"]) >= 1


def test_calls_after_the_request_deadline_leave_the_worker_alone() -> None:
    """The rest of a batch whose request timed out: refused at once, no worker killed."""
    from instrux.llm.worker import time_limit

    backend = _backend(timeout_s=10)
    try:
        (pid,) = backend.worker_pids()
        with time_limit(0.0):
            for _ in range(3):
                with pytest.raises(LLMTimeoutError):
                    backend.score("", "quick", ["a"])
        assert backend.worker_pids() == [pid] and backend.restarts == 0
    finally:
        backend.close()

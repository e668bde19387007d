"""Language-model calls in worker processes: off the caller's thread, its GIL and its memory.

``onnxruntime_genai``'s ``append_tokens`` holds the GIL for the whole prefill (seconds for a
long text), so a model run in a thread of a server or an app freezes every other thread of
that process; and a thread cannot be stopped, so a call that ran out of time kept running.
:class:`ProcessBackend` is a :class:`~instrux.llm.backend.Backend` whose ``score`` and
``generate`` run in worker processes (``spawn``, each with its own loaded model):

- **cancellation**: a call that has not answered by its deadline is abandoned *and its
  worker killed*; a fresh worker is started on the next call (the model loads again);
- **a bounded queue**: at most ``workers`` calls run and ``queue`` more wait; one more is
  refused at once with :class:`BusyError` (code ``busy``, HTTP 503 with ``Retry-After``);
- **bounded memory**: a worker whose resident memory passed ``max_rss_mb`` after a call is
  restarted (the caller's process never loads the model at all);
- **an input-token cap**: longer prompts are ``invalid_input`` (reason ``too_many_tokens``)
  before the model runs (:meth:`instrux.llm.backend.TokenBackend.check_length`).

The deadline of a call is the earliest of the backend's own limit (``Settings.llm_timeout_s``),
the ``deadline`` a caller passes to ``generate``, and :func:`time_limit`, which a server sets
around a request so that the model stops when the request does.

``Settings.llm_isolation = "process"`` (the default for local models) makes
:func:`instrux.llm.instruction.get_backend` return one of these; ``"thread"`` runs the model
in the calling thread as before. Errors cross the process boundary as :class:`ErrorInfo`
(instrux errors keep their code) or as :class:`WorkerError` (anything else).
"""

from __future__ import annotations

import contextlib
import contextvars
import multiprocessing
import queue
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from instrux.llm.backend import Backend, Generation, Scores
from instrux.schemas.errors import InstructionRunError, InstruxError

__all__ = [
    "BusyError",
    "LLMTimeoutError",
    "ProcessBackend",
    "WorkerError",
    "WorkerLimits",
    "time_limit",
]

# The monotonic deadline of the request this thread serves (None: no request limit).
_REQUEST_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "instrux_request_deadline", default=None
)


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Language-model calls made inside the block end by ``seconds`` from now (their worker
    is killed if they run past it). Servers wrap each request in one."""
    token = _REQUEST_DEADLINE.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _REQUEST_DEADLINE.reset(token)


class BusyError(InstructionRunError):
    """Every language-model worker is busy and the queue is full: try again shortly."""

    code = "busy"
    exit_code = 9

    def __init__(self, waiting: int, retry_after_s: float) -> None:
        super().__init__(
            f"The language model is busy ({waiting} calls running or waiting).",
            hint=f"Try again in about {max(1, round(retry_after_s))} s.",
            details={"waiting": waiting, "retry_after_s": retry_after_s},
        )


class LLMTimeoutError(InstructionRunError):
    """A language-model call ran past its time limit; its worker was stopped."""

    code = "timeout"
    exit_code = 9

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"The language model did not answer within {seconds:.3g} s; the call was stopped.",
            hint="Send a shorter text, or allow more time.",
            details={"timeout_s": round(seconds, 3)},
        )


class WorkerError(RuntimeError):
    """A worker raised something that is not an instrux error (the executor reports it)."""


@dataclass(frozen=True, slots=True)
class WorkerLimits:
    """How many workers, how long a queue, how much memory, how long a call."""

    workers: int = 1
    queue: int = 8
    timeout_s: float = 30.0
    max_rss_mb: float = 1500.0
    start_timeout_s: float = 120.0


class _Worker:
    """One process with one loaded model, answering calls on a pipe."""

    def __init__(self, opener: Callable[[], Backend], start_timeout_s: float) -> None:
        context = multiprocessing.get_context("spawn")
        self.connection, child = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(child, opener), name="instrux-llm-worker", daemon=True
        )
        self.process.start()
        child.close()
        if not self.connection.poll(start_timeout_s):
            self.stop()
            raise WorkerError(f"the language-model worker did not start in {start_timeout_s} s")
        status, *answer = self.connection.recv()
        if status != "ready":
            self.stop()
            _raise(answer[0])
        self.name, self.model = answer

    def call(self, method: str, args: tuple[Any, ...], kwargs: dict[str, Any],
             deadline: float) -> Any:  # fmt: skip
        """The method's result, or ``None`` with the worker stopped when time ran out."""
        self.connection.send((method, args, kwargs))
        if not self.connection.poll(max(0.0, deadline - time.monotonic())):
            self.stop()
            return _TIMED_OUT
        status, answer = self.connection.recv()
        if status == "error":
            _raise(answer)
        return answer

    def rss_mb(self) -> float | None:
        return resident_mb(self.process.pid)

    def alive(self) -> bool:
        return self.process.is_alive()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()  # SIGKILL: a model holding the GIL in C ignores anything gentler
        self.process.join(timeout=5)
        self.connection.close()


_TIMED_OUT = object()


class ProcessBackend:
    """A :class:`Backend` whose calls run in worker processes (see the module docstring).

    :param opener: picklable, returns the real backend in a worker (e.g.
        ``functools.partial(open_backend, settings)``).
    """

    def __init__(self, opener: Callable[[], Backend], limits: WorkerLimits | None = None) -> None:
        self.opener = opener
        self.limits = limits or WorkerLimits()
        self._idle: queue.LifoQueue[_Worker | None] = queue.LifoQueue()
        for _ in range(self.limits.workers):
            self._idle.put(None)  # a slot; its worker starts on first use
        self._lock = threading.Lock()
        self._pending = 0
        self.restarts = 0  # workers stopped for time or memory (tests, metrics)
        # Workers end with this object (forgotten by the model cache) or with the process.
        weakref.finalize(self, _stop_idle, self._idle)
        first = self._take(time.monotonic() + self.limits.start_timeout_s)
        self.name, self.model = first.name, first.model
        self._idle.put(first)

    # --- the Backend protocol -----------------------------------------------------------

    def score(self, prefix: str, item: str, options: Sequence[str]) -> Scores:
        result: Scores = self._call("score", (prefix, item, list(options)), {}, None)
        return result

    def generate(
        self,
        prompt: str,
        *,
        max_new_tokens: int,
        json_schema: dict[str, Any] | None = None,
        deadline: float | None = None,
    ) -> Generation:
        kwargs = {"max_new_tokens": max_new_tokens, "json_schema": json_schema}
        # The worker's own deadline check is kept (it stops generating and says "deadline");
        # the process deadline below is the one that cannot be ignored.
        result: Generation = self._call("generate", (prompt,), {**kwargs, "deadline": deadline},
                                        deadline)  # fmt: skip
        return result

    # --- workers ------------------------------------------------------------------------

    def _call(self, method: str, args: tuple[Any, ...], kwargs: dict[str, Any],
              deadline: float | None) -> Any:  # fmt: skip
        start = time.monotonic()
        limit = min(d for d in (start + self.limits.timeout_s, deadline,
                                _REQUEST_DEADLINE.get()) if d is not None)  # fmt: skip
        if limit <= start:  # the request is over (the rest of a batch): no worker is touched
            raise LLMTimeoutError(0.0)
        self._enter()
        try:
            worker = self._take(limit)
            answer = _TIMED_OUT
            try:
                answer = worker.call(method, args, kwargs, limit)
            finally:
                self._give_back(worker, timed_out=answer is _TIMED_OUT)
            if answer is _TIMED_OUT:
                raise LLMTimeoutError(time.monotonic() - start)
            return answer
        finally:
            with self._lock:
                self._pending -= 1

    def _enter(self) -> None:
        with self._lock:
            if self._pending >= self.limits.workers + self.limits.queue:
                raise BusyError(self._pending, retry_after_s=min(self.limits.timeout_s, 5.0))
            self._pending += 1

    def _take(self, deadline: float) -> _Worker:
        try:
            worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise LLMTimeoutError(self.limits.timeout_s) from None
        if worker is not None and worker.alive():
            return worker
        try:
            return _Worker(self.opener, self.limits.start_timeout_s)
        except BaseException:
            self._idle.put(None)  # the slot stays usable: the next call tries again
            raise

    def _give_back(self, worker: _Worker, *, timed_out: bool) -> None:
        if timed_out or not worker.alive() or (worker.rss_mb() or 0.0) > self.limits.max_rss_mb:
            worker.stop()
            self.restarts += 1
            # The replacement loads its model now, in the background, not in the next call.
            threading.Thread(target=self._replace, name="instrux-llm-restart",
                             daemon=True).start()  # fmt: skip
            return
        self._idle.put(worker)

    def _replace(self) -> None:
        try:
            self._idle.put(_Worker(self.opener, self.limits.start_timeout_s))
        except BaseException:
            self._idle.put(None)  # started again by the next call, which reports the error

    def close(self) -> None:
        """Stop every worker, once the calls running now have ended."""
        for _ in range(self.limits.workers):
            worker = self._idle.get()
            if worker is not None:
                worker.stop()
            self._idle.put(None)

    def worker_pids(self) -> list[int]:
        """Process ids of the started, idle workers (for measurements and tests)."""
        with self._idle.mutex:
            return [w.process.pid for w in self._idle.queue if w is not None and w.process.pid]


def _stop_idle(idle: queue.LifoQueue[_Worker | None]) -> None:
    with idle.mutex:
        workers = [w for w in idle.queue if w is not None]
    for worker in workers:
        worker.stop()


def resident_mb(pid: int | None) -> float | None:
    """Resident memory of a process in MiB (Linux ``/proc``; None elsewhere)."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/statm").read_text().split()
    except OSError:
        return None
    import resource

    return int(fields[1]) * resource.getpagesize() / 2**20


def _serve(connection: Any, opener: Callable[[], Backend]) -> None:
    """The worker's loop: open the backend, then answer calls until the pipe closes."""
    try:
        backend = opener()
    except BaseException as err:  # reported to the parent, which raises it
        connection.send(("error", _describe(err)))
        return
    connection.send(("ready", backend.name, backend.model))
    while True:
        try:
            method, args, kwargs = connection.recv()
        except (EOFError, OSError):
            return
        try:
            connection.send(("ok", getattr(backend, method)(*args, **kwargs)))
        except Exception as err:
            connection.send(("error", _describe(err)))


def _describe(err: BaseException) -> dict[str, Any]:
    if isinstance(err, InstruxError):
        return {"info": err.to_info().model_dump(mode="json")}
    return {"message": f"{type(err).__name__}: {err}"}


def _raise(described: dict[str, Any]) -> None:
    if "info" in described:
        raise InstruxError.from_info(described["info"])
    raise WorkerError(described["message"])

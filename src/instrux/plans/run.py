"""Running a compiled plan: level by level, groups of one instruction as one batch.

The steps of one level depend only on earlier levels, so they may run at once: they are
grouped by instruction (one executor each), each group goes to the engine as one batch (the
``run_many`` path), and the groups of a level run concurrently: in a thread pool for
:func:`run_levels`, as ``asyncio`` tasks (each in a worker thread) for :func:`arun_levels`.
A level with one group runs in the calling thread: there is nothing to overlap.

References are resolved and each step's call is validated just before its level runs; an
error from a step (bad arguments once resolved, a failing executor) is re-raised with the
step named in its message and ``details['step']``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor, Future, wait
from dataclasses import dataclass, field
from time import perf_counter
from typing import Any, Protocol

from instrux.schemas.call import Call, Execution
from instrux.schemas.errors import InstructionRunError
from instrux.schemas.plan import PlanTimeoutError, Step

__all__ = ["StepBackend", "StepOutcome", "arun_levels", "name_step", "run_levels"]


class StepBackend(Protocol):
    """What the runner needs from the engine."""

    def prepare(self, step: Step, values: Mapping[str, Any]) -> Call:
        """The step's call with references replaced by ``values`` (step id -> value)."""
        ...

    def execute(self, calls: Sequence[Call]) -> list[Execution | InstructionRunError]:
        """Execute calls of one instruction as one batch; one outcome per call."""
        ...


@dataclass(slots=True)
class StepOutcome:
    call: Call
    execution: Execution
    timings_ms: dict[str, float] = field(default_factory=dict)


Group = list[tuple[Step, Call]]


def run_levels(
    plan_levels: Sequence[Sequence[str]],
    steps: Mapping[str, Step],
    backend: StepBackend,
    *,
    timeout_s: float | None = None,
    pool: Callable[[], Executor] | None = None,
) -> dict[str, StepOutcome]:
    """Run every step, level by level (see :func:`~instrux.plans.graph.plan_levels`);
    returns step id -> outcome in execution order."""
    deadline = None if timeout_s is None else perf_counter() + timeout_s
    outcomes: dict[str, StepOutcome] = {}
    for level in plan_levels:
        _check_time(deadline, timeout_s, outcomes, level)
        groups = _groups(steps, level, backend, outcomes)
        if len(groups) == 1 or pool is None:
            for group in groups:
                _record(group, *_timed(backend, group), outcomes)
            continue
        executor = pool()
        futures = [executor.submit(_timed, backend, group) for group in groups]
        remaining = None if deadline is None else max(deadline - perf_counter(), 0.0)
        _done, pending = wait(futures, timeout=remaining)
        if pending:
            raise _timeout(timeout_s, outcomes, level)
        for group, future in zip(groups, futures, strict=True):
            _record(group, *_result(future), outcomes)
    return outcomes


async def arun_levels(
    plan_levels: Sequence[Sequence[str]],
    steps: Mapping[str, Step],
    backend: StepBackend,
    *,
    timeout_s: float | None = None,
) -> dict[str, StepOutcome]:
    """:func:`run_levels` on an event loop: each group in a worker thread, never blocking it."""
    import asyncio

    deadline = None if timeout_s is None else perf_counter() + timeout_s
    outcomes: dict[str, StepOutcome] = {}
    for level in plan_levels:
        _check_time(deadline, timeout_s, outcomes, level)
        groups = _groups(steps, level, backend, outcomes)
        tasks = asyncio.gather(*(asyncio.to_thread(_timed, backend, g) for g in groups))
        remaining = None if deadline is None else max(deadline - perf_counter(), 0.0)
        try:
            results = await asyncio.wait_for(tasks, timeout=remaining)
        except TimeoutError:
            raise _timeout(timeout_s, outcomes, level) from None
        for group, (executed, milliseconds) in zip(groups, results, strict=True):
            _record(group, executed, milliseconds, outcomes)
    return outcomes


def name_step(err: InstructionRunError, step: Step) -> InstructionRunError:
    """The same error, its message starting with the step it came from."""
    if "step" in err.details:
        return err
    where = f"Step {step.id!r}" + (f" ({step.text!r})" if step.text else "")
    err.message = f"{where}: {err.message}"
    err.args = (err.message,)
    err.details = {**err.details, "step": step.id}
    return err


def _groups(
    steps: Mapping[str, Step],
    level: Sequence[str],
    backend: StepBackend,
    outcomes: dict[str, StepOutcome],
) -> list[Group]:
    """The level's steps with their calls, by instruction (in step order)."""
    values = {step_id: outcome.execution.value for step_id, outcome in outcomes.items()}
    groups: dict[str, Group] = {}
    for step_id in level:
        step = steps[step_id]
        try:
            call = backend.prepare(step, values)
        except InstructionRunError as err:
            raise name_step(err, step) from None
        groups.setdefault(call.instruction, []).append((step, call))
    return list(groups.values())


def _timed(
    backend: StepBackend, group: Group
) -> tuple[list[Execution | InstructionRunError], float]:
    start = perf_counter()
    executed = backend.execute([call for _step, call in group])
    return executed, (perf_counter() - start) * 1000.0


def _result(
    future: Future[tuple[list[Execution | InstructionRunError], float]],
) -> tuple[list[Execution | InstructionRunError], float]:
    return future.result()


def _record(
    group: Group,
    executed: list[Execution | InstructionRunError],
    milliseconds: float,
    outcomes: dict[str, StepOutcome],
) -> None:
    share = round(milliseconds / len(group), 6)
    for (step, call), execution in zip(group, executed, strict=True):
        if isinstance(execution, InstructionRunError):
            raise name_step(execution, step)
        timings = {"execute": share, "batch_size": float(len(group))}
        outcomes[step.id] = StepOutcome(call, execution, timings)


def _check_time(
    deadline: float | None,
    timeout_s: float | None,
    outcomes: dict[str, StepOutcome],
    level: Sequence[str],
) -> None:
    if deadline is not None and perf_counter() > deadline:
        raise _timeout(timeout_s, outcomes, level)


def _timeout(
    timeout_s: float | None, outcomes: dict[str, StepOutcome], level: Sequence[str]
) -> PlanTimeoutError:
    return PlanTimeoutError(timeout_s or 0.0, list(outcomes), list(level))

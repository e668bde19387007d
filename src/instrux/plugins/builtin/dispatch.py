"""The default dispatcher: runs the executor the engine chose (registered ``trylast``).

Any plugin can take over execution of some or all calls by implementing ``instrux_execute``
(or ``instrux_execute_many``) without ``trylast``; this one then only sees what they pass on.

An executor that raises :class:`~instrux.DeclinedError` (``OutOfRangeError`` is one) passes
the call on: the instruction's other executors are tried by priority, and the execution's
``details['declined']`` says who declined and why. Only when every executor declines is the
last refusal raised.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from instrux.plugins.hookspecs import hookimpl
from instrux.registry import Registered, Registry
from instrux.schemas.call import Call, Execution, Output
from instrux.schemas.errors import DeclinedError, ExecutorError, InstruxError
from instrux.schemas.instruction import ExecutorSpec

NO_EXECUTOR = "(none)"


@hookimpl(trylast=True)
def instrux_execute(
    call: Call, executor: Registered[ExecutorSpec] | None, registry: Registry
) -> Execution:
    entry = _require(call.instruction, executor)
    try:
        return _run(call, entry)
    except DeclinedError as declined:
        return _fall_back(call, entry, declined, registry)


def _fall_back(
    call: Call, first: Registered[ExecutorSpec], declined: DeclinedError, registry: Registry
) -> Execution:
    """Try the instruction's other executors, by priority, after ``first`` declined."""
    refusals = [_refusal(first, declined)]
    last = declined
    for other in registry.executors_for(call.instruction):
        if other.spec.name == first.spec.name:
            continue
        try:
            execution = _run(call, other)
        except DeclinedError as again:
            refusals.append(_refusal(other, again))
            last = again
            continue
        execution.details["declined"] = refusals
        return execution
    last.details["declined"] = refusals
    raise last from None


def _refusal(entry: Registered[ExecutorSpec], err: DeclinedError) -> dict[str, Any]:
    return {"executor": entry.spec.name, "code": err.code, "reason": err.reason}


def _run(call: Call, entry: Registered[ExecutorSpec]) -> Execution:
    spec = entry.spec
    try:
        value = spec.run(call.arguments, call) if spec.accepts_call else spec.run(call.arguments)
    except InstruxError:
        raise
    except Exception as err:
        raise ExecutorError(spec.name, entry.plugin, f"{type(err).__name__}: {err}") from err
    return _execution(value, entry)


@hookimpl(trylast=True)
def instrux_execute_many(
    calls: Sequence[Call], executor: Registered[ExecutorSpec] | None
) -> list[Execution]:
    if not calls:
        return []
    entry = _require(calls[0].instruction, executor)
    spec = entry.spec
    if spec.run_batch is None:
        return [_run(call, entry) for call in calls]
    arguments = [call.arguments for call in calls]
    try:
        values = list(
            spec.run_batch(arguments, list(calls))
            if spec.accepts_call
            else spec.run_batch(arguments)
        )
    except InstruxError:
        raise  # the engine retries the group call by call (fallbacks happen there)
    except Exception as err:
        raise ExecutorError(spec.name, entry.plugin, f"{type(err).__name__}: {err}") from err
    if len(values) != len(calls):
        raise ExecutorError(
            spec.name, entry.plugin, f"returned {len(values)} values for {len(calls)} calls"
        )
    return [_execution(value, entry) for value in values]


def _require(
    instruction: str, executor: Registered[ExecutorSpec] | None
) -> Registered[ExecutorSpec]:
    if executor is None:
        raise ExecutorError(
            NO_EXECUTOR, NO_EXECUTOR, f"no plugin registered an executor for {instruction}"
        )
    return executor


def _execution(value: object, entry: Registered[ExecutorSpec]) -> Execution:
    details: dict[str, Any] = {}
    if isinstance(value, Output):
        details = dict(value.details)
        value = value.value
    return Execution(
        value=value,
        executor=entry.spec.name,
        executor_kind=entry.spec.kind,
        plugin=entry.plugin,
        details=details,
    )

"""The default dispatcher: runs the executor the engine chose (registered ``trylast``).

Any plugin can take over execution of some or all calls by implementing ``instrux_execute``
(or ``instrux_execute_many``) without ``trylast``; this one then only sees what they pass on.
"""

from __future__ import annotations

from collections.abc import Sequence

from instrux.plugins.hookspecs import hookimpl
from instrux.registry import Registered, Registry
from instrux.schemas.call import Call, Execution
from instrux.schemas.errors import ExecutorError, InstruxError, OutOfRangeError
from instrux.schemas.instruction import ExecutorSpec

NO_EXECUTOR = "(none)"


@hookimpl(trylast=True)
def instrux_execute(
    call: Call, executor: Registered[ExecutorSpec] | None, registry: Registry
) -> Execution:
    entry = _require(call.instruction, executor)
    try:
        return _run(call, entry)
    except OutOfRangeError as out_of_range:
        # A limited executor (e.g. an ONNX net with an exact range) declined: fall back to the
        # instruction's other executors, by priority. The result names the one that ran.
        for other in registry.executors_for(call.instruction):
            if other.spec.name == entry.spec.name:
                continue
            try:
                return _run(call, other)
            except OutOfRangeError:
                continue
        raise out_of_range from None


def _run(call: Call, entry: Registered[ExecutorSpec]) -> Execution:
    try:
        value = entry.spec.run(call.arguments)
    except InstruxError:
        raise
    except Exception as err:
        raise ExecutorError(entry.spec.name, entry.plugin, f"{type(err).__name__}: {err}") from err
    return _execution(value, entry)


@hookimpl(trylast=True)
def instrux_execute_many(
    calls: Sequence[Call], executor: Registered[ExecutorSpec] | None
) -> list[Execution]:
    if not calls:
        return []
    entry = _require(calls[0].instruction, executor)
    if entry.spec.run_batch is None:
        return [_run(call, entry) for call in calls]
    try:
        values = list(entry.spec.run_batch([call.arguments for call in calls]))
    except InstruxError:
        raise
    except Exception as err:
        raise ExecutorError(entry.spec.name, entry.plugin, f"{type(err).__name__}: {err}") from err
    if len(values) != len(calls):
        raise ExecutorError(
            entry.spec.name, entry.plugin, f"returned {len(values)} values for {len(calls)} calls"
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
    return Execution(
        value=value, executor=entry.spec.name, executor_kind=entry.spec.kind, plugin=entry.plugin
    )

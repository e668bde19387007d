"""Output guard: every executor's value must fit its instruction's declared result type.

A ``wrapper=True`` implementation of the execute hooks, so it sees the value whichever plugin
produced it. A value that does not fit (a string where a number was promised, ``inf`` where a
finite number was promised) becomes an :class:`~instrux.ExecutorError` naming the executor.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence

from pydantic import ValidationError

from instrux.plugins.hookspecs import hookimpl
from instrux.registry import Registry
from instrux.schemas.call import Call, Execution
from instrux.schemas.errors import ExecutorError


@hookimpl(wrapper=True)
def instrux_execute(
    call: Call, registry: Registry
) -> Generator[None, Execution | None, Execution | None]:
    execution = yield
    if execution is not None:
        _check(call, execution, registry)
    return execution


@hookimpl(wrapper=True)
def instrux_execute_many(
    calls: Sequence[Call], registry: Registry
) -> Generator[None, list[Execution] | None, list[Execution] | None]:
    executions = yield
    if executions is not None:
        for call, execution in zip(calls, executions, strict=True):
            _check(call, execution, registry)
    return executions


def _check(call: Call, execution: Execution, registry: Registry) -> None:
    spec = registry.instruction(call.instruction).spec
    try:
        execution.value = spec.validate_result(execution.value)
    except ValidationError as err:
        problem = err.errors()[0]["msg"]
        raise ExecutorError(
            execution.executor,
            execution.plugin,
            f"returned {execution.value!r}, which does not fit the result type of "
            f"{call.instruction}: {problem}",
        ) from None

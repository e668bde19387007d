"""The engine: the Python API that apps embed.

>>> engine = Engine(load_entry_points=False)
>>> engine.run("what is 3 plus 5").value
8

An engine is built once (plugins loaded, registry filled and frozen, templates compiled on
first use) and is then read-only, so one engine can serve many threads at once.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from time import perf_counter
from typing import Any, Literal, overload

from pydantic import ValidationError

from instrux.parsing.text import DEFAULT_MAX_LENGTH, check_input, normalize
from instrux.parsing.validation import validation_error_to_invalid_arguments
from instrux.plugins.manager import PluginHost
from instrux.plugins.types import RouteRequest
from instrux.registry import Registry
from instrux.schemas.call import Call, Execution, Result, Route
from instrux.schemas.errors import (
    Candidate,
    ExecutorError,
    InstructionRunError,
    NoMatchError,
    PluginError,
)
from instrux.schemas.listing import InstructionInfo, PluginInfo

__all__ = ["Engine"]

MAX_NEAR_MISSES = 5


class Engine:
    """Routes instruction text to typed calls and executes them through plugins.

    :param plugins: extra plugin objects (modules, classes, instances), or a mapping
        name -> plugin, registered like entry-point plugins.
    :param load_entry_points: load third-party plugins of the ``instrux`` entry-point group
        (restricted by ``INSTRUX_PLUGINS``).
    :param disable_builtins: built-in plugin names to leave out (``"arithmetic"``, ...), added
        to ``INSTRUX_DISABLE_BUILTINS``.
    :param max_text_length: longer instructions are rejected with an ``invalid_input`` error.
    :param prefer_executor_kind: use executors of this kind when an instruction has one
        (e.g. ``"python"`` for the exact reference executors); defaults to
        ``INSTRUX_EXECUTOR_KIND``, else the highest-priority executor.
    """

    def __init__(
        self,
        plugins: Iterable[object] | Mapping[str, object] = (),
        *,
        load_entry_points: bool = True,
        disable_builtins: Iterable[str] = (),
        max_text_length: int = DEFAULT_MAX_LENGTH,
        prefer_executor_kind: str | None = None,
    ) -> None:
        self.max_text_length = max_text_length
        self._host = PluginHost()
        self._host.load_builtins(disable_builtins)
        if load_entry_points:
            self._host.load_entry_points()
        named = plugins.items() if isinstance(plugins, Mapping) else ((None, p) for p in plugins)
        for name, plugin in named:
            self._host.add(plugin, name)
        self.registry = Registry()
        self._host.fill(self.registry)
        kind = prefer_executor_kind or os.environ.get("INSTRUX_EXECUTOR_KIND") or None
        self.registry.freeze(prefer_kind=kind)
        self._route_impls = self._host.route_impls()
        self._execute_hook = self._host.pm.hook.instrux_execute
        self._execute_many_hook = self._host.pm.hook.instrux_execute_many

    # --- parse / execute / run -------------------------------------------------------------

    def parse(self, text: str) -> Call:
        """Route ``text`` to a call with validated arguments (no execution)."""
        return self._parse(check_input(text, self.max_text_length))

    def execute(self, call: Call) -> Result:
        """Execute a call (from :meth:`parse`, :meth:`make_call`, or built by hand)."""
        spec = self.registry.instruction(call.instruction).spec
        if not isinstance(call.arguments, spec.arguments):
            call = self.make_call(call.instruction, **call.arguments.model_dump())
        start = perf_counter()
        execution = self._execute(call)
        done = perf_counter()
        return _result(call, execution, {"execute": _ms(start, done), "total": _ms(start, done)})

    def run(self, text: str) -> Result:
        """Parse and execute ``text``; the result carries the call and per-stage timings."""
        start = perf_counter()
        checked = check_input(text, self.max_text_length)
        routed = perf_counter()
        call = self._parse(checked)
        parsed = perf_counter()
        execution = self._execute(call)
        done = perf_counter()
        timings = {
            "check_input": _ms(start, routed),
            "route": _ms(routed, parsed),
            "execute": _ms(parsed, done),
            "total": _ms(start, done),
        }
        return _result(call, execution, timings)

    async def arun(self, text: str) -> Result:
        """:meth:`run` in a worker thread, so an event loop is never blocked."""
        import asyncio  # ~70 ms to import; only async callers pay for it

        return await asyncio.to_thread(self.run, text)

    def make_call(self, instruction: str, /, **arguments: Any) -> Call:
        """A call built from Python values, validated like a parsed one (tier ``direct``)."""
        spec = self.registry.instruction(instruction).spec
        try:
            validated = spec.arguments.model_validate(arguments)
        except ValidationError as err:
            raise validation_error_to_invalid_arguments(instruction, err) from None
        route = Route(tier="direct", score=1.0, explanation="Built with Engine.make_call.")
        return Call(instruction=instruction, arguments=validated, route=route)

    # --- many at once ----------------------------------------------------------------------

    @overload
    def run_many(
        self, texts: Iterable[str], *, return_exceptions: Literal[False] = False
    ) -> list[Result]: ...

    @overload
    def run_many(
        self, texts: Iterable[str], *, return_exceptions: Literal[True]
    ) -> list[Result | InstructionRunError]: ...

    def run_many(
        self, texts: Iterable[str], *, return_exceptions: bool = False
    ) -> list[Result] | list[Result | InstructionRunError]:
        """Run many texts; calls to the same executor are executed as one batch.

        With ``return_exceptions=True`` a failing text yields its error in place of a result
        (like :func:`asyncio.gather`); otherwise the first failure is raised.
        """
        start = perf_counter()
        outcomes: list[Call | InstructionRunError] = []
        for text in texts:
            try:
                outcomes.append(self.parse(text))
            except InstructionRunError as err:
                if not return_exceptions:
                    raise
                outcomes.append(err)
        parsed = perf_counter()
        results: list[Result | InstructionRunError] = []
        for outcome, executed in zip(outcomes, self._execute_all(outcomes), strict=True):
            if isinstance(executed, InstructionRunError):
                if not return_exceptions:
                    raise executed
                results.append(executed)
            else:
                results.append(_result(outcome, executed, {}))  # type: ignore[arg-type]
        _stamp_batch_timings(results, start, parsed, perf_counter())
        return results

    def _execute_all(
        self, outcomes: Sequence[Call | InstructionRunError]
    ) -> list[Execution | InstructionRunError]:
        """Execute every call, one ``instrux_execute_many`` call per instruction.

        When a batch fails (one division by zero among a thousand calls), that group is
        executed again call by call, so that only the bad calls get an error.
        """
        executed: list[Execution | InstructionRunError] = list(outcomes)  # type: ignore[arg-type]
        groups: dict[str, list[int]] = {}
        for index, outcome in enumerate(outcomes):
            if isinstance(outcome, Call):
                groups.setdefault(outcome.instruction, []).append(index)
        for instruction, indices in groups.items():
            calls = [outcomes[i] for i in indices]
            executor = self.registry.chosen_executor(instruction)
            try:
                batch = self._execute_many_hook(
                    calls=calls, executor=executor, registry=self.registry
                )
            except InstructionRunError:
                batch = [self._execute_or_error(call) for call in calls]  # type: ignore[arg-type]
            for index, execution in zip(indices, batch, strict=True):
                executed[index] = execution
        return executed

    def _execute_or_error(self, call: Call) -> Execution | InstructionRunError:
        try:
            return self._execute(call)
        except InstructionRunError as err:
            return err

    # --- listings --------------------------------------------------------------------------

    def instructions(
        self, *, plugin: str | None = None, tag: str | None = None, prefix: str | None = None
    ) -> list[InstructionInfo]:
        """Registered instructions, optionally filtered by plugin, tag or name prefix."""
        return self.registry.listing(plugin=plugin, tag=tag, prefix=prefix)

    def instruction(self, name: str) -> InstructionInfo:
        """One instruction by name (``UnknownNameError`` suggests close names)."""
        return self.registry.info(name)

    def plugins(self) -> list[PluginInfo]:
        """Every plugin the engine knows: loaded, disabled or failed (with the reason)."""
        return self._host.infos()

    # --- internals -------------------------------------------------------------------------

    def _parse(self, text: str) -> Call:
        request = RouteRequest(text=text, normalized=normalize(text), registry=self.registry)
        failure: PluginError | None = None
        for route in self._route_impls:
            try:
                call = route(request)
            except PluginError as err:  # a broken tier must not hide the others
                failure = failure or err
                continue
            if call is not None:
                return call  # type: ignore[no-any-return]
        if failure is not None:
            raise failure
        raise NoMatchError(text, _closest(request.near_misses))

    def _execute(self, call: Call) -> Execution:
        executor = self.registry.chosen_executor(call.instruction)
        execution = self._execute_hook(call=call, executor=executor, registry=self.registry)
        if execution is None:
            raise ExecutorError("(none)", "(none)", f"no plugin executed {call.instruction}")
        return execution  # type: ignore[no-any-return]


def _closest(near_misses: list[Candidate]) -> list[Candidate]:
    """Each instruction once, later tiers' candidates first, best score first within a tier.

    Tiers run from exact to fuzzy, so a later tier's scores (semantic similarity) say more
    about what the text meant than an earlier one's (lexical likeness to an example); scores
    of different tiers are not on one scale, so they are not mixed in one sort.
    """
    tiers = list(dict.fromkeys(c.tier for c in near_misses))
    rank = {tier: -index for index, tier in enumerate(tiers)}  # later tier, lower rank
    ordered = sorted(near_misses, key=lambda c: (rank[c.tier], -c.score))
    best: dict[str, Candidate] = {}
    for candidate in ordered:
        best.setdefault(candidate.instruction, candidate)
    return list(best.values())[:MAX_NEAR_MISSES]


def _result(call: Call, execution: Execution, timings: dict[str, float]) -> Result:
    return Result(
        value=execution.value,
        call=call,
        executor=execution.executor,
        executor_kind=execution.executor_kind,
        plugin=execution.plugin,
        timings_ms=timings,
    )


def _stamp_batch_timings(
    results: Sequence[Result | InstructionRunError], start: float, parsed: float, done: float
) -> None:
    """In a batch, each result gets its share of the batch's route and execute time."""
    count = max(len(results), 1)
    share = {
        "route": _ms(start, parsed) / count,
        "execute": _ms(parsed, done) / count,
        "total": _ms(start, done) / count,
        "batch_total": _ms(start, done),
    }
    for result in results:
        if isinstance(result, Result):
            result.timings_ms = dict(share)


def _ms(start: float, end: float) -> float:
    return round((end - start) * 1000.0, 6)

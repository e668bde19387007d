"""The engine: the Python API that apps embed.

>>> engine = Engine(load_entry_points=False)
>>> engine.run("what is 3 plus 5").value
8

An engine is built once (plugins loaded, registry filled and frozen, templates compiled on
first use) and is then read-only, so one engine can serve many threads at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from time import perf_counter
from typing import Any, Literal, overload

from pydantic import ValidationError

from instrux.engine.routing import Router
from instrux.parsing.text import check_input
from instrux.parsing.validation import validation_error_to_invalid_arguments
from instrux.plugins.manager import PluginHost
from instrux.plugins.types import RouteRequest
from instrux.registry import Registry
from instrux.schemas.call import Call, ExecuteRequest, Execution, Result, Route
from instrux.schemas.errors import (
    ExecutorError,
    InstructionRunError,
    InvalidArgumentsError,
    InvalidInputError,
)
from instrux.schemas.listing import InstructionInfo, PluginInfo
from instrux.settings import Settings, load_settings

__all__ = ["Engine"]


class Engine:
    """Routes instruction text to typed calls and executes them through plugins.

    :param plugins: extra plugin objects (modules, classes, instances), or a mapping
        name -> plugin, registered like entry-point plugins.
    :param settings: everything else that configures the engine and its plugins (device,
        threads, caches, which plugins to load...); by default read from the ``INSTRUX_*``
        environment once, now. The keyword arguments below override it.
    :param load_entry_points: load third-party plugins of the ``instrux`` entry-point group
        (restricted by ``settings.plugins``).
    :param disable_builtins: built-in plugin names to leave out (``"arithmetic"``, ...), added
        to ``settings.disable_builtins``.
    :param max_text_length: longer instructions are rejected with an ``invalid_input`` error.
    :param prefer_executor_kind: use executors of this kind when an instruction has one
        (e.g. ``"python"`` for the exact reference executors); else the highest priority.
    """

    def __init__(
        self,
        plugins: Iterable[object] | Mapping[str, object] = (),
        *,
        settings: Settings | None = None,
        load_entry_points: bool = True,
        disable_builtins: Iterable[str] = (),
        max_text_length: int | None = None,
        prefer_executor_kind: str | None = None,
    ) -> None:
        base = settings if settings is not None else load_settings()
        self.settings = base.with_options(
            max_text_length=max_text_length, executor_kind=prefer_executor_kind
        )
        self.max_text_length = self.settings.max_text_length
        self._host = PluginHost(self.settings)
        self._host.load_builtins(disable_builtins)
        if load_entry_points:
            self._host.load_entry_points()
        named = plugins.items() if isinstance(plugins, Mapping) else ((None, p) for p in plugins)
        for name, plugin in named:
            self._host.add(plugin, name)
        self.registry = Registry()
        self._host.fill(self.registry)
        self.registry.freeze(prefer_kind=self.settings.executor_kind)
        self.conflicts = self._host.conflicts
        self._router = Router(self._host.pm, self.registry, self.settings)
        self._execute_hook = self._host.pm.hook.instrux_execute
        self._execute_many_hook = self._host.pm.hook.instrux_execute_many

    # --- parse / execute / run -------------------------------------------------------------

    def parse(self, text: str) -> Call:
        """Route ``text`` to a call with validated arguments (no execution)."""
        self._refuse_conflicts()
        return self._router.route(self._request(text))

    def execute(self, call: Call) -> Result:
        """Execute a call (from :meth:`parse`, :meth:`make_call`, :meth:`load_call`, or JSON).

        A call whose arguments are not the instruction's own model (read from JSON without a
        registry, or built by hand) is validated first.
        """
        self._refuse_conflicts()
        spec = self.registry.instruction(call.instruction).spec
        if not isinstance(call.arguments, spec.arguments):
            call = self.load_call(call)
        start = perf_counter()
        execution = self._execute(call)
        done = perf_counter()
        timings = {"execute": _ms(start, done), "total": _ms(start, done)}
        return _result(call, execution, timings)

    def execute_request(self, request: ExecuteRequest | Mapping[str, Any]) -> Result:
        """Execute an instruction name with JSON-style arguments (tier ``direct``)."""
        if not isinstance(request, ExecuteRequest):
            try:
                request = ExecuteRequest.model_validate(request)
            except ValidationError as err:
                raise _invalid_json("execute request", err) from None
        return self.execute(self.make_call(request.instruction, **request.arguments))

    def run(self, text: str) -> Result:
        """Parse and execute ``text``; the result carries the call and per-stage timings."""
        self._refuse_conflicts()
        start = perf_counter()
        request = self._request(text)
        routed = perf_counter()
        call = self._router.route(request)
        parsed = perf_counter()
        execution = self._execute(call)
        done = perf_counter()
        timings = {
            "check_input": _ms(start, routed),
            "route": _ms(routed, parsed),
            **request.timings_ms,
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

    def load_call(self, data: str | bytes | Mapping[str, Any] | Call) -> Call:
        """A :class:`Call` read back from its JSON (or a dict), validated against the registry.

        The arguments become the instruction's own model; an unknown instruction raises
        ``UnknownNameError``, bad arguments ``InvalidArgumentsError``, malformed JSON
        ``InvalidInputError``.
        """
        if isinstance(data, Call):
            data = data.model_dump(mode="json")
        context = {"registry": self.registry}
        try:
            if isinstance(data, str | bytes):
                return Call.model_validate_json(data, context=context)
            return Call.model_validate(dict(data), context=context)
        except ValidationError as err:
            raise _call_error(err, data) from None

    def call_schema(self) -> dict[str, Any]:
        """JSON schema of ``{"instruction": ..., "arguments": ...}`` for every instruction.

        One discriminated union (by instruction name), with each instruction's own arguments:
        what an HTTP client or an LLM that writes calls needs.
        """
        return self.registry.call_schema()

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
        outcomes = self.parse_many(texts, return_exceptions=return_exceptions)
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

    def parse_many(
        self, texts: Iterable[str], *, return_exceptions: bool = False
    ) -> list[Call | InstructionRunError]:
        """Route many texts at once (batch tiers see them together), in order.

        Each outcome is the :class:`Call` :meth:`parse` would give, or (with
        ``return_exceptions=True``) its error; otherwise the first error is raised.
        """
        self._refuse_conflicts()
        checked: list[RouteRequest | InstructionRunError] = []
        for text in texts:
            try:
                checked.append(self._request(text))
            except InstructionRunError as err:
                checked.append(err)
        self._router.route_many([r for r in checked if isinstance(r, RouteRequest)])
        outcomes = [_decided(request) for request in checked]
        if not return_exceptions:
            for outcome in outcomes:
                if isinstance(outcome, InstructionRunError):
                    raise outcome
        return outcomes

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

    def _request(self, text: str) -> RouteRequest:
        return self._router.request(check_input(text, self.max_text_length))

    def _refuse_conflicts(self) -> None:
        """Two plugins register one name: listing works, running refuses (a person decides)."""
        if self.conflicts:
            raise self.conflicts[0]

    def _execute(self, call: Call) -> Execution:
        executor = self.registry.chosen_executor(call.instruction)
        execution = self._execute_hook(call=call, executor=executor, registry=self.registry)
        if execution is None:
            raise ExecutorError("(none)", "(none)", f"no plugin executed {call.instruction}")
        return execution  # type: ignore[no-any-return]


def _decided(request: RouteRequest | InstructionRunError) -> Call | InstructionRunError:
    """What routing decided for one request of a batch (or its input error)."""
    if isinstance(request, InstructionRunError):
        return request
    outcome = request.call if request.call is not None else request.error
    assert outcome is not None  # Router.route_many decides every request
    return outcome


def _result(call: Call, execution: Execution, timings: dict[str, float]) -> Result:
    return Result(
        value=execution.value,
        call=call,
        executor=execution.executor,
        executor_kind=execution.executor_kind,
        plugin=execution.plugin,
        timings_ms=timings,
        details=execution.details,
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


def _call_error(err: ValidationError, data: Any) -> InstructionRunError:
    """A validation error of a call read from JSON, as the instrux error that explains it."""
    first = err.errors()[0]
    location = [str(part) for part in first["loc"]]
    if first["type"] == "json_invalid" or not location:
        return _invalid_json("call", err)
    if location[0] == "arguments" and isinstance(data, Mapping | str | bytes):
        instruction = _instruction_of(data)
        argument = location[1] if len(location) > 1 else "arguments"
        reason = first["msg"].removeprefix("Value error, ")
        if first["type"] == "missing":
            reason = "it is required but was not given"
        return InvalidArgumentsError(instruction or "(unknown)", argument, reason)
    return _invalid_json("call", err)


def _instruction_of(data: Mapping[str, Any] | str | bytes) -> str | None:
    if isinstance(data, Mapping):
        return data.get("instruction")
    try:
        found = json.loads(data).get("instruction")
    except (ValueError, AttributeError):
        return None
    return found if isinstance(found, str) else None


def _invalid_json(what: str, err: ValidationError) -> InvalidInputError:
    first = err.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or what
    return InvalidInputError(
        f"The {what} is not valid: {where}: {first['msg']}.",
        hint='Send JSON like {"instruction": "math.add", "arguments": {"a": 1, '
        '"b": 2}} (see Engine.call_schema() or `instrux show NAME`).',
        reason="invalid_json",
    )

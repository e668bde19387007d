"""The engine: the Python API that apps embed.

>>> engine = Engine(load_entry_points=False)
>>> engine.run("what is 3 plus 5").value
8
>>> engine.run("add 4 and 6, then divide the result by 5").value  # a plan of two steps
2

An engine is built once (plugins loaded, registry filled and frozen, then every plugin's
``instrux_startup``: templates are compiled there) and is then read-only, so one engine can
serve many threads at once.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from time import perf_counter
from typing import TYPE_CHECKING, Any, Literal, overload

from pydantic import ValidationError

from instrux.engine.builtins import BUILTIN_PLUGINS
from instrux.engine.deciding import Decider, decided
from instrux.engine.json_errors import call_error, invalid_json
from instrux.engine.planning import (
    EngineSteps,
    check_instructions,
    invalid_plan,
    ms,
    one_step_plan,
    plan_result,
    plan_timings,
    result_of,
)
from instrux.engine.routing import Router
from instrux.parsing.text import check_input
from instrux.parsing.validation import validation_error_to_invalid_arguments
from instrux.plans.graph import DEFAULT_MAX_STEPS, plan_levels
from instrux.plans.run import arun_levels, run_levels
from instrux.plugins.manager import PluginHost
from instrux.plugins.types import RouteRequest
from instrux.registry import Registry
from instrux.schemas.call import Call, ExecuteRequest, Execution, Result, Route
from instrux.schemas.errors import ExecutorError, InstructionRunError, InstruxError
from instrux.schemas.listing import InstructionInfo, PluginInfo
from instrux.schemas.models import ModelInfo
from instrux.schemas.plan import Plan, PlanResult, Step
from instrux.settings import Settings, load_settings

if TYPE_CHECKING:
    from instrux.models.encoder import Encoder

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
    :param max_plan_steps: plans with more steps are refused (``InvalidPlanError``).
    :param plan_timeout_s: a plan still running after this many seconds fails with
        ``PlanTimeoutError`` (``None``: no limit).
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
        max_plan_steps: int = DEFAULT_MAX_STEPS,
        plan_timeout_s: float | None = 30.0,
    ) -> None:
        base = settings if settings is not None else load_settings()
        self.settings = base.with_options(
            max_text_length=max_text_length, executor_kind=prefer_executor_kind
        )
        self.max_text_length = self.settings.max_text_length
        self._host = PluginHost(self.settings)
        self._host.load_builtins(BUILTIN_PLUGINS, disable_builtins)
        if load_entry_points:
            self._host.load_entry_points()
        named = plugins.items() if isinstance(plugins, Mapping) else ((None, p) for p in plugins)
        for name, plugin in named:
            self._host.add(plugin, name)
        self.registry = Registry()
        self._host.fill(self.registry)
        self.registry.freeze(prefer_kind=self.settings.executor_kind)
        self._host.start(self.registry)
        self.conflicts = self._host.conflicts
        # What a person must fix before the engine runs anything (listing still works).
        self._refusals: list[InstruxError] = [*self.conflicts, *self._host.startup_failures]
        self._router = Router(self._host.pm, self.registry, self.settings)
        # Each instruction's executor, chosen at freeze (the registry's own map, read-only).
        self._executors = self.registry.chosen_executors()
        self._execute_hook = self._host.pm.hook.instrux_execute
        self._execute_many_hook = self._host.pm.hook.instrux_execute_many
        self.max_plan_steps = max_plan_steps
        self.plan_timeout_s = plan_timeout_s
        self._decider = Decider(self._host.pm, self._router, self._request, self.registry,
                                self.settings, max_plan_steps)  # fmt: skip
        self._pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()

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
        timings = {"execute": ms(start, done), "total": ms(start, done)}
        return result_of(call, execution, timings)

    def execute_request(self, request: ExecuteRequest | Mapping[str, Any]) -> Result:
        """Execute an instruction name with JSON-style arguments (tier ``direct``)."""
        if not isinstance(request, ExecuteRequest):
            try:
                request = ExecuteRequest.model_validate(request)
            except ValidationError as err:
                raise invalid_json("execute request", err) from None
        return self.execute(self.make_call(request.instruction, **request.arguments))

    def run(self, text: str) -> Result:
        """Parse and execute ``text``; the result carries the call and per-stage timings.

        A text that is several instructions ("add 4 and 6, then divide the result by 5") is
        planned and run as a plan: the result is then a :class:`~instrux.PlanResult` (a
        ``Result`` whose value and call are the last step's, ``call.route.tier == "plan"``,
        with the plan and every step's result).
        """
        outcome = self._run_or_plan(text)
        if isinstance(outcome, Result):
            return outcome
        plan, timings, start = outcome
        return self.run_plan(plan, _timings=timings, _start=start)

    async def arun(self, text: str) -> Result:
        """:meth:`run` without blocking an event loop: routing and execution run in a worker
        thread; a plan's independent steps run as concurrent ``asyncio`` tasks."""
        import asyncio  # ~70 ms to import; only async callers pay for it

        outcome = await asyncio.to_thread(self._run_or_plan, text)
        if isinstance(outcome, Result):
            return outcome
        plan, timings, start = outcome
        return await self.arun_plan(plan, _timings=timings, _start=start)

    def _run_or_plan(self, text: str) -> Result | tuple[Plan, dict[str, float], float]:
        """The result of one instruction, or the plan to run (with timings so far)."""
        if self._refusals:  # _refuse_conflicts, inline: every text of run and arun comes here
            raise self._refusals[0]
        start = perf_counter()
        request = self._request(text)
        routed = perf_counter()
        decided = self._decider.decide(request)
        parsed = perf_counter()
        # Milliseconds as ms() gives them, written out: four calls less per text.
        timings = {"check_input": round((routed - start) * 1000.0, 6),
                   "route": round((parsed - routed) * 1000.0, 6), **request.timings_ms}  # fmt: skip
        if isinstance(decided, Plan):
            return decided, timings, start
        execution = self._execute(decided)
        done = perf_counter()
        timings["execute"] = round((done - parsed) * 1000.0, 6)
        timings["total"] = round((done - start) * 1000.0, 6)
        return result_of(decided, execution, timings)

    # --- plans -----------------------------------------------------------------------------

    def plan(self, text: str) -> Plan:
        """The plan for ``text``, without running it.

        One instruction gives a plan of one step (planner ``"route"``); several give the
        plan the first planner that is sure makes. When neither works, raises what routing
        raised (``NoMatchError``...).
        """
        self._refuse_conflicts()
        request = self._request(text)
        decided = self._decider.decide(request)
        return decided if isinstance(decided, Plan) else one_step_plan(decided, request.text)

    def load_plan(self, data: str | bytes | Mapping[str, Any] | Plan) -> Plan:
        """A :class:`Plan` read from JSON (or a dict), checked: a malformed one, a cycle, a
        reference to a missing step or an unknown instruction raise ``InvalidPlanError``."""
        try:
            if isinstance(data, Plan):
                plan = data
            elif isinstance(data, str | bytes):
                plan = Plan.model_validate_json(data)
            else:
                plan = Plan.model_validate(dict(data))
        except ValidationError as err:
            raise invalid_plan(err) from None
        plan_levels(plan, self.max_plan_steps)
        check_instructions(plan, self.registry)
        return plan

    def run_plan(
        self,
        plan: Plan,
        *,
        timeout_s: float | None = None,
        _timings: dict[str, float] | None = None,
        _start: float | None = None,
    ) -> PlanResult:
        """Run a plan: levels in order, independent steps at once (a thread pool), steps of
        one instruction in a level as one batch. ``timeout_s`` overrides the engine's limit.
        """
        start = perf_counter()
        outcomes = run_levels(self._runnable(plan), _steps_by_id(plan), self._steps(plan),
                              timeout_s=self._timeout(timeout_s),
                              pool=self._thread_pool)  # fmt: skip
        return plan_result(plan, outcomes, plan_timings(_timings, _start, start))

    async def arun_plan(
        self,
        plan: Plan,
        *,
        timeout_s: float | None = None,
        _timings: dict[str, float] | None = None,
        _start: float | None = None,
    ) -> PlanResult:
        """:meth:`run_plan` on an event loop: a level's groups run as concurrent tasks, each
        in a worker thread; the same result as :meth:`run_plan`."""
        start = perf_counter()
        outcomes = await arun_levels(self._runnable(plan), _steps_by_id(plan), self._steps(plan),
                                     timeout_s=self._timeout(timeout_s))  # fmt: skip
        return plan_result(plan, outcomes, plan_timings(_timings, _start, start))

    def _runnable(self, plan: Plan) -> list[list[str]]:
        """The plan's levels (its graph compiled and checked), once the engine may run it and
        its steps name instructions."""
        self._refuse_conflicts()
        found = plan_levels(plan, self.max_plan_steps)
        check_instructions(plan, self.registry)
        return found

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
            raise call_error(err, data) from None

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
        (like :func:`asyncio.gather`); otherwise the first failure is raised. A text that is
        several instructions is planned and run as :meth:`run` would (a ``PlanResult``).
        """
        start = perf_counter()
        requests = self._checked_requests(texts)
        outcomes = self._decider.decide_many(requests)
        if not return_exceptions:
            _raise_first(outcomes)
        parsed = perf_counter()
        calls = [None if isinstance(o, Plan) else o for o in outcomes]  # plans run apart
        results: list[Result | InstructionRunError] = []
        executions: list[Execution | Result | InstructionRunError | None] = list(
            self._execute_all(calls)
        )
        for outcome, executed in zip(outcomes, executions, strict=True):
            if isinstance(outcome, Plan):
                executed = self._plan_or_error(outcome)
            if isinstance(executed, InstructionRunError):
                if not return_exceptions:
                    raise executed
                results.append(executed)
            elif isinstance(executed, Result):
                results.append(executed)
            else:
                results.append(result_of(outcome, executed, {}))  # type: ignore[arg-type]
        _stamp_batch_timings(results, start, parsed, perf_counter())
        return results

    def parse_many(
        self, texts: Iterable[str], *, return_exceptions: bool = False
    ) -> list[Call | InstructionRunError]:
        """Route many texts at once (batch tiers see them together), in order.

        Each outcome is the :class:`Call` :meth:`parse` would give, or (with
        ``return_exceptions=True``) its error; otherwise the first error is raised.
        """
        checked = self._checked_requests(texts)
        self._router.route_many([r for r in checked if isinstance(r, RouteRequest)])
        outcomes = [decided(request) for request in checked]
        if not return_exceptions:
            _raise_first(outcomes)
        return outcomes

    def _checked_requests(self, texts: Iterable[str]) -> list[RouteRequest | InstructionRunError]:
        self._refuse_conflicts()
        checked: list[RouteRequest | InstructionRunError] = []
        for text in texts:
            try:
                checked.append(self._request(text))
            except InstructionRunError as err:
                checked.append(err)
        return checked

    def _plan_or_error(self, plan: Plan) -> PlanResult | InstructionRunError:
        try:
            return self.run_plan(plan)
        except InstructionRunError as err:
            return err

    def _execute_all(
        self, outcomes: Sequence[Call | InstructionRunError | None]
    ) -> list[Execution | InstructionRunError | None]:
        """Execute every call, one ``instrux_execute_many`` call per instruction.

        When a batch fails (one division by zero among a thousand calls), that group is
        executed again call by call, so that only the bad calls get an error.
        """
        executed: list[Execution | InstructionRunError | None] = list(outcomes)  # type: ignore[arg-type]
        groups: dict[str, list[int]] = {}
        for index, outcome in enumerate(outcomes):
            if isinstance(outcome, Call):
                groups.setdefault(outcome.instruction, []).append(index)
        for instruction, indices in groups.items():
            calls = [outcomes[i] for i in indices]
            executor = self._executors.get(instruction)
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

    def models(self) -> list[ModelInfo]:
        """Every registered model (encoders, language models), with what it needs here."""
        from instrux.models.load import model_listing

        return model_listing(self.registry, self.settings)

    def encoder(self, name: str | None = None) -> Encoder:
        """A sentence encoder (default: the settings' ``encoder``), loaded once per process."""
        from instrux.models.load import load_encoder

        return load_encoder(self.registry, self.settings, name)

    # --- internals -------------------------------------------------------------------------

    def _request(self, text: str) -> RouteRequest:
        return self._router.request(check_input(text, self.max_text_length))

    def _steps(self, plan: Plan) -> EngineSteps:
        return EngineSteps(self.registry, plan, self._execute, self._execute_many_hook)

    def _timeout(self, timeout_s: float | None) -> float | None:
        return self.plan_timeout_s if timeout_s is None else timeout_s

    def _thread_pool(self) -> ThreadPoolExecutor:
        """One pool per engine, made when a plan first has independent steps."""
        with self._pool_lock:
            if self._pool is None:
                workers = min(8, os.cpu_count() or 2)
                self._pool = ThreadPoolExecutor(workers, thread_name_prefix="instrux-plan")
            return self._pool

    def _refuse_conflicts(self) -> None:
        """Two plugins register one name, or a plugin failed to start: listing works, running
        refuses (a person decides)."""
        if self._refusals:
            raise self._refusals[0]

    def _execute(self, call: Call) -> Execution:
        executor = self._executors.get(call.instruction)
        execution = self._execute_hook(call=call, executor=executor, registry=self.registry)
        if execution is None:
            raise ExecutorError("(none)", "(none)", f"no plugin executed {call.instruction}")
        return execution  # type: ignore[no-any-return]


def _steps_by_id(plan: Plan) -> dict[str, Step]:
    return {step.id: step for step in plan.steps}


def _raise_first(outcomes: Sequence[object]) -> None:
    for outcome in outcomes:
        if isinstance(outcome, InstructionRunError):
            raise outcome


def _stamp_batch_timings(
    results: Sequence[Result | InstructionRunError], start: float, parsed: float, done: float
) -> None:
    """In a batch, each result gets its share of the batch's route and execute time."""
    count = max(len(results), 1)
    share = {
        "route": ms(start, parsed) / count,
        "execute": ms(parsed, done) / count,
        "total": ms(start, done) / count,
        "batch_total": ms(start, done),
    }
    for result in results:
        if isinstance(result, Result):
            result.timings_ms = dict(share)

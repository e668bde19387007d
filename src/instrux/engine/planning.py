"""The engine's side of plans: asking planners, running steps, building the plan's result.

The engine asks the ``instrux_plan`` hook only when routing the whole text gave no call for
a reason a plan can fix (:func:`plannable`): no tier matched, or a tier found numbers its call
does not use. Each planner gets callbacks that route a sub-phrase through the tiers and ask
the planners one level deeper, up to :data:`MAX_PLAN_DEPTH`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from time import perf_counter
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from instrux.parsing.validation import validation_error_to_invalid_arguments
from instrux.plans.graph import one_step_plan
from instrux.plans.planners import SEQUENCE_WORDS
from instrux.plans.run import StepOutcome
from instrux.plugins.types import PlanRequest
from instrux.registry import Registry
from instrux.schemas.call import Call, Execution, Result, Route
from instrux.schemas.errors import (
    Candidate,
    InstructionRunError,
    InvalidArgumentsError,
    NoMatchError,
    UnknownNameError,
)
from instrux.schemas.plan import InvalidPlanError, Plan, PlanResult, Ref, Step

if TYPE_CHECKING:
    from instrux.settings import Settings

__all__ = [
    "MAX_PLAN_DEPTH",
    "EngineSteps",
    "Planners",
    "check_instructions",
    "has_sequence_words",
    "invalid_plan",
    "ms",
    "one_step_plan",
    "partial_match",
    "plan_result",
    "plan_timings",
    "plannable",
    "result_of",
]

MAX_PLAN_DEPTH = 3  # a planner asking the planners about a part of a part of a part
_SEQUENCE_WORDS = re.compile(rf"\b{SEQUENCE_WORDS}\b", re.IGNORECASE)


def plannable(err: InstructionRunError) -> bool:
    """Whether a routing failure may mean several instructions in one text."""
    if isinstance(err, NoMatchError):
        return True
    # Tiers that take the numbers of a text refuse one with numbers left over ("add 1, 2 and
    # 3" for a two-number add); tiers that decline instead give a no-match (above).
    return isinstance(err, InvalidArgumentsError) and "more numbers than" in err.reason


def has_sequence_words(text: str) -> bool:
    """Whether the text says it has several steps ("then", "after that")."""
    return _SEQUENCE_WORDS.search(text) is not None


def partial_match(call: Call, text: str) -> NoMatchError:
    """The refusal of a text with several steps that a fuzzy tier matched one step of."""
    candidate = Candidate(
        instruction=call.instruction,
        score=round(call.route.score, 3),
        tier=call.route.tier,
        evidence="matched only one step of a text with several steps",
    )
    return NoMatchError(text, [candidate])


class Planners:
    """Asks the ``instrux_plan`` hook, with callbacks into the engine's routing."""

    def __init__(
        self,
        hook: Callable[..., Plan | None],
        route: Callable[[str], Call],
        request: Callable[[str], tuple[str, str]],
        registry: Registry,
        settings: Settings,
        max_steps: int,
    ) -> None:
        self._hook = hook
        self._route = route
        self._request = request  # text -> (checked text, normalized)
        self.registry = registry
        self.settings = settings
        self.max_steps = max_steps

    def ask(
        self, text: str, normalized: str, error: InstructionRunError | None, depth: int = 0
    ) -> Plan | None:
        if depth > MAX_PLAN_DEPTH:
            return None
        request = PlanRequest(
            text=text,
            normalized=normalized,
            registry=self.registry,
            settings=self.settings,
            route=self._route,
            plan=lambda part: self._ask_part(part, depth + 1),
            error=error,
            depth=depth,
            max_steps=self.max_steps,
        )
        plan = self._hook(request=request)
        return plan if isinstance(plan, Plan) else None

    def _ask_part(self, text: str, depth: int) -> Plan | None:
        try:
            checked, normalized = self._request(text)
        except InstructionRunError:
            return None
        return self.ask(checked, normalized, None, depth)


def check_instructions(plan: Plan, registry: Registry) -> None:
    """Every step names a registered instruction (before any step runs)."""
    for step in plan.steps:
        try:
            registry.instruction(step.instruction)
        except UnknownNameError as err:
            raise InvalidPlanError(
                f"Step {step.id!r} names instruction {step.instruction!r}, which is not "
                "registered.",
                hint=err.hint,
                reason="unknown_instruction",
                steps=[step.id],
            ) from None


class EngineSteps:
    """The runner's backend: validates a step once its references are resolved; executes
    groups of calls through the engine's execute hooks (one call: ``instrux_execute``;
    several: ``instrux_execute_many``, like ``Engine.run_many``)."""

    def __init__(
        self,
        registry: Registry,
        plan: Plan,
        execute_one: Callable[[Call], Execution],
        execute_many: Callable[..., list[Execution] | None],
    ) -> None:
        self.registry = registry
        self.plan = plan
        self._execute_one = execute_one
        self._execute_many = execute_many

    def prepare(self, step: Step, values: Mapping[str, Any]) -> Call:
        spec = self.registry.instruction(step.instruction).spec
        resolved = {
            name: values[value.ref] if isinstance(value, Ref) else value
            for name, value in step.arguments.items()
        }
        try:
            arguments = spec.arguments.model_validate(resolved)
        except ValidationError as err:
            raise validation_error_to_invalid_arguments(step.instruction, err) from None
        route = Route(
            tier="plan",
            score=self.plan.route.score,
            explanation=f"Step {step.id} of a plan by the {self.plan.route.planner} planner.",
            details={"step": step.id, "refs": step.refs()},
        )
        return Call(instruction=step.instruction, arguments=arguments, route=route,
                    text=step.text)  # fmt: skip

    def execute(self, calls: Sequence[Call]) -> list[Execution | InstructionRunError]:
        if len(calls) == 1:
            return [self._one(calls[0])]
        executor = self.registry.chosen_executor(calls[0].instruction)
        try:
            batch = self._execute_many(calls=calls, executor=executor, registry=self.registry)
        except InstructionRunError:
            batch = None  # one bad call among several: find it, call by call
        if batch is None:
            return [self._one(call) for call in calls]
        return list(batch)

    def _one(self, call: Call) -> Execution | InstructionRunError:
        try:
            return self._execute_one(call)
        except InstructionRunError as err:
            return err


def plan_result(
    plan: Plan, outcomes: Mapping[str, StepOutcome], timings: dict[str, float]
) -> PlanResult:
    """The output step's value and call, with every step's own result."""
    steps = {step_id: _step_result(outcome) for step_id, outcome in outcomes.items()}
    final = steps[plan.output]
    route = Route(
        tier="plan",
        score=plan.route.score,
        explanation=plan.route.explanation,
        details={"planner": plan.route.planner, "steps": len(plan.steps)},
    )
    call = final.call.model_copy(update={"route": route, "text": plan.text or final.call.text})
    return PlanResult(
        value=final.value,
        call=call,
        executor=final.executor,
        executor_kind=final.executor_kind,
        plugin=final.plugin,
        timings_ms=timings,
        details=final.details,
        plan=plan,
        steps=steps,
    )


def _step_result(outcome: StepOutcome) -> Result:
    return result_of(outcome.call, outcome.execution, outcome.timings_ms)


def result_of(call: Call, execution: Execution, timings: dict[str, float]) -> Result:
    """The result of one executed call (a plain run, or one step of a plan)."""
    return Result(
        value=execution.value,
        call=call,
        executor=execution.executor,
        executor_kind=execution.executor_kind,
        plugin=execution.plugin,
        timings_ms=timings,
        details=execution.details,
    )


def plan_timings(
    before: dict[str, float] | None, text_start: float | None, start: float
) -> dict[str, float]:
    """The timings so far (routing, planning) with the plan's execute and total time."""
    done = perf_counter()
    timings = dict(before or {})
    timings["execute"] = ms(start, done)
    timings["total"] = ms(start if text_start is None else text_start, done)
    return timings


def invalid_plan(err: ValidationError) -> InvalidPlanError:
    """A plan's JSON that does not validate, as the instrux error that says how to fix it."""
    first = err.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "plan"
    return InvalidPlanError(
        f"The plan is not valid: {where}: {first['msg']}.",
        hint='Send JSON like {"steps": [{"id": "s1", "instruction": "math.add", "arguments": '
        '{"a": 1, "b": 2}}], "output": "s1"} (see docs/plans.md).',
        reason="invalid_json",
    )


def ms(start: float, end: float) -> float:
    """Milliseconds between two ``perf_counter`` readings, as results report them."""
    return round((end - start) * 1000.0, 6)

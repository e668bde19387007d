"""Plans: several calls in one text, as a graph whose edges carry results.

A :class:`Plan` is a list of :class:`Step` s; an argument of a step is either a JSON value or a
:class:`Ref` to an earlier step's result (``{"ref": "s1"}`` in JSON). The engine compiles a
plan to a ``networkx.DiGraph`` (an edge ``s1 -> s2`` for each reference), rejects cycles and
dangling references (:class:`InvalidPlanError`), runs the steps level by level, and returns a
:class:`PlanResult`: a :class:`~instrux.schemas.call.Result` whose value is the output step's,
with the plan and every step's own result.

Everything here round-trips through JSON like :class:`~instrux.schemas.call.Call`. A step's
arguments are validated against its instruction's argument model only once its references are
resolved (at run time); an error then names the step.
"""

from __future__ import annotations

from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    computed_field,
    field_validator,
    model_validator,
)

from instrux.schemas.call import Result
from instrux.schemas.errors import InstructionRunError, InvalidInputError

__all__ = [
    "Edge",
    "InvalidPlanError",
    "Plan",
    "PlanResult",
    "PlanRoute",
    "PlanTimeoutError",
    "Ref",
    "Step",
]


class Ref(BaseModel):
    """An argument that takes the value of an earlier step (``{"ref": "s1"}`` in JSON)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ref: str = Field(description="Id of the step whose value this argument takes.")


class Step(BaseModel):
    """One instruction of a plan; arguments are JSON values or references to other steps."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1, description="Unique within the plan, e.g. 's1'.")
    instruction: str
    arguments: dict[str, Ref | JsonValue] = Field(
        default_factory=dict,
        description='Argument name -> value, or {"ref": STEP_ID} for an earlier result.',
    )
    text: str | None = Field(default=None, description="The part of the text it stands for.")

    @field_validator("arguments", mode="before")
    @classmethod
    def _references(cls, value: Any) -> Any:
        # A JSON object that is exactly {"ref": "<id>"} is a reference, not a literal dict.
        if not isinstance(value, dict):
            return value
        return {name: _as_ref(item) for name, item in value.items()}

    def refs(self) -> dict[str, str]:
        """Argument name -> id of the step it refers to."""
        return {name: v.ref for name, v in self.arguments.items() if isinstance(v, Ref)}


def _as_ref(item: Any) -> Any:
    if isinstance(item, dict) and set(item) == {"ref"} and isinstance(item["ref"], str):
        return Ref(ref=item["ref"])
    return item


class PlanRoute(BaseModel):
    """Which planner made a plan, how sure it is, and why (a plan's :class:`Route`)."""

    model_config = ConfigDict(frozen=True)

    planner: str = Field(description="'sequence', 'expression', 'route' (one call), 'given'...")
    score: float = Field(description="Confidence in [0, 1].")
    explanation: str = Field(description="One sentence a person can read.")
    details: dict[str, Any] = Field(default_factory=dict)


class Edge(BaseModel):
    """A result carried from one step to an argument of another."""

    model_config = ConfigDict(frozen=True)

    source: str = Field(description="The step whose value is carried.")
    target: str = Field(description="The step that takes it.")
    argument: str = Field(description="The argument of the target step that takes it.")


class Plan(BaseModel):
    """Steps and the step whose value is the answer.

    ``edges`` is derived from the steps' references: it is in the JSON for readers, and
    ignored when a plan is read back.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    steps: list[Step] = Field(min_length=1)
    output: str = Field(description="Id of the step whose value is the plan's value.")
    route: PlanRoute = Field(
        default_factory=lambda: PlanRoute(planner="given", score=1.0, explanation="Given.")
    )
    text: str | None = Field(default=None, description="The text it was planned from, if any.")

    @model_validator(mode="before")
    @classmethod
    def _derived(cls, data: Any) -> Any:
        if isinstance(data, dict) and "edges" in data:
            data = {key: value for key, value in data.items() if key != "edges"}
        return data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def edges(self) -> list[Edge]:
        """One edge per reference, in step order."""
        return [
            Edge(source=source, target=step.id, argument=argument)
            for step in self.steps
            for argument, source in step.refs().items()
        ]

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)


class PlanResult(Result):
    """A :class:`Result` that came from a plan: ``value`` and ``call`` are the output step's.

    ``call.route.tier`` is ``"plan"``; ``steps`` holds every step's own result (its call with
    the references resolved, executor and timings) by step id, in the order they ran.
    """

    plan: Plan
    steps: dict[str, Result] = Field(description="Step id -> its result, in execution order.")


class InvalidPlanError(InvalidInputError):
    """A plan that cannot run: a cycle, a reference to a missing step, too many steps."""

    code = "invalid_plan"

    def __init__(
        self, message: str, *, hint: str, reason: str, steps: list[str] | None = None
    ) -> None:
        super().__init__(message, hint=hint, reason=reason)
        self.details["steps"] = list(steps or [])


class PlanTimeoutError(InstructionRunError):
    """A plan ran past its time limit (the steps still running finish in the background)."""

    code = "plan_timeout"
    exit_code = 6

    def __init__(self, seconds: float, done: list[str], pending: list[str]) -> None:
        super().__init__(
            f"The plan ran past its time limit of {seconds:g} s "
            f"({len(done)} step(s) done, waiting for {', '.join(pending) or 'none'}).",
            hint="Raise the limit (Engine(plan_timeout_s=...)) or split the text.",
            details={"timeout_s": seconds, "done": done, "pending": pending},
        )

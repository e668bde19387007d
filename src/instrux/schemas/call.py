"""Parsed calls, routes, executions and results: what the engine hands back.

Every model here round-trips through JSON. A :class:`Call` read back from JSON without a
registry keeps its arguments as :class:`RawArguments` (nothing is lost, nothing is trusted);
:meth:`instrux.Engine.load_call` (or ``Call.model_validate(data, context={"registry": r})``)
validates them against the instruction's own argument model, and ``Engine.execute`` does the
same for a call that still holds raw arguments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializeAsAny,
    ValidationInfo,
    field_validator,
)

from instrux.schemas.errors import Candidate

__all__ = [
    "Call",
    "ExecuteRequest",
    "Execution",
    "Output",
    "RawArguments",
    "Result",
    "Route",
    "SpecLookup",
]


class SpecLookup(Protocol):
    """What validation needs from a registry: the spec of an instruction by name."""

    def argument_model(self, instruction: str) -> type[BaseModel]: ...


class Route(BaseModel):
    """How a call was routed: which tier decided, with what score, and why."""

    tier: str = Field(
        description="Router tier that decided: 'template', 'semantic', 'llm', 'direct'."
    )
    score: float = Field(
        description="Confidence of the decision in [0, 1] (1 for exact templates)."
    )
    alternatives: list[Candidate] = Field(
        default_factory=list, description="Other instructions considered, best first."
    )
    explanation: str = Field(description="One sentence a person can read.")
    details: dict[str, Any] = Field(
        default_factory=dict, description="Tier-specific evidence (template, margin, neighbours)."
    )


class RawArguments(BaseModel):
    """Arguments read from JSON that no registry has validated yet (kept as given)."""

    model_config = ConfigDict(extra="allow", frozen=True)


class Call(BaseModel):
    """An instruction with validated arguments, ready to execute."""

    model_config = ConfigDict(frozen=True)

    instruction: str
    arguments: SerializeAsAny[BaseModel] = Field(
        description="The instruction's argument model (see Engine.call_schema() for each one)."
    )
    route: Route = Field(
        default_factory=lambda: Route(tier="direct", score=1.0, explanation="Given directly.")
    )
    text: str | None = Field(default=None, description="The text it was parsed from, if any.")

    @field_validator("arguments", mode="before")
    @classmethod
    def _typed_arguments(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, BaseModel) and not isinstance(value, RawArguments):
            return value
        data = value.model_dump() if isinstance(value, RawArguments) else value
        registry: SpecLookup | None = (info.context or {}).get("registry")
        instruction = info.data.get("instruction")
        if registry is None or instruction is None:
            return RawArguments.model_validate(data)
        return registry.argument_model(instruction).model_validate(data)

    @property
    def validated(self) -> bool:
        """Whether the arguments are the instruction's own model (not raw JSON values)."""
        return not isinstance(self.arguments, RawArguments)


class ExecuteRequest(BaseModel):
    """An instruction name with JSON arguments: what HTTP and JSON callers send to execute."""

    model_config = ConfigDict(extra="forbid")

    instruction: str = Field(description="Dotted instruction name, e.g. 'math.add'.")
    arguments: dict[str, Any] = Field(default_factory=dict)


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Output(Generic[T]):
    """What an executor may return instead of a bare value, to report how it got there.

    ``details`` lands in :attr:`Execution.details` and :attr:`Result.details`: the model, the
    tokens, cache hits, scores of other labels, whatever the executor kind has to say. An
    ``@instrux.executor`` function annotated ``-> Output[str]`` has the result type ``str``.
    """

    value: T
    details: dict[str, Any] = field(default_factory=dict)


class Execution(BaseModel):
    """What the ``instrux_execute`` hook returns: the value and who produced it."""

    value: Any
    executor: str
    executor_kind: str
    plugin: str
    details: dict[str, Any] = Field(
        default_factory=dict, description="Executor-specific facts (model, tokens, fallbacks)."
    )


class Result(BaseModel):
    """The outcome of running one instruction."""

    value: Any
    call: Call
    executor: str
    executor_kind: str
    plugin: str = Field(description="Plugin that registered the executor.")
    timings_ms: dict[str, float] = Field(
        description="Milliseconds per stage: check_input, route (and route.<tier plugin>), "
        "execute, total."
    )
    details: dict[str, Any] = Field(
        default_factory=dict, description="What the executor reported (Execution.details)."
    )

"""Parsed calls, routes, executions and results: what the engine hands back."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SerializeAsAny

from instrux.schemas.errors import Candidate

__all__ = ["Call", "Execution", "Result", "Route"]


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


class Call(BaseModel):
    """An instruction with validated arguments, ready to execute."""

    model_config = ConfigDict(frozen=True)

    instruction: str
    arguments: SerializeAsAny[BaseModel]
    route: Route
    text: str | None = Field(default=None, description="The text it was parsed from, if any.")


class Execution(BaseModel):
    """What the ``instrux_execute`` hook returns: the value and who produced it."""

    value: Any
    executor: str
    executor_kind: str
    plugin: str


class Result(BaseModel):
    """The outcome of running one instruction."""

    value: Any
    call: Call
    executor: str
    executor_kind: str
    plugin: str = Field(description="Plugin that registered the executor.")
    timings_ms: dict[str, float] = Field(
        description="Milliseconds per stage: check_input, route, execute, total."
    )

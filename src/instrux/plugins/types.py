"""Small types that hooks receive."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from instrux.schemas.errors import Candidate

if TYPE_CHECKING:
    from instrux.plugins.function_executor import FunctionExecutor
    from instrux.registry import Registry
    from instrux.schemas import ExecutorSpec, InstructionSpec

__all__ = ["RegisterExecutor", "RegisterInstruction", "RouteRequest"]


class RegisterInstruction(Protocol):
    def __call__(self, spec: InstructionSpec | FunctionExecutor[..., Any], /) -> None: ...


class RegisterExecutor(Protocol):
    def __call__(self, executor: ExecutorSpec | FunctionExecutor[..., Any], /) -> None: ...


@dataclass(slots=True)
class RouteRequest:
    """What a router tier gets: the text, the registry, and a place for near misses.

    ``text`` is the caller's text with surrounding white space removed; ``normalized`` folds
    case, punctuation and spacing (see :func:`instrux.engine.text.normalize`).
    """

    text: str
    normalized: str
    registry: Registry
    near_misses: list[Candidate] = field(default_factory=list)

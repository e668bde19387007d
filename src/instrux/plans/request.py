"""What a planner gets: the text, why routing gave no call, and callbacks into the engine."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from instrux.schemas.errors import InstructionRunError

if TYPE_CHECKING:
    from instrux.registry import Registry
    from instrux.schemas.call import Call
    from instrux.schemas.plan import Plan
    from instrux.settings import Settings

__all__ = ["PlanRequest"]


@dataclass(frozen=True, slots=True)
class PlanRequest:
    """The request an ``instrux_plan`` implementation gets.

    ``text`` is the checked text and ``normalized`` its folded form (as in
    :class:`~instrux.plugins.RouteRequest`); ``error`` is why routing the whole text gave no
    call (a no-match, or an invalid-arguments error about numbers left over), ``None`` when a
    planner is asked directly (``Engine.plan`` of a sub-phrase).

    ``route(text)`` routes a sub-phrase through every router tier (never through the
    planners) and returns its :class:`~instrux.Call`, raising as ``Engine.parse`` does;
    :meth:`try_route` returns ``None`` instead. ``plan(text)`` asks the planners about a
    sub-phrase, one level deeper; past ``max_depth`` it returns ``None``, so planners that
    call each other cannot recurse forever. ``max_steps`` is the engine's step limit.
    """

    text: str
    normalized: str
    registry: Registry
    settings: Settings
    route: Callable[[str], Call]
    plan: Callable[[str], Plan | None]
    error: InstructionRunError | None = None
    depth: int = 0
    max_steps: int = 32

    def try_route(self, text: str) -> Call | None:
        """The call for a sub-phrase, or ``None`` when no tier gives one (for any reason)."""
        try:
            return self.route(text)
        except InstructionRunError:
            return None

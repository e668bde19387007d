"""Small types that hooks receive: what routers (:class:`RouteRequest`) and planners
(:class:`PlanRequest`) are asked with, and the registration callbacks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from instrux.schemas.errors import Candidate, InstructionRunError

if TYPE_CHECKING:
    import typer

    from instrux.parsing.language import Prepared
    from instrux.registry import Registry
    from instrux.schemas import (
        Call,
        ExecutorSpec,
        InstructionSpec,
        ModelSpec,
        PluginError,
        SlotFillerSpec,
    )
    from instrux.schemas.plan import Plan
    from instrux.settings import Settings

__all__ = [
    "CommandGroups",
    "ExecutorCarrier",
    "InstructionCarrier",
    "PlanRequest",
    "RegisterExecutor",
    "RegisterInstruction",
    "RegisterModel",
    "RouteRequest",
]


class InstructionCarrier(Protocol):
    """Any object with an instruction spec as ``spec`` (and optionally ``executor_spec``)."""

    @property
    def spec(self) -> InstructionSpec: ...


class ExecutorCarrier(Protocol):
    """Any object with an executor spec as ``executor_spec`` (``@instrux.executor`` has one)."""

    @property
    def executor_spec(self) -> ExecutorSpec: ...


class RegisterInstruction(Protocol):
    def __call__(self, spec: InstructionSpec | InstructionCarrier, /) -> None: ...


class RegisterExecutor(Protocol):
    def __call__(self, executor: ExecutorSpec | ExecutorCarrier | SlotFillerSpec, /) -> None: ...


class RegisterModel(Protocol):
    def __call__(self, model: ModelSpec, /) -> None: ...


@dataclass(slots=True)
class RouteRequest:
    """What a router tier gets: the text, the registry, the settings, a place for near misses.

    ``text`` is the caller's text with surrounding white space removed; ``normalized`` folds
    case, punctuation and spacing (see :func:`instrux.parsing.normalize`). ``call`` is set by
    the tier that decided (batch routing); ``failures`` collects tiers that crashed (reported
    by name when no tier matched) and ``timings_ms`` each tier plugin's time;
    ``near_misses_wanted`` is False when no one will read the near misses. In batch routing
    a tier that is sure a text is ambiguous or has bad arguments sets ``error`` instead of
    raising, so the other texts of the batch still route.
    """

    text: str
    normalized: str
    registry: Registry
    settings: Settings
    near_misses: list[Candidate] = field(default_factory=list)
    call: Call | None = None
    error: InstructionRunError | None = None
    failures: list[PluginError] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    # False when nobody will read the near misses (a planner routing a sub-phrase): a tier
    # may then skip computing costly ones.
    near_misses_wanted: bool = True
    # The language of the text ("en", "zh", "fr", "de", "es": instrux.parsing.language) and
    # what the user typed: ``text`` is the form tiers read (number words as digits, Chinese
    # split into words); errors quote ``original`` back.
    language: str = "en"
    original: str = ""
    # Another reading of the text, routed when this one finds nothing (an ASCII text that may
    # be English or, less surely, another language: instrux.parsing.language).
    alternative: Prepared | None = None


@dataclass(frozen=True, slots=True)
class CommandGroups:
    """Where ``instrux_register_commands`` adds commands: the app and its sub-apps.

    ``train`` and ``eval`` are ``instrux train ...`` and ``instrux eval ...``; :meth:`group`
    gives any other named group (``instrux llm ...``), shared by every plugin that asks for it.
    A group shows in ``--help`` only once it has a command.
    """

    app: typer.Typer
    train: typer.Typer
    eval: typer.Typer
    groups: dict[str, typer.Typer] = field(default_factory=dict)

    def group(self, name: str, help: str) -> typer.Typer:
        """The sub-app ``instrux NAME ...`` (made on first use, with ``help``)."""
        found = self.groups.get(name)
        if found is None:
            import typer

            found = self.groups[name] = typer.Typer(help=help, no_args_is_help=True)
        return found


@dataclass(frozen=True, slots=True)
class PlanRequest:
    """The request an ``instrux_plan`` implementation gets.

    ``text`` is the checked text and ``normalized`` its folded form (as in
    :class:`RouteRequest`); ``error`` is why routing the whole text gave no
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

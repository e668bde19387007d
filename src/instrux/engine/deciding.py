"""Deciding what a text is: one call, or a plan of several (the engine's routing policy).

Three ways, cheapest first:

1. **Exact**: the exact tiers, those marked ``tryfirst`` (:meth:`Router.route_exact`; the
   built-in template tier). A sure match is the call, as the whole cascade would give it.
2. **Exact plan**: when no exact tier matches the whole text and it has the shape of several
   steps (:func:`looks_multi_step`), the exact planners (those not marked ``trylast``; the
   built-in ones) are asked with sub-phrases routed by the exact tiers only. Their plan is
   taken, without the fuzzy tiers (no encoder call), only when it is several steps, every one
   a whole-phrase exact match, and every number of the text is an argument of a step
   (:func:`exact_plan`).
3. **Cascade**: every tier on the whole text, then the planners (all of them, sub-phrases
   through every tier) when no tier gave a sure call, as described in docs/plans.md.

A text the second way does not settle is decided by the third from the start, so the answer
never depends on whether the shortcut was tried, only the time does.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from time import perf_counter
from typing import Any

import pluggy
from pydantic import BaseModel

from instrux.engine.planning import Planners, has_sequence_words, ms, partial_match, plannable
from instrux.engine.routing import Router
from instrux.parsing.digits import DIGIT_GROUPS
from instrux.plans.binding import sure
from instrux.plans.graph import plan_literals
from instrux.plans.shapes import PlanShapes, shape_of
from instrux.plans.tokens import numbers_in
from instrux.plugins.types import RouteRequest
from instrux.registry import Registry
from instrux.schemas.call import Call
from instrux.schemas.errors import InstructionRunError, NoMatchError, PluginError
from instrux.schemas.plan import Plan
from instrux.settings import Settings

__all__ = ["Decider", "decided", "exact_plan", "looks_multi_step"]

log = logging.getLogger("instrux.engine")


def looks_multi_step(text: str) -> bool:
    """Whether a text may be several steps: it says so ("then"), or has two numbers or more
    (one step of arithmetic takes at most two, and a text the template tier matched whole
    never gets here)."""
    if has_sequence_words(text):
        return True
    return len(DIGIT_GROUPS.findall(text)) >= 2 or len(numbers_in(text) or ()) >= 2


def exact_plan(plan: Plan, text: str, registry: Registry) -> bool:
    """Whether a plan made from exact sub-phrase matches accounts for the whole text.

    Several steps; no free-text argument (a ``str`` slot could have swallowed words of other
    steps); every number of the text is a literal argument of some step (a number read
    twice, or one no step uses, sends the text to the cascade).
    """
    if len(plan.steps) < 2:
        return False
    for step in plan.steps:
        if not _free_text(registry.instruction(step.instruction).spec.arguments).isdisjoint(
            step.arguments
        ):
            return False
    literals = [abs(value) for value in plan_literals(plan)]
    numbers = numbers_in(text)
    if numbers is None:
        return False
    for number in numbers:
        if abs(number) not in literals:
            return False
        literals.remove(abs(number))
    return True


@functools.cache
def _free_text(model: type[BaseModel]) -> frozenset[str]:
    """The arguments of a model that take any text (``str``)."""
    return frozenset(name for name, f in model.model_fields.items() if f.annotation is str)


def decided(request: RouteRequest | InstructionRunError) -> Call | InstructionRunError:
    """What routing decided for one request of a batch (or its input error)."""
    if isinstance(request, InstructionRunError):
        return request
    outcome = request.call if request.call is not None else request.error
    assert outcome is not None  # Router.route_many decides every request
    return outcome


class Decider:
    """The engine's decisions: a call, or a plan, for one text or a batch."""

    def __init__(
        self,
        pm: pluggy.PluginManager,
        router: Router,
        request: Callable[[str], RouteRequest],
        registry: Registry,
        settings: Settings,
        max_steps: int,
    ) -> None:
        self.router = router
        self.registry = registry
        self._request = request
        self.planners = Planners(pm.hook.instrux_plan, self._route_part, self._checked,
                                 registry, settings, max_steps)  # fmt: skip
        self.shapes = PlanShapes()  # exact plans by text shape (plans/shapes.py)
        # A known shape settles the exact route without asking it when every exact tier
        # matches a text the same way whatever its digits (``Router.exact_value_blind``).
        self._shape_decides_route = router.exact_value_blind
        exact_hook = _exact_planners(pm) if router.has_exact_tier else None
        self.exact_planners: Planners | None = None
        # The exact tiers' caller itself (Router.route_exact without its check, one call less
        # per text): used only when there are exact planners, which needs exact tiers.
        self._route_exact = router.exact_caller
        if exact_hook is not None:
            self.exact_planners = Planners(exact_hook, self._route_part_exact, self._checked,
                                           registry, settings, max_steps)  # fmt: skip

    # --- one text --------------------------------------------------------------------------

    def decide(self, request: RouteRequest) -> Call | Plan:
        """The call for the text, or the plan when it is several instructions.

        A text that may be in another language than the one it was read in first (its
        ``alternative`` reading) is read that way when the first finds no instruction.
        """
        try:
            return self._decide(request)
        except NoMatchError as err:
            first = err
            alternative = self._alternative(request, err)
            if alternative is None:
                raise
        try:
            return self._decide(alternative)
        except InstructionRunError:
            raise first from None  # the first reading's error: it quotes the text as typed

    def _alternative(self, request: RouteRequest, error: NoMatchError) -> RouteRequest | None:
        """The request of the text's other reading, when it has one and the first reading
        understood none of it: a text an instruction fully explained but that was ambiguous
        stays refused (another encoder must not break a tie the words left open)."""
        if request.alternative is None or any(c.explained for c in error.candidates):
            return None
        other = self.router.prepared_request(request.alternative, request.original)
        other.near_misses_wanted = request.near_misses_wanted
        return other

    def _decide(self, request: RouteRequest) -> Call | Plan:
        shortcut = self._exact(request)
        if shortcut is not None:
            return shortcut
        try:
            call = self.router.route(request)
        except InstructionRunError as err:
            plan = self._plan_for(request, err) if plannable(err) else None
            if plan is None:
                raise
            return plan
        return call if sure(call) else self._second_opinion(request, call)

    def _exact(self, request: RouteRequest) -> Call | Plan | None:
        """The exact tier's call, or a plan of exact steps; ``None``: ask the cascade."""
        if self.exact_planners is None:
            return None
        shape = None
        if self.shapes.may_know(request.text):
            started = perf_counter()
            shape = shape_of(request.text)
            if shape is not None and self._shape_decides_route:
                # The shape's template was kept only after the whole text failed the exact
                # route, and that route cannot see which digits a text has (value-blind): so
                # it fails again, and the plan is the template's.
                plan = self.shapes.plan(shape)
                if plan is not None:
                    request.timings_ms["plan"] = ms(started, perf_counter())
                    return plan
        wanted = request.near_misses_wanted
        request.near_misses_wanted = False  # the cascade computes them, if it comes to that
        try:
            call: Call | None = self._route_exact(request=request)
        except InstructionRunError:
            return None  # the cascade raises it again, with everything it knows
        finally:
            request.near_misses_wanted = wanted
        if call is not None:
            return call if sure(call) else None
        request.failures.clear()
        if not looks_multi_step(request.text):
            return None
        started = perf_counter()  # the plan's time, not the route's
        if shape is None:
            shape = shape_of(request.text)
        plan = None if shape is None else self.shapes.plan(shape)
        if plan is None:
            plan = self._exact_plan(request.text, request.normalized)
            if plan is not None and shape is not None:
                self.shapes.learn(shape, request.text, plan, self._probe_plan)
        request.timings_ms["plan"] = ms(started, perf_counter())
        return plan

    def _exact_plan(self, text: str, normalized: str) -> Plan | None:
        """The exact planners' plan of exact steps that accounts for the whole text."""
        assert self.exact_planners is not None
        try:
            plan = self.exact_planners.ask(text, normalized, None)
        except PluginError:
            return None  # the cascade asks again and reports it
        return plan if plan is not None and exact_plan(plan, text, self.registry) else None

    def _probe_plan(self, text: str) -> Plan | None:
        """What :meth:`_exact` would plan for a text (a shape's probe text), or ``None``."""
        request = self._request(text)
        request.near_misses_wanted = False
        try:
            if self.router.route_exact(request) is not None:
                return None
        except InstructionRunError:
            return None
        return self._exact_plan(request.text, request.normalized)

    def _second_opinion(self, request: RouteRequest, call: Call) -> Call | Plan:
        """A fuzzy tier's call for a text that is several steps covers only one of them.

        When the planners read the text as several steps, their plan wins; when the text
        says it has steps ("then") but no planner can plan it, it is refused rather than run
        as the one step the fuzzy tier saw.
        """
        try:
            plan = self._plan_for(request, None)
        except PluginError as err:  # a crashed planner must not cost a text its answer
            log.warning("instrux: %s", err.message)
            plan = None
        if plan is not None and len(plan.steps) > 1:
            return plan
        if has_sequence_words(request.text):
            raise partial_match(call, request.text)
        return call

    def _plan_for(self, request: RouteRequest, err: InstructionRunError | None) -> Plan | None:
        started = perf_counter()
        plan = self.planners.ask(request.text, request.normalized, err)
        request.timings_ms["plan"] = ms(started, perf_counter())
        return plan

    # --- many texts ------------------------------------------------------------------------

    def decide_many(
        self, checked: list[RouteRequest | InstructionRunError]
    ) -> list[Call | Plan | InstructionRunError]:
        """Every request as :meth:`decide` would decide it; the texts the exact ways do not
        settle are routed as one batch (batch tiers see them together)."""
        settled: dict[int, Call | Plan] = {}
        for index, request in enumerate(checked):
            if isinstance(request, RouteRequest):
                shortcut = self._exact(request)
                if shortcut is not None:
                    settled[index] = shortcut
        pending = [r for i, r in enumerate(checked) if isinstance(r, RouteRequest)
                   and i not in settled]  # fmt: skip
        self.router.route_many(pending)
        outcomes: list[Call | Plan | InstructionRunError] = []
        for index, request in enumerate(checked):
            if index in settled:
                outcomes.append(settled[index])
                continue
            outcome = decided(request)
            if isinstance(request, InstructionRunError):
                outcomes.append(request)
            elif isinstance(outcome, NoMatchError) and request.alternative is not None:
                outcomes.append(self._decided_again(request, outcome))
            elif isinstance(outcome, Call) and sure(outcome):
                outcomes.append(outcome)
            else:
                outcomes.append(self._second_decision(request, outcome))
        return outcomes

    def _decided_again(
        self, request: RouteRequest, error: NoMatchError
    ) -> Call | Plan | InstructionRunError:
        """A batch text nothing matched, read again as :meth:`decide` would (its alternative
        reading, or its own plan); the first error when neither gives an answer."""
        second = self._second_decision(request, error)
        alternative = self._alternative(request, error)
        if not isinstance(second, NoMatchError) or alternative is None:
            return second
        try:
            return self._decide(alternative)
        except InstructionRunError:
            return second

    def _second_decision(
        self, request: RouteRequest, outcome: Call | InstructionRunError
    ) -> Call | Plan | InstructionRunError:
        """What :meth:`decide` makes of a batch-routed text that routing was not sure of."""
        try:
            if isinstance(outcome, Call):
                return self._second_opinion(request, outcome)
            plan = self._plan_for(request, outcome) if plannable(outcome) else None
        except InstructionRunError as err:
            return err
        return outcome if plan is None else plan

    # --- planners' callbacks ---------------------------------------------------------------

    def _route_part(self, text: str) -> Call:
        """A planner's sub-phrase through every tier: nobody reads its near misses."""
        request = self._request(text)
        request.near_misses_wanted = False
        return self.router.route(request)

    def _route_part_exact(self, text: str) -> Call:
        """A sub-phrase through the exact tiers only (the exact plan's steps)."""
        request = self._request(text)
        request.near_misses_wanted = False
        call = self.router.route_exact(request)
        if call is None:
            raise NoMatchError(request.text, [])
        return call

    def _checked(self, text: str) -> tuple[str, str]:
        request = self._request(text)
        return request.text, request.normalized


def _exact_planners(pm: pluggy.PluginManager) -> Any:
    """A caller of ``instrux_plan`` without the ``trylast`` planners (``None``: no other).

    The fallback planners (an LLM's) are asked in the cascade only: the exact way is for plans
    that the exact planners build from exact matches. Wrappers stay, as on the route hook."""
    planners = [impl for impl in pm.hook.instrux_plan.get_hookimpls()
                if not (impl.wrapper or impl.hookwrapper)]  # fmt: skip
    fallbacks = [impl.plugin for impl in planners if impl.trylast]
    if len(fallbacks) == len(planners):
        return None
    return pm.subset_hook_caller("instrux_plan", remove_plugins=fallbacks)

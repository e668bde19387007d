"""The LLM planner: a last-resort ``instrux_plan`` that asks the model to *rewrite* a text
as plain steps, which the exact planners then plan, and keeps the plan only when it adds
nothing to the text.

The model never writes the plan itself: it writes sentences such as "add 4 and 6, then
divide the result by 5", and those go through the same planners and router tiers (with
their own verification) as a user's text would. What the rewrite could smuggle in is then
checked against the *original* text:

1. **numbers**: the plan's constant arguments are exactly the numbers of the original text,
   each used as often as it occurs: none invented, none dropped;
2. **operations**: every step's instruction is named by a word of the original text (the
   ``names_operation`` check the caller provides: the semantic tier's word rule), so a
   rewrite cannot turn "spent" into "add" unless the instruction's phrasings say so;
3. **shape**: at least one step, within the engine's step limit, a valid graph (the engine
   compiles every plan before running it).

Anything else is a decline: the planner returns ``None`` and the text stays refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from instrux.llm.backend import Backend
from instrux.plans.graph import one_step_plan, plan_literals
from instrux.plans.tokens import numbers_in
from instrux.plugins.types import PlanRequest
from instrux.schemas.plan import Plan, PlanRoute

__all__ = ["PLANNER", "PROMPT", "LLMPlanner", "Rewrite"]

PLANNER = "llm"
PROMPT = """Rewrite the request as short calculation steps joined by ", then ".
Say "the result" for the answer of the step before. Use only the numbers of the request.
If the request is not a calculation, write: none

Request: add 4 and 6 and after that take what you get and divide it by 5
Steps: add 4 and 6, then divide the result by 5

Request: first multiply 3 by 7; next subtract 1 from that
Steps: multiply 3 by 7, then subtract 1 from the result

Request: tell me a joke about cats
Steps: none

"""
# A rewrite is one line; anything past it is the model going on with a new example.
_MAX_REWRITE_CHARS = 300


@dataclass(frozen=True, slots=True)
class Rewrite:
    """What the model wrote and what became of it (for the plan's route and for tests)."""

    steps: str | None
    plan: Plan | None
    reason: str


class LLMPlanner:
    """Plans a text by a model's rewrite, checked as the module docstring says."""

    def __init__(
        self,
        backend: Backend,
        names_operation: Callable[[str, str], bool],
        *,
        max_new_tokens: int = 96,
    ) -> None:
        """:param names_operation: ``(instruction, text) -> bool``: whether a word of the
        text names the instruction's operation."""
        self.backend = backend
        self.names_operation = names_operation
        self.max_new_tokens = max_new_tokens

    def plan(self, request: PlanRequest) -> Plan | None:
        return self.rewrite(request).plan

    def rewrite(self, request: PlanRequest) -> Rewrite:
        if request.depth > 0:  # a sub-phrase of another plan: the exact planners' job
            return Rewrite(None, None, "not asked for sub-phrases")
        generation = self.backend.generate(
            f"{PROMPT}Request: {request.text}\nSteps:", max_new_tokens=self.max_new_tokens
        )
        steps = _first_line(generation.text)
        if not steps or steps.lower().rstrip(".") == "none":
            return Rewrite(steps, None, "the model did not see a calculation")
        plan = _plan_of(request, steps)
        if plan is None:
            return Rewrite(steps, None, "the rewrite is not something the planners can plan")
        problem = self._unverified(plan, request.text, request.max_steps)
        if problem:
            return Rewrite(steps, None, problem)
        route = PlanRoute(
            planner=PLANNER,
            # The rewrite is a model's guess even when every check passes: below the exact
            # planners' scores, so a caller comparing plans prefers theirs.
            score=round(min(plan.route.score, 0.6), 4),
            explanation=(
                f"The LLM ({self.backend.model}) rewrote the text as {steps!r}; "
                "its numbers are exactly the text's and every step is named by a word of it."
            ),
            details={"rewrite": steps, "planned_by": plan.route.planner},
        )
        # The plan stands for the user's text; the rewrite it was planned from is in details.
        planned = plan.model_copy(update={"route": route, "text": request.text})
        return Rewrite(steps, planned, "verified")

    def _unverified(self, plan: Plan, text: str, max_steps: int) -> str | None:
        if len(plan.steps) > max_steps:
            return f"{len(plan.steps)} steps is over the limit of {max_steps}"
        read = numbers_in(text)
        if read is None:
            return "the text's numbers are not clear"
        constants, wanted = sorted(plan_literals(plan)), sorted(read)
        if constants != wanted:
            return f"the rewrite's numbers {_shown(constants)} are not the text's {_shown(wanted)}"
        for step in plan.steps:
            if not self.names_operation(step.instruction, text):
                return f"no word of the text names {step.instruction}"
        return None


def _plan_of(request: PlanRequest, steps: str) -> Plan | None:
    """The exact planners' plan of the rewrite, or a one-step plan when it is one call."""
    plan = request.plan(steps)
    if plan is not None:
        return plan
    call = request.try_route(steps)
    return None if call is None else one_step_plan(call, steps)


def _first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0].strip()[:_MAX_REWRITE_CHARS]


def _shown(numbers: list[int | float]) -> str:
    return "[" + ", ".join(f"{n:g}" for n in numbers) + "]"

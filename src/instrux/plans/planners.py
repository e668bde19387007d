"""The built-in planners: arithmetic expressions and "X, then Y" sequences.

Both turn text into a :class:`~instrux.schemas.plan.Plan` whose steps are found by routing
sub-phrases through the engine's tiers (``request.route``), so each step is an instruction
some plugin registered, with arguments its own tier parsed. A step that takes an earlier
result is found with placeholders (:mod:`instrux.plans.binding`). When anything is unclear
(an unknown word, two readings, a sub-phrase no tier routes) a planner returns ``None``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Any
from weakref import WeakKeyDictionary

from instrux.plans.binding import Bound, bind_references, number_text, sure
from instrux.plans.expression import (
    ADD,
    DIV,
    MUL,
    POW,
    SQUARE,
    SUB,
    Ambiguous,
    Node,
    Num,
    Op,
    parse_expression,
)
from instrux.plans.request import PlanRequest
from instrux.plans.stories import parse_story
from instrux.plans.tokens import numbers_in
from instrux.registry import Registry
from instrux.schemas.plan import Plan, PlanRoute, Ref, Step

__all__ = ["plan_expression", "plan_sequence", "plan_story"]

# The canonical phrase of each operator: what is routed for one step of an expression.
PHRASES = {
    ADD: "{0} plus {1}",
    SUB: "{0} minus {1}",
    MUL: "{0} times {1}",
    DIV: "{0} divided by {1}",
    POW: "{0} to the power of {1}",
    SQUARE: "{0} squared",
}
_SYMBOLS = {ADD: "+", SUB: "-", MUL: "*", DIV: "/", POW: "^"}

# (registry version, operator, operands) -> the bound canonical phrase with every operand a
# placeholder. Where the operands go depends only on the phrase's shape ("# plus #"), not on
# the numbers, so each shape is routed once per registry; the numbers are checked against
# the argument model when the step runs.
_SHAPES: WeakKeyDictionary[Registry, dict[tuple[int, str, int], Bound]] = WeakKeyDictionary()
_SHAPES_LOCK = threading.Lock()


class _Unsure(Exception):
    """A sub-phrase did not route (or not unambiguously): the planner gives up."""


# --- expressions -----------------------------------------------------------------------------


def plan_expression(request: PlanRequest) -> Plan | None:
    """A plan for arithmetic in words or symbols, nested phrases and n-ary folds."""
    try:
        tree = parse_expression(request.text)
    except Ambiguous:
        return None
    return _plan_tree(request, tree, "expression", "the arithmetic expression")


def plan_story(request: PlanRequest) -> Plan | None:
    """A plan for a word problem of one quantity ("I had 20 dollars and spent 8, how much
    is left"): see :mod:`instrux.plans.stories`."""
    return _plan_tree(request, parse_story(request.text), "story", "a story of one amount,")


def _plan_tree(request: PlanRequest, tree: Node | None, planner: str, what: str) -> Plan | None:
    if not isinstance(tree, Op):
        return None
    builder = _ExpressionBuilder(request)
    try:
        output = builder.visit(tree)
    except _Unsure:
        return None
    if not isinstance(output, Ref) or len(builder.steps) > request.max_steps:
        return None
    shown = render(tree)
    return Plan(
        steps=builder.steps,
        output=output.ref,
        route=PlanRoute(
            planner=planner,
            score=min(builder.scores),
            explanation=f"Read as {what} {shown}, one step per operation.",
            details={"expression": shown},
        ),
        text=request.text,
    )


class _ExpressionBuilder:
    """Steps in evaluation order (operands first): one per operation of the tree."""

    def __init__(self, request: PlanRequest) -> None:
        self.request = request
        self.steps: list[Step] = []
        self.scores: list[float] = []

    def visit(self, node: Node) -> Ref | int | float:
        if isinstance(node, Num):
            return node.value
        operands = [self.visit(arg) for arg in node.args]
        text = self.request.text[node.start : node.end]
        if len(operands) > 2:  # a fold: add 10, 20 and 30 = (10 + 20) + 30
            result = operands[0]
            for index, operand in enumerate(operands[1:], start=2):
                part = text if index == len(operands) else None
                result = self.emit(node.kind, [result, operand], part)
            return result
        return self.emit(node.kind, operands, text)

    def emit(self, kind: str, operands: Sequence[Ref | int | float], text: str | None) -> Ref:
        shape = _shape(self.request, kind, len(operands))
        if shape is None:
            raise _Unsure(kind)
        arguments = {name: _operand(value, operands) for name, value in shape.arguments.items()}
        shown = PHRASES[kind].format(*(_shown(o) for o in operands))
        return self.add(Bound(shape.instruction, arguments, shape.route), text or shown)

    def add(self, bound: Bound, text: str) -> Ref:
        step_id = f"s{len(self.steps) + 1}"
        self.steps.append(
            Step(id=step_id, instruction=bound.instruction, arguments=bound.arguments, text=text)
        )
        self.scores.append(bound.route.score)
        return Ref(ref=step_id)


def _shape(request: PlanRequest, kind: str, count: int) -> Bound | None:
    """The canonical phrase of ``kind`` routed with a placeholder for each operand."""
    with _SHAPES_LOCK:
        shapes = _SHAPES.setdefault(request.registry, {})
    key = (request.registry.version, kind, count)
    found = shapes.get(key)
    if found is None:
        operands = [f"#{index}" for index in range(count)]
        found = bind_references(request.route, lambda p: PHRASES[kind].format(*p), operands)
        if found is not None:  # a failure may pass (a crashed tier): never remembered
            shapes[key] = found
    return found


def _operand(value: Any, operands: Sequence[Ref | int | float]) -> Any:
    """An argument of a shape: operand number ``#i`` becomes that operand."""
    if isinstance(value, Ref) and value.ref.startswith("#"):
        return operands[int(value.ref[1:])]
    return value


def _shown(operand: Ref | int | float) -> str:
    return f"({operand.ref})" if isinstance(operand, Ref) else number_text(operand)


def render(node: Node) -> str:
    """The tree with every operation in parentheses: ``(2 + (2 * 3))``."""
    if isinstance(node, Num):
        return number_text(node.value)
    args = [render(arg) for arg in node.args]
    if node.kind == SQUARE:
        return f"({args[0]} ^ 2)"
    return "(" + f" {_SYMBOLS[node.kind]} ".join(args) + ")"


# --- sequences -------------------------------------------------------------------------------

_THEN = re.compile(
    r"\s*(?:[,;.]\s*)?\b(?:and\s+)?(?:then|after that|afterwards|finally|lastly)\b\s*,?\s*",
    re.IGNORECASE,
)
_AND = re.compile(r"\s*,?\s+and\s+|\s*,\s*", re.IGNORECASE)  # "X and Y", "X, Y"
_ONE_NUMBER = re.compile(r"-?\d+(?:\.\d+)?|[a-z]+(?:-[a-z]+)?", re.IGNORECASE)
# A first part that only names the number to start from: "start with 10", "take 8".
_SEED = re.compile(
    r"^(?:start(?:ing)? with|begin(?:ning)? with|take|think of|pick)\s+(?P<number>.+?)\s*$",
    re.IGNORECASE,
)
_FIRST = re.compile(r"^(?:first(?:ly)?|start by|begin by)\s*,?\s+", re.IGNORECASE)
_REFERENCE = re.compile(
    r"\b(?:the (?:result|answer|total|outcome|number|value)"
    r"|the new (?:number|value|total)"
    r"|the (?:sum|product|difference|quotient)(?!\s+(?:of|between)\b)"  # not "the sum of 2..."
    r"|(?:that|this) (?:result|number|value|answer|total)"
    r"|what (?:you|we) (?:get|got|have)"
    r"|it|that|this)\b",
    re.IGNORECASE,
)
# Where an implicit result goes: "divide by 5" -> "divide # by 5", "add 3" -> "add 3 to #".
_IMPLICIT = (
    lambda part, p: re.sub(r"^(\S+)", rf"\1 {p}", part, count=1),
    lambda part, p: f"{p} {part}",
    lambda part, p: f"{part} to {p}",
    lambda part, p: f"{part} from {p}",
)


def plan_sequence(request: PlanRequest) -> Plan | None:
    """A plan for "X, then Y" (any instructions): each part after the first uses the
    previous result, named ("the result", "it", "that") or implied ("then divide by 5")."""
    parts = [p for p in _THEN.split(request.text) if p is not None]
    if len(parts) >= 2 and all(parts):
        return _chain(request, parts, "then")
    return _and_split(request)


def _and_split(request: PlanRequest) -> Plan | None:
    """ "add 4 and 6 and divide the result by 5", "add 9 and 1, divide the result by 2": split
    at the one "and" or comma that works."""
    found: list[Plan] = []
    for match in _AND.finditer(request.text):
        left, right = request.text[: match.start()], request.text[match.end() :]
        if len(_REFERENCE.findall(right)) != 1 and _SEED.match(left) is None:
            continue
        plan = _chain(request, [left, right], "and")
        if plan is not None:
            found.append(plan)
    return found[0] if len(found) == 1 else None


def _chain(request: PlanRequest, parts: list[str], joint: str) -> Plan | None:
    seeded = _seeded(request, parts)
    used = 1
    if seeded is not None:
        steps, previous, score, used = seeded
    else:
        first = _first_part(request, _FIRST.sub("", parts[0]))
        if first is None:
            return None
        steps, previous, score = first
    steps, scores = list(steps), [score]
    for part in parts[used:]:
        bound = _bind_part(request, part, previous)
        if bound is None:
            return None
        previous = f"s{len(steps) + 1}"
        steps.append(Step(id=previous, instruction=bound.instruction, arguments=bound.arguments,
                          text=part))  # fmt: skip
        scores.append(bound.route.score)
    if len(steps) > request.max_steps:
        return None
    return Plan(
        steps=steps,
        output=previous,
        route=PlanRoute(
            planner="sequence",
            score=min(scores),
            explanation=f"Split at {joint!r} into {len(parts)} parts; each part after the "
            "first uses the result before it.",
            details={"parts": parts},
        ),
        text=request.text,
    )


def _seeded(request: PlanRequest, parts: list[str]) -> tuple[list[Step], str, float, int] | None:
    """ "start with 10, add 5, then double it": the second part with the start number where
    it takes the result ("add 5 to 10") is the first step. Also returns how many parts it
    used (two)."""
    seed = _SEED.match(_FIRST.sub("", parts[0]))
    if seed is None or len(parts) < 2:
        return None
    numbers = numbers_in(seed.group("number"))
    if numbers is None or len(numbers) != 1 or not _ONE_NUMBER.fullmatch(seed.group("number")):
        return None
    bound = _bind_part(request, parts[1], "seed")
    if bound is None:
        return None
    arguments = {
        name: numbers[0] if isinstance(value, Ref) and value.ref == "seed" else value
        for name, value in bound.arguments.items()
    }
    step = Step(id="s1", instruction=bound.instruction, arguments=arguments, text=parts[1])
    return [step], "s1", bound.route.score, 2


def _first_part(request: PlanRequest, text: str) -> tuple[list[Step], str, float] | None:
    """The first part's steps, output step and score: one routed call, or (when it is itself
    several steps) the planners' plan for it."""
    call = request.try_route(text)
    if call is not None and sure(call):
        values: dict[str, Any] = call.arguments.model_dump(mode="json")
        step = Step(id="s1", instruction=call.instruction, arguments=values, text=text)
        return [step], "s1", call.route.score
    planned = request.plan(text)
    if planned is None:
        return None
    renumbered = _renumbered(planned)
    return renumbered.steps, renumbered.output, renumbered.route.score


def _renumbered(plan: Plan) -> Plan:
    """The plan with steps named s1, s2... in order (references follow)."""
    names = {step.id: f"s{index}" for index, step in enumerate(plan.steps, start=1)}
    steps = [
        Step(
            id=names[step.id],
            instruction=step.instruction,
            arguments={
                k: Ref(ref=names[v.ref]) if isinstance(v, Ref) else v
                for k, v in step.arguments.items()
            },
            text=step.text,
        )
        for step in plan.steps
    ]
    return plan.model_copy(update={"steps": steps, "output": names[plan.output]})


def _bind_part(request: PlanRequest, part: str, previous: str) -> Bound | None:
    """The call for a later part, with the previous result in the argument it names."""
    mentions = list(_REFERENCE.finditer(part))
    if len(mentions) > 1:
        return None
    if mentions:
        at = mentions[0]

        def named(placeholders: Sequence[str]) -> str:
            return part[: at.start()] + placeholders[0] + part[at.end() :]

        return bind_references(request.route, named, [previous])
    return _bind_implicit(request, part, previous)


def _bind_implicit(request: PlanRequest, part: str, previous: str) -> Bound | None:
    """ "then divide by 5": the result goes where exactly one rewrite routes (exact tier)."""
    found: dict[str, Bound] = {}
    for rewrite in _IMPLICIT:

        def phrase(placeholders: Sequence[str], rewrite: Any = rewrite) -> str:
            return str(rewrite(part, placeholders[0]))

        bound = bind_references(request.route, phrase, [previous], tiers=("template",))
        if bound is not None:
            found[repr((bound.instruction, bound.arguments))] = bound
    return next(iter(found.values())) if len(found) == 1 else None

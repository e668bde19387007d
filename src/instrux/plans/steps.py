"""Steps of an arithmetic tree: one routed call per operation, operands first.

Each operator is routed once per registry through its canonical phrase with placeholders
("# plus #", see :data:`PHRASES`), and every step of that operator reuses where its operands
went. A number of the tree may stand for an earlier step's result (a sequence part such as
"multiply the answer by the sum of 3 and 4"); it becomes a reference to that step.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any
from weakref import WeakKeyDictionary

from instrux.plans.binding import Bound, bind_references, number_text
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
from instrux.plugins.types import PlanRequest
from instrux.registry import Registry
from instrux.schemas.plan import Ref, Step

__all__ = ["PHRASES", "ExpressionBuilder", "Steps", "Unsure", "expression_steps", "render"]

Steps = tuple[list[Step], str, float]  # steps, the output step's id, the lowest score

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

# registry -> (operator, operands) -> the bound canonical phrase with every operand a
# placeholder. Where the operands go depends only on the phrase's shape ("# plus #"), not on
# the numbers, so each shape is routed once per registry (frozen while its engine runs); the
# numbers are checked against the argument model when the step runs.
_SHAPES: WeakKeyDictionary[Registry, dict[tuple[str, int], Bound]] = WeakKeyDictionary()
_SHAPES_LOCK = threading.Lock()


class Unsure(Exception):
    """A sub-phrase did not route (or not unambiguously): the planner gives up."""


class ExpressionBuilder:
    """Steps in evaluation order (operands first): one per operation of the tree.

    ``text`` is what the tree's positions index (the request's text by default); ``refs``
    maps the position of a number that stands for an earlier result to that result, and
    ``first`` is how many steps come before these.
    """

    def __init__(
        self,
        request: PlanRequest,
        text: str | None = None,
        refs: dict[tuple[int, int], tuple[Ref, str]] | None = None,
        first: int = 0,
    ) -> None:
        self.request = request
        self.text = request.text if text is None else text
        self.refs = refs or {}
        self.first = first
        self.steps: list[Step] = []
        self.scores: list[float] = []

    def visit(self, node: Node) -> Ref | int | float:
        if isinstance(node, Num):
            found = self.refs.get((node.start, node.end))
            return node.value if found is None else found[0]
        operands = [self.visit(arg) for arg in node.args]
        text = self._shown_text(node)
        if len(operands) > 2:  # a fold: add 10, 20 and 30 = (10 + 20) + 30
            result = operands[0]
            for index, operand in enumerate(operands[1:], start=2):
                part = text if index == len(operands) else None
                result = self.emit(node.kind, [result, operand], part)
            return result
        return self.emit(node.kind, operands, text)

    def _shown_text(self, node: Op) -> str:
        """The node's words, an earlier result's placeholder shown as the words for it."""
        text = self.text[node.start : node.end]
        for (start, end), (_ref, words) in self.refs.items():
            if node.start <= start and end <= node.end:
                text = text[: start - node.start] + words + text[end - node.start :]
        return text

    def emit(self, kind: str, operands: Sequence[Ref | int | float], text: str | None) -> Ref:
        shape = _shape(self.request, kind, len(operands))
        if shape is None:
            raise Unsure(kind)
        arguments = {name: _operand(value, operands) for name, value in shape.arguments.items()}
        shown = PHRASES[kind].format(*(_shown(o) for o in operands))
        return self.add(Bound(shape.instruction, arguments, shape.route), text or shown)

    def add(self, bound: Bound, text: str) -> Ref:
        step_id = f"s{self.first + len(self.steps) + 1}"
        self.steps.append(
            Step(id=step_id, instruction=bound.instruction, arguments=bound.arguments, text=text)
        )
        self.scores.append(bound.route.score)
        return Ref(ref=step_id)


def _shape(request: PlanRequest, kind: str, count: int) -> Bound | None:
    """The canonical phrase of ``kind`` routed with a placeholder for each operand."""
    with _SHAPES_LOCK:
        shapes = _SHAPES.setdefault(request.registry, {})
    key = (kind, count)
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


def expression_steps(
    request: PlanRequest,
    text: str,
    refs: dict[tuple[int, int], tuple[Ref, str]],
    before: int,
    *,
    running: bool = False,
) -> Steps | None:
    """The steps of ``text`` read as arithmetic, where ``refs`` are earlier results;
    ``running``: only when left-to-right evaluation gives the same tree."""
    try:
        tree = parse_expression(text)
    except Ambiguous:
        return None
    if not isinstance(tree, Op) or not _uses_all(tree, refs):
        return None
    if running and not _left_to_right(tree):
        return None
    builder = ExpressionBuilder(request, text, refs, before)
    try:
        output = builder.visit(tree)
    except Unsure:
        return None
    if not isinstance(output, Ref):
        return None
    return builder.steps, output.ref, min(builder.scores)


def _left_to_right(tree: Node) -> bool:
    """Whether every operation's later operands are single operands (no infix operation of
    their own): the tree a calculator's running total would build."""
    node: Node = tree
    while isinstance(node, Op):
        if any(isinstance(arg, Op) and arg.infix for arg in node.args[1:]):
            return False
        node = node.args[0]
    return True


def _uses_all(tree: Node, refs: dict[tuple[int, int], tuple[Ref, str]]) -> bool:
    """Whether every earlier result's placeholder is one number of the tree."""
    found: set[tuple[int, int]] = set()
    stack: list[Node] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, Num):
            found.add((node.start, node.end))
        else:
            stack.extend(node.args)
    return set(refs) <= found

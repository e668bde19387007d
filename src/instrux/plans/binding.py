"""Which argument of a routed sub-phrase takes an earlier step's result.

A planner writes a sub-phrase with a placeholder number where a result goes ("divide 7 by
5" for "divide the result by 5"; never a number the phrase already holds, in digits or words),
routes it once through the tiers, and must find which argument the placeholder landed in.

When the tier says which text each argument was read from (the template tier's
``route.details["slots"]``), the reference is the argument read from exactly the placeholder's
text, and no other argument may equal the placeholder. Otherwise one route could be fooled (a
tier may compute a 7 of its own), so the phrase is routed a second time with other
placeholders: an argument is a reference only when it took the first placeholder the first
time and the second one the second time; every other argument must be the same both times.
Placeholders are small primes: positive whole numbers pass every argument rule of the
arithmetic instructions (no division by zero, whole exponents, small powers).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

from instrux.plans.tokens import numbers_in
from instrux.schemas.call import Call, Route
from instrux.schemas.errors import InstructionRunError
from instrux.schemas.plan import Ref

__all__ = ["SURE_SCORE", "Bound", "bind_references", "free_placeholder", "number_text", "sure"]

# A routed call this sure (templates give 1.0) may be one step of a plan. A fuzzy match of a
# fragment ("double 7" read as "square 7") is not: a plan is only as right as its steps.
SURE_SCORE = 0.9

_PRIMES = (7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89)

_PRIME_TEXTS = tuple((p, str(p)) for p in _PRIMES)

Phrase = Callable[[Sequence[str]], str]


@dataclass(frozen=True, slots=True)
class Bound:
    """A routed sub-phrase: the instruction and its arguments, references included."""

    instruction: str
    arguments: dict[str, Any]
    route: Route


def bind_references(
    route: Callable[[str], Call],
    phrase: Phrase,
    refs: Sequence[str],
    *,
    tiers: Collection[str] | None = None,
    min_score: float = SURE_SCORE,
) -> Bound | None:
    """Route ``phrase(placeholders)``; ``None`` unless each ref lands in exactly one argument.

    :param route: routes one text through the tiers (raises when none gives a call).
    :param phrase: the sub-phrase with the given number texts where the results go.
    :param refs: the ids of the steps whose results go there, in the same order.
    :param tiers: accept only calls from these tiers (``None``: any tier).
    :param min_score: accept only calls routed at least this sure.
    """
    first_set, second_set = _placeholders(phrase, len(refs))
    if len(second_set) < len(refs):
        return None
    first = _route(route, phrase([str(p) for p in first_set]), tiers, min_score)
    if first is None:
        return None
    values = first.arguments.model_dump(mode="json")
    if not refs:
        return Bound(first.instruction, values, first.route)
    slots = first.route.details.get("slots")
    if isinstance(slots, dict):  # the tier says which text each argument was read from
        arguments = _read_from(values, slots, first_set, refs)
        return None if arguments is None else Bound(first.instruction, arguments, first.route)
    second = _route(route, phrase([str(p) for p in second_set]), tiers, min_score)
    if second is None or second.instruction != first.instruction:
        return None
    arguments = _merge(values, second.arguments.model_dump(mode="json"), first_set, second_set,
                       refs)  # fmt: skip
    return None if arguments is None else Bound(first.instruction, arguments, first.route)


def _route(
    route: Callable[[str], Call], text: str, tiers: Collection[str] | None, min_score: float
) -> Call | None:
    try:
        call = route(text)
    except InstructionRunError:
        return None
    if tiers is not None and call.route.tier not in tiers:
        return None
    return call if call.route.score >= min_score else None


def sure(call: Call | None) -> bool:
    """Whether a routed call is sure enough to be a step of a plan (see :data:`SURE_SCORE`).

    A call whose tier verified it (``route.details["verified"]``: the semantic tier, when every
    word and number of the text is accounted for) is sure whatever its similarity score: it
    cannot be one step of a longer text, whose other steps' words it would not explain.
    """
    if call is None:
        return False
    return call.route.score >= SURE_SCORE or call.route.details.get("verified") is True


def _merge(
    first: dict[str, Any],
    second: dict[str, Any],
    first_set: Sequence[int],
    second_set: Sequence[int],
    refs: Sequence[str],
) -> dict[str, Any] | None:
    if set(first) != set(second):
        return None
    arguments: dict[str, Any] = {}
    used: list[int] = []
    for name, value in first.items():
        if value == second[name]:
            arguments[name] = value
            continue
        index = next(
            (i for i, (a, b) in enumerate(zip(first_set, second_set, strict=True))
             if _same(value, a) and _same(second[name], b)),
            None,
        )  # fmt: skip
        if index is None:
            return None
        arguments[name] = Ref(ref=refs[index])
        used.append(index)
    return arguments if sorted(used) == list(range(len(refs))) else None


def _read_from(
    values: dict[str, Any], slots: dict[str, Any], placeholders: Sequence[int], refs: Sequence[str]
) -> dict[str, Any] | None:
    """References found by where each argument was read: an argument read from exactly a
    placeholder's text (and equal to it) takes that result; each placeholder exactly once."""
    texts = {str(p): index for index, p in enumerate(placeholders)}
    arguments = dict(values)
    used: list[int] = []
    for name, raw in slots.items():
        index = texts.get(raw.strip()) if isinstance(raw, str) else None
        if index is None:
            continue
        if name not in values or not _same(values[name], placeholders[index]):
            return None
        arguments[name] = Ref(ref=refs[index])
        used.append(index)
    if sorted(used) != list(range(len(refs))):
        return None
    # No argument read from elsewhere may hold a placeholder (a constant, a computed value).
    leftover = [v for n, v in arguments.items() if not isinstance(v, Ref)]
    if any(_same(v, p) for v in leftover for p in placeholders):
        return None
    return arguments


def _same(value: Any, number: int) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == number


def _placeholders(phrase: Phrase, count: int) -> tuple[list[int], list[int]]:
    """Two disjoint sets of primes that do not already occur in the phrase's text."""
    text = phrase([""] * count)
    spelled = set(numbers_in(text) or ())  # "seven" is as much a 7 as "7" is
    free = [p for p, shown in _PRIME_TEXTS if shown not in text and p not in spelled]
    return free[:count], free[count : 2 * count]


def free_placeholder(text: str) -> str | None:
    """One placeholder number that ``text`` does not already say, in digits or words."""
    said = set(numbers_in(text) or ())
    return next((shown for p, shown in _PRIME_TEXTS if shown not in text and p not in said), None)


def number_text(value: int | float) -> str:
    """A number as a router reads it back exactly (``repr`` for floats: ``1e-05``, ``0.1``)."""
    return repr(value) if isinstance(value, float) else str(value)

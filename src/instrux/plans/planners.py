"""The built-in planners: arithmetic expressions and "X, then Y" sequences.

Both turn text into a :class:`~instrux.schemas.plan.Plan` whose steps are found by routing
sub-phrases through the engine's tiers (``request.route``), so each step is an instruction
some plugin registered, with arguments its own tier parsed. A step that takes an earlier
result is found with placeholders (:mod:`instrux.plans.binding`); an arithmetic tree becomes
steps in :mod:`instrux.plans.steps`. When anything is unclear
(an unknown word, two readings, a sub-phrase no tier routes) a planner returns ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from instrux.parsing.digits import UNSIGNED_DECIMAL
from instrux.plans.binding import Bound, bind_references, free_placeholder, sure
from instrux.plans.expression import Ambiguous, Node, Op, parse_expression
from instrux.plans.steps import ExpressionBuilder, Steps, Unsure, expression_steps, render
from instrux.plans.stories import parse_story
from instrux.plans.tokens import numbers_in, tokenize
from instrux.plugins.types import PlanRequest
from instrux.schemas.plan import Plan, PlanRoute, Ref, Step

__all__ = ["plan_expression", "plan_sequence", "plan_story", "render"]


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
    builder = ExpressionBuilder(request)
    try:
        output = builder.visit(tree)
    except Unsure:
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


# --- sequences -------------------------------------------------------------------------------

# "then" and its kin in each language instrux reads (instrux.parsing.language): Chinese text
# arrives split into words, so "然后" stands alone between spaces like "then".
SEQUENCE_WORDS = (
    r"(?:then|after that|afterwards|finally|lastly"
    r"|然后|再|之后|以后|接着|随后|最后"
    r"|puis|ensuite|après (?:ça|cela)|apr[eè]s|enfin"
    r"|dann|danach|anschließend|zum schluss"
    r"|luego|después|despues|entonces|finalmente)"
)
_AND_WORDS = r"(?:and|et|und|y|并且|并)"
# Where one part ends and the next begins: a sequence word ("X, then Y", "X and then Y"), a
# sentence end ("X. Y", "X; Y") or a comma before "next".
_THEN = re.compile(
    rf"\s*(?:[,;.!]\s*)?\b(?:{_AND_WORDS}\s+)?{SEQUENCE_WORDS}(?:\s*,?\s*{SEQUENCE_WORDS})*\b\s*,?\s*"
    r"|\s*[,;.]\s*(?:and\s+)?(?:next|second(?:ly)?|third(?:ly)?)\b\s*,?\s*"
    r"|\s*;\s*|(?<=[^\s\d])[.!]\s+(?=\S)|(?<=\d)[.!]\s+(?=[a-z])|\?\s+(?=\S)",
    re.IGNORECASE,
)
_AND = re.compile(r"\s*,?\s+and\s+|\s*,\s*", re.IGNORECASE)  # "X and Y", "X, Y"
_ONE_NUMBER = re.compile(rf"-?{UNSIGNED_DECIMAL}|[a-z]+(?:-[a-z]+)?", re.IGNORECASE)
# A first part that only names the number(s) to start from: "start with 10", "take 2, 3 and 4".
_SEED = re.compile(
    r"^(?:start(?:ing)? with|begin(?:ning)? with|take|think of|pick|consider)\s+"
    r"(?P<number>.+?)\s*$",
    re.IGNORECASE,
)
_FIRST = re.compile(
    r"^(?:first(?:ly)?|start by|begin by|先|首先|d'abord|zuerst|erst|primero)\s*,?\s+",
    re.IGNORECASE,
)
_REFERENCE = re.compile(
    r"\b(?:the (?:result|answer|total|outcome|number|value)"
    r"|the new (?:number|value|total)"
    r"|the (?:sum|product|difference|quotient)(?!\s+(?:of|between)\b)"  # not "the sum of 2..."
    r"|(?:that|this) (?:result|number|value|answer|total)"
    r"|what (?:you|we) (?:get|got|have)"
    r"|it|that|this"
    r"|结果(?!\s*(?:是|等于|为))|它|得数|le résultat|ça|cela|das ergebnis|das resultat|das ganze|es"
    r"|el resultado|eso"
    r"|le tout)\b",
    re.IGNORECASE,
)
# A reference to every number of a list ("take 2, 3 and 4, add them"): the list goes there.
_PLURAL = re.compile(
    r"\b(?:(?:all of )?them(?: all)?(?: up| together)?|(?:these|those|the) numbers|these|those"
    r"|their (?P<noun>sum|total|product))\b",
    re.IGNORECASE,
)
# Where an implicit result goes: "divide by 5" -> "divide # by 5", "add 3" -> "add 3 to #".
_FIRST_WORD = re.compile(r"^(\S+)")
_PARTICLE = re.compile(r"\s+(?P<particle>ab|weg|dazu)$", re.IGNORECASE)
_IMPLICIT: tuple[Callable[[str, str], str], ...] = (
    lambda part, p: _FIRST_WORD.sub(rf"\1 {p}", part, count=1),
    lambda part, p: f"{p} {part}",
    lambda part, p: f"{part} to {p}",
    lambda part, p: f"{part} from {p}",
    # The same places in French, Spanish and German: "ajoute 6" -> "ajoute 6 à #", "resta 8"
    # -> "resta 8 de #", "zähl 11 dazu" -> "zähl 11 zu # dazu" is left to the templates.
    lambda part, p: f"{part} à {p}",
    lambda part, p: f"{part} de {p}",
    lambda part, p: f"{part} a {p}",
    lambda part, p: f"{part} zu {p}",
    lambda part, p: f"{part} von {p}",
    # German separable verbs end on their particle: "zieh 9 ab" -> "zieh 9 von # ab".
    lambda part, p: _PARTICLE.sub(rf" von {p} \g<particle>", part),
    lambda part, p: _PARTICLE.sub(rf" zu {p} \g<particle>", part),
)


def plan_sequence(request: PlanRequest) -> Plan | None:
    """A plan for "X, then Y" (any instructions): each part after the first uses the
    previous result, named ("the result", "it", "that") or implied ("then divide by 5")."""
    parts = [p for p in _THEN.split(request.text) if p is not None]
    if len(parts) >= 2 and not parts[0].strip():  # "finally add 2 and 3": nothing before it
        parts = parts[1:]
        if len(parts) == 1:
            return _chain(request, parts, "then") if parts[0].strip() else None
    if len(parts) >= 2 and all(p.strip() for p in parts):
        return _chain(request, parts, "then")
    return _and_split(request)


def _and_split(request: PlanRequest) -> Plan | None:
    """ "add 4 and 6 and divide the result by 5", "add 9 and 1, divide the result by 2": split
    at the one "and" or comma that works."""
    found: list[Plan] = []
    for match in _AND.finditer(request.text):
        left, right = request.text[: match.start()], request.text[match.end() :]
        if (
            len(_REFERENCE.findall(right)) != 1
            and _SEED.match(left) is None
            and not _implied(right)
        ):
            continue
        plan = _chain(request, [left, right], "and")
        if plan is not None:
            found.append(plan)
    return found[0] if len(found) == 1 else None


# A part that names no result but may take one: starts with an operation verb ("divide by 2",
# "subtract 3"). Not an operator ("6 plus 4, divided by 2"): the expression planner reads
# those, and refuses the ones precedence would read otherwise.
_IMPLIED_START = re.compile(
    r"^\s*(?:add|subtract|multiply|divide|double|triple|halve|square|cube|raise)\b",
    re.IGNORECASE,
)


def _implied(part: str) -> bool:
    return _IMPLIED_START.match(part) is not None and not _REFERENCE.search(part)


def _chain(request: PlanRequest, parts: list[str], joint: str) -> Plan | None:
    seeded = _seeded(request, parts)
    used = 1
    if seeded is not None:
        steps, previous, score = seeded
        used = 2
    else:
        first = _first_part(request, _FIRST.sub("", parts[0]))
        if first is None:
            return None
        steps, previous, score = first
    steps, scores = list(steps), [score]
    for part in parts[used:]:
        later = _later_part(request, part, previous, len(steps))
        if later is None or len(steps) + len(later[0]) > request.max_steps:
            return None
        steps += later[0]
        previous = later[1]
        scores.append(later[2])
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


def _seeded(request: PlanRequest, parts: list[str]) -> Steps | None:
    """ "start with 10, add 5, then double it": the second part with the start number where
    it takes the result ("add 5 to 10") is the first step. "take 2, 3 and 4, add them": the
    second part with the list where it says "them" ("add 2, 3 and 4")."""
    seed = _SEED.match(_FIRST.sub("", parts[0]))
    if seed is None or len(parts) < 2:
        return None
    said = seed.group("number")
    numbers = numbers_in(said)
    if numbers is not None and len(numbers) >= 2:
        return _folded(request, said, numbers, parts[1])
    if numbers is None or len(numbers) != 1 or not _ONE_NUMBER.fullmatch(said):
        return None
    bound = _bind_part(request, parts[1], "seed")
    if bound is None:
        return None
    arguments = {
        name: numbers[0] if isinstance(value, Ref) and value.ref == "seed" else value
        for name, value in bound.arguments.items()
    }
    step = Step(id="s1", instruction=bound.instruction, arguments=arguments, text=parts[1])
    return [step], "s1", bound.route.score


def _folded(request: PlanRequest, said: str, numbers: list[int | float], part: str) -> Steps | None:
    """The second part with the start list where it names all of it once ("them")."""
    if _REFERENCE.search(part):
        return None
    tokens = tokenize(said)
    if tokens is None or any(t.kind != "num" and t.text not in {",", "and"} for t in tokens):
        return None  # "start with 10 and 20 apples": not only a list of numbers
    mentions = list(_PLURAL.finditer(part))
    if len(mentions) != 1 or len(numbers) > request.max_steps:
        return None
    at = mentions[0]
    listed = f"the {at.group('noun')} of {said}" if at.group("noun") else said
    return expression_steps(request, part[: at.start()] + listed + part[at.end() :], {}, 0)


def _first_part(request: PlanRequest, text: str) -> Steps | None:
    """The first part's steps, output step and score: one routed call, or (when it is itself
    several steps) the planners' plan for it ("take the product of 2 and 5": its plan)."""
    call = request.try_route(text)
    if call is not None and sure(call):
        values: dict[str, Any] = call.arguments.model_dump(mode="json")
        step = Step(id="s1", instruction=call.instruction, arguments=values, text=text)
        return [step], "s1", call.route.score
    planned = request.plan(text)
    seed = _SEED.match(text)
    if planned is None and seed is not None:
        planned = request.plan(seed.group("number"))
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


def _later_part(request: PlanRequest, part: str, previous: str, before: int) -> Steps | None:
    """A part after the first: one routed call with the previous result in the argument it
    names, or (when no tier routes it) arithmetic with the result as one operand ("multiply
    the answer by the sum of 3 and 4")."""
    bound = _bind_part(request, part, previous)
    if bound is not None:
        step_id = f"s{before + 1}"
        step = Step(id=step_id, instruction=bound.instruction, arguments=bound.arguments,
                    text=part)  # fmt: skip
        return [step], step_id, bound.route.score
    return _expression_with_result(request, part, previous, before)


def _expression_with_result(
    request: PlanRequest, part: str, previous: str, before: int
) -> Steps | None:
    mentions = list(_REFERENCE.finditer(part))
    if len(mentions) > 1:
        return None
    placeholder = free_placeholder(part)
    if placeholder is None:
        return None
    if mentions:
        at = mentions[0]
        texts = [(part[: at.start()] + placeholder + part[at.end() :], at.group())]
    else:
        texts = [(rewrite(part, placeholder), f"({previous})") for rewrite in _IMPLICIT]
    found: dict[str, Steps] = {}
    for text, words in texts:
        spot = text.find(placeholder)
        refs = {(spot, spot + len(placeholder)): (Ref(ref=previous), words)}
        # "then plus 4 times 2": a running total (18) or precedence (13)? Only a part that
        # reads the same both ways may follow the result with no word for it.
        running = not mentions and spot == 0
        steps = expression_steps(request, text, refs, before, running=running)
        if steps is not None:
            found[repr([(s.instruction, s.arguments) for s in steps[0]])] = steps
    return next(iter(found.values())) if len(found) == 1 else None


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

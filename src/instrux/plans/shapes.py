"""Plans by the shape of their text: the same words with other numbers get the same plan.

People send the same phrasing again and again with other numbers ("add 4 and 6, then divide
the result by 5", "add 9 and 2, then divide the result by 3"). Planning one routes every part
through the template tier and binds references; the plan of the second differs from the
first's only in its numbers. A text's **shape** is the text with each number in digits
replaced by a mark of its kind (whole or decimal); a shape seen twice is planned once more
with probe numbers in place of the text's (unusual primes, one per position), and the plan is
kept as a template only when

- the probe plan, filled with the text's own numbers, is exactly the plan of the text (every
  argument, every step's text, the explanation): the plan then depends on the numbers only
  through their positions, and each position's number lands where the template says;
- every number of the probe text lands somewhere (a number read as something else, "50%"
  as 0.5, never matches its probe and the shape is not kept).

Numbers that are part of a word ("8th", "s1"), decimals with a trailing zero, thousands
groups, percentages and exponents are not shaped (the text is planned as usual), and 0 and 1
stay words of the shape (singular and plural, "add 1 to ...") rather than numbers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from instrux.parsing.digits import DIGIT_RUNS, LONE_DECIMAL
from instrux.parsing.numbers import parse_number
from instrux.schemas.plan import Plan, PlanRoute, Step

__all__ = ["PlanShapes", "TextShape", "shape_of"]

_KEPT = frozenset({"0", "1"})
_PROBES = (
    101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167, 173, 179, 181, 191,
    193, 197, 199, 211, 223, 227, 229, 233, 239, 241, 251, 257, 263, 269, 271, 277, 281, 283,
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class TextShape:
    """A text's shape (``key``) and the numbers it was cut at, in order."""

    key: str
    spans: tuple[tuple[int, int], ...]
    numbers: tuple[int | float, ...]
    texts: tuple[str, ...]

    def probe_text(self, text: str) -> str:
        """The text with each number replaced by its position's probe."""
        parts: list[str] = []
        last = 0
        for (start, end), probe in zip(self.spans, self.probes(), strict=False):
            parts += [text[last:start], probe]
            last = end
        return "".join([*parts, text[last:]])

    def probes(self) -> tuple[str, ...]:
        """One unusual number per position, of the same kind (whole or decimal)."""
        return tuple(
            f"{probe}.5" if isinstance(number, float) else str(probe)
            for probe, number in zip(_PROBES, self.numbers, strict=False)
        )


def shape_of(text: str) -> TextShape | None:
    """The text's shape; ``None`` when it has no number to shape, or one written in a way
    that could read differently with other digits (see the module's docstring)."""
    key: list[str] = []
    spans: list[tuple[int, int]] = []
    numbers: list[int | float] = []
    last = 0
    for found in LONE_DECIMAL.finditer(text):
        raw = found.group()
        if raw in _KEPT:
            continue
        value = parse_number(raw)  # the one number reader (and its digit limit)
        if str(value) != raw:  # "007", "2.50": a plan could print it otherwise
            return None
        key += [text[last : found.start()], "\x00f" if "." in raw else "\x00i"]
        spans.append(found.span())
        numbers.append(value)
        last = found.end()
    if not numbers or len(numbers) > len(_PROBES):
        return None
    key.append(text[last:])
    texts = tuple(text[start:end] for start, end in spans)
    return TextShape("".join(key), tuple(spans), tuple(numbers), texts)


@dataclass(frozen=True, slots=True)
class _Slot:
    """A number of the plan that is the text's number at ``position`` (times ``sign``)."""

    position: int
    sign: int


@dataclass(frozen=True, slots=True)
class _Pieces:
    """A string of the plan with the text's numbers at some places: ``str.format`` fields
    ``{0}``, ``{1}``... name the positions (braces of the string itself are doubled)."""

    form: str


@dataclass(frozen=True, slots=True)
class _Tree:
    """A dict (or a list, keyed by index): ``constant`` items (str, numbers, bool, None)
    are copied as they are, ``variable`` ones (numbers of the text, containers) filled."""

    is_dict: bool
    constant: tuple[tuple[Any, Any], ...]
    variable: tuple[tuple[Any, Any], ...]


_TEMPLATES = (_Slot, _Pieces, _Tree)


class PlanShapes:
    """Plan templates by text shape (thread-safe; at most ``size`` shapes, oldest dropped;
    ``size=0`` keeps none).

    :meth:`plan` gives the plan of a text whose shape is known; :meth:`learn` is told each plan
    made the long way, and on the second sight of a shape plans its probe text (``probe``) to
    make the template.
    """

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._templates: dict[str, _PlanTemplate] = {}
        self._coarse: set[str] = set()  # the kept shapes, every digit run as one mark
        self._seen: dict[str, None] = {}
        self._lock = threading.Lock()

    def may_know(self, text: str) -> bool:
        """Whether a shape of this text may be kept: ``False`` is sure and costs one regular
        expression, so texts of no kept shape (one instruction) pay next to nothing."""
        return bool(self._coarse) and DIGIT_RUNS.sub("#", text) in self._coarse

    def plan(self, shape: TextShape) -> Plan | None:
        """The plan of a text of this shape, or ``None`` when the shape is not known."""
        template = self._templates.get(shape.key)  # one dict read: atomic, no lock needed
        if template is None:
            return None
        return template.build(shape.numbers, shape.texts)

    def learn(
        self,
        shape: TextShape,
        text: str,
        plan: Plan,
        probe: Callable[[str], Plan | None],
    ) -> None:
        """Note a plan made the long way for ``text``; keep its shape's template once the
        shape has been seen twice and the probe plan agrees (see the module's docstring)."""
        if self.size <= 0:
            return
        with self._lock:
            if shape.key in self._templates:
                return
            if shape.key not in self._seen:
                _remember(self._seen, shape.key, None, 4 * self.size)  # seen once: more room
                return
        template = _template_of(shape, text, plan, probe)
        if template is None:
            return
        with self._lock:
            _remember(self._templates, shape.key, template, self.size)
            self._coarse.add(_coarse(shape.key))
            if len(self._coarse) > 2 * self.size:  # shapes dropped since: forget theirs
                self._coarse = {_coarse(key) for key in self._templates}

    def __len__(self) -> int:
        return len(self._templates)


def _coarse(key: str) -> str:
    """A shape's coarse form: what ``DIGIT_RUNS.sub("#", text)`` gives for its texts."""
    return DIGIT_RUNS.sub("#", key.replace("\x00f", "0.0").replace("\x00i", "0"))


def _remember(table: dict[str, Any], key: str, value: Any, size: int) -> None:
    if len(table) >= size:
        del table[next(iter(table))]  # the oldest: dicts keep insertion order
    table[key] = value


@dataclass(frozen=True, slots=True)
class _StepTemplate:
    id: str
    instruction: str
    arguments: tuple[tuple[str, Any], ...]
    text: Any


@dataclass(frozen=True, slots=True)
class _PlanTemplate:
    """A plan with the text's numbers as positions (see :func:`_abstract`)."""

    steps: tuple[_StepTemplate, ...]
    output: str
    planner: str
    score: float
    explanation: Any
    details: Any
    text: Any

    def build(self, numbers: tuple[int | float, ...], texts: tuple[str, ...]) -> Plan:
        """The plan for these numbers (validated, as every plan is)."""
        steps = [
            Step(
                id=step.id,
                instruction=step.instruction,
                arguments={name: _fill(value, numbers, texts) for name, value in step.arguments},
                text=_fill(step.text, numbers, texts),
            )
            for step in self.steps
        ]
        route = PlanRoute(
            planner=self.planner,
            score=self.score,
            explanation=_fill(self.explanation, numbers, texts),
            details=_fill(self.details, numbers, texts),
        )
        return Plan(steps=steps, output=self.output, route=route,
                    text=_fill(self.text, numbers, texts))  # fmt: skip


def _template_of(
    shape: TextShape, text: str, plan: Plan, probe: Callable[[str], Plan | None]
) -> _PlanTemplate | None:
    """The plan as a template of the shape's positions, or ``None`` when it is not one."""
    probes = shape.probes()
    if any(p in shape.texts for p in probes):
        return None
    probed = probe(shape.probe_text(text))
    if probed is None:
        return None
    used: set[int] = set()
    steps = tuple(
        _StepTemplate(
            step.id,
            step.instruction,
            tuple((name, _abstract(value, probes, used)) for name, value in step.arguments.items()),
            _abstract(step.text, probes, set()),
        )
        for step in probed.steps
    )
    if len(used) != len(probes):  # a number of the text is no argument as itself
        return None
    ignored: set[int] = set()  # numbers of the explanation are not the plan's
    route = probed.route
    template = _PlanTemplate(
        steps, probed.output, route.planner, route.score,
        _abstract(route.explanation, probes, ignored), _abstract(route.details, probes, ignored),
        _abstract(probed.text, probes, ignored),
    )  # fmt: skip
    if _data(template.build(shape.numbers, shape.texts)) != _data(plan):
        return None
    return template


def _data(plan: Plan) -> dict[str, Any]:
    return plan.model_dump(mode="json")


def _abstract(data: Any, probes: tuple[str, ...], used: set[int]) -> Any:
    """``data`` with every probe number and probe digits in strings as a position; the
    positions of numbers (not strings) are added to ``used``. Anything else (a ``Ref``:
    frozen) is kept as it is."""
    if isinstance(data, bool) or data is None:
        return data
    if isinstance(data, int | float):
        for position, probe in enumerate(probes):
            if abs(data) == float(probe):
                used.add(position)
                return _Slot(position, -1 if data < 0 else 1)
        return data
    if isinstance(data, str):
        return _split(data, probes)
    if isinstance(data, list | dict):  # always a new container when filled: never shared
        items = data.items() if isinstance(data, dict) else enumerate(data)
        abstract = [(key, _abstract(value, probes, used)) for key, value in items]
        return _Tree(
            isinstance(data, dict),
            tuple((k, v) for k, v in abstract if type(v) not in _TEMPLATES),
            tuple((k, v) for k, v in abstract if type(v) in _TEMPLATES),
        )
    return data


def _split(text: str, probes: tuple[str, ...]) -> str | _Pieces:
    parts: list[str] = []
    last = 0
    for match in LONE_DECIMAL.finditer(text):
        if match.group() in probes:
            literal = text[last : match.start()].replace("{", "{{").replace("}", "}}")
            parts += [literal, f"{{{probes.index(match.group())}}}"]
            last = match.end()
    if not parts:
        return text
    parts.append(text[last:].replace("{", "{{").replace("}", "}}"))
    return _Pieces("".join(parts))


def _fill(template: Any, numbers: tuple[int | float, ...], texts: tuple[str, ...]) -> Any:
    """The template with each position's number (and its text, in strings)."""
    kind = type(template)
    if kind is _Slot:
        return template.sign * numbers[template.position]
    if kind is _Pieces:
        return template.form.format(*texts)
    if kind is _Tree:
        filled = dict(template.constant)
        for key, value in template.variable:
            filled[key] = _fill(value, numbers, texts)
        return filled if template.is_dict else [filled[i] for i in range(len(filled))]
    return template  # a str, number, bool or None: shared, since immutable

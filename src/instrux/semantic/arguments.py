"""Typed arguments after a semantic route, extracted by slot type.

The semantic tier knows *which* instruction a text means and *which example* it is closest
to, but not where the arguments are, so they are found by type (the slot kinds of
:mod:`instrux.parsing.slots`):

- numbers: every number in the text (:data:`~instrux.parsing.numbers.NUMBER_PATTERN`),
  assigned in the order the number slots appear in the nearest example ("subtract {b} from
  {a}" takes the first number as ``b``);
- yes/no and choices (Enum, Literal): the spelled value where the text has one, else the
  value closest in spelling to a word of the text;
- free text: quoted text first, else the words after the last word the text shares with the
  instruction's examples (``"please shout hello there"`` -> ``"hello there"``).

A field that is not found and has no default raises :class:`~instrux.InvalidArgumentsError`
naming it; values are validated by the instruction's argument model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import Any

from pydantic import BaseModel, ValidationError

from instrux.parsing.numbers import NUMBER_PATTERN, parse_number
from instrux.parsing.slots import Slot, slot_for
from instrux.parsing.validation import validation_error_to_invalid_arguments
from instrux.schemas.errors import InvalidArgumentsError
from instrux.schemas.instruction import InstructionSpec, example_slots

__all__ = ["extract_arguments"]

# A number standing on its own: no sign glued to a preceding word or digit ("3-5" is 3 and 5).
_NUMBER = re.compile(rf"(?<![\w.]){NUMBER_PATTERN}(?![\w])", re.IGNORECASE)
_QUOTED = re.compile(r"'([^']*)'|\"([^\"]*)\"|\u201c([^\u201d]*)\u201d|\u2018([^\u2019]*)\u2019")
_WORD = re.compile(r"[\w']+")


def extract_arguments(spec: InstructionSpec, text: str, template: str | None) -> BaseModel:
    """The validated arguments of ``spec`` found in ``text`` (``template``: nearest example)."""
    fields = spec.arguments.model_fields
    slots = {name: slot_for(field.annotation) for name, field in fields.items()}
    found = _Finder(text, spec)
    values: dict[str, Any] = {}
    for name in _slot_order(list(fields), template):
        value = found.next_value(slots[name])
        if value is not None:
            values[name] = value
        elif fields[name].is_required():
            raise InvalidArgumentsError(
                spec.name,
                name,
                "it is required but was not found in the text",
                hint=f"Say the {name} in the text, as in {_example_hint(spec)}.",
            )
    try:
        return spec.arguments.model_validate(values)
    except ValidationError as err:
        raise validation_error_to_invalid_arguments(spec.name, err) from None


def _slot_order(fields: list[str], template: str | None) -> list[str]:
    """Fields in the nearest example's slot order, then the rest in declaration order."""
    in_template = [name for name in example_slots(template or "") if name in fields]
    return list(dict.fromkeys([*in_template, *fields]))


class _Finder:
    """Hands out values in text order: two slots of one type get two different mentions."""

    def __init__(self, text: str, spec: InstructionSpec) -> None:
        self.text = text
        self.spec = spec
        self.numbers = iter(_numbers(text))
        self.used: list[tuple[int, int]] = []  # spans already given to a choice slot

    def next_value(self, slot: Slot) -> Any:
        if slot.kind == "number":
            return next(self.numbers, None)
        if slot.kind in ("bool", "choice"):
            return self._choice(slot)
        return _free_text(self.text, self.spec)

    def _choice(self, slot: Slot) -> Any:
        for match in re.finditer(rf"(?<![\w]){slot.pattern}", self.text, re.IGNORECASE):
            if any(match.start() < end and start < match.end() for start, end in self.used):
                continue
            try:
                value = slot.parse(match.group(0))
            except ValueError:
                continue
            self.used.append(match.span())
            return value
        if slot.kind == "bool":
            return None  # a yes/no is never guessed from spelling
        return _closest_choice(slot, _WORD.findall(self.text.lower()))


def _numbers(text: str) -> list[int | float]:
    found: list[int | float] = []
    for match in _NUMBER.finditer(text):
        try:
            found.append(parse_number(match.group(0)))
        except ValueError:
            continue  # matched the shape of a number but is not one
    return found


def _closest_choice(slot: Slot, words: Sequence[str], cutoff: float = 0.8) -> Any:
    best, best_score = None, cutoff
    for word in words:
        for choice in _spellings(slot):
            score = SequenceMatcher(None, word, choice).ratio()
            if score >= best_score:
                best, best_score = choice, score
    return slot.parse(best) if best is not None else None


def _spellings(slot: Slot) -> list[str]:
    body = slot.pattern[3:].split(")(?:e?s)", 1)[0]
    return [s.replace("\\s+", " ").replace("\\", "") for s in body.split("|")]


def _free_text(text: str, spec: InstructionSpec) -> str | None:
    quoted = _QUOTED.search(text)
    if quoted is not None:
        return next(g for g in quoted.groups() if g is not None)
    vocabulary = {
        w.lower()
        for example in spec.examples
        for w in _WORD.findall(re.sub(r"\{\w+\}", " ", example))
    }
    words = list(_WORD.finditer(text))
    last = max((i for i, w in enumerate(words) if w.group(0).lower() in vocabulary), default=None)
    if last is None or last == len(words) - 1:
        return None
    return text[words[last + 1].start() :].strip() or None


def _example_hint(spec: InstructionSpec) -> str:
    from instrux.semantic.phrasing import example_sentences

    sentences = example_sentences(spec)
    return repr(sentences[0][1]) if sentences else f"`instrux show {spec.name}`"

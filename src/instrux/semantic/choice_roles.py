"""Which of two values of one choice type is which: "110 fahrenheit, how many kelvin".

Two slots of one Enum (``from_unit``, ``to_unit``) are filled from the text in the order their
values appear. That order is the example's only when the words say so: in "110 fahrenheit
cuantos kelvin son" the example "cuántos {to_unit} son {value} {from_unit}" names "kelvin"
the target by the words around it ("cuántos", "son"), not by its place. So the values are
given to the slots by the words next to them, as number roles are (:mod:`instrux.semantic.roles`):
each way of giving them scores one for each neighbour (the word or number right before or
after a value) that the example has next to that slot; the better way wins, and a tie, where
the words do not tell which is which, is no call at all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from instrux.parsing.digits import DIGITS_GLUED
from instrux.semantic.lexicon import WORD, word_forms
from instrux.templates.compiler import template_variants

__all__ = ["order_by_neighbours"]

_NUMBER = "#"
_EDGE = "|"
_TOKEN = re.compile(rf"{WORD.pattern}|{DIGITS_GLUED}", re.UNICODE)  # a word, or a number

Span = tuple[int, int]


def order_by_neighbours(
    template: str, spans: Mapping[str, Span], numbers: frozenset[str], text: str
) -> dict[str, Span] | None:
    """The span of each of two slots (``spans``: as filled in text order) as the words around
    them assign them in ``template``; ``None`` when the words do not tell which is which.
    ``numbers``: the template's number slots (a number next to a slot is a neighbour)."""
    first, second = spans
    kept = _score(template, numbers, text, {first: spans[first], second: spans[second]})
    swapped = _score(template, numbers, text, {first: spans[second], second: spans[first]})
    if kept == swapped:
        return None
    if kept > swapped:
        return dict(spans)
    return {first: spans[second], second: spans[first]}


def _score(template: str, numbers: frozenset[str], text: str, given: Mapping[str, Span]) -> int:
    best = 0
    for variant in template_variants(template):
        score = 0
        for name, (start, end) in given.items():
            before, after = _neighbours_in_example(variant, name, numbers)
            # The start or end of the text is no evidence: only words and numbers are.
            score += bool((_token_before(text, start) & before) - {_EDGE})
            score += bool((_token_after(text, end) & after) - {_EDGE})
        best = max(best, score)
    return best


def _neighbours_in_example(
    variant: list[tuple[str, str]], name: str, numbers: frozenset[str]
) -> tuple[frozenset[str], frozenset[str]]:
    tokens = [token for token in variant if token[0] != "const"]
    at = next((i for i, token in enumerate(tokens) if token == ("slot", name)), None)
    if at is None:
        return frozenset(), frozenset()
    return _form(tokens, at - 1, numbers), _form(tokens, at + 1, numbers)


def _form(tokens: list[tuple[str, str]], at: int, numbers: frozenset[str]) -> frozenset[str]:
    if not 0 <= at < len(tokens):
        return frozenset({_EDGE})
    kind, value = tokens[at]
    if kind == "slot":
        return frozenset({_NUMBER}) if value in numbers else frozenset()
    return word_forms(value)


def _token_before(text: str, start: int) -> frozenset[str]:
    found = list(_TOKEN.finditer(text, 0, start))
    return _text_form(found[-1].group(0)) if found else frozenset({_EDGE})


def _token_after(text: str, end: int) -> frozenset[str]:
    found = _TOKEN.search(text, end)
    return _text_form(found.group(0)) if found else frozenset({_EDGE})


def _text_form(token: str) -> frozenset[str]:
    return frozenset({_NUMBER}) if token[0].isdigit() else word_forms(token)

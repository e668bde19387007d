"""Example templates -> plain sentences to embed.

``"[the] sum of {a} and {b}"`` becomes ``"the sum of 7 and 12"`` and ``"sum of 7 and 12"``:
optional parts and alternatives are expanded (a few variants per example), and typed slots are
filled with sample values of their type, so that the encoder sees sentences like the ones users
type rather than template syntax.
"""

from __future__ import annotations

import itertools
import re

from instrux.parsing.language import has_chinese, segment_chinese
from instrux.parsing.slots import Slot, slot_for
from instrux.schemas.instruction import InstructionSpec

__all__ = ["MAX_VARIANTS", "SAMPLE_NUMBERS", "example_sentences", "expand_template", "sample_value"]

MAX_VARIANTS = 4  # per example: enough to cover [optional] words without flooding the index
# The same sample numbers for every instruction: they then say nothing about which instruction
# a text is, and the encoder compares the words around them.
SAMPLE_NUMBERS = ("7", "12", "3")
_TOKEN = re.compile(r"\[|\]|\(|\)|\||[^\[\]()|]+")


def example_sentences(spec: InstructionSpec) -> list[tuple[str, str]]:
    """``(template, sentence)`` pairs for every example of ``spec``, slots filled."""
    fields = spec.arguments.model_fields
    slots = {name: slot_for(field.annotation) for name, field in fields.items()}
    pairs: list[tuple[str, str]] = []
    for template in spec.examples:
        for variant in expand_template(template)[:MAX_VARIANTS]:
            pairs.append((template, _fill(variant, slots)))
    return list(dict.fromkeys(pairs))


def expand_template(template: str) -> list[str]:
    """Every plain variant of a template, the fullest (all optional words kept) first."""
    tokens = _TOKEN.findall(template)
    variants, _ = _sequence(tokens, 0)
    cleaned = [" ".join(v.split()) for v in variants]
    return [v for v in dict.fromkeys(cleaned) if v]


def sample_value(slot: Slot, index: int, chinese: bool = False) -> str:
    """Text a user might type for a slot of this kind (``chinese``: in a Chinese example, a
    choice reads as its Chinese name when it has one: "英尺", not "foot")."""
    if slot.kind == "number":
        return SAMPLE_NUMBERS[index % len(SAMPLE_NUMBERS)]
    if slot.kind == "bool":
        return "yes"
    if slot.kind == "choice":
        if chinese:
            names = [spelling for spelling in slot.spellings if has_chinese(spelling)]
            if names:
                return names[index % len(names)]
        return slot.sample or slot.spellings[0]  # a member's name more often than a code
    if slot.kind == "list" and slot.item is not None:
        items = [sample_value(slot.item, index + i) for i in range(3)]
        return f"{items[0]}, {items[1]} and {items[2]}"
    return "something"


def _fill(sentence: str, slots: dict[str, Slot]) -> str:
    counter = itertools.count()
    chinese = has_chinese(sentence)

    def replace(match: re.Match[str]) -> str:
        slot = slots.get(match.group(1))
        return f" {sample_value(slot, next(counter), chinese)} " if slot else match.group(0)

    sentence = re.sub(r"\{[A-Za-z_]\w*=[^{}]*\}", "", sentence)  # implied arguments: no text
    filled = re.sub(r"\{([A-Za-z_]\w*)\}", replace, sentence)
    # A Chinese example is embedded split into words, as texts are (instrux.parsing.language).
    return " ".join((segment_chinese(filled) if chinese else filled).split())


def _sequence(tokens: list[str], at: int) -> tuple[list[str], int]:
    """Parse until a closing bracket or bar; returns the variants of the sequence."""
    variants = [""]
    while at < len(tokens) and tokens[at] not in ("]", ")", "|"):
        token = tokens[at]
        if token in ("[", "("):
            options, at = _group(tokens, at + 1, optional=token == "[")
        else:
            options, at = [token], at + 1
        variants = [v + o for v, o in itertools.product(variants, options)][:64]
    return variants, at


def _group(tokens: list[str], at: int, *, optional: bool) -> tuple[list[str], int]:
    options: list[str] = []
    while True:
        variants, at = _sequence(tokens, at)
        options += variants
        if at >= len(tokens) or tokens[at] in ("]", ")"):
            break
        at += 1  # skip the bar
    if optional:
        options.append("")
    return options, at + 1

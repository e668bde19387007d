"""Free-text slot values: which words of a text a free-text slot takes.

A free-text slot explains every word it takes, so it must take only what the phrasing's
structure puts there (a catch-all would make any text its instruction's): quoted text, else
the words after the phrasing's *anchor* (the word before the slot in an example), ending
before the next typed value, a clause that is the instruction's phrasing again, a slot's
name used as a label, linking words and sentence punctuation. Several free-text slots are
split by the phrasing whose words cut the text into that many parts.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise
from typing import Any

from instrux.parsing.slots import slot_for
from instrux.schemas.instruction import InstructionSpec
from instrux.semantic.lexicon import FUNCTION_WORDS, GENERIC_WORDS, WORD, Vocabulary, word_forms
from instrux.templates.compiler import template_variants

__all__ = ["QUOTED", "TOKEN_WORD", "free_texts"]

QUOTED = re.compile(r"'([^']*)'|\"([^\"]*)\"|\u201c([^\u201d]*)\u201d|\u2018([^\u2019]*)\u2019")
# A token of a text, digits and apostrophes included ("room 101", "don't").
TOKEN_WORD = re.compile(r"[\w']+")
# Words that link free text to the value after it ("Lisbon for", "Rome on", "Paris,").
_TRAILING_LINKS = re.compile(r"(?:[\s,;:]+(?:for|on|at|in|by|the|of|to)?)+$", re.IGNORECASE)
# Sentence punctuation that ends unquoted free text ("at 19:30?"): not part of the value. A
# final "." after a one-letter abbreviation ("8 p.m.") is kept.
_TRAILING_PUNCTUATION = re.compile(r"(?:[?!,;:]|(?<!\b\w)\.)+$")


def free_texts(text: str, spec: InstructionSpec) -> list[tuple[str, tuple[int, int]]]:
    """The free-text values of the text, in slot order, with their spans.

    One text slot: quoted text, else the words after the last example word. Several: the
    phrasing whose words split the text into that many parts ("compare {first} with
    {second}"), so that each slot gets its own part.
    """
    fields = spec.arguments.model_fields
    count = sum(slot_for(f.annotation).kind == "text" for f in fields.values())
    if count > 1:
        return _split_by_phrasing(text, spec)
    found = _free_text(text, spec)
    return [found] if found is not None else []


def _split_by_phrasing(text: str, spec: InstructionSpec) -> list[tuple[str, tuple[int, int]]]:
    fields = spec.arguments.model_fields
    for example in spec.examples:
        for variant in template_variants(example):
            pattern = _search_pattern(variant, fields)
            match = re.search(pattern, text, re.IGNORECASE) if pattern else None
            if match is None:
                continue
            names = [n for n in match.re.groupindex if n.startswith("t_")]
            found = [(match.group(n), match.span(n)) for n in names]
            found[-1] = _without_trailing_courtesy(*found[-1])  # "... pears for me" -> "pears"
            return [(value.strip(" '\""), span) for value, span in found]
    return []


def _without_trailing_courtesy(value: str, span: tuple[int, int]) -> tuple[str, tuple[int, int]]:
    """Drop generic words ("for me", "please") that end unquoted free text."""
    words = value.split()
    while len(words) > 1 and words[-1].lower() in GENERIC_WORDS:
        words.pop()
    kept = value[: value.rindex(words[-1]) + len(words[-1])] if words else value
    return kept, (span[0], span[0] + len(kept))


def _search_pattern(variant: list[tuple[str, str]], fields: dict[str, Any]) -> str | None:
    """A pattern whose groups ``t_<slot>`` are the variant's free-text slots (None: none)."""
    pieces: list[str] = []
    texts = 0
    for kind, value in variant:
        if kind == "slot" and value in fields:
            slot = slot_for(fields[value].annotation)
            if slot.kind == "text":
                pieces.append(rf"(?P<t_{value}>.+?)")
                texts += 1
            else:
                pieces.append(f"(?:{slot.pattern})")
        elif kind in ("word", "sym"):
            pieces.append(re.escape(value) + (r"\b" if kind == "word" else ""))
    if texts < 2:
        return None
    return r"(?:^|\b)" + r"\s*".join(pieces) + r"\s*$"


def _free_text(text: str, spec: InstructionSpec) -> tuple[str, tuple[int, int]] | None:
    """Quoted text, else the words the phrasing's structure puts in the slot; with its span.

    Unquoted free text starts after an *anchor*: the word that stands right before the
    free-text slot in one of the instruction's phrasings ("in" of "count the words in
    {text}", "to" of "book a trip to {city}"), the last such word of the text. Without an
    anchor there is no free text: a free-text slot must not swallow words the phrasing does
    not put there, or it would explain any text ("where is my refund" as a city).
    """
    quoted = QUOTED.search(text)
    if quoted is not None:
        return next(g for g in quoted.groups() if g is not None), quoted.span()
    anchors = _anchors(spec)
    words = list(TOKEN_WORD.finditer(text))
    last = max(
        (i for i, w in enumerate(words) if not anchors.isdisjoint(word_forms(w.group(0)))),
        default=None,
    )
    if last is None or last == len(words) - 1:
        return None
    start = words[last + 1].start()
    end = _clause_of_the_phrasing(text, start, _next_typed_value(text, start, spec), spec)
    value = _TRAILING_LINKS.sub("", text[start:end].strip())
    value = _TRAILING_PUNCTUATION.sub("", _without_slot_label(value, spec))
    return (value, (start, start + len(value))) if value else None


def _clause_of_the_phrasing(text: str, start: int, end: int, spec: InstructionSpec) -> int:
    """Where the free text ends at a clause that is the instruction's own phrasing again:
    "don't let me forget to water the plants, remind me at 8" (the task ends at the comma:
    "remind" is the reminder's word, not the task's). A clause of other words stays in the
    value ("a trip to Paris, France")."""
    vocabulary = Vocabulary.of(spec)
    for separator in re.finditer(rf"[,;]\s*({WORD.pattern})", text[start:end]):
        word = separator.group(1).lower()
        if word not in GENERIC_WORDS and word not in FUNCTION_WORDS and vocabulary.explains(word):
            return start + separator.start()
    return end


def _without_slot_label(value: str, spec: InstructionSpec) -> str:
    """The value without the name of a typed slot that ends it as that slot's label: "buenos
    aires, date 24 April 2026" gives the city "buenos aires", not "buenos aires, date"."""
    label = _slot_label(spec)
    return value if label is None else _TRAILING_LINKS.sub("", label.sub("", value))


@lru_cache(maxsize=512)
def _slot_label(spec: InstructionSpec) -> re.Pattern[str] | None:
    """The typed slots' names as a value's trailing label (``None``: no such slot)."""
    names = sorted(
        {
            word
            for field, info in spec.arguments.model_fields.items()
            if slot_for(info.annotation).kind != "text"
            for word in field.lower().split("_")
            if word not in GENERIC_WORDS and word not in FUNCTION_WORDS
        }
    )
    if not names:
        return None
    return re.compile(rf"(?:[\s,;:]+(?:{'|'.join(map(re.escape, names))}))+$", re.IGNORECASE)


def _next_typed_value(text: str, start: int, spec: InstructionSpec) -> int:
    """Where the free text after ``start`` ends: before the first value of one of the
    instruction's date, time or choice slots ("to Lisbon for 3 September 2025": the city ends
    before the date), else at the end of the text. Numbers do not end it: "room 101"."""
    ends = [
        match.start()
        for slot in (slot_for(f.annotation, n) for n, f in spec.arguments.model_fields.items())
        if slot.kind == "choice" or slot.exact_shape
        for match in re.finditer(rf"(?<![\w]){slot.pattern}", text[start:], re.IGNORECASE)
        if match.start() > 0
    ]
    return start + min(ends) if ends else len(text)


@lru_cache(maxsize=512)
def _anchors(spec: InstructionSpec) -> frozenset[str]:
    """Word forms that stand right before a free-text slot in a phrasing of ``spec``."""
    fields = spec.arguments.model_fields
    found: set[str] = set()
    for example in spec.examples:
        for variant in template_variants(example):
            for (kind, value), (next_kind, slot) in pairwise(variant):
                if (
                    next_kind == "slot"
                    and slot in fields
                    and slot_for(fields[slot].annotation).kind == "text"
                    and kind == "word"
                ):
                    found.update(word_forms(value))
    return frozenset(found)

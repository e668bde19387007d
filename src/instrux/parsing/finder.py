"""Every number of a text, where it is and how it is written: :func:`find_numbers`.

A number counts when it stands on its own: not glued to a word or to a number before it
("s1", "3-5" is 3 and 5, not 3 and -5), written in digits, words, as an ordinal or a
percentage (:class:`NumberSpan`). Reading numbers is a language's business, so the finder
asks a :class:`NumberReader`; :data:`ENGLISH` (the patterns and parser of
:mod:`instrux.parsing.numbers`) is the only one today. Another language plugs in as one more
reader with the same :meth:`~NumberReader.find` (Chinese numerals through cn2an, French,
Spanish or German number words through text2num), passed as ``reader=``; callers keep
getting :class:`NumberSpan` values.

The cheaper, coarser digit patterns of fast paths and tokenizers are in
:mod:`instrux.parsing.digits`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Final, Literal, Protocol

from instrux.parsing.lists import NUMBER_ITEM_PATTERN
from instrux.parsing.numbers import (
    NUMBER_PATTERN,
    SIGN_WORDS,
    NumberKind,
    read_number,
)

__all__ = [
    "ENGLISH",
    "EnglishNumbers",
    "MinusAfterNumber",
    "NumberReader",
    "NumberSpan",
    "find_numbers",
]

# What a sign word right after a number is: "10 minus 8" is 10 and 8 with "operator" (the
# word is a subtraction), 10 and -8 with "sign" (every "minus 8" is a negative number).
MinusAfterNumber = Literal["operator", "sign"]


@dataclass(frozen=True, slots=True)
class NumberSpan:
    """One number of a text: its value, where it is (``text[start:end]``), how it is written."""

    value: int | float
    start: int
    end: int
    text: str
    kind: NumberKind

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


class NumberReader(Protocol):
    """Finds the numbers of text in one language."""

    @property
    def language(self) -> str:
        """The language it reads, as a BCP 47 tag ("en")."""
        ...

    def find(
        self, text: str, *, list_items: bool, minus_after_number: MinusAfterNumber
    ) -> list[NumberSpan]:
        """Every number of ``text`` standing on its own, in order; ``list_items``: as items of
        a list, each word number one item ("one two three" is three numbers, not 6)."""
        ...


_SIGN_WORD = re.compile(rf"(?:{'|'.join(sorted(SIGN_WORDS))})\s+", re.IGNORECASE)


@cache
def _standing_alone(list_items: bool) -> re.Pattern[str]:
    """A number (or a list item) with no word character or dot right before it and (a number)
    no word character after it. Compiled on first use: ~4 ms that ``import instrux`` and the
    template tier, which never call the finder, do not pay."""
    if list_items:
        return re.compile(rf"(?<![\w.]){NUMBER_ITEM_PATTERN}", re.IGNORECASE)
    return re.compile(rf"(?<![\w.]){NUMBER_PATTERN}(?![\w])", re.IGNORECASE)


class EnglishNumbers:
    """English numbers: digits, number words, ordinals, percentages, sign words."""

    @property
    def language(self) -> str:
        return "en"

    def find(
        self,
        text: str,
        *,
        list_items: bool = False,
        minus_after_number: MinusAfterNumber = "operator",
    ) -> list[NumberSpan]:
        pattern = _standing_alone(list_items)
        operator = minus_after_number == "operator"
        found: list[NumberSpan] = []
        at = 0
        while (match := pattern.search(text, at)) is not None:
            at = match.end()
            raw = match.group(0)
            sign = _SIGN_WORD.match(raw) if operator and found else None
            if sign is not None and not text[found[-1].end : match.start()].strip():
                at = match.start() + sign.end()  # "10 minus 8": read "8" after the operator
                continue
            try:
                value, kind = read_number(raw)
            except ValueError:
                continue  # the shape of a number that is none ("one two")
            found.append(NumberSpan(value, match.start(), match.end(), raw, kind))
        return found


ENGLISH: Final = EnglishNumbers()


def find_numbers(
    text: str,
    *,
    list_items: bool = False,
    minus_after_number: MinusAfterNumber = "operator",
    reader: NumberReader = ENGLISH,
) -> list[NumberSpan]:
    """Every number of ``text`` standing on its own, in order (see the module docstring)."""
    return reader.find(text, list_items=list_items, minus_after_number=minus_after_number)

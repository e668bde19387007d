"""List slots: ``list[int]``, ``list[Colour]``, ... filled from "1, 2 and 3" or "red and blue".

A list is one or more items of one scalar slot type (numbers, yes/no, choices) separated by
commas, "and" or spaces: "1, 2 and 3", "1, 2, and 3", "1 and 2 and 3", "1 2 3", "one, two and
three", "-1.5, 2e3 and 4". The template tier reads *normalised* text, where the commas between
words are gone, so a list refuses what it cannot read for sure instead of guessing:

- number items next to each other that could be one number: "twenty one", "two hundred",
  "one minus two" (write "twenty-one", "21" or "20, 1"); numbers in words are one word or
  hyphenated words in a list;
- a comma without a space after it: "1,2,3" (and "1,234" stays one number, 1234, as
  everywhere else in instrux);
- anything else that is neither an item nor a separator.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from instrux.parsing.numbers import LIST_ITEM_PATTERN, could_continue, parse_list_number

__all__ = ["NUMBER_ITEM_PATTERN", "SEPARATOR", "ListReader", "list_pattern", "number_list_reader"]

SEPARATOR = r"(?:\s*,\s+|\s+)(?:and\s+)?"
NUMBER_ITEM_PATTERN = rf"(?:{LIST_ITEM_PATTERN}(?!\w))"
_SEPARATOR_RE = re.compile(SEPARATOR, re.IGNORECASE)


def list_pattern(item_pattern: str) -> str:
    """The regular expression of a list whose items match ``item_pattern``."""
    return rf"(?:{item_pattern}(?:{SEPARATOR}{item_pattern})*)"


@dataclass(frozen=True, slots=True)
class ListReader:
    """Splits and parses one list slot's text; every method raises ``ValueError`` on refusal."""

    item: re.Pattern[str]
    parse_item: Callable[[str], Any]
    numbers: bool  # number items: refuse neighbours that could be one number

    def split(self, text: str) -> tuple[list[str], list[str]]:
        """The items and the separators between them."""
        items: list[str] = []
        gaps: list[str] = []
        at = 0
        while True:
            item = self.item.match(text, at)
            if item is None or item.end() == at:
                raise ValueError(f"{text[at:]!r} is not a list item")
            items.append(item.group(0))
            at = item.end()
            if at == len(text):
                return items, gaps
            gap = _SEPARATOR_RE.match(text, at)
            if gap is None:
                raise ValueError(f"{text[at:]!r} does not separate list items")
            gaps.append(gap.group(0))
            at = gap.end()

    def parse(self, text: str) -> list[Any]:
        items, gaps = self.split(text)
        if self.numbers:
            for left, gap, right in zip(items, gaps, items[1:], strict=False):
                if gap.isspace() and could_continue(left, right):
                    raise ValueError(
                        f"{left + ' ' + right!r} in a list could be one number or two; write "
                        "the numbers in digits or hyphenated words (twenty-one), with commas "
                        "between them"
                    )
        return [self.parse_item(item) for item in items]

    def unscored(self, text: str) -> int:
        """Characters of the separators, which do not count toward specificity.

        A list scores only its items, so for "add 1 and 2" a template with fixed slots
        ("add {a} and {b}", whose "and" is a literal) beats a list ("add {numbers}").
        """
        return sum(len(gap) for gap in self.split(text)[1])


def number_list_reader() -> ListReader:
    """The reader of a list of numbers."""
    item = re.compile(NUMBER_ITEM_PATTERN, re.IGNORECASE)
    return ListReader(item, parse_list_number, numbers=True)

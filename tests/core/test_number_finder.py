"""instrux.parsing's number finder (find_numbers) and its coarse digit patterns."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from instrux.parsing import NumberReader, NumberSpan, find_numbers
from instrux.parsing.digits import (
    DIGIT_GROUPS,
    DIGIT_RUNS,
    DIGIT_TOKEN,
    DIGITS_GLUED,
    LONE_DECIMAL,
    UNSIGNED_DECIMAL,
)
from instrux.parsing.finder import ENGLISH, MinusAfterNumber
from instrux.parsing.numbers import number_kind, parse_number


def _found(
    text: str, minus_after_number: MinusAfterNumber = "operator"
) -> list[tuple[str, int | float, str]]:
    found = find_numbers(text, minus_after_number=minus_after_number)
    return [(n.text, n.value, n.kind) for n in found]


def test_every_kind_with_where_it_is() -> None:
    text = "add twenty-one, 45%, minus 3.5 and 1,234 to the 8th"
    found = find_numbers(text)
    assert [(n.text, n.value, n.kind) for n in found] == [
        ("twenty-one", 21, "words"),
        ("45%", 0.45, "percent"),
        ("minus 3.5", -3.5, "digits"),
        ("1,234", 1234, "digits"),
        ("8th", 8, "ordinal"),
    ]
    assert all(text[n.start : n.end] == n.text and n.span == (n.start, n.end) for n in found)


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("s1 and x2", []),  # part of a word
        ("3-5", [("3", 3, "digits"), ("5", 5, "digits")]),  # a dash between is no sign
        ("one two", []),  # no one number: refused, not guessed
        ("what is 2.5.1", [("2.5", 2.5, "digits")]),
        ("-1.5e3 and inf", [("-1.5e3", -1500.0, "digits"), ("inf", float("inf"), "digits")]),
    ],
)
def test_only_numbers_standing_alone(text: str, numbers: list[tuple[str, float, str]]) -> None:
    assert _found(text) == numbers


def test_minus_after_a_number_is_an_operator_or_a_sign() -> None:
    assert _found("10 minus 8") == [("10", 10, "digits"), ("8", 8, "digits")]
    assert _found("10 minus 8", minus_after_number="sign") == [
        ("10", 10, "digits"),
        ("minus 8", -8, "digits"),
    ]
    assert _found("minus 8 plus 2") == [("minus 8", -8, "digits"), ("2", 2, "digits")]


def test_list_items_are_read_one_by_one() -> None:
    assert [n.value for n in find_numbers("one two three")] == []
    assert [n.value for n in find_numbers("one two three", list_items=True)] == [1, 2, 3]
    assert [n.value for n in find_numbers("twenty one")] == [21]
    assert [n.value for n in find_numbers("twenty one", list_items=True)] == [20, 1]


@pytest.mark.parametrize(
    ("text", "kind"),
    [("42", "digits"), ("\u22124", "digits"), ("12.5%", "percent"), ("third", "ordinal"),
     ("21st", "ordinal"), ("negative 2", "digits"), ("nan", "digits"), ("two hundred", "words")],
)  # fmt: skip
def test_number_kind_follows_parse_number(text: str, kind: str) -> None:
    parse_number(text)  # a number it reads
    assert number_kind(text) == kind


class _Digits:
    """A reader of another 'language': every run of digits, tens as words."""

    @property
    def language(self) -> str:
        return "x-test"

    def find(
        self, text: str, *, list_items: bool, minus_after_number: MinusAfterNumber
    ) -> list[NumberSpan]:
        return [NumberSpan(int(m.group()), m.start(), m.end(), m.group(), "digits")
                for m in DIGIT_RUNS.finditer(text)]  # fmt: skip


def test_another_reader_plugs_into_the_same_finder() -> None:
    reader: NumberReader = _Digits()
    assert ENGLISH.language == "en" and reader.language == "x-test"
    assert [n.value for n in find_numbers("s1 and 3-5", reader=reader)] == [1, 3, 5]


def test_the_finder_compiles_nothing_at_import() -> None:
    code = (
        "import re, instrux.parsing, instrux.parsing.finder as f;"
        "print(f._standing_alone.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


def test_digit_patterns_keep_their_edges() -> None:
    text = "1,234.5% of s1, 3:30, 8th and 2.5"
    assert DIGIT_RUNS.sub("#", text) == "#,#.#% of s#, #:#, #th and #.#"
    assert DIGIT_GROUPS.findall(text) == ["1,234.5%", "1", "3", "30", "8", "2.5"]
    assert [m.group() for m in LONE_DECIMAL.finditer(text)] == ["3", "30", "2.5"]
    assert [m.group() for m in LONE_DECIMAL.finditer("add 4 and 6.5")] == ["4", "6.5"]
    assert re.fullmatch(UNSIGNED_DECIMAL, "20.5") and not re.fullmatch(UNSIGNED_DECIMAL, "-2")
    assert re.findall(DIGIT_TOKEN, "1,000e3 2e3 .5%") == ["1,000", "3", "2e3", ".5%"]
    assert re.findall(DIGITS_GLUED, "at 3:30, 1,000.") == ["3:30,", "1,000."]

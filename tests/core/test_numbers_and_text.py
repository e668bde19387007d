from __future__ import annotations

import re

import pytest

from instrux import InvalidInputError
from instrux.parsing.numbers import (
    LIST_ITEM_PATTERN,
    NUMBER_PATTERN,
    could_continue,
    parse_list_number,
    parse_number,
    parse_number_words,
)
from instrux.parsing.text import check_input, decode_input, normalize

NUMBER = re.compile(rf"^{NUMBER_PATTERN}$", re.IGNORECASE)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3", 3),
        ("-3", -3),
        ("+7", 7),
        ("\u22124", -4),
        ("1,234", 1234),
        ("1,234,567.25", 1234567.25),
        ("3.5", 3.5),
        (".5", 0.5),
        ("2e3", 2000.0),
        ("-1.5E-2", -0.015),
        ("45%", 0.45),
        ("three", 3),
        ("twenty-one", 21),
        ("twenty one", 21),
        ("minus seven", -7),
        ("one hundred and five", 105),
        ("two thousand and six", 2006),
        ("three million four hundred thousand", 3_400_000),
        ("three point one four", 3.14),
        ("zero", 0),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert NUMBER.match(text), text
    parsed = parse_number(text)
    assert parsed == pytest.approx(value)
    assert type(parsed) is type(value)


@pytest.mark.parametrize("text", ["inf", "-infinity", "nan", "1e400"])
def test_non_finite_numbers_are_matched_so_validation_can_reject_them(text: str) -> None:
    assert NUMBER.match(text)
    value = parse_number(text)
    assert value != value or abs(value) == float("inf")


@pytest.mark.parametrize("text", ["three and five", "abc", "1,23", "--3"])
def test_not_one_number(text: str) -> None:
    assert not NUMBER.match(text)


LIST_ITEM = re.compile(rf"^{LIST_ITEM_PATTERN}$", re.IGNORECASE)


@pytest.mark.parametrize(
    ("text", "value"),
    [("3", 3), ("-1.5", -1.5), ("1,234", 1234), ("2e3", 2000.0), ("twenty-one", 21),
     ("minus seven", -7), ("five", 5)],
)  # fmt: skip
def test_list_items_are_one_number_each(text: str, value: float) -> None:
    assert LIST_ITEM.match(text)
    assert parse_list_number(text) == value


@pytest.mark.parametrize("text", ["twenty one", "one hundred", "three point five", "1 2"])
def test_space_separated_words_are_no_list_item(text: str) -> None:
    assert not LIST_ITEM.match(text)


@pytest.mark.parametrize("text", ["hundred", "thousand", "minus hundred"])
def test_a_scale_word_alone_is_no_list_item(text: str) -> None:
    with pytest.raises(ValueError, match="not a number on its own"):
        parse_list_number(text)


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [("twenty", "one", True), ("ninety", "nine", True), ("two", "hundred", True),
     ("5", "thousand", True), ("one", "minus two", True), ("twenty", "ten", False),
     ("one", "two", False), ("twenty-one", "two", False), ("20", "one", False),
     ("twenty", "zero", False)],
)  # fmt: skip
def test_could_continue(left: str, right: str, joined: bool) -> None:
    assert could_continue(left, right) is joined


def test_number_words_reject_unknown_words() -> None:
    with pytest.raises(ValueError, match="not a number word"):
        parse_number_words("three bananas")


@pytest.mark.parametrize("text", ["one point five hundred", "one point fifteen", "two point x"])
def test_words_after_point_are_single_digits(text: str) -> None:
    with pytest.raises(ValueError, match="after 'point'"):
        parse_number_words(text)
    assert parse_number_words("three point one four") == pytest.approx(3.14)


def test_a_decimal_that_is_no_number_is_refused_not_a_traceback() -> None:
    from instrux import Engine
    from instrux.schemas.errors import InstruxError

    with pytest.raises(InstruxError):
        Engine(load_entry_points=False).run("what is one point five hundred plus 2")


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("What is 3 plus 5?", "What is 3 plus 5"),
        ("  add   3,  and 5!! ", "add 3 and 5"),
        ("add 1,000 and 2.5.", "add 1,000 and 2.5"),
        ("shout 'Hello, World!' now", "shout 'Hello, World!' now"),
        ("what's 2 x 3", "what's 2 x 3"),
        ("time 8:30; ok", "time 8:30 ok"),
    ],
)
def test_normalize(text: str, normalized: str) -> None:
    assert normalize(text) == normalized


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("x" * 10_001, "too_long"),
        ("add 3\x00 and 5", "control_characters"),
        ("add \x1b[31m3", "control_characters"),
        ("bad \udcff byte", "invalid_utf8"),
        (b"bytes", "not_text"),
    ],
)
def test_check_input_rejects(text: object, reason: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        check_input(text)
    assert info.value.details["reason"] == reason
    assert info.value.code == "invalid_input"
    assert info.value.hint


def test_check_input_keeps_tabs_and_newlines_and_limit_is_configurable() -> None:
    assert check_input("  add 3\tand\n5  ") == "add 3\tand\n5"
    assert check_input("x" * 20, max_length=20) == "x" * 20
    with pytest.raises(InvalidInputError):
        check_input("x" * 21, max_length=20)


def test_decode_input() -> None:
    assert decode_input("añadir".encode()) == "añadir"
    with pytest.raises(InvalidInputError) as info:
        decode_input(b"add \xff\xfe 3")
    assert info.value.details["reason"] == "invalid_utf8"

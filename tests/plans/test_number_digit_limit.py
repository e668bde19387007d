"""The one number reader's digit limit (issue 23, finding 3): typed, never a ValueError."""

from __future__ import annotations

import pytest

from instrux import Engine, InvalidInputError
from instrux.parsing.numbers import MAX_NUMBER_DIGITS, parse_number, read_number
from instrux.plans.shapes import shape_of


def test_the_reader_refuses_a_number_over_the_limit_with_a_typed_error() -> None:
    assert parse_number("9" * MAX_NUMBER_DIGITS) == 10**MAX_NUMBER_DIGITS - 1
    for text in ("9" * (MAX_NUMBER_DIGITS + 1), "-" + "1" * (MAX_NUMBER_DIGITS + 1)):
        with pytest.raises(InvalidInputError) as caught:
            read_number(text)
        assert caught.value.details["reason"] == "number_too_long"


def test_shapes_read_numbers_with_the_reader() -> None:
    with pytest.raises(InvalidInputError):
        shape_of(f"add {'9' * (MAX_NUMBER_DIGITS + 1)} and 1")


def test_the_engine_answers_invalid_input() -> None:
    engine = Engine(load_entry_points=False, max_text_length=10_000)
    with pytest.raises(InvalidInputError):
        engine.run(f"add {'9' * (MAX_NUMBER_DIGITS + 1)} and 1")

"""Date slots, implied arguments in templates, number words and word forms."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import BaseModel

from instrux import Engine, InstructionSpec, InvalidSpecError
from instrux.parsing.dates import parse_date
from instrux.parsing.numbers import parse_number
from instrux.semantic.lexicon import word_forms
from instrux.semantic.roles import NUMBER, assign_numbers, phrasings
from instrux.templates.router import TemplateRouter


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2024-03-01", dt.date(2024, 3, 1)),
        ("2024/03/01", dt.date(2024, 3, 1)),
        ("1 March 2024", dt.date(2024, 3, 1)),
        ("1st of March 2024", dt.date(2024, 3, 1)),
        ("March 1st, 2024", dt.date(2024, 3, 1)),
        ("13/03/2024", dt.date(2024, 3, 13)),
        ("Dec 25", dt.date(2030, 12, 25)),  # a year left out is this year
    ],
)
def test_common_date_formats(text: str, date: dt.date) -> None:
    assert parse_date(text, today=dt.date(2030, 6, 1)) == date


def test_a_date_whose_day_and_month_could_swap_is_refused() -> None:
    with pytest.raises(ValueError, match="day/month or month/day"):
        parse_date("03/04/2024")
    with pytest.raises(ValueError, match="not a date"):
        parse_date("31/02/2024")


class Span(BaseModel):
    start: dt.date
    end: dt.date


def test_date_slots_in_templates() -> None:
    spec = InstructionSpec(
        name="dates.between", description="Days.", arguments=Span,
        examples=("days between {start} and {end}",),
    )  # fmt: skip
    call = TemplateRouter([spec]).route("days between 1 March 2024 and 2024-03-05", "t")
    assert call is not None
    assert call.arguments.model_dump() == {"start": dt.date(2024, 3, 1), "end": dt.date(2024, 3, 5)}


class Two(BaseModel):
    a: float
    b: float


def test_a_template_may_imply_an_argument() -> None:
    spec = InstructionSpec(
        name="demo.mul", description="Multiply.", arguments=Two,
        examples=("multiply {a} by {b}", "double {a}{b=2}"),
    )  # fmt: skip
    call = TemplateRouter([spec]).route("double 21", "double 21")
    assert call is not None and call.arguments.model_dump() == {"a": 21, "b": 2}


def test_an_implied_argument_must_name_a_field_and_fit_its_type() -> None:
    with pytest.raises(ValueError, match="not fields"):
        InstructionSpec(
            name="demo.x", description="X.", arguments=Two, examples=("double {a}{c=2}",)
        )
    spec = InstructionSpec(
        name="demo.y", description="Y.", arguments=Two, examples=("double {a}{b=two-ish}",)
    )
    with pytest.raises(InvalidSpecError, match="does not compile"):
        TemplateRouter([spec])


def test_number_words_that_are_no_one_number_are_refused() -> None:
    assert parse_number("twenty one") == 21 and parse_number("minus 8") == -8
    assert parse_number("8th") == 8 and parse_number("third") == 3
    for text in ("one two", "five twenty", "twenty thirty"):
        with pytest.raises(ValueError):
            parse_number(text)


def test_word_forms_meet_across_inflections() -> None:
    assert "add" in word_forms("added") and "sum" in word_forms("summed")
    assert "multiply" in word_forms("multiplied") and "square" in word_forms("squared")
    assert word_forms("root").isdisjoint(word_forms("square"))


def test_roles_follow_the_best_aligned_phrasing() -> None:
    spec = Engine(load_entry_points=False).registry.instruction("math.subtract").spec
    candidates = phrasings(spec, frozenset({"a", "b"}))
    words = ["take", "away", "#", "from", "#"]
    tokens = [word_forms(w) if w != "#" else frozenset({NUMBER}) for w in words]
    found = assign_numbers(candidates, tokens)
    assert found is not None and found[1] == {"b": 0, "a": 1}

"""Typed argument extraction after a semantic route."""

from __future__ import annotations

import enum
from typing import Literal

import pytest
from pydantic import BaseModel

from instrux import InstructionSpec, InvalidArgumentsError
from instrux.semantic.arguments import extract_arguments


class Unit(enum.Enum):
    KILOMETRE = "km"
    MILE = "mile"


class Convert(BaseModel):
    value: float
    unit: Unit


class Shout(BaseModel):
    text: str
    loud: bool = False


class Pick(BaseModel):
    colour: Literal["red", "green", "blue"]
    count: int = 1


CONVERT = InstructionSpec(
    name="units.convert",
    description="Convert.",
    arguments=Convert,
    examples=("convert {value} {unit}",),
)
SHOUT = InstructionSpec(
    name="text.shout",
    description="Shout.",
    arguments=Shout,
    examples=("shout {text}", "yell {text}"),
)
PICK = InstructionSpec(
    name="paint.pick", description="Pick.", arguments=Pick, examples=("pick {count} {colour}",)
)
SUBTRACT_SPEC = InstructionSpec(
    name="math.sub",
    description="Subtract.",
    arguments=type("Sub", (BaseModel,), {"__annotations__": {"a": int, "b": int}}),
    examples=("subtract {b} from {a}", "{a} minus {b}"),
)


def test_numbers_follow_the_nearest_examples_slot_order() -> None:
    assert extract_arguments(
        SUBTRACT_SPEC, "please take 4 off 10", "subtract {b} from {a}"
    ).model_dump() == {"a": 10, "b": 4}
    assert extract_arguments(SUBTRACT_SPEC, "10 take away 4", "{a} minus {b}").model_dump() == {
        "a": 10,
        "b": 4,
    }


def test_signs_glued_to_a_number_are_not_a_second_minus() -> None:
    assert extract_arguments(SUBTRACT_SPEC, "what is 10-4", "{a} minus {b}").model_dump() == {
        "a": 10,
        "b": 4,
    }
    assert extract_arguments(
        SUBTRACT_SPEC, "from -3 take twenty one", "{a} minus {b}"
    ).model_dump() == {"a": -3, "b": 21}


def test_enum_values_are_found_by_spelling_or_closeness() -> None:
    assert extract_arguments(CONVERT, "how far is 5 miles", None).model_dump() == {
        "value": 5.0,
        "unit": Unit.MILE,
    }
    assert (
        extract_arguments(CONVERT, "turn 3 kilometre into something", None).model_dump()["unit"]
        is Unit.KILOMETRE
    )
    assert extract_arguments(PICK, "i'd like the colour gren", None).model_dump() == {
        "colour": "green",
        "count": 1,
    }


def test_free_text_is_quoted_text_or_the_trailing_words() -> None:
    assert (
        extract_arguments(SHOUT, "please scream 'hello there'", None).model_dump()["text"]
        == "hello there"
    )
    assert (
        extract_arguments(SHOUT, "could you yell good morning everyone", None).model_dump()["text"]
        == "good morning everyone"
    )


def test_a_missing_required_argument_is_named() -> None:
    with pytest.raises(InvalidArgumentsError) as caught:
        extract_arguments(CONVERT, "convert kilometres please", "convert {value} {unit}")
    assert caught.value.argument == "value" and caught.value.instruction == "units.convert"
    with pytest.raises(InvalidArgumentsError) as caught:
        extract_arguments(PICK, "pick 3 of them", None)
    assert caught.value.argument == "colour"


def test_values_are_validated_by_the_argument_model() -> None:
    with pytest.raises(InvalidArgumentsError) as caught:
        extract_arguments(PICK, "pick 2.5 red ones", "pick {count} {colour}")
    assert caught.value.argument == "count"


class Route(BaseModel):
    origin: Unit
    destination: Unit


ROUTE = InstructionSpec(
    name="units.route",
    description="Two choices of one type.",
    arguments=Route,
    examples=("from {origin} to {destination}", "to {destination} from {origin}"),
)


def test_two_slots_of_one_type_take_two_mentions_in_template_order() -> None:
    forward = extract_arguments(ROUTE, "go from km to miles", "from {origin} to {destination}")
    assert (forward.origin, forward.destination) == (Unit.KILOMETRE, Unit.MILE)  # type: ignore[attr-defined]
    backward = extract_arguments(ROUTE, "to miles from km", "to {destination} from {origin}")
    assert (backward.origin, backward.destination) == (Unit.KILOMETRE, Unit.MILE)  # type: ignore[attr-defined]

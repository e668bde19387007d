"""Typed argument extraction after a semantic route."""

from __future__ import annotations

import enum
from typing import Annotated, Literal

import pytest
from pydantic import BaseModel, Field

from instrux import InstructionSpec, InvalidArgumentsError
from instrux.arithmetic.instructions import Number
from instrux.semantic.arguments import NotUnderstood, extract_arguments


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
    examples=("subtract {b} from {a}", "{a} minus {b}", "{a} - {b}"),
)


def test_roles_come_from_the_best_aligned_phrasing_not_the_nearest_example() -> None:
    assert extract_arguments(
        SUBTRACT_SPEC, "please subtract 4 from 10", "{a} minus {b}"
    ).model_dump() == {"a": 10, "b": 4}
    assert extract_arguments(SUBTRACT_SPEC, "10 minus 4", "subtract {b} from {a}").model_dump() == {
        "a": 10,
        "b": 4,
    }
    assert extract_arguments(SUBTRACT_SPEC, "from 10 subtract 4", None).model_dump() == {
        "a": 10,
        "b": 4,
    }


def test_signs_glued_to_a_number_are_not_a_second_minus() -> None:
    assert extract_arguments(SUBTRACT_SPEC, "what is 10-4", "{a} minus {b}").model_dump() == {
        "a": 10,
        "b": 4,
    }
    assert extract_arguments(
        SUBTRACT_SPEC, "from -3 subtract twenty one", "{a} minus {b}"
    ).model_dump() == {"a": -3, "b": 21}


def test_minus_after_a_number_is_the_operator_elsewhere_a_sign() -> None:
    assert extract_arguments(SUBTRACT_SPEC, "10 minus 4", None).model_dump() == {"a": 10, "b": 4}
    assert extract_arguments(SUBTRACT_SPEC, "subtract minus 4 from 10", None).model_dump() == {
        "a": 10,
        "b": -4,
    }


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("take 4 off 10", ["take", "off"]),
        ("is 10 greater than 4", ["greater", "than"]),
        ("10 minus 4 rounded", ["rounded"]),
    ],
)
def test_a_word_no_phrasing_explains_is_named_and_declined(text: str, named: list[str]) -> None:
    with pytest.raises(NotUnderstood) as caught:
        extract_arguments(SUBTRACT_SPEC, text, "{a} minus {b}")
    assert caught.value.what == named and caught.value.instruction == "math.sub"
    assert "not understood by math.sub" in str(caught.value)


def test_a_text_without_a_word_of_the_instruction_is_declined() -> None:
    with pytest.raises(NotUnderstood, match=r"no word of the text names what math\.sub does"):
        extract_arguments(SUBTRACT_SPEC, "what is 50% of 311", "{a} minus {b}")


def test_enum_values_are_found_by_spelling_or_closeness() -> None:
    assert extract_arguments(CONVERT, "please convert 5 miles", None).model_dump() == {
        "value": 5.0,
        "unit": Unit.MILE,
    }
    assert (
        extract_arguments(CONVERT, "convert 3 kilometre", None).model_dump()["unit"]
        is Unit.KILOMETRE
    )
    assert extract_arguments(PICK, "pick the colour gren", None).model_dump() == {
        "colour": "green",
        "count": 1,
    }


def test_free_text_is_quoted_text_or_the_trailing_words() -> None:
    assert (
        extract_arguments(SHOUT, "please yell 'hello there'", None).model_dump()["text"]
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
        extract_arguments(PICK, "pick 3 please", None)
    assert caught.value.argument == "colour"


def test_values_are_validated_by_the_argument_model() -> None:
    with pytest.raises(InvalidArgumentsError) as caught:
        extract_arguments(PICK, "pick 2.5 red", "pick {count} {colour}")
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
    forward = extract_arguments(ROUTE, "from km to miles", "from {origin} to {destination}")
    assert (forward.origin, forward.destination) == (Unit.KILOMETRE, Unit.MILE)  # type: ignore[attr-defined]
    backward = extract_arguments(ROUTE, "to miles from km", "to {destination} from {origin}")
    assert (backward.origin, backward.destination) == (Unit.KILOMETRE, Unit.MILE)  # type: ignore[attr-defined]


# --- more numbers than slots, lists, enums by name and value ----------------------------------


def test_a_number_more_than_the_slots_take_is_declined_not_dropped() -> None:
    with pytest.raises(NotUnderstood) as caught:
        extract_arguments(SUBTRACT_SPEC, "subtract 1, 2 and 3", "subtract {b} from {a}")
    assert caught.value.instruction == "math.sub" and caught.value.what == ["3"]
    assert "'3' is not used by math.sub" in str(caught.value)


class Repeat(BaseModel):
    text: str
    times: int = 1


REPEAT = InstructionSpec(
    name="text.repeat",
    description="Repeat.",
    arguments=Repeat,
    examples=("repeat {text} {times} times",),
)


def test_numbers_inside_free_text_are_not_left_over_or_taken() -> None:
    assert extract_arguments(
        REPEAT, "repeat 'call 911' 3 times", "repeat {text} {times} times"
    ).model_dump() == {"text": "call 911", "times": 3}
    assert extract_arguments(SHOUT, "yell room 101 now", None).model_dump()["text"] == (
        "room 101 now"
    )


class Total(BaseModel):
    numbers: Annotated[list[Number], Field(min_length=2)]


TOTAL = InstructionSpec(
    name="math.total",
    description="Sum.",
    arguments=Total,
    examples=("add {numbers}", "the sum of {numbers}"),
)


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("could you add 1, 2 and 3 for me", [1, 2, 3]),
        ("what is the sum of 1 and 2 and 3", [1, 2, 3]),
        ("sum: one, two and three", [1, 2, 3]),
        ("add -1.5, 2e3, and 4.", [-1.5, 2000.0, 4]),
        ("total of twenty, one and five", [20, 1, 5]),  # the commas are there to read
    ],
)
def test_a_list_slot_takes_the_numbers_of_the_text(text: str, numbers: list[float]) -> None:
    assert extract_arguments(TOTAL, text, "add {numbers}").model_dump() == {"numbers": numbers}


@pytest.mark.parametrize(
    "text",
    [
        "total 1, 2 and then multiply by 3",  # two groups of numbers, not one list
        "total twenty one and five",  # 21 and 5, or 20, 1 and 5?
        "total 1,2,3",
    ],
)
def test_a_list_slot_refuses_numbers_that_are_not_one_list(text: str) -> None:
    with pytest.raises(InvalidArgumentsError) as caught:
        extract_arguments(TOTAL, text, "add {numbers}")
    assert caught.value.argument == "numbers"
    assert "is not one list" in caught.value.reason


def test_a_list_is_validated_by_the_model() -> None:
    with pytest.raises(InvalidArgumentsError) as caught:
        extract_arguments(TOTAL, "total 5", "add {numbers}")
    assert caught.value.argument == "numbers"


class Round(BaseModel):
    numbers: list[float]
    places: int


ROUND = InstructionSpec(
    name="math.round_mean",
    description="Mean.",
    arguments=Round,
    examples=("average {numbers} to {places} places", "to {places} places average {numbers}"),
)


def test_number_slots_around_a_list_take_the_ends() -> None:
    assert extract_arguments(
        ROUND,
        "average 1.5, 2 and 4 to 2 places",
        "average {numbers} to {places} places",
    ).model_dump() == {"numbers": [1.5, 2.0, 4.0], "places": 2}
    assert extract_arguments(
        ROUND, "to 2 places, average 1.5, 2 and 4", "to {places} places average {numbers}"
    ).model_dump() == {"numbers": [1.5, 2.0, 4.0], "places": 2}


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


class Setting(BaseModel):
    level: Level
    size: Literal["small", "large"] = "small"
    units: list[Unit] = []


SETTING = InstructionSpec(
    name="demo.set",
    description="Set.",
    arguments=Setting,
    examples=("set {level} {size} in {units}",),
)


@pytest.mark.parametrize(
    ("text", "level"),
    [("set it low", Level.LOW), ("set HIGH", Level.HIGH), ("set level 2", Level.HIGH)],
)
def test_int_enums_match_by_name_and_value(text: str, level: Level) -> None:
    assert extract_arguments(SETTING, text, None).level is level  # type: ignore[attr-defined]


def test_lists_of_choices() -> None:
    found = extract_arguments(SETTING, "set low, large, in km and miles", None).model_dump()
    assert found == {"level": Level.LOW, "size": "large", "units": [Unit.KILOMETRE, Unit.MILE]}


def test_number_words_are_words_for_instructions_without_numbers() -> None:
    with pytest.raises(NotUnderstood) as caught:  # a word to explain, not a number left over
        extract_arguments(SHOUT, "shout 'hi' for that one", None)
    assert caught.value.what == ["one"]


class Mean(BaseModel):
    numbers: list[float]
    places: int = 2


MEAN = InstructionSpec(
    name="math.mean", description="Mean.", arguments=Mean, examples=("average {numbers}",)
)


def test_a_number_field_the_example_does_not_show_takes_no_number_of_the_list() -> None:
    assert extract_arguments(
        MEAN, "the average of 1, 2 and 3", "average {numbers}"
    ).model_dump() == {
        "numbers": [1.0, 2.0, 3.0],
        "places": 2,
    }
    with pytest.raises(InvalidArgumentsError):  # "to 4" is not part of the list
        extract_arguments(MEAN, "the average of 1, 2 and 3 to 4 places", "average {numbers}")

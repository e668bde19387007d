"""Slot types: which annotations text can fill, choices by name and value, lists."""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Annotated, Any, Literal, Optional

import pytest
from pydantic import BaseModel, Field

from instrux import InstructionSpec
from instrux.arithmetic.instructions import Number
from instrux.parsing.slots import SUPPORTED_TYPES, check_fillable, fillable, slot_for
from instrux.schemas.errors import InvalidSpecError


class Level(enum.IntEnum):
    LOW = 1
    HIGH_UP = 2


class Size(enum.StrEnum):
    SMALL = "s"
    LARGE = "l"


class Unit(enum.Enum):
    KILOMETRE = "km"
    MILE = "mi"


class Point(BaseModel):
    x: int


@dataclasses.dataclass
class Pair:
    a: int


def _spec(arguments: type[BaseModel], *examples: str) -> InstructionSpec:
    return InstructionSpec(
        name="demo.thing", description="d", arguments=arguments, examples=examples
    )


# --- check_fillable ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "annotation",
    [
        int, float, Decimal, int | float, Number, int | None, Annotated[int, Field(gt=0)],
        bool, str, bytes, Level, Size, Unit, Literal["a", "b"], Level | None,
        Optional[Level],  # noqa: UP045 - the typing spelling, as plugin authors write it
        list[int], list[Number], Annotated[list[Number], Field(min_length=2)], list[float] | None,
        Sequence[int], tuple[int, ...], list[Level], list[Literal["red", "blue"]], list[bool],
    ],
)  # fmt: skip
def test_fillable_annotations(annotation: Any) -> None:
    assert fillable(annotation), annotation


@pytest.mark.parametrize(
    "annotation",
    [
        list[str], list[list[int]], tuple[int, int], set[int], frozenset[int], dict[str, int],
        list, dict, Point, Pair, Point | None, int | list[str], Sequence[str],
    ],
)  # fmt: skip
def test_unfillable_annotations(annotation: Any) -> None:
    assert not fillable(annotation), annotation


def test_check_fillable_names_instruction_field_type_and_supported_types() -> None:
    class Args(BaseModel):
        points: list[tuple[int, int]]
        options: dict[str, int]
        label: str = ""

    with pytest.raises(InvalidSpecError) as caught:
        check_fillable(_spec(Args, "plot {points} as {label}", "plot {points} with {options}"))
    message = str(caught.value)
    assert "demo.thing" in message
    assert "'points' (list[tuple[int, int]])" in message
    assert "'options' (dict[str, int])" in message
    assert "'label'" not in message
    assert SUPPORTED_TYPES in message
    assert "make_call" in caught.value.hint


def test_check_fillable_refuses_a_model_argument() -> None:
    class Args(BaseModel):
        point: Point

    with pytest.raises(InvalidSpecError, match=r"'point' \(Point\)"):
        check_fillable(_spec(Args, "move to {point}"))


def test_check_fillable_accepts_unused_fields_and_supported_types() -> None:
    class Args(BaseModel):
        numbers: Annotated[list[Number], Field(min_length=2)]
        level: Level = Level.LOW
        extra: dict[str, int] = {}  # not a slot: given as JSON only

    check_fillable(_spec(Args, "add {numbers} at {level}"))
    check_fillable(_spec(Args))


# --- choices ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("annotation", "text", "value"),
    [
        (Level, "low", Level.LOW),
        (Level, "HIGH UP", Level.HIGH_UP),
        (Level, "lows", Level.LOW),
        (Level, "2", Level.HIGH_UP),
        (Level, "two", Level.HIGH_UP),
        (Size, "Large", Size.LARGE),
        (Size, "l", Size.LARGE),
        (Unit, "miles", Unit.MILE),
        (Unit, "KM", Unit.KILOMETRE),
        (Literal["red", "light blue"], "Light  Blue", "light blue"),
        (Literal[1, 2], "2", 2),
    ],
)
def test_choices_by_name_and_value(annotation: Any, text: str, value: Any) -> None:
    slot = slot_for(annotation)
    assert slot.kind == "choice"
    assert re.fullmatch(slot.pattern, text, re.IGNORECASE)
    parsed = slot.parse(text)
    assert parsed == value and type(parsed) is type(value)


@pytest.mark.parametrize(("annotation", "text"), [(Level, "3"), (Level, "11"), (Size, "x")])
def test_choices_refuse_other_values(annotation: Any, text: str) -> None:
    with pytest.raises(ValueError):
        slot_for(annotation).parse(text)


# --- lists ------------------------------------------------------------------------------------


NUMBERS = slot_for(Annotated[list[Number], Field(min_length=2)])


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1, 2 and 3", [1, 2, 3]),
        ("1, 2, and 3", [1, 2, 3]),
        ("1 2 and 3", [1, 2, 3]),  # "1, 2 and 3" after normalisation
        ("1 2 3", [1, 2, 3]),
        ("1 and 2 and 3", [1, 2, 3]),
        ("one, two and three", [1, 2, 3]),
        ("one two and three", [1, 2, 3]),
        ("-1.5, 2e3 and 4", [-1.5, 2000.0, 4]),
        ("twenty-one and minus five", [21, -5]),
        ("1,234 and 5", [1234, 5]),  # a thousands separator stays one
        ("50% and 7", [0.5, 7]),
        ("42", [42]),
    ],
)
def test_number_lists(text: str, value: list[float]) -> None:
    assert NUMBERS.kind == "list"
    assert re.fullmatch(NUMBERS.pattern, text, re.IGNORECASE)
    parsed = NUMBERS.parse(text)
    assert parsed == value and [type(v) for v in parsed] == [type(v) for v in value]


@pytest.mark.parametrize(
    "text",
    [
        "twenty one and five",  # 21 and 5, or 20, 1 and 5 with the commas folded away?
        "one hundred and two",  # "hundred" is no number on its own
        "two thousand five",
        "one minus two",  # a subtraction?
        "1,2,3",  # a comma in a list needs a space after it
        "10,500,20",
        "1 and",
        "1 and then 2",
        "three point five",
    ],
)
def test_number_lists_refuse_what_they_cannot_read_for_sure(text: str) -> None:
    with pytest.raises(ValueError):
        NUMBERS.parse(text)


def test_an_ambiguous_list_says_how_to_write_it() -> None:
    with pytest.raises(ValueError, match="'twenty one' in a list could be one number or two"):
        NUMBERS.parse("twenty one and five")


def test_list_separators_do_not_count_toward_specificity() -> None:
    assert NUMBERS.unscored is not None
    assert NUMBERS.unscored("1, 2 and 3") == len(", ") + len(" and ")
    assert slot_for(int).unscored is None  # fixed slots: no per-match work
    assert slot_for(str).unscored is len


@pytest.mark.parametrize(
    ("annotation", "text", "value"),
    [
        (list[Level], "low and high up", [Level.LOW, Level.HIGH_UP]),
        (list[Level], "1, two and lows", [Level.LOW, Level.HIGH_UP, Level.LOW]),
        (list[Literal["red", "light blue"]], "light blue, reds", ["light blue", "red"]),
        (tuple[Unit, ...], "km and miles", [Unit.KILOMETRE, Unit.MILE]),
        (list[bool], "yes, no and yes", [True, False, True]),
    ],
)
def test_choice_lists(annotation: Any, text: str, value: list[Any]) -> None:
    slot = slot_for(annotation)
    assert slot.kind == "list"
    assert re.fullmatch(slot.pattern, text, re.IGNORECASE)
    assert slot.parse(text) == value


def test_lists_of_text_stay_unfillable_text() -> None:
    assert slot_for(list[str]).kind == "text"

"""The template tier: phrasings, typed slots, specificity and ambiguity."""

from __future__ import annotations

import enum
from typing import Annotated, Literal

import pytest
from pydantic import BaseModel, Field

from instrux import AmbiguousInstructionError, Engine, InstructionSpec, InvalidArgumentsError
from instrux.arithmetic.instructions import Number
from instrux.parsing.text import normalize
from instrux.templates import TemplateRouter


@pytest.mark.parametrize(
    ("text", "instruction", "value"),
    [
        ("what is 3 plus 5", "math.add", 8),
        ("What is 3 plus 5?", "math.add", 8),
        ("WHAT IS 3   PLUS 5", "math.add", 8),
        ("add 3 and 5", "math.add", 8),
        ("add 3, and 5.", "math.add", 8),
        ("please add 3 to 5", "math.add", 8),
        ("the sum of 3 and 5", "math.add", 8),
        ("12 + 30", "math.add", 42),
        ("12+30", "math.add", 42),
        ("subtract 4 from 10", "math.subtract", 6),
        ("10 minus 4", "math.subtract", 6),
        ("10 - 4", "math.subtract", 6),
        ("10 - -4", "math.subtract", 14),
        ("the difference between 10 and 4", "math.subtract", 6),
        ("the product of 6 and 7", "math.multiply", 42),
        ("multiply 6 by 7", "math.multiply", 42),
        ("6 times 7", "math.multiply", 42),
        ("6 x 7", "math.multiply", 42),
        ("6 * 7", "math.multiply", 42),
        ("divide 100 by 4", "math.divide", 25),
        ("100 / 8", "math.divide", 12.5),
        ("100 ÷ 4", "math.divide", 25),
        ("2 to the power of 10", "math.power", 1024),
        ("2 ^ 10", "math.power", 1024),
        ("raise 3 to the power of 3", "math.power", 27),
        ("square of 12", "math.square", 144),
        ("what is the square of 12", "math.square", 144),
        ("12 squared", "math.square", 144),
        ("what's twenty-one times two", "math.multiply", 42),
        ("add 1,000 and 2.5", "math.add", 1002.5),
        ("add -3 and -4", "math.add", -7),
        ("add 1e3 and 50%", "math.add", 1000.5),
        ("add one hundred and five", "math.add", 105),
        ("add three and five", "math.add", 8),
        ("add 99999999999999999999 and 1", "math.add", 100000000000000000000),
    ],
)
def test_arithmetic_phrasings(
    python_engine: Engine, text: str, instruction: str, value: float
) -> None:
    result = python_engine.run(text)
    assert result.call.instruction == instruction
    assert result.call.route.tier == "template"
    assert result.value == pytest.approx(value)
    assert type(result.value) is type(value)


def test_route_explains_itself(engine: Engine) -> None:
    call = engine.parse("add 3 and 5")
    assert call.route.score == 1.0
    assert call.route.details["template"] == "add {a} and {b}"
    assert call.route.details["slots"] == {"a": "3", "b": "5"}
    assert "add {a} and {b}" in call.route.explanation
    assert call.arguments.model_dump() == {"a": 3, "b": 5}


class Unit(enum.Enum):
    KILOMETRE = "km"
    MILE = "mi"


class ConvertArgs(BaseModel):
    value: float
    unit: Unit
    exact: bool = False


class EchoArgs(BaseModel):
    text: str


class ColourArgs(BaseModel):
    colour: Literal["red", "green", "light blue"]


def _router(*specs: InstructionSpec) -> TemplateRouter:
    return TemplateRouter(specs)


def _spec(name: str, arguments: type[BaseModel], *examples: str) -> InstructionSpec:
    return InstructionSpec(name=name, description=name, arguments=arguments, examples=examples)


def _values(router: TemplateRouter, text: str) -> tuple[str, dict[str, object]]:
    call = router.route(text, text)
    assert call is not None, text
    return call.instruction, call.arguments.model_dump()


def test_enum_bool_literal_and_text_slots() -> None:
    router = _router(
        _spec("demo.convert", ConvertArgs, "convert {value} {unit} [exactly {exact}]"),
        _spec("demo.echo", EchoArgs, "echo {text}"),
        _spec("demo.paint", ColourArgs, "paint it {colour}"),
    )
    assert _values(router, "convert 5 km") == (
        "demo.convert",
        {"value": 5.0, "unit": Unit.KILOMETRE, "exact": False},
    )
    assert _values(router, "Convert 5 MI exactly yes")[1]["exact"] is True
    assert _values(router, "convert 2 kilometres")[1]["unit"] is Unit.KILOMETRE  # member name
    assert _values(router, "echo 'Hello, World!'") == ("demo.echo", {"text": "Hello, World!"})
    assert _values(router, "echo Keep The Case") == ("demo.echo", {"text": "Keep The Case"})
    assert _values(router, "paint it LIGHT  blue") == ("demo.paint", {"colour": "light blue"})
    assert router.route("paint it purple", "paint it purple") is None


def test_more_specific_template_wins_over_free_text() -> None:
    router = _router(
        _spec("demo.echo", EchoArgs, "say {text}"),
        _spec("demo.convert", ConvertArgs, "say {value} {unit}"),
    )
    assert _values(router, "say 5 km")[0] == "demo.convert"
    assert _values(router, "say hello there")[0] == "demo.echo"


def test_equally_specific_instructions_are_ambiguous() -> None:
    class Args(BaseModel):
        x: int

    router = _router(_spec("demo.one", Args, "do {x}"), _spec("demo.two", Args, "do {x}"))
    with pytest.raises(AmbiguousInstructionError) as info:
        router.route("do 3", "do 3")
    assert {c.instruction for c in info.value.candidates} == {"demo.one", "demo.two"}
    assert info.value.exit_code == 4


def test_argument_validation_names_the_argument() -> None:
    class Args(BaseModel):
        count: int

    router = _router(_spec("demo.count", Args, "count to {count}"))
    with pytest.raises(InvalidArgumentsError) as info:
        router.route("count to 2.5", "count to 2.5")
    assert info.value.argument == "count"
    assert info.value.details["instruction"] == "demo.count"


def test_alternatives_and_optionals_expand() -> None:
    router = _router(_spec("demo.echo", EchoArgs, "[please] (say|tell me) {text} [now]"))
    assert _values(router, "tell me a story now")[1] == {"text": "a story"}
    assert _values(router, "say hi")[1] == {"text": "hi"}


def test_near_misses_rank_similar_examples(engine: Engine) -> None:
    router = TemplateRouter(entry.spec for entry in engine.registry.instructions())
    text = "multiply the moon by the sun"
    assert router.route(text, text) is None
    misses = router.near_misses(text)
    assert misses[0].instruction == "math.multiply"
    assert misses[0].tier == "template"
    assert 0 < misses[0].score <= 1


# --- choices by name and value ----------------------------------------------------------------


class Level(enum.IntEnum):
    LOW = 1
    HIGH_UP = 2


class Size(enum.StrEnum):
    SMALL = "s"
    LARGE = "l"


class SettingArgs(BaseModel):
    level: Level
    size: Size = Size.SMALL
    colour: Literal["red", "light blue"] = "red"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("set level low", {"level": Level.LOW}),
        ("set level High Up", {"level": Level.HIGH_UP}),
        ("set level 2", {"level": Level.HIGH_UP}),
        ("set level two", {"level": Level.HIGH_UP}),  # an IntEnum still takes numbers
        ("set level 1 size large", {"level": Level.LOW, "size": Size.LARGE}),
        ("set level 1 size L", {"level": Level.LOW, "size": Size.LARGE}),
        ("set level lows in light blue", {"level": Level.LOW, "colour": "light blue"}),
    ],
)
def test_int_str_enum_and_literal_slots_by_name_and_value(
    text: str, expected: dict[str, object]
) -> None:
    router = _router(
        _spec("demo.set", SettingArgs, "set level {level} [size {size}] [in {colour}]")
    )
    name, values = _values(router, text)
    assert name == "demo.set"
    assert {k: values[k] for k in expected} == expected
    assert type(values["level"]) is Level


def test_int_enum_refuses_numbers_that_are_no_member() -> None:
    router = _router(_spec("demo.set", SettingArgs, "set level {level}"))
    assert router.route("set level 3", "set level 3") is None


# --- list slots -------------------------------------------------------------------------------


class SumArgs(BaseModel):
    numbers: Annotated[list[Number], Field(min_length=2)]


SUM = _spec("demo.sum", SumArgs, "add {numbers}", "[the] sum of {numbers}")


def _route(router: TemplateRouter, text: str) -> tuple[str, dict[str, object]]:
    call = router.route(normalize(text), text)
    assert call is not None, text
    return call.instruction, call.arguments.model_dump()


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("add 1, 2 and 3", [1, 2, 3]),
        ("add 1 2 3", [1, 2, 3]),
        ("add 1 and 2 and 3", [1, 2, 3]),
        ("add 1, 2, 3", [1, 2, 3]),
        ("Add one, two and three.", [1, 2, 3]),
        ("the sum of -1.5, 2e3 and 4", [-1.5, 2000.0, 4]),
        ("please calculate the sum of 1,000, 2 and 3 thanks", [1000, 2, 3]),
        ("what is the sum of twenty-one and 4?", [21, 4]),
    ],
)
def test_list_slots_fill_from_text(text: str, numbers: list[float]) -> None:
    assert _route(_router(SUM), text) == ("demo.sum", {"numbers": numbers})


@pytest.mark.parametrize(
    "text",
    ["add twenty one and five", "add one hundred and two", "add 1,2,3", "add 1 and then 2"],
)
def test_list_slots_refuse_text_they_cannot_read_for_sure(text: str) -> None:
    assert _router(SUM).route(normalize(text), text) is None


def test_list_length_constraints_are_validated() -> None:
    with pytest.raises(InvalidArgumentsError) as info:
        _route(_router(SUM), "add 5")
    assert info.value.argument == "numbers"


def test_fixed_slots_beat_a_list_and_a_list_takes_the_rest(engine: Engine) -> None:
    router = TemplateRouter([*(entry.spec for entry in engine.registry.instructions()), SUM])
    assert _route(router, "add 1 and 2") == ("math.add", {"a": 1, "b": 2})
    assert _route(router, "the sum of 3 and 5") == ("math.add", {"a": 3, "b": 5})
    assert _route(router, "add 1, 2 and 3") == ("demo.sum", {"numbers": [1, 2, 3]})
    call = router.route("add 1 2 and 3", "add 1, 2 and 3")
    assert call is not None
    assert call.route.details["specificity"] == len("add 1 2 and 3") - len(" ") - len(" and ")


def test_two_numbers_never_swallow_a_third(engine: Engine) -> None:
    router = TemplateRouter(entry.spec for entry in engine.registry.instructions())
    for text in ("add 1, 2 and 3", "1 + 2 + 3", "the sum of 1 and 2 and 3"):
        assert router.route(normalize(text), text) is None, text


def test_equally_specific_lists_are_ambiguous() -> None:
    other = _spec("demo.total", SumArgs, "add {numbers}")
    with pytest.raises(AmbiguousInstructionError) as info:
        _route(_router(SUM, other), "add 1, 2 and 3")
    assert {c.instruction for c in info.value.candidates} == {"demo.sum", "demo.total"}


def test_lists_of_choices_and_a_scalar_after_the_list() -> None:
    class MixArgs(BaseModel):
        colours: list[Literal["red", "light blue", "green"]]
        parts: int

    router = _router(_spec("demo.mix", MixArgs, "mix {colours} in {parts} parts"))
    assert _route(router, "mix red, light blue and green in 3 parts") == (
        "demo.mix",
        {"colours": ["red", "light blue", "green"], "parts": 3},
    )

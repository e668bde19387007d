"""The template tier: phrasings, typed slots, specificity and ambiguity."""

from __future__ import annotations

import enum
from typing import Literal

import pytest
from pydantic import BaseModel

from instrux import AmbiguousInstructionError, Engine, InstructionSpec, InvalidArgumentsError
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

"""Two-way contracts: calls, results and errors read back from their own JSON and still work."""

from __future__ import annotations

import json
from typing import Any

import pytest

from instrux import (
    Call,
    Engine,
    ErrorInfo,
    ExecuteRequest,
    InstruxError,
    InvalidArgumentsError,
    InvalidInputError,
    NoMatchError,
    RawArguments,
    Result,
    UnknownNameError,
)

# One text per built-in instruction (the engine fixture prefers the exact Python executors).
TEXTS = {
    "math.add": "add 2 and 3",
    "math.subtract": "subtract 4 from 10",
    "math.multiply": "6 times 7",
    "math.divide": "divide 10 by 4",
    "math.power": "2 ^ 10",
    "math.square": "square 9",
}


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_entry_points=False, prefer_executor_kind="python")


def test_every_builtin_instruction_has_a_text(engine: Engine) -> None:
    assert set(TEXTS) == {info.name for info in engine.instructions(plugin="instrux.arithmetic")}


@pytest.mark.parametrize("instruction", sorted(TEXTS))
def test_call_round_trips_and_the_read_back_call_executes(engine: Engine, instruction: str) -> None:
    original = engine.run(TEXTS[instruction])
    dumped = original.call.model_dump_json()

    plain = Call.model_validate_json(dumped)  # no registry: arguments kept raw, not lost
    assert isinstance(plain.arguments, RawArguments) and not plain.validated
    assert plain.arguments.model_dump() == original.call.arguments.model_dump()
    assert engine.execute(plain).value == original.value

    loaded = engine.load_call(dumped)  # with the registry: the instruction's own model
    assert type(loaded.arguments) is type(original.call.arguments)
    assert loaded == original.call
    assert engine.execute(loaded).value == original.value
    same = Call.model_validate(json.loads(dumped), context={"registry": engine.registry})
    assert same == loaded


@pytest.mark.parametrize("instruction", sorted(TEXTS))
def test_result_round_trips(engine: Engine, instruction: str) -> None:
    result = engine.run(TEXTS[instruction])
    back = Result.model_validate_json(
        result.model_dump_json(), context={"registry": engine.registry}
    )
    assert back == result
    assert engine.execute(back.call).value == result.value


@pytest.mark.parametrize(
    "error",
    [
        NoMatchError("book a table", []),
        InvalidArgumentsError("math.divide", "b", "division by zero is undefined"),
        UnknownNameError("instruction", "math.nope", ["math.add"]),
    ],
)
def test_error_round_trips_to_the_same_class(error: InstruxError) -> None:
    info = ErrorInfo.model_validate_json(error.to_info().model_dump_json())
    back = InstruxError.from_info(info)
    assert type(back) is type(error)
    assert back.to_info() == error.to_info()
    assert back.exit_code == error.exit_code


def test_a_raised_error_round_trips(engine: Engine) -> None:
    with pytest.raises(InvalidArgumentsError) as caught:
        engine.run("divide 1 by 0")
    back = InstruxError.from_info(json.loads(caught.value.to_info().model_dump_json()))
    assert isinstance(back, InvalidArgumentsError)
    assert (back.argument, back.instruction) == ("b", "math.divide")  # type: ignore[attr-defined]


def test_unknown_code_keeps_the_code() -> None:
    back = InstruxError.from_info(
        {"code": "from_the_future", "kind": "run", "message": "m", "hint": ""}
    )
    assert back.code == "from_the_future" and back.message == "m"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ("{not json", InvalidInputError),
        ('{"instruction": "math.nope", "arguments": {}}', UnknownNameError),
        ('{"instruction": "math.add", "arguments": {"a": 1}}', InvalidArgumentsError),
        ('{"instruction": "math.divide", "arguments": {"a": 1, "b": 0}}', InvalidArgumentsError),
        (
            '{"instruction": "math.add", "arguments": {"a": 1, "b": 2, "c": 3}}',
            InvalidArgumentsError,
        ),
        ('{"arguments": {"a": 1}}', InvalidInputError),
    ],
)
def test_bad_call_json_is_an_instrux_error(engine: Engine, data: str, error: type) -> None:
    with pytest.raises(error):
        engine.load_call(data)


def test_execute_on_bad_raw_arguments_is_an_instrux_error(engine: Engine) -> None:
    call = Call.model_validate_json('{"instruction": "math.add", "arguments": {"a": "x", "b": 1}}')
    with pytest.raises(InvalidArgumentsError) as caught:
        engine.execute(call)
    assert caught.value.argument == "a"


def test_execute_request_takes_json_arguments(engine: Engine) -> None:
    request = ExecuteRequest.model_validate_json(
        '{"instruction": "math.power", "arguments": {"base": 2, "exponent": 8}}'
    )
    result = engine.execute_request(request)
    assert result.value == 256 and result.call.route.tier == "direct"
    assert (
        engine.execute_request({"instruction": "math.add", "arguments": {"a": 1, "b": 2}}).value
        == 3
    )
    with pytest.raises(InvalidInputError):
        engine.execute_request({"instruction": "math.add", "args": {}})


def test_call_schema_is_one_discriminated_union(engine: Engine) -> None:
    schema = engine.call_schema()
    assert schema["discriminator"]["propertyName"] == "instruction"
    mapping: dict[str, Any] = schema["discriminator"]["mapping"]
    assert set(TEXTS) <= set(mapping)
    divide = schema["$defs"][mapping["math.divide"].split("/")[-1]]
    arguments = schema["$defs"][divide["properties"]["arguments"]["$ref"].split("/")[-1]]
    assert arguments["required"] == ["a", "b"]
    validated = engine.registry.call_adapter().validate_python(
        {"instruction": "math.square", "arguments": {"x": 3}}
    )
    assert validated.arguments.x == 3


def test_a_validator_hint_reaches_the_error(engine: Engine) -> None:
    with pytest.raises(InvalidArgumentsError) as caught:
        engine.make_call("math.divide", a=1, b=0)
    assert caught.value.hint == "Divide by a non-zero number."

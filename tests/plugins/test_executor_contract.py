"""The executor contract every kind shares: see the call, report details, decline, register."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from pydantic import BaseModel

import instrux
from instrux import (
    Call,
    DeclinedError,
    Engine,
    ExecutorSpec,
    InstructionSpec,
    InvalidSpecError,
    Output,
    PluginInfo,
)
from instrux.plugins import RegisterExecutor, RegisterInstruction


def make_engine(plugins: dict[str, object], **kwargs: Any) -> Engine:
    return Engine(plugins, load_entry_points=False, **kwargs)


def plugin_info(engine: Engine, name: str) -> PluginInfo:
    return next(info for info in engine.plugins() if info.name == name)


@instrux.executor("demo.echo", examples=["echo {words}"])
def echo(words: str, call: Call) -> Output[str]:
    """Echo the words, reporting the text and tier the call came from."""
    return Output(words, details={"text": call.text, "tier": call.route.tier})


class Echoes:
    @instrux.hookimpl
    def instrux_register_instructions(self, register: RegisterInstruction) -> None:
        register(echo)


def test_a_call_parameter_is_not_an_argument_and_receives_the_call() -> None:
    assert set(echo.spec.arguments.model_fields) == {"words"}
    assert echo.executor_spec.accepts_call
    result = make_engine({"echo": Echoes()}).run("echo 'hello there'")
    assert result.value == "hello there"
    assert result.details == {"text": "echo 'hello there'", "tier": "template"}


def test_batch_executors_get_the_calls_too() -> None:
    seen: list[str | None] = []

    def run_batch(arguments: Sequence[BaseModel], calls: Sequence[Call]) -> list[Output]:
        seen.extend(call.text for call in calls)
        return [Output(a.model_dump()["words"], {"batch": len(calls)}) for a in arguments]

    class Batched:
        @instrux.hookimpl
        def instrux_register_executors(self, register: RegisterExecutor) -> None:
            register(
                ExecutorSpec(
                    name="demo.echo.batched",
                    instructions=("demo.echo",),
                    priority=5,
                    accepts_call=True,
                    run=lambda arguments, call: arguments.model_dump()["words"],
                    run_batch=run_batch,
                )
            )

    engine = make_engine({"echo": Echoes(), "batched": Batched()})
    results = engine.run_many(["echo 'a'", "echo 'b'"])
    assert [r.value for r in results] == ["a", "b"]
    assert [r.details for r in results] == [{"batch": 2}, {"batch": 2}]
    assert seen == ["echo 'a'", "echo 'b'"]


class Picky:
    """A limited executor that declines long words: the Python one takes over."""

    @instrux.hookimpl
    def instrux_register_executors(self, register: RegisterExecutor) -> None:
        def run(arguments: BaseModel) -> str:
            words = arguments.model_dump()["words"]
            if len(words) > 5:
                raise DeclinedError("demo.echo", "only words of up to 5 letters")
            return words.upper()

        register(
            ExecutorSpec(name="demo.echo.picky", instructions=("demo.echo",), priority=9, run=run)
        )


def test_a_declining_executor_hands_the_call_to_the_next() -> None:
    engine = make_engine({"echo": Echoes(), "picky": Picky()})
    short = engine.run("echo 'hi'")
    assert (short.value, short.executor) == ("HI", "demo.echo.picky")
    long = engine.run("echo 'wonderful'")
    assert (long.value, long.executor) == ("wonderful", "demo.echo.python")
    assert long.details["declined"] == [
        {
            "executor": "demo.echo.picky",
            "code": "declined",
            "reason": "only words of up to 5 letters",
        }
    ]


def test_when_every_executor_declines_the_refusal_reaches_the_caller() -> None:
    class OnlyPicky:
        @instrux.hookimpl
        def instrux_register_instructions(self, register: RegisterInstruction) -> None:
            register(echo.spec)  # the instruction without its Python executor

    engine = make_engine({"echo": OnlyPicky(), "picky": Picky()})
    with pytest.raises(DeclinedError) as caught:
        engine.run("echo 'wonderful'")
    assert caught.value.exit_code == 6
    assert [d["executor"] for d in caught.value.details["declined"]] == ["demo.echo.picky"]


def test_out_of_range_is_a_declined_error() -> None:
    assert issubclass(instrux.OutOfRangeError, DeclinedError)


class Carrier:
    """Not an @instrux.executor function: any object carrying both specs registers."""

    def __init__(self) -> None:
        class Arguments(BaseModel):
            x: int

        self.spec = InstructionSpec(
            name="demo.triple",
            description="Triple x.",
            arguments=Arguments,
            examples=("thrice {x}",),
        )
        self.executor_spec = ExecutorSpec(
            name="demo.triple.python",
            instructions=("demo.triple",),
            run=lambda arguments: 3 * arguments.model_dump()["x"],
        )


def test_any_object_carrying_specs_registers() -> None:
    class Plugin:
        @instrux.hookimpl
        def instrux_register_instructions(self, register: RegisterInstruction) -> None:
            register(Carrier())

    engine = make_engine({"carrier": Plugin()})
    assert engine.run("thrice 4").value == 12
    assert plugin_info(engine, "carrier").executors == ["demo.triple.python"]


def test_something_without_specs_fails_its_plugin_by_name() -> None:
    class Plugin:
        @instrux.hookimpl
        def instrux_register_instructions(self, register: RegisterInstruction) -> None:
            register(object())

    info = plugin_info(make_engine({"odd": Plugin()}), "odd")
    assert info.status == "failed"
    assert "object" in (info.error or "") and "spec" in (info.error or "")


def test_explicit_argument_model_must_match_the_parameters() -> None:
    class Arguments(BaseModel):
        a: int

    with pytest.raises(InvalidSpecError) as caught:

        @instrux.executor("demo.bad", arguments=Arguments)
        def bad(a: int, b: int) -> int:
            return a + b

    assert "differ" in caught.value.message


@instrux.executor("demo.lookup", examples=["look up {table}"])
def lookup(table: dict[str, int]) -> int:
    """Sum a table (a dict can never be read from text)."""
    return sum(table.values())


@instrux.executor("demo.total", examples=["total of {numbers}"])
def total(numbers: list[int | float]) -> int | float:
    """Add up a list of numbers."""
    return sum(numbers)


def test_a_slot_type_text_cannot_fill_fails_the_plugin_at_registration() -> None:
    class Plugin:
        @instrux.hookimpl
        def instrux_register_instructions(self, register: RegisterInstruction) -> None:
            register(lookup)

    info = plugin_info(make_engine({"lookup": Plugin()}), "lookup")
    assert info.status == "failed"
    assert "table" in (info.error or "") and "dict" in (info.error or "")


def test_a_list_of_numbers_fills_from_text() -> None:
    class Plugin:
        @instrux.hookimpl
        def instrux_register_instructions(self, register: RegisterInstruction) -> None:
            register(total)

    engine = make_engine({"total": Plugin()}, disable_builtins=["semantic"])
    assert engine.run("total of 1, 2 and 3.5").value == 6.5
    assert engine.run("total of one, two and three").call.arguments.model_dump() == {
        "numbers": [1, 2, 3]
    }

"""A plugin can extend or take over every step, and a broken one cannot take instrux down.

Each test builds small plugins through the public API only (``instrux.hookimpl``,
``instrux.executor``, the specs and errors), as a third party would.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, Field, ValidationError

import instrux
from instrux import (
    Call,
    DuplicateRegistrationError,
    Engine,
    Execution,
    ExecutorError,
    ExecutorSpec,
    InvalidArgumentsError,
    InvalidSpecError,
    NoMatchError,
    PluginError,
    PluginInfo,
    RouteRequest,
)
from instrux.plugins import RegisterExecutor, RegisterInstruction


def make_engine(plugins: dict[str, object], **kwargs: Any) -> Engine:
    """An engine with built-ins and ``plugins`` only: installed entry points stay out.

    The exact Python executors are preferred so that values below are exact whichever other
    executors (ONNX, ...) built-ins register for ``math.*``.
    """
    return Engine(plugins, load_entry_points=False, prefer_executor_kind="python", **kwargs)


def plugin_info(engine: Engine, name: str) -> PluginInfo:
    return next(info for info in engine.plugins() if info.name == name)


@instrux.executor("demo.halve", examples=["chop {x} into two halves"])
def halve(x: float) -> float:
    """Halve a number."""
    return x / 2


class Halves:
    """A healthy plugin, to show that others keep working next to a broken one."""

    @instrux.hookimpl
    def instrux_register_instructions(self, register: RegisterInstruction) -> None:
        register(halve)


# --- register hooks ---------------------------------------------------------------------


class RaisesInRegister:
    @instrux.hookimpl
    def instrux_register_instructions(self, register: RegisterInstruction) -> None:
        register(halve)  # staged, then dropped: nothing of a failed plugin is committed
        raise ConnectionError("database unreachable")


def test_register_hook_that_raises_is_reported_by_name_and_left_out() -> None:
    engine = make_engine({"broken": RaisesInRegister()})
    info = plugin_info(engine, "broken")
    assert info.status == "failed"
    assert info.error is not None
    assert info.error.startswith("ConnectionError: database unreachable (at ")
    assert "test_plugin_isolation.py:" in info.error  # the line that raised
    assert info.instructions == []
    assert engine.run("add 3 and 5").value == 8
    # halve was registered before the crash, and is not kept.
    assert engine.instructions(prefix="demo.") == []


class FailsToStart:
    def __init__(self) -> None:
        raise ImportError("No module named 'torch'")


def test_plugin_that_cannot_be_created_is_reported_and_left_out() -> None:
    # A class plugin is instantiated by the host, as an entry point's module is imported:
    # both failures are caught the same way.
    engine = make_engine({"needs-torch": FailsToStart, "halves": Halves()})
    info = plugin_info(engine, "needs-torch")
    assert (info.status, info.error) == ("failed", "ImportError: No module named 'torch'")
    assert engine.run("chop 9 into two halves").value == 4.5


class RegistersNonsense:
    @instrux.hookimpl
    def instrux_register_instructions(self, register: RegisterInstruction) -> None:
        register("math.halve")  # type: ignore[arg-type]  # a name is not a spec


def test_plugin_registering_something_that_is_not_a_spec_is_reported() -> None:
    engine = make_engine({"sloppy": RegistersNonsense(), "halves": Halves()})
    info = plugin_info(engine, "sloppy")
    assert info.status == "failed" and info.error is not None and "str" in info.error
    assert engine.run("chop 9 into two halves").value == 4.5


class WrongHookSignature:
    @instrux.hookimpl
    def instrux_route(self, request: RouteRequest, mood: str) -> Call | None:
        return None


def test_plugin_whose_hook_does_not_match_the_spec_is_reported() -> None:
    engine = make_engine({"typo": WrongHookSignature()})
    info = plugin_info(engine, "typo")
    assert info.status == "failed" and info.error is not None and "mood" in info.error
    assert engine.run("add 3 and 5").value == 8


class RaisesRunErrorInRegister:
    @instrux.hookimpl
    def instrux_register_instructions(self, register: RegisterInstruction) -> None:
        raise InvalidArgumentsError("demo.halve", "x", "a run-time error in the wrong place")


def test_run_error_raised_in_register_hook_fails_only_that_plugin() -> None:
    engine = make_engine({"confused": RaisesRunErrorInRegister()})
    assert plugin_info(engine, "confused").status == "failed"
    assert engine.run("add 3 and 5").value == 8


class NoExecutorAfterAll:
    @instrux.hookimpl
    def instrux_register_instructions(self, register: RegisterInstruction) -> None:
        register(halve.spec)

    @instrux.hookimpl
    def instrux_register_executors(self, register: RegisterExecutor) -> None:
        raise RuntimeError("model file missing")


def test_plugin_failing_in_executor_hook_leaves_no_instructions_behind() -> None:
    engine = make_engine({"half-done": NoExecutorAfterAll()})
    assert plugin_info(engine, "half-done").status == "failed"
    assert engine.instructions(prefix="demo.") == []


# --- route hook -------------------------------------------------------------------------


class CrashingTier:
    def __init__(self) -> None:
        self.calls = 0

    @instrux.hookimpl(tryfirst=True)  # runs before the template tier, so it really is hit
    def instrux_route(self, request: RouteRequest) -> Call | None:
        self.calls += 1
        raise ValueError("tier exploded")


def test_route_hook_that_raises_does_not_hide_other_tiers() -> None:
    tier = CrashingTier()
    engine = make_engine({"crashing": tier})
    assert engine.run("add 3 and 5").value == 8
    assert tier.calls == 1


def test_when_nothing_matches_the_error_names_the_crashed_tier(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # No instructions at all: no other tier (exact or fuzzy) can match, whatever the text.
    monkeypatch.setenv("INSTRUX_DISABLE_BUILTINS", "arithmetic,llm")
    engine = make_engine({"crashing": CrashingTier()})
    assert engine.instructions() == []
    with pytest.raises(PluginError) as caught:
        engine.run("make me a sandwich")
    assert (caught.value.plugin, caught.value.hook) == ("crashing", "instrux_route")
    assert "ValueError: tier exploded" in caught.value.message
    assert caught.value.code == "plugin_failed"


# --- execute hooks ----------------------------------------------------------------------


class ExplodesOnDivide:
    @instrux.hookimpl
    def instrux_execute(self, call: Call) -> Execution | None:
        if call.instruction == "math.divide":
            raise RuntimeError("GPU fell off")
        return None


def test_execute_hook_that_raises_is_a_plugin_error_and_engine_stays_usable() -> None:
    engine = make_engine({"exploding": ExplodesOnDivide()})
    with pytest.raises(PluginError) as caught:
        engine.run("divide 8 by 2")
    assert (caught.value.plugin, caught.value.hook) == ("exploding", "instrux_execute")
    assert engine.run("add 3 and 5").value == 8
    with pytest.raises(PluginError):  # no state was corrupted: the same call fails the same way
        engine.run("divide 8 by 2")


def test_executor_that_raises_is_an_executor_error_naming_it() -> None:
    @instrux.executor("demo.crash", examples=["crash now"])
    def crash() -> int:
        """Always fails."""
        raise KeyError("missing")

    class Crashes:
        @instrux.hookimpl
        def instrux_register_instructions(self, register: RegisterInstruction) -> None:
            register(crash)

    engine = make_engine({"crashes": Crashes()})
    with pytest.raises(ExecutorError) as caught:
        engine.run("crash now")
    assert (caught.value.executor, caught.value.plugin) == ("demo.crash.python", "crashes")
    assert engine.run("add 3 and 5").value == 8


class TableAdd:
    """Takes over math.add only; everything else falls through to the default dispatcher."""

    def __init__(self, value: object = None) -> None:
        self.value = value

    @instrux.hookimpl
    def instrux_execute(self, call: Call) -> Execution | None:
        if call.instruction != "math.add":
            return None
        args = call.arguments.model_dump()
        value = args["a"] + args["b"] if self.value is None else self.value
        return Execution(value=value, executor="table.add", executor_kind="table", plugin="table")


def test_execute_override_takes_over_one_instruction() -> None:
    engine = make_engine({"table": TableAdd()})
    result = engine.run("add 3 and 5")
    assert (result.value, result.executor, result.executor_kind) == (8, "table.add", "table")
    assert result.plugin == "table"
    assert engine.run("multiply 3 by 5").executor == "math.multiply.python"
    # run_many goes through instrux_execute_many, which this plugin does not implement.
    assert engine.run_many(["add 3 and 5"])[0].executor == "math.add.python"


def test_execute_override_is_still_checked_against_the_result_type() -> None:
    engine = make_engine({"table": TableAdd(value="eight")})
    with pytest.raises(ExecutorError) as caught:
        engine.run("add 3 and 5")
    assert caught.value.executor == "table.add"


class TwoDecimals:
    @instrux.hookimpl(wrapper=True)
    def instrux_execute(self, call: Call) -> Generator[None, Execution | None, Execution | None]:
        execution = yield
        if execution is not None and isinstance(execution.value, float):
            execution.value = round(execution.value, 2)
        return execution

    @instrux.hookimpl(wrapper=True)
    def instrux_execute_many(
        self, calls: Sequence[Call]
    ) -> Generator[None, list[Execution] | None, list[Execution] | None]:
        executions = yield
        for execution in executions or []:
            if isinstance(execution.value, float):
                execution.value = round(execution.value, 2)
        return executions


def test_wrapper_can_filter_the_value() -> None:
    engine = make_engine({"round": TwoDecimals()})
    assert engine.run("divide 10 by 3").value == 3.33
    assert engine.run("add 3 and 5").value == 8  # ints pass untouched
    assert [r.value for r in engine.run_many(["divide 2 by 3", "2 / 4"])] == [0.67, 0.5]
    assert make_engine({}).run("divide 10 by 3").value == 10 / 3  # without the filter


class SeesErrors:
    def __init__(self) -> None:
        self.outcomes: list[str] = []

    @instrux.hookimpl(wrapper=True)
    def instrux_execute(self, call: Call) -> Generator[None, Execution | None, Execution | None]:
        try:
            execution = yield
        except InvalidArgumentsError as err:
            self.outcomes.append(err.code)
            raise
        self.outcomes.append("ok")
        return execution


def test_wrapper_sees_executor_errors_and_they_still_reach_the_caller() -> None:
    watcher = SeesErrors()
    engine = make_engine({"watcher": watcher})
    engine.run("add 3 and 5")
    with pytest.raises(InvalidArgumentsError):
        engine.run("10.5 ^ 400")  # overflows a float in the executor
    assert watcher.outcomes == ["ok", "invalid_arguments"]


# --- registration -----------------------------------------------------------------------


def _echo_plugin(name: str) -> object:
    """A plugin registering one instruction called ``name`` (halve's spec, renamed)."""
    spec = halve.spec.model_copy(update={"name": name, "examples": ()})

    class Echo:
        @instrux.hookimpl
        def instrux_register_instructions(self, register: RegisterInstruction) -> None:
            register(spec)

    return Echo()


def _refused_conflict(engine: Engine) -> DuplicateRegistrationError:
    """A conflict lets the engine start and list, but every run refuses with it."""
    assert engine.instructions() and engine.plugins()
    with pytest.raises(DuplicateRegistrationError) as caught:
        engine.run("add 2 and 3")
    with pytest.raises(DuplicateRegistrationError):
        engine.parse("add 2 and 3")
    assert engine.conflicts == [caught.value]
    return caught.value


def test_duplicate_instruction_names_both_plugins() -> None:
    engine = make_engine({"first": _echo_plugin("demo.same"), "second": _echo_plugin("demo.same")})
    conflict = _refused_conflict(engine)
    for name in ("first", "second"):
        assert plugin_info(engine, name).conflicts == [conflict.message]
    # Register hooks run in pluggy call order (last registered first): assert the pair.
    assert sorted(conflict.details["plugins"]) == ["first", "second"]
    assert conflict.details["name"] == "demo.same"
    assert "'first'" in conflict.message and "'second'" in conflict.message


def test_duplicate_of_a_builtin_names_the_builtin() -> None:
    conflict = _refused_conflict(make_engine({"impostor": _echo_plugin("math.add")}))
    assert sorted(conflict.details["plugins"]) == ["impostor", "instrux.arithmetic"]


def _add(arguments: BaseModel) -> int | float:
    values = arguments.model_dump()
    return values["a"] + values["b"]  # type: ignore[no-any-return]


def test_duplicate_executor_names_both_plugins() -> None:
    def executor_plugin() -> object:
        class AddsExecutor:
            @instrux.hookimpl
            def instrux_register_executors(self, register: RegisterExecutor) -> None:
                register(ExecutorSpec(name="demo.add", instructions=("math.add",), run=_add))

        return AddsExecutor()

    details = _refused_conflict(
        make_engine({"one": executor_plugin(), "two": executor_plugin()})
    ).details
    assert (details["what"], details["name"]) == ("executor", "demo.add")
    assert sorted(details["plugins"]) == ["one", "two"]


# --- @instrux.executor ------------------------------------------------------------------


@instrux.executor("demo.greet", examples=["greet {name} [{times} times] [loudly {loud}]"])
def greet(name: str, times: Annotated[int, Field(ge=1, le=5)] = 1, loud: bool = False) -> str:
    """Greet someone by name.

    A second paragraph that is not part of the description.
    """
    greeting = " ".join([f"hello {name}"] * times)
    return greeting.upper() if loud else greeting


def test_executor_derives_the_argument_model_from_the_signature() -> None:
    model = greet.spec.arguments
    fields = model.model_fields
    assert list(fields) == ["name", "times", "loud"]
    assert [f.is_required() for f in fields.values()] == [True, False, False]
    assert (fields["times"].default, fields["loud"].default) == (1, False)
    assert (fields["name"].annotation, fields["times"].annotation) == (str, int)
    schema = model.model_json_schema()
    assert schema["required"] == ["name"]
    times = schema["properties"]["times"]
    assert (times["minimum"], times["maximum"]) == (1, 5)
    assert model(name="Ann").model_dump() == {"name": "Ann", "times": 1, "loud": False}
    for bad in ({"times": 2}, {"name": "Ann", "times": 9}, {"name": "Ann", "mood": "sunny"}):
        with pytest.raises(ValidationError):
            model(**bad)


def test_executor_derives_description_result_and_executor_spec() -> None:
    assert greet.spec.description == "Greet someone by name."
    assert greet.spec.result_type is str
    assert greet.executor_spec.name == "demo.greet.python"
    assert greet.executor_spec.instructions == ("demo.greet",)
    assert greet("Bo", 2) == "hello Bo hello Bo"  # still a plain function
    assert greet.executor_spec.run(greet.spec.arguments(name="Bo", loud=True)) == "HELLO BO"


def test_executor_function_routes_with_its_typed_slots() -> None:
    class Greets:
        @instrux.hookimpl
        def instrux_register_instructions(self, register: RegisterInstruction) -> None:
            register(greet)

    engine = make_engine({"greets": Greets()})
    assert engine.run("greet 'Ann' 2 times loudly yes").value == "HELLO ANN HELLO ANN"
    assert engine.run("greet 'Ann'").value == "hello Ann"
    with pytest.raises(InvalidArgumentsError) as caught:
        engine.run("greet 'Ann' 9 times")
    assert caught.value.argument == "times"


def test_executor_rejects_signatures_it_cannot_type() -> None:
    def untyped(x):  # type: ignore[no-untyped-def]
        return x

    def variadic(*numbers: int) -> int:
        return sum(numbers)

    def unknown_slot(x: int) -> int:
        return x

    with pytest.raises(InvalidSpecError, match="no type annotation"):
        instrux.executor("demo.untyped")(untyped)
    with pytest.raises(InvalidSpecError, match=r"\*args"):
        instrux.executor("demo.variadic")(variadic)
    with pytest.raises(InvalidSpecError, match="not fields"):
        instrux.executor("demo.slot", examples=["use {y}"])(unknown_slot)


# --- built-ins can be switched off --------------------------------------------------------


@pytest.mark.parametrize("value", ["arithmetic", "instrux.arithmetic", "all"])
def test_disable_builtins_env_removes_math(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("INSTRUX_DISABLE_BUILTINS", value)
    engine = make_engine({})
    assert engine.instructions(prefix="math.") == []
    assert plugin_info(engine, "instrux.arithmetic").status == "disabled"
    with pytest.raises(NoMatchError):
        engine.run("add 3 and 5")


def test_disable_builtins_argument_removes_math() -> None:
    engine = make_engine({}, disable_builtins=["arithmetic"])
    assert engine.instructions(prefix="math.") == []
    assert plugin_info(engine, "instrux.arithmetic").status == "disabled"


def test_disable_builtins_keeps_the_other_builtins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSTRUX_DISABLE_BUILTINS", "arithmetic")
    engine = make_engine({"halves": Halves()})
    status = {info.name: info.status for info in engine.plugins() if info.source == "builtin"}
    assert status["instrux.arithmetic"] == "disabled"
    # Every other built-in (including ones added later) still loads.
    assert {name for name, state in status.items() if state != "loaded"} == {"instrux.arithmetic"}
    assert engine.run("chop 5 into two halves").value == 2.5

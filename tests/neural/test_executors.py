"""The ONNX sub-network executors behind the built-in arithmetic, against the Python reference."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pydantic import BaseModel

import instrux
from instrux import DeclinedError, Engine, InvalidArgumentsError, OutOfRangeError, Settings
from instrux.arithmetic import plugin as neural_plugin
from instrux.arithmetic.executor import NeuralArithmetic
from instrux.runtime import ArtifactError

from .conftest import SHIPPED

EXACT = 2**53
SEED_CASES = 300


def test_the_issue_examples(onnx_engine: Engine) -> None:
    added = onnx_engine.run("add 123456 and 654321")
    assert added.value == 777777 and isinstance(added.value, int)
    assert (added.executor, added.executor_kind, added.plugin) == (
        "math.add.onnx",
        "onnx",
        "instrux.neural",
    )
    product = onnx_engine.run("multiply 123456 by 789")
    assert product.value == 97406784 and product.executor == "math.multiply.onnx"


def test_onnx_executors_are_the_default_and_python_stays_available() -> None:
    engine = Engine(load_entry_points=False)
    for name in ("add", "subtract", "multiply", "divide", "power", "square"):
        info = engine.instruction(f"math.{name}")
        assert info.executor == f"math.{name}.onnx"
        assert f"math.{name}.python" in {e.name for e in info.executors}
    assert Engine(load_entry_points=False, prefer_executor_kind="python").run(
        "2 plus 2"
    ).executor == ("math.add.python")


def _operands(instruction: str, rng: np.random.Generator) -> dict[str, int | float]:
    """Random operands of mixed types, inside the executors' exact range."""
    kind = rng.integers(3)  # 0: small ints, 1: large ints, 2: floats

    def number(limit: float) -> int | float:
        if kind == 2:
            return float(rng.uniform(-limit, limit))
        return int(rng.integers(-int(limit), int(limit) + 1))

    if instruction == "math.square":
        return {"x": number(1e7 if kind == 1 else 1e3)}
    if instruction == "math.power":
        base = number(1e3 if kind == 1 else 30)
        exponent = int(rng.integers(-4, 6))
        return {"base": base if base else 2, "exponent": exponent}
    if instruction == "math.multiply":
        return {"a": number(9e7 if kind == 1 else 1e4), "b": number(9e7 if kind == 1 else 1e4)}
    limit = 1e15 if kind == 1 else 1e6
    a, b = number(limit), number(limit)
    if instruction == "math.divide":
        b = b or 7
        if kind != 2 and rng.random() < 0.5:
            a = b * int(rng.integers(-1000, 1000))  # exact quotients come back as ints
    return {"a": a, "b": b}


def _run(engine: Engine, instruction: str, args: dict[str, int | float]) -> object:
    try:
        return engine.execute(engine.make_call(instruction, **args)).value
    except InvalidArgumentsError as err:
        return ("error", err.argument)


@pytest.mark.parametrize(
    "instruction",
    ["math.add", "math.subtract", "math.multiply", "math.divide", "math.power", "math.square"],
)
def test_onnx_matches_the_reference_on_random_operands(
    onnx_engine: Engine, reference_engine: Engine, instruction: str
) -> None:
    rng = np.random.default_rng(1234)
    for _ in range(SEED_CASES):
        args = _operands(instruction, rng)
        want = _run(reference_engine, instruction, args)
        if any(isinstance(v, int) and abs(v) >= EXACT for v in (*args.values(), want)):
            continue  # beyond the documented exact range (checked below)
        got = _run(onnx_engine, instruction, args)
        assert type(got) is type(want), (instruction, args, got, want)
        if isinstance(want, float):
            # divide computes a * (1 / b): two roundings, so up to two ulps from a / b
            assert math.isclose(got, want, rel_tol=4.5e-16, abs_tol=0.0), (args, got, want)  # type: ignore[arg-type]
        else:
            assert got == want, (instruction, args)


def test_add_and_multiply_are_bit_identical_to_the_reference_on_floats(
    onnx_engine: Engine, reference_engine: Engine
) -> None:
    rng = np.random.default_rng(7)
    for a, b in rng.uniform(-1e9, 1e9, (200, 2)).tolist():
        for name in ("math.add", "math.subtract", "math.multiply"):
            assert _run(onnx_engine, name, {"a": a, "b": b}) == _run(
                reference_engine, name, {"a": a, "b": b}
            )


@pytest.mark.parametrize(
    ("text", "argument"),
    [
        ("divide 5 by 0", "b"),
        ("0 to the power of -2", "exponent"),
        ("-8 to the power of 0.5", "exponent"),
        ("10 to the power of 20000", "exponent"),
    ],
)
def test_domain_errors_come_from_the_argument_models_for_every_executor(
    onnx_engine: Engine, reference_engine: Engine, text: str, argument: str
) -> None:
    # The rules live on DivideArguments / PowerArguments: both engines refuse while parsing,
    # before either executor is chosen.
    for engine in (onnx_engine, reference_engine):
        with pytest.raises(InvalidArgumentsError) as caught:
            engine.parse(text)
        assert caught.value.argument == argument
        with pytest.raises(InvalidArgumentsError):
            engine.run(text)


def test_the_executor_itself_only_declines_what_its_net_cannot_compute(
    onnx_engine: Engine,
) -> None:
    class Pair(BaseModel):  # unvalidated operands, as a direct caller might pass them
        a: int | float
        b: int | float

    class Power(BaseModel):
        base: int | float
        exponent: int | float

    divide = NeuralArithmetic("math.divide", SHIPPED / "divide")
    with pytest.raises(OutOfRangeError, match="too large for a 64-bit float"):
        divide.run(Pair(a=5, b=0))  # inf from the net: declined, never returned
    power = NeuralArithmetic("math.power", SHIPPED / "power")
    with pytest.raises(OutOfRangeError, match="whole-number exponents"):
        power.run(Power(base=-8, exponent=0.5))  # the net's sign rule would be wrong
    assert isinstance(OutOfRangeError("math.add", "a", "x"), DeclinedError)


@pytest.mark.parametrize(
    "text",
    [
        "multiply 123456789 by 987654321",
        "2 to the power of 60",
        f"add {2**53} and 1",
        "9007199254740991 plus 1",
    ],
)
def test_beyond_the_exact_range_falls_back_to_the_exact_executor(
    onnx_engine: Engine, reference_engine: Engine, text: str
) -> None:
    call = onnx_engine.parse(text)
    net = onnx_engine.registry.chosen_executor(call.instruction)
    assert net is not None and net.spec.kind == "onnx"
    with pytest.raises(OutOfRangeError) as caught:  # the net alone declines...
        net.spec.run(call.arguments)
    assert "exact range" in caught.value.reason
    assert "--executor-kind python" in caught.value.hint
    result = onnx_engine.run(text)  # ...and the dispatcher falls back to the reference
    assert result.executor_kind == "python"
    assert result.value == reference_engine.run(text).value


def test_overflow_is_the_reference_error(onnx_engine: Engine, reference_engine: Engine) -> None:
    for engine in (onnx_engine, reference_engine):
        with pytest.raises(InvalidArgumentsError, match="too large for a 64-bit float"):
            engine.execute(engine.make_call("math.multiply", a=1e200, b=1e200))


def test_the_conditioned_net_does_add_and_subtract(onnx_engine: Engine) -> None:
    rng = np.random.default_rng(3)
    add = onnx_engine.registry.executor("math.add.onnx_conditioned").spec
    subtract = onnx_engine.registry.executor("math.subtract.onnx_conditioned").spec
    for a, b in rng.integers(-(10**12), 10**12, (100, 2)).tolist():
        assert add.run(onnx_engine.make_call("math.add", a=a, b=b).arguments) == a + b
        assert subtract.run(onnx_engine.make_call("math.subtract", a=a, b=b).arguments) == a - b


def test_a_corrupted_artifact_names_the_file_through_the_engine(artifacts_copy: Path) -> None:
    model = artifacts_copy / "adder" / "model.onnx"
    model.write_bytes(model.read_bytes()[:-3] + b"xyz")
    engine = Engine(settings=Settings(arithmetic_artifacts=artifacts_copy), load_entry_points=False)
    with pytest.raises(ArtifactError) as caught:
        engine.run("add 1 and 2")
    assert caught.value.details["file"] == "model.onnx"
    assert str(model) in caught.value.message
    assert engine.run("3 times 4").value == 12  # the other nets are unaffected


def test_a_missing_artifact_directory_names_it(tmp_path: Path) -> None:
    net = NeuralArithmetic("math.add", tmp_path / "adder")
    with pytest.raises(ArtifactError, match="does not exist"):
        net.load()


def test_a_graph_that_hashes_right_but_does_not_load_is_named(artifacts_copy: Path) -> None:
    from instrux.runtime import write_manifest

    adder = artifacts_copy / "adder"
    (adder / "model.onnx").write_bytes(b"not an onnx graph")
    write_manifest(adder)  # a consistent manifest for a broken file
    with pytest.raises(ArtifactError, match="cannot be loaded") as caught:
        NeuralArithmetic("math.add", adder).load()
    assert caught.value.details["file"] == "model.onnx"


@pytest.mark.parametrize("how", ["argument", "environment"])
def test_without_the_arithmetic_plugin_the_neural_one_registers_nothing(
    monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    if how == "environment":
        monkeypatch.setenv("INSTRUX_DISABLE_BUILTINS", "arithmetic")
    engine = Engine(
        load_entry_points=False, disable_builtins=["arithmetic"] if how == "argument" else []
    )
    assert not [e for e in engine.registry.executors() if e.spec.kind == "onnx"]
    assert {p.name: p.status for p in engine.plugins()}["instrux.neural"] == "loaded"


@instrux.executor("math.add", examples=["add {a} and {b}"])
def my_add(a: int, b: int) -> str:
    """The user's own math.add, with another contract (it returns text)."""
    return f"{a}+{b}"


class MyAddPlugin:
    @instrux.hookimpl
    def instrux_register_instructions(self, register: object) -> None:
        register(my_add)  # type: ignore[operator]


def test_a_users_own_math_add_keeps_its_executor() -> None:
    engine = Engine(
        plugins={"mine": MyAddPlugin()}, disable_builtins=["arithmetic"], load_entry_points=False
    )
    result = engine.run("add 2 and 3")
    assert (result.value, result.executor, result.plugin) == ("2+3", "math.add.python", "mine")
    assert not [e for e in engine.registry.executors() if e.spec.kind == "onnx"]


def test_settings_reach_the_nets(artifacts_copy: Path) -> None:
    registered: list[Any] = []  # ExecutorSpec objects
    specs = neural_plugin.builtin_specs()
    settings = Settings(device="cpu", ort_threads=3, arithmetic_artifacts=artifacts_copy)
    neural_plugin.instrux_register_executors(registered.append, specs, settings)
    assert len(registered) == len(neural_plugin.BINDINGS)
    net = registered[0].run.__self__  # type: ignore[attr-defined]
    assert (net.device, net.threads) == ("cpu", 3)
    assert net.artifact.parent == artifacts_copy
    assert net.load().runner.session.get_session_options().intra_op_num_threads == 3

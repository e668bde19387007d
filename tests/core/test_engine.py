"""The Python API apps embed: parse, run, execute, run_many, arun, listings, threads."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from instrux import (
    Call,
    Engine,
    ExecutorError,
    InstructionRunError,
    InvalidArgumentsError,
    NoMatchError,
    Result,
    UnknownNameError,
)

MATH = ["math.add", "math.divide", "math.multiply", "math.power", "math.square", "math.subtract"]


def test_run_returns_value_call_executor_and_stage_timings(engine: Engine) -> None:
    result = engine.run("what is 3 plus 5")
    assert result.value == 8
    assert result.call.instruction == "math.add"
    assert result.call.text == "what is 3 plus 5"
    assert result.plugin
    assert result.executor in {e.name for e in engine.instruction("math.add").executors}
    assert {"check_input", "route", "route.instrux.templates", "execute", "total"} <= set(
        result.timings_ms
    )
    assert all(v >= 0 for v in result.timings_ms.values())
    assert result.timings_ms["total"] >= result.timings_ms["route"]


def test_result_json_round_trips(engine: Engine) -> None:
    data = json.loads(engine.run("add 3 and 5").model_dump_json())
    assert data["value"] == 8
    assert data["call"]["arguments"] == {"a": 3, "b": 5}
    assert data["call"]["route"]["tier"] == "template"


def test_parse_does_not_execute(engine: Engine) -> None:
    call = engine.parse("10.5 ^ 400")  # the float overflow would come from the executor
    assert call.instruction == "math.power"
    with pytest.raises(InvalidArgumentsError) as info:
        engine.execute(call)
    assert "too large" in info.value.reason


def test_domain_rules_live_on_the_argument_model(engine: Engine) -> None:
    """Division by zero is refused before any executor runs, whatever its kind."""
    with pytest.raises(InvalidArgumentsError) as info:
        engine.parse("divide 1 by 0")
    assert (info.value.argument, info.value.reason) == ("b", "division by zero is undefined")
    with pytest.raises(InvalidArgumentsError):
        engine.make_call("math.power", base=0, exponent=-1)


def test_make_call_and_execute(python_engine: Engine) -> None:
    call = python_engine.make_call("math.multiply", a=6, b=7)
    assert call.route.tier == "direct"
    result = python_engine.execute(call)
    assert result.value == 42
    assert result.executor_kind == "python"
    with pytest.raises(InvalidArgumentsError) as info:
        python_engine.make_call("math.multiply", a=6)
    assert info.value.argument == "b"
    with pytest.raises(UnknownNameError, match=r"math\.multiply"):
        python_engine.make_call("math.multiplyy", a=1, b=2)


def test_no_match_lists_nearest_instructions(engine: Engine) -> None:
    with pytest.raises(NoMatchError) as info:
        engine.run("book a table for two")
    err = info.value
    assert err.code == "no_match"
    assert err.exit_code == 3
    assert err.candidates, "a no-match error names the closest instructions"
    payload = err.to_info()
    assert payload.code == "no_match" and payload.kind == "run"
    assert payload.candidates == err.candidates


def test_run_many_matches_run_and_keeps_order(engine: Engine) -> None:
    texts = ["add 1 and 2", "6 times 7", "add 10 and 20", "square of 3", "10 minus 4"]
    batch = engine.run_many(texts)
    assert [r.value for r in batch] == [engine.run(t).value for t in texts]
    assert all("batch_total" in r.timings_ms for r in batch)


def test_run_many_return_exceptions(engine: Engine) -> None:
    outcomes = engine.run_many(
        ["add 1 and 2", "book a table", "divide 1 by 0"], return_exceptions=True
    )
    assert isinstance(outcomes[0], Result) and outcomes[0].value == 3
    assert isinstance(outcomes[1], NoMatchError)
    assert isinstance(outcomes[2], InvalidArgumentsError)
    with pytest.raises(NoMatchError):
        engine.run_many(["add 1 and 2", "book a table"])


def test_async_and_sync_agree(engine: Engine) -> None:
    texts = ["add 3 and 5", "2 ^ 8", "divide 10 by 4"]

    async def main() -> list[Result]:
        return list(await asyncio.gather(*(engine.arun(t) for t in texts)))

    async_results = asyncio.run(main())
    for text, result in zip(texts, async_results, strict=True):
        sync = engine.run(text)
        assert result.value == sync.value
        assert result.call.model_dump() == sync.call.model_dump()


def test_async_errors_are_the_same_typed_errors(engine: Engine) -> None:
    with pytest.raises(NoMatchError):
        asyncio.run(engine.arun("book a table for two"))


def test_engine_is_safe_from_many_threads(engine: Engine) -> None:
    texts = [f"add {i} and {2 * i}" for i in range(400)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        values = list(pool.map(lambda t: engine.run(t).value, texts))
    assert values == [3 * i for i in range(400)]


def test_instructions_listing_and_schema(engine: Engine) -> None:
    names = [i.name for i in engine.instructions(prefix="math.")]
    assert names == MATH
    add = engine.instruction("math.add")
    assert add.plugin == "instrux.arithmetic"
    assert add.arguments_schema["required"] == ["a", "b"]
    assert add.examples and add.executor
    assert [i.name for i in engine.instructions(tag="arithmetic")] == MATH
    assert engine.instructions(plugin="nobody") == []
    listing = json.loads(engine.registry.to_json(prefix="math."))
    assert [row["name"] for row in listing] == MATH
    with pytest.raises(UnknownNameError) as info:
        engine.instruction("math.ad")
    assert "math.add" in info.value.hint


def test_plugins_listing(engine: Engine) -> None:
    infos = {p.name: p for p in engine.plugins()}
    assert infos["instrux.arithmetic"].status == "loaded"
    assert "math.add" in infos["instrux.arithmetic"].instructions
    assert infos["instrux.templates"].hooks == ["instrux_route", "instrux_route_many",
                                               "instrux_startup"]  # fmt: skip
    assert infos["instrux.dispatch"].source == "builtin"


def test_disable_builtins() -> None:
    engine = Engine(load_entry_points=False, disable_builtins=["arithmetic"])
    assert engine.instructions(prefix="math.") == []
    assert {p.name: p.status for p in engine.plugins()}["instrux.arithmetic"] == "disabled"
    with pytest.raises(NoMatchError):
        engine.run("add 3 and 5")


def test_executor_failures_name_executor_and_plugin() -> None:
    import instrux

    @instrux.executor("demo.crash", examples=["crash {n}"])
    def crash(n: int) -> int:
        raise RuntimeError("boom")

    @instrux.executor("demo.lie", examples=["lie {n}"])
    def lie(n: int) -> int:
        return "not a number"  # type: ignore[return-value]

    class Demo:
        @instrux.hookimpl
        def instrux_register_instructions(
            self, register: instrux.plugins.RegisterInstruction
        ) -> None:
            register(crash)
            register(lie)

    engine = Engine({"demo": Demo()}, load_entry_points=False)
    with pytest.raises(ExecutorError) as info:
        engine.run("crash 3")
    assert info.value.executor == "demo.crash.python"
    assert info.value.plugin == "demo"
    assert "boom" in str(info.value)
    with pytest.raises(ExecutorError, match="does not fit the result type"):
        engine.run("lie 3")  # the built-in output guard checks result types
    assert engine.run("add 3 and 5").value == 8  # still usable


def test_every_run_error_is_an_instruction_run_error(engine: Engine) -> None:
    for text in ["", "book a table", "divide 4 by 0", "add inf and 1"]:
        with pytest.raises(InstructionRunError):
            engine.run(text)


def test_execute_revalidates_foreign_argument_models(python_engine: Engine) -> None:
    from pydantic import BaseModel

    class Loose(BaseModel):
        a: int
        b: int

    call = Call(
        instruction="math.add",
        arguments=Loose(a=2, b=3),
        route=python_engine.parse("add 2 and 3").route,
    )
    assert python_engine.execute(call).value == 5


def test_import_instrux_is_light() -> None:
    code = (
        "import sys, instrux; heavy = [m for m in ('torch', 'transformers', 'onnxruntime', "
        "'tokenizers') if m in sys.modules]; assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_run_many_isolates_a_bad_call_inside_a_batch(engine: Engine) -> None:
    texts = ["divide 10 by 2", "divide 1 by 0", "divide 9 by 3"]
    outcomes = engine.run_many(texts, return_exceptions=True)
    assert [getattr(o, "value", None) for o in outcomes] == [5, None, 3]
    assert isinstance(outcomes[1], InvalidArgumentsError)
    with pytest.raises(InvalidArgumentsError):
        engine.run_many(texts)


def test_no_match_names_each_instruction_once_later_tiers_first(engine: Engine) -> None:
    with pytest.raises(NoMatchError) as info:
        engine.run("book a table for two at 8pm")
    candidates = info.value.candidates
    names = [c.instruction for c in candidates]
    assert len(names) == len(set(names))
    tiers = [c.tier for c in candidates]
    assert tiers == sorted(tiers, key=lambda t: t == "template")  # fuzzy tiers before lexical
    for tier in set(tiers):
        scores = [c.score for c in candidates if c.tier == tier]
        assert scores == sorted(scores, reverse=True)

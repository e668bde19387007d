"""Engine.run / plan / run_plan / arun on multi-step text: values, concurrency, batching,
limits, and the same answers on every path (run, arun, run_many, run_plan, arun_plan)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Generator, Sequence

import pytest

import instrux
from instrux import (
    Call,
    Engine,
    Execution,
    NoMatchError,
    Plan,
    PlanResult,
    PlanTimeoutError,
)
from instrux.plugins import RegisterInstruction

TEXTS = {
    "add 4 and 6, then divide the result by 5": 2,
    "what is 2 plus 2 times 3": 8,
    "subtract the sum of 2 and 3 from 10": 5,
    "what is 9 squared minus 1": 80,
    "add 10, 20 and 30": 60,
    "multiply 2, 3 and 4": 24,
    "(2 + 3) * 4": 20,
    "square 3, then add 1 to it": 10,
    "divide 100 by 4, then subtract 5": 20,
}


@pytest.mark.parametrize(("text", "value"), TEXTS.items())
def test_multi_step_texts_are_answered_as_plans(exact: Engine, text: str, value: int) -> None:
    result = exact.run(text)
    assert isinstance(result, PlanResult)
    assert result.value == value
    assert result.call.route.tier == "plan"
    assert result.call.text == text
    assert list(result.steps)[-1] == result.plan.output
    assert result.steps[result.plan.output].value == value
    assert {"route", "plan", "execute", "total"} <= set(result.timings_ms)


def test_the_issue_examples_have_the_promised_shape(exact: Engine) -> None:
    plan = exact.plan("subtract the sum of 2 and 3 from 10")
    assert [s.instruction for s in plan.steps] == ["math.add", "math.subtract"]
    assert len(plan.edges) == 1
    sequence = exact.plan("add 4 and 6, then divide the result by 5")
    assert sequence.route.planner == "sequence"
    assert sequence.step("s2").arguments == {"a": instrux.Ref(ref="s1"), "b": 5}


def test_one_instruction_is_a_plain_result_and_a_one_step_plan(exact: Engine) -> None:
    result = exact.run("add 2 and 3")
    assert not isinstance(result, PlanResult) and result.call.route.tier == "template"
    plan = exact.plan("add 2 and 3")
    assert plan.route.planner == "route" and len(plan.steps) == 1
    assert exact.run_plan(plan).value == 5


@pytest.mark.parametrize(
    "text",
    [
        "divide 10 by 2 plus 3",  # 8 or 2?
        "the sum of 2 and 3 times 4",  # 20 or 14?
        "add 4 and 6, then book a table",  # a step nobody understands
        "add 2 and 3, then multiply 4 by 5",  # the second step ignores the first
        "add 1, 2 and x",
    ],
)
def test_unclear_texts_are_refused_not_guessed(exact: Engine, text: str) -> None:
    with pytest.raises(instrux.InstructionRunError):
        exact.run(text)
    with pytest.raises(instrux.InstructionRunError):
        exact.plan(text)


def test_a_failing_step_names_itself(exact: Engine) -> None:
    with pytest.raises(instrux.InvalidArgumentsError) as caught:
        exact.run("subtract 3 from 3, then divide 10 by the result")
    assert caught.value.details["step"] == "s2"
    assert "division by zero" in caught.value.message


# --- same answers on every path --------------------------------------------------------------


def test_arun_gives_what_run_gives(exact: Engine) -> None:
    async def all_of_them() -> list[instrux.Result]:
        return list(await asyncio.gather(*(exact.arun(text) for text in TEXTS)))

    for text, result in zip(TEXTS, asyncio.run(all_of_them()), strict=True):
        synchronous = exact.run(text)
        assert type(result) is type(synchronous) and result.value == synchronous.value
        assert isinstance(result, PlanResult) and isinstance(synchronous, PlanResult)
        assert result.plan == synchronous.plan
        assert {k: r.value for k, r in result.steps.items()} == {
            k: r.value for k, r in synchronous.steps.items()
        }


def test_run_many_gives_what_run_gives(exact: Engine) -> None:
    texts = [*TEXTS, "add 2 and 3", "book a table"]
    outcomes = exact.run_many(texts, return_exceptions=True)
    for text, outcome in zip(texts, outcomes, strict=True):
        if text == "book a table":
            assert isinstance(outcome, NoMatchError)
            continue
        assert not isinstance(outcome, Exception)
        assert outcome.value == exact.run(text).value
        assert isinstance(outcome, PlanResult) == (text in TEXTS)
    with pytest.raises(NoMatchError):
        exact.run_many(texts)


# --- concurrency, batching, limits -----------------------------------------------------------

BARRIER = threading.Barrier(2, timeout=10)
THREADS: set[str] = set()


@instrux.executor("wait.left")
def wait_left(x: int) -> int:
    """Wait at a barrier the other branch must reach too: only concurrent steps pass it."""
    THREADS.add(threading.current_thread().name)
    BARRIER.wait()
    return x


@instrux.executor("wait.right")
def wait_right(x: int) -> int:
    """The other branch."""
    THREADS.add(threading.current_thread().name)
    BARRIER.wait()
    return x


@instrux.executor("wait.sleep")
def sleep(seconds: float) -> float:
    """Sleep, then return the seconds."""
    time.sleep(seconds)
    return seconds


class Waits:
    def __init__(self) -> None:
        self.groups: list[tuple[str, int]] = []

    @instrux.hookimpl
    def instrux_register_instructions(self, register: RegisterInstruction) -> None:
        for function in (wait_left, wait_right, sleep):
            register(function)

    @instrux.hookimpl(wrapper=True)
    def instrux_execute_many(
        self, calls: Sequence[Call]
    ) -> Generator[None, list[Execution] | None, list[Execution] | None]:
        self.groups.append((calls[0].instruction, len(calls)))
        return (yield)


def _engine(waits: Waits, **options: object) -> Engine:
    return Engine(plugins=[waits], load_entry_points=False, disable_builtins=["semantic"],
                  prefer_executor_kind="python", **options)  # type: ignore[arg-type]  # fmt: skip


DIAMOND = {
    "steps": [
        {"id": "l", "instruction": "wait.left", "arguments": {"x": 3}},
        {"id": "r", "instruction": "wait.right", "arguments": {"x": 4}},
        {"id": "sum", "instruction": "math.add",
         "arguments": {"a": {"ref": "l"}, "b": {"ref": "r"}}},
    ],
    "output": "sum",
}  # fmt: skip


def test_independent_steps_run_at_once_in_threads_and_in_asyncio() -> None:
    engine = _engine(Waits())
    plan = engine.load_plan(DIAMOND)
    THREADS.clear()
    assert engine.run_plan(plan).value == 7  # sequential steps would break the barrier
    assert len(THREADS) == 2
    assert asyncio.run(engine.arun_plan(plan)).value == 7


def test_steps_of_one_instruction_at_one_level_go_as_one_batch() -> None:
    waits = Waits()
    engine = _engine(waits)
    result = engine.run("add 1 and 2, then multiply the result by 3")  # a chain: no batch
    assert result.value == 9 and waits.groups == []
    plan = engine.plan("(1 + 2) * (3 + 4)")
    assert [s.instruction for s in plan.steps] == ["math.add", "math.add", "math.multiply"]
    result = engine.run_plan(plan)
    assert result.value == 21
    assert waits.groups == [("math.add", 2)]
    assert [r.timings_ms["batch_size"] for r in result.steps.values()] == [2.0, 2.0, 1.0]


def test_a_plan_past_its_time_limit_fails_with_a_typed_error() -> None:
    engine = _engine(Waits(), plan_timeout_s=0.05)
    chain = Plan.model_validate(
        {
            "steps": [
                {"id": "s1", "instruction": "wait.sleep", "arguments": {"seconds": 0.2}},
                {"id": "s2", "instruction": "wait.sleep",
                 "arguments": {"seconds": {"ref": "s1"}}},
            ],
            "output": "s2",
        }
    )  # fmt: skip
    with pytest.raises(PlanTimeoutError) as caught:
        engine.run_plan(chain)
    assert caught.value.details["done"] == ["s1"] and caught.value.details["pending"] == ["s2"]
    parallel = Plan.model_validate(
        {
            "steps": [
                {"id": "a", "instruction": "wait.sleep", "arguments": {"seconds": 0.3}},
                {"id": "b", "instruction": "math.add", "arguments": {"a": 1, "b": 2}},
                {"id": "c", "instruction": "math.add",
                 "arguments": {"a": {"ref": "a"}, "b": {"ref": "b"}}},
            ],
            "output": "c",
        }
    )  # fmt: skip
    with pytest.raises(PlanTimeoutError):
        engine.run_plan(parallel)
    with pytest.raises(PlanTimeoutError):
        asyncio.run(engine.arun_plan(parallel))
    assert engine.run_plan(parallel, timeout_s=5).value == 3.3

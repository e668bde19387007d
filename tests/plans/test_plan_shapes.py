"""Plans by text shape: the same words with other numbers get the plan the long way gives.

The parity test plans every multi-step text of the trust set, with fresh numbers, through an
engine that keeps shapes and one that does not, and requires the same plan (or the same
refusal) and the same value.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest

import instrux
from instrux import Engine, InstructionRunError
from instrux.plans.shapes import PlanShapes, shape_of
from instrux.plugins import RegisterInstruction

TRUST = Path(__file__).resolve().parents[1] / "data" / "trust" / "multi_step.jsonl"
DIGITS = re.compile(r"(?<![\w.,])\d+(?:\.\d+)?(?![\w%]|[.,]\d)")


def _engine(shapes: int) -> Engine:
    engine = Engine(load_entry_points=False, disable_builtins=["semantic"],
                    prefer_executor_kind="python")  # fmt: skip
    engine._decider.shapes = PlanShapes(size=shapes)
    return engine


@pytest.fixture(scope="module")
def keeping() -> Engine:
    return _engine(512)


@pytest.fixture(scope="module")
def long_way() -> Engine:
    return _engine(0)


def test_a_shape_is_the_text_with_its_numbers_marked() -> None:
    first = shape_of("add 4 and 6, then divide the result by 5")
    second = shape_of("add 90 and 2, then divide the result by 13")
    assert first is not None and second is not None
    assert first.key == second.key
    assert second.numbers == (90, 2, 13)
    assert first.probe_text("add 4 and 6, then divide the result by 5") == (
        "add 101 and 103, then divide the result by 107"
    )
    decimal = shape_of("add 4.5 and 6, then divide the result by 5")
    assert decimal is not None and decimal.key != first.key  # whole and decimal differ
    assert decimal.probes()[0] == "101.5"


@pytest.mark.parametrize(
    "text",
    ["raise 2 to the 8th, then add 3", "add 1,000 and 5 then halve it", "add 50% of 8",
     "add 2.50 and 3, then double it", "add 007 and 3, then double it", "add two and three"],
)  # fmt: skip
def test_numbers_that_could_read_otherwise_are_not_shaped(text: str) -> None:
    shape = shape_of(text)
    assert shape is None or "8th" in shape.key or "1,000" in shape.key or "50%" in shape.key


def test_zero_and_one_stay_words_of_the_shape() -> None:
    one = shape_of("add 1 to 5, then double it")
    two = shape_of("add 2 to 5, then double it")
    assert one is not None and two is not None
    assert one.key != two.key and one.numbers == (5,)


def test_a_shape_seen_twice_is_planned_from_its_template(keeping: Engine) -> None:
    shapes = keeping._decider.shapes
    before = len(shapes)
    assert keeping.run("subtract 3 from 40, then multiply the result by 2").value == 74
    assert len(shapes) == before  # seen once: nothing kept yet
    assert keeping.run("subtract 5 from 12, then multiply the result by 3").value == 21
    assert len(shapes) == before + 1  # seen twice: its probe plan agreed, template kept
    result = keeping.run("subtract 8 from 9, then multiply the result by 7")
    assert result.value == 7
    assert [s.text for s in result.plan.steps] == [  # type: ignore[attr-defined]
        "subtract 8 from 9", "multiply the result by 7"
    ]  # fmt: skip
    assert result.plan.text == "subtract 8 from 9, then multiply the result by 7"  # type: ignore[attr-defined]


def test_constants_of_the_plan_stay_and_repeated_numbers_keep_their_places(
    keeping: Engine, long_way: Engine
) -> None:
    texts = ["double 8 and then add 3", "double 6 and then add 5", "double 2 and then add 2",
             "square 5 and then subtract 5", "square 4 and then subtract 3",
             "square 7 and then subtract 2"]  # fmt: skip
    for text in texts:
        assert keeping.plan(text) == long_way.plan(text)
        assert keeping.run(text).value == long_way.run(text).value


def _with_fresh_numbers(text: str, rng: random.Random) -> str:
    def fresh(match: re.Match[str]) -> str:
        if match.group() in ("0", "1"):
            return match.group()
        return f"{rng.randint(2, 60)}.5" if "." in match.group() else str(rng.randint(2, 99))

    return DIGITS.sub(fresh, text)


def _outcome(engine: Engine, text: str) -> object:
    try:
        plan = engine.plan(text)
    except InstructionRunError as err:
        return type(err).__name__
    try:
        value = engine.run_plan(plan).value
    except InstructionRunError as err:
        value = type(err).__name__
    return plan.model_dump(mode="json"), value


def test_parity_with_the_long_way_on_the_trust_sets_multi_step_texts(
    keeping: Engine, long_way: Engine
) -> None:
    texts = [json.loads(line)["text"] for line in TRUST.read_text().splitlines() if line]
    rng = random.Random(7)
    compared = 0
    for text in texts:
        if shape_of(text) is None:
            continue
        for _ in range(3):  # the first two teach the shape, the third is planned from it
            fresh = _with_fresh_numbers(text, rng)
            assert _outcome(keeping, fresh) == _outcome(long_way, fresh), fresh
            compared += 1
    assert compared > 300
    assert len(keeping._decider.shapes) > 50  # the templates were used, not only learned


@instrux.executor("demo.days_until", examples=["days until {day}"])
def days_until(day: dt.date) -> int:
    """Days from 2024-01-01 to the day."""
    return (day - dt.date(2024, 1, 1)).days


@instrux.executor("demo.times_ten", examples=["{x} times 10"])
def times_ten(x: int) -> int:
    """Ten times x (an example with a digit of its own)."""
    return x * 10


class Registers:
    def __init__(self, *functions: Callable[..., object]) -> None:
        self.functions = functions

    @instrux.hookimpl
    def instrux_register_instructions(self, register: RegisterInstruction) -> None:
        for function in self.functions:
            register(function)


def test_known_shapes_skip_the_whole_text_route_only_where_digits_cannot_change_it(
    keeping: Engine,
) -> None:
    assert keeping._decider._shape_decides_route  # the built-ins: numbers and choices
    for function in (days_until, times_ten):  # a date slot; a digit in an example
        engine = Engine(plugins=[Registers(function)], load_entry_points=False,
                        disable_builtins=["semantic"], prefer_executor_kind="python")  # fmt: skip
        assert not engine._decider._shape_decides_route
        for text in ("add 2 and 3, then double it", "add 4 and 5, then double it",
                     "add 6 and 7, then double it"):  # fmt: skip
            assert engine.run(text).value == 2 * sum(int(n) for n in DIGITS.findall(text))


def test_at_most_size_shapes_are_kept_and_the_rest_planned_the_long_way() -> None:
    engine = _engine(2)
    forms = ["add {} and {}, then double it", "subtract {} from {}, then double it",
             "multiply {} by {}, then double it", "add {} and {}, then halve it"]  # fmt: skip
    expected = [lambda a, b: 2 * (a + b), lambda a, b: 2 * (b - a), lambda a, b: 2 * a * b,
                lambda a, b: (a + b) / 2]  # fmt: skip
    for round_ in range(3):
        for form, value in zip(forms, expected, strict=True):
            a, b = 3 + round_, 10 + round_
            assert engine.run(form.format(a, b)).value == value(a, b)
    assert len(engine._decider.shapes) == 2

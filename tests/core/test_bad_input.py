"""Bad input gets a typed instrux error, never a traceback (property-based)."""

from __future__ import annotations

import contextlib
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from instrux import Engine, InstructionRunError, InvalidArgumentsError, InvalidInputError

FUZZ = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

WORDS = st.sampled_from(
    ["add", "plus", "minus", "times", "divide", "by", "and", "of", "square", "the", "sum",
     "power", "to", "what", "is", "'", '"', "+", "-", "*", "/", "^", "%", ",", ".", "e",
     "inf", "nan", "1e400", "0", "-0", "three", "twenty-one", "hundred", "point", "x", "÷"]
)  # fmt: skip
NUMBERS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["1e400", "-1e400", "inf", "nan", "1,000,000", ".5", "50%", "twenty-one"]),
)


@FUZZ
@given(text=st.text(max_size=200))
def test_random_text_gives_results_or_instrux_errors(engine: Engine, text: str) -> None:
    for call in (engine.parse, engine.run):
        with contextlib.suppress(InstructionRunError):
            call(text)


@FUZZ
@given(words=st.lists(st.one_of(WORDS, NUMBERS), max_size=12))
def test_instruction_shaped_text_gives_results_or_instrux_errors(
    engine: Engine, words: list[str]
) -> None:
    try:
        result = engine.run(" ".join(words))
    except InstructionRunError:
        return
    value = result.value
    assert isinstance(value, int) or math.isfinite(value)


@FUZZ
@given(a=NUMBERS, b=NUMBERS, template=st.sampled_from(
    ["add {a} and {b}", "{a} - {b}", "multiply {a} by {b}", "divide {a} by {b}", "{a} ^ {b}",
     "square of {a}"]
))  # fmt: skip
def test_any_numbers_in_any_operation(python_engine: Engine, a: str, b: str, template: str) -> None:
    try:
        result = python_engine.run(template.format(a=a, b=b))
    except InvalidArgumentsError as err:
        assert err.argument in {"a", "b", "base", "exponent", "x"}
        return
    except InstructionRunError:
        return
    assert isinstance(result.value, int) or math.isfinite(result.value)


@pytest.mark.parametrize(
    ("text", "error", "argument"),
    [
        ("add inf and 3", InvalidArgumentsError, "a"),
        ("add 3 and nan", InvalidArgumentsError, "b"),
        ("add 1e400 and 1", InvalidArgumentsError, "a"),
        ("divide 5 by 0", InvalidArgumentsError, "b"),
        ("divide 5 by 0.0", InvalidArgumentsError, "b"),
        ("0 ^ -1", InvalidArgumentsError, "exponent"),
        ("-8 ^ 0.5", InvalidArgumentsError, "exponent"),
        ("9 ^ 99999999", InvalidArgumentsError, "exponent"),
        ("1e300 times 1e300", InvalidArgumentsError, "a"),
    ],
)
def test_numeric_edge_cases(python_engine: Engine, text: str, error: type, argument: str) -> None:
    with pytest.raises(error) as info:
        python_engine.run(text)
    assert info.value.argument == argument
    assert info.value.hint


def test_control_characters_and_long_text(engine: Engine) -> None:
    with pytest.raises(InvalidInputError):
        engine.run("add 3 and 5\x07")
    with pytest.raises(InvalidInputError):
        engine.run("add 3 and 5 " + "9" * 10_000)
    small = Engine(load_entry_points=False, max_text_length=5)
    with pytest.raises(InvalidInputError, match="limit is 5"):
        small.run("add 3 and 5")

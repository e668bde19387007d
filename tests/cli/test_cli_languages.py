"""Issue 20's commands: instructions in Chinese, French, German and Spanish print their answer."""

from __future__ import annotations

import pytest

from tests.cli.conftest import Invoke


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("三加五等于多少", "8"),
        ("combien font sept fois six", "42"),
        ("zieh drei von zehn ab", "7"),
        ("cuánto es nueve más cuatro", "13"),
        ("妈妈买了15个鸡蛋，用了6个，还剩多少个？", "9"),
        ("从十里减去三，然后乘以二", "14"),
    ],
)
def test_run_prints_the_answer_in_every_language(invoke: Invoke, text: str, printed: str) -> None:
    result = invoke("run", text)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == printed


def test_a_refusal_quotes_the_text_as_typed(invoke: Invoke) -> None:
    result = invoke("run", "我有三个孩子", "--json")
    assert result.exit_code != 0
    assert "我有三个孩子" in result.stdout
    assert "我 有" not in result.stdout  # not the form the tiers read

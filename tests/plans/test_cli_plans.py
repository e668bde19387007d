"""`instrux plan` and `instrux run` on multi-step text."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from instrux.cli.main import app


@pytest.fixture(autouse=True)
def _templates_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("EXECUTOR_KIND", "TRACE", "DEVICE", "MAX_TEXT_LENGTH"):
        monkeypatch.delenv(f"INSTRUX_{name}", raising=False)
    monkeypatch.setenv("INSTRUX_PLUGINS", "")
    monkeypatch.setenv("INSTRUX_DISABLE_BUILTINS", "semantic")
    yield


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("add 4 and 6, then divide the result by 5", "2"),
        ("what is 2 plus 2 times 3", "8"),
        ("subtract the sum of 2 and 3 from 10", "5"),
    ],
)
def test_run_prints_the_value_of_a_plan(text: str, printed: str) -> None:
    assert _invoke("run", text) == (0, printed + "\n")


def test_run_json_has_every_step() -> None:
    code, out = _invoke("run", "--json", "add 4 and 6, then divide the result by 5")
    data = json.loads(out)
    assert code == 0 and data["value"] == 2 and data["call"]["route"]["tier"] == "plan"
    assert list(data["steps"]) == ["s1", "s2"]
    assert data["steps"]["s2"]["call"]["arguments"] == {"a": 10, "b": 5}
    assert data["plan"]["steps"][1]["arguments"]["a"] == {"ref": "s1"}


def test_plan_json_shows_two_steps_and_one_edge() -> None:
    code, out = _invoke("plan", "subtract the sum of 2 and 3 from 10", "--json")
    data = json.loads(out)
    assert code == 0 and len(data["steps"]) == 2
    assert data["edges"] == [{"source": "s1", "target": "s2", "argument": "b"}]


def test_plan_text_and_mermaid() -> None:
    code, out = _invoke("plan", "what is 2 plus 2 times 3")
    assert code == 0
    assert out.splitlines()[0].startswith("planner  expression")
    assert "s2  math.add(a=2, b=<s1>)" in out and "edge     s1 -> s2 (argument b)" in out
    code, out = _invoke("plan", "--mermaid", "what is 2 plus 2 times 3")
    assert code == 0 and out.startswith("flowchart LR\n") and "n0 -->|b| n1" in out


def test_plan_refuses_with_the_routing_error() -> None:
    code, out = _invoke("plan", "--json", "divide 10 by 2 plus 3")
    assert code == 3 and json.loads(out)["code"] == "no_match"

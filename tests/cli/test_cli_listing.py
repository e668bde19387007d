"""``instrux list``, ``instrux show`` and ``instrux plugins``."""

from __future__ import annotations

import json

import pytest

from .conftest import Invoke

MATH = {"math.add", "math.subtract", "math.multiply", "math.divide", "math.power", "math.square"}


def test_list_json_has_every_math_instruction_with_its_schema(invoke: Invoke) -> None:
    result = invoke("list", "--json")
    assert result.exit_code == 0
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert set(rows) >= MATH
    add = rows["math.add"]
    assert add["arguments_schema"]["required"] == ["a", "b"]
    assert add["executor"] == "math.add.onnx"  # the neural sub-network is the default
    assert {e["name"] for e in add["executors"]} >= {"math.add.onnx", "math.add.python"}
    assert add["plugin"] == "instrux.arithmetic"


def test_list_filters_by_plugin_and_tag(invoke: Invoke) -> None:
    rows = json.loads(invoke("list", "--json", "--plugin", "instrux.arithmetic").stdout)
    assert {row["name"] for row in rows} == MATH
    assert json.loads(invoke("list", "--json", "--tag", "no-such-tag").stdout) == []
    rows = json.loads(invoke("list", "--json", "--tag", "math", "--prefix", "math.s").stdout)
    assert {row["name"] for row in rows} == {"math.subtract", "math.square"}


def test_list_table_shows_names_and_examples_as_written(invoke: Invoke) -> None:
    result = invoke("list")
    assert result.exit_code == 0
    for name in MATH:
        assert name in result.stdout
    # "[the]" is part of the example, not rich markup: it must be printed, not swallowed.
    assert "[the] square" in result.stdout


def test_show_prints_one_instruction_in_full(invoke: Invoke) -> None:
    result = invoke("show", "math.divide")
    assert result.exit_code == 0
    for expected in ("Divide a by b", "arguments schema", "result schema", "divide {a} by {b}",
                     "[the] quotient of {a} and {b}", "math.divide.python"):  # fmt: skip
        assert expected in result.stdout


def test_show_json_is_the_instruction_info(invoke: Invoke) -> None:
    info = json.loads(invoke("show", "math.power", "--json").stdout)
    assert info["name"] == "math.power"
    assert set(info["arguments"]) == {"base", "exponent"}
    assert [e["kind"] for e in info["executors"]] == ["onnx", "python"]  # by priority
    assert "anyOf" in info["result_schema"]


@pytest.mark.parametrize("json_flag", [False, True])
def test_show_unknown_name_suggests_close_names(invoke: Invoke, json_flag: bool) -> None:
    result = invoke("show", "math.ad", *(["--json"] if json_flag else []))
    assert result.exit_code == 10
    assert "No instruction named 'math.ad'" in result.stderr
    assert "Did you mean math.add" in result.stderr
    assert "Traceback" not in result.output
    if json_flag:
        assert json.loads(result.stdout)["code"] == "unknown_name"


def test_plugins_json_lists_the_arithmetic_plugin_as_loaded(invoke: Invoke) -> None:
    result = invoke("plugins", "--json")
    assert result.exit_code == 0
    plugins = {p["name"]: p for p in json.loads(result.stdout)}
    arithmetic = plugins["instrux.arithmetic"]
    assert (arithmetic["source"], arithmetic["status"]) == ("builtin", "loaded")
    assert set(arithmetic["instructions"]) >= MATH
    assert "instrux_route" in plugins["instrux.templates"]["hooks"]


def test_plugins_table_shows_disabled_builtins(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSTRUX_DISABLE_BUILTINS", "arithmetic")
    result = invoke("plugins")
    assert result.exit_code == 0
    row = next(line for line in result.stdout.splitlines() if "instrux.arithmetic" in line)
    assert "disabled" in row

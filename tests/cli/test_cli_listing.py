"""``instrux list``, ``instrux show`` and ``instrux plugins``."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner, Result

import instrux
from instrux.cli.main import build_app

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


# --- conflicts: two plugins register the same name -------------------------------------------


@instrux.executor("math.add", examples=["add {a} and {b}"], executor_name="dup.add.python")
def _add(a: float, b: float) -> float:
    """Add a and b (again)."""
    return a + b


class Duplicate:
    """A plugin that reuses the built-in name ``math.add``."""

    @instrux.hookimpl
    def instrux_register_instructions(self, register: instrux.RegisterInstruction) -> None:
        register(_add)


@pytest.fixture
def conflicted() -> Invoke:
    app = build_app({"dup": Duplicate()})
    runner = CliRunner(env={"COLUMNS": "200"})

    def _invoke(*args: str) -> Result:
        return runner.invoke(app, list(args))

    return _invoke


CONFLICT = "instruction 'math.add' is registered by both plugin"


def _names_both(text: str) -> bool:
    # Which plugin registered first depends on pluggy's call order; both must be named.
    return CONFLICT in text and "'dup'" in text and "'instrux.arithmetic'" in text


def test_plugins_lists_a_conflict_and_warns(conflicted: Invoke) -> None:
    result = conflicted("plugins")
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if line.split()[1:2] == ["dup"])
    assert "loaded" in row and "math.add" in row
    assert "conflicts" in result.stdout
    assert result.stderr.startswith(f"Warning: {CONFLICT}") and _names_both(result.stderr)
    assert "Hint" not in result.stderr and "Traceback" not in result.output


def test_plugins_json_has_the_conflict_of_both_plugins(conflicted: Invoke) -> None:
    result = conflicted("plugins", "--json")
    assert result.exit_code == 0
    plugins = {p["name"]: p for p in json.loads(result.stdout)}
    for name in ("dup", "instrux.arithmetic"):
        assert any(CONFLICT in message for message in plugins[name]["conflicts"]), name


@pytest.mark.parametrize("args", [("list",), ("list", "--json"), ("show", "math.add")])
def test_listings_still_work_and_warn_about_the_conflict(
    conflicted: Invoke, args: tuple[str, ...]
) -> None:
    result = conflicted(*args)
    assert result.exit_code == 0, result.output
    assert "math.add" in result.stdout
    assert result.stderr.count("Warning:") == 1 and _names_both(result.stderr)


@pytest.mark.parametrize("command", ["run", "parse"])
def test_run_and_parse_refuse_while_plugins_conflict(conflicted: Invoke, command: str) -> None:
    result = conflicted(command, "add 2 and 3")
    assert result.exit_code == 10
    assert result.stdout == ""
    assert "Error (duplicate_registration)" in result.stderr and _names_both(result.stderr)
    assert "Hint: " in result.stderr and "disable one plugin" in result.stderr
    assert "Traceback" not in result.output


def test_plugins_table_shows_why_a_plugin_has_no_hooks() -> None:
    app = build_app({"empty": object()})
    result = CliRunner(env={"COLUMNS": "250"}).invoke(app, ["plugins"])
    assert result.exit_code == 0
    row = next(line for line in result.stdout.splitlines() if line.split()[1:2] == ["empty"])
    assert "no_hooks" in row and "defines no instrux hook" in row

"""``instrux run`` and ``instrux parse``: values, JSON, stdin and the error edge."""

from __future__ import annotations

import json
import os

import pytest

from .conftest import Invoke


def test_run_prints_only_the_value(invoke: Invoke) -> None:
    result = invoke("run", "what is 3 plus 5")
    assert result.exit_code == 0
    assert result.stdout == "8\n"


def test_run_prints_floats_with_repr(invoke: Invoke) -> None:
    assert invoke("run", "divide 7 by 2").stdout == "3.5\n"
    assert invoke("run", "0.1 plus 0.2").stdout == f"{0.1 + 0.2!r}\n"


def test_run_json_has_call_value_executor_and_stage_timings(invoke: Invoke) -> None:
    result = invoke("run", "what is 3 plus 5", "--json")
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["value"] == 8
    assert payload["call"]["instruction"] == "math.add"
    assert payload["call"]["arguments"] == {"a": 3, "b": 5}
    assert payload["executor"] == "math.add.onnx"
    assert payload["executor_kind"] == "onnx"
    assert payload["plugin"] == "instrux.neural"
    assert {"check_input", "route", "execute", "total"} <= set(payload["timings_ms"])


def test_no_match_exits_3_naming_the_closest_instructions(invoke: Invoke) -> None:
    result = invoke("run", "book a table for two")
    assert result.exit_code == 3
    assert result.stdout == ""
    assert "No instruction matched 'book a table for two'" in result.stderr
    assert "Hint:" in result.stderr
    assert "math." in result.stderr.split("Closest instructions:")[1]
    assert "Traceback" not in result.output


def test_no_match_with_json_also_prints_the_error_on_stdout(invoke: Invoke) -> None:
    result = invoke("run", "book a table for two", "--json")
    assert result.exit_code == 3
    info = json.loads(result.stdout)
    assert info["code"] == "no_match"
    assert info["candidates"] and all(
        c["instruction"].startswith("math.") for c in info["candidates"]
    )
    assert "No instruction matched" in result.stderr


def test_division_by_zero_is_invalid_arguments(invoke: Invoke) -> None:
    result = invoke("run", "divide 3 by 0")
    assert result.exit_code == 5
    assert "division by zero" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_text_is_invalid_input(invoke: Invoke, text: str) -> None:
    result = invoke("run", text)
    assert result.exit_code == 7
    assert "empty" in result.stderr


@pytest.mark.parametrize("args", [("run",), ("run", "-")])
def test_text_is_read_from_stdin_as_bytes(invoke: Invoke, args: tuple[str, ...]) -> None:
    result = invoke(*args, input=b"what is 3 plus 5\n")
    assert result.exit_code == 0
    assert result.stdout == "8\n"


def test_invalid_utf8_on_stdin_is_invalid_input(invoke: Invoke) -> None:
    result = invoke("run", "--json", input=b"what is \xff\xfe plus 5")
    assert result.exit_code == 7
    assert json.loads(result.stdout)["details"]["reason"] == "invalid_utf8"
    assert "not valid UTF-8" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [
        ("run", "--max-length", "5", "3 plus 5"),
        ("--max-length", "5", "run", "3 plus 5"),
    ],
)
def test_max_length_rejects_longer_text(invoke: Invoke, args: tuple[str, ...]) -> None:
    result = invoke(*args)
    assert result.exit_code == 7
    assert "limit is 5" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("run", "--executor-kind", "python", "--json", "what is 3 plus 5"),
        ("--executor-kind", "python", "run", "--json", "what is 3 plus 5"),
    ],
)
def test_executor_kind_python_selects_the_reference_executor(
    invoke: Invoke, args: tuple[str, ...]
) -> None:
    result = invoke(*args)
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert (payload["value"], payload["executor_kind"]) == (8, "python")


def test_text_starting_with_a_dash_after_double_dash(invoke: Invoke) -> None:
    result = invoke("run", "--", "-3 plus 5")
    assert result.exit_code == 0
    assert result.stdout == "2\n"


def test_parse_shows_instruction_arguments_and_route(invoke: Invoke) -> None:
    result = invoke("parse", "the sum of 2 and 3.5")
    assert result.exit_code == 0
    lines = dict(line.split(maxsplit=1) for line in result.stdout.splitlines())
    assert lines["instruction"] == "math.add"
    assert lines["arguments"] == "a=2, b=3.5"
    assert lines["tier"] == "template"
    assert float(lines["score"]) == 1.0
    assert "[the] (sum|total) of {a} and {b}" in lines["explanation"]
    assert "alternatives" in lines


def test_parse_json_is_the_call(invoke: Invoke) -> None:
    result = invoke("parse", "what is 3 plus 5", "--json")
    assert result.exit_code == 0
    call = json.loads(result.stdout)
    assert call["instruction"] == "math.add"
    assert call["arguments"] == {"a": 3, "b": 5}
    assert call["route"]["tier"] == "template"


def test_parse_no_match_exits_3(invoke: Invoke) -> None:
    result = invoke("parse", "book a table for two")
    assert result.exit_code == 3
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args", [("--device", "cpu", "run"), ("run", "--device", "cpu")])
def test_device_option_selects_the_onnx_provider(
    invoke: Invoke, args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSTRUX_DEVICE", "auto")
    result = invoke(*args, "add 123456 and 654321", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["value"] == 777777 and payload["executor"] == "math.add.onnx"
    # The option reaches the engine through Settings; the CLI never writes the environment.
    assert os.environ["INSTRUX_DEVICE"] == "auto"


@pytest.mark.parametrize(
    "args", [("--device", "tpu", "run"), ("run", "--device", "tpu"), ("list", "--json")]
)
def test_unknown_device_is_a_configuration_error(
    invoke: Invoke, args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    if "--device" not in args:  # the variable is checked the same way, and named
        monkeypatch.setenv("INSTRUX_DEVICE", "tpu")
    result = invoke(*args, *(["add 1 and 2"] if "run" in args else []))
    assert result.exit_code == 10
    assert "'auto', 'cpu' or 'cuda'" in result.stderr
    if "--device" in args:
        assert "Invalid value 'tpu' for --device" in result.stderr
    else:
        assert "INSTRUX_DEVICE" in result.stderr.splitlines()[0]
    assert "Hint:" in result.stderr and "Traceback" not in result.output


def test_trace_prints_the_hook_calls_on_stderr(invoke: Invoke) -> None:
    result = invoke("--trace", "run", "what is 3 plus 5")
    assert result.exit_code == 0, result.output
    assert result.stdout == "8\n"
    assert "instrux_execute" in result.stderr


def test_without_trace_stderr_stays_empty(invoke: Invoke) -> None:
    result = invoke("run", "what is 3 plus 5")
    assert (result.stdout, result.stderr) == ("8\n", "")
